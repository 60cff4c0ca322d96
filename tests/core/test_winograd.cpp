// The Winograd convolution must be the same function as LibTorch's direct one, forward and
// backward, at every size the nets meet (sides not multiples of the tile, zero or no padding).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include "skip_net.hpp"
#include "winograd_conv.hpp"

namespace {

double relative_error(const torch::Tensor& a, const torch::Tensor& b) {
  const double scale = b.abs().max().item<double>();
  return (a - b).abs().max().item<double>() / std::max(scale, 1e-12);
}

}  // namespace

namespace {

struct Case {
  int channels, filters, height, width, pad;
  bool bias;
};

class WinogradConv : public ::testing::TestWithParam<Case> {};

TEST_P(WinogradConv, MatchesDirectConvolutionForwardAndBackward) {
  const Case c = GetParam();
  torch::manual_seed(7);
  auto x = torch::randn({1, c.channels, c.height, c.width}).requires_grad_(true);
  auto w = (torch::randn({c.filters, c.channels, 3, 3}) * 0.2).requires_grad_(true);
  auto b = c.bias ? torch::randn({c.filters}).requires_grad_(true) : torch::Tensor();
  const auto probe = torch::randn({1, c.filters, c.height + 2 * c.pad - 2, c.width + 2 * c.pad - 2});

  auto y = dip::winograd_conv3x3(x, w, b, c.pad, dip::Border::Zero);
  (y * probe).sum().backward();
  const auto gx = x.grad().clone(), gw = w.grad().clone();
  const auto gb = c.bias ? b.grad().clone() : torch::Tensor();
  x.mutable_grad().reset();
  w.mutable_grad().reset();
  if (c.bias) b.mutable_grad().reset();

  // The reference in double, so the comparison measures the Winograd path's rounding only.
  auto xd = x.detach().to(torch::kDouble).requires_grad_(true);
  auto wd = w.detach().to(torch::kDouble).requires_grad_(true);
  auto bd = c.bias ? b.detach().to(torch::kDouble).requires_grad_(true) : torch::Tensor();
  auto yd = torch::conv2d(xd, wd, bd, 1, c.pad);
  (yd * probe.to(torch::kDouble)).sum().backward();

  ASSERT_EQ(y.sizes(), yd.sizes());
  EXPECT_LT(relative_error(y.to(torch::kDouble), yd.detach()), 2e-5);
  EXPECT_LT(relative_error(gx.to(torch::kDouble), xd.grad()), 2e-5);
  EXPECT_LT(relative_error(gw.to(torch::kDouble), wd.grad()), 2e-5);
  if (c.bias) {
    EXPECT_LT(relative_error(gb.to(torch::kDouble), bd.grad()), 1e-5);
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, WinogradConv,
                         ::testing::Values(Case{3, 5, 6, 6, 0, true},      // one tile
                                           Case{4, 3, 8, 8, 1, true},      // two by two
                                           Case{7, 6, 13, 11, 1, false},   // ragged tiles
                                           Case{5, 4, 10, 17, 0, true},    // ragged, no pad
                                           Case{33, 17, 34, 34, 0, true},  // a reflected 32²
                                           Case{16, 16, 3, 3, 1, true}));  // smaller than a tile

class WinogradReflect : public ::testing::TestWithParam<std::pair<int, int>> {};

// The mirrored border is made inside the transforms; it must equal reflection padding first,
// forward and backward (the border pixels' gradient goes back to the pixels they mirror).
TEST_P(WinogradReflect, EqualsReflectionPaddingThenConvolution) {
  const auto [height, width] = GetParam();
  torch::manual_seed(3);
  auto x = torch::randn({1, 6, height, width}).requires_grad_(true);
  auto w = (torch::randn({8, 6, 3, 3}) * 0.2).requires_grad_(true);
  namespace F = torch::nn::functional;
  const auto pad = F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReflect);
  auto a = dip::winograd_conv3x3(x, w, torch::Tensor(), 1, dip::Border::Reflect);
  a.square().sum().backward();
  const auto gx = x.grad().clone();
  x.mutable_grad().reset();
  auto r = torch::conv2d(F::pad(x, pad), w);
  r.square().sum().backward();
  EXPECT_LT(relative_error(a, r), 1e-4);
  EXPECT_LT(relative_error(gx, x.grad()), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Sizes, WinogradReflect,
                         ::testing::Values(std::pair{20, 24}, std::pair{2, 2}, std::pair{7, 13},
                                           std::pair{64, 64}));

}  // namespace

namespace dip {
namespace {

// The whole net with and without the Winograd path: same weights, same output and gradients
// (within float rounding), so the choice is a speed decision only.
TEST(WinogradInTheNet, SkipNetGivesTheSameOutputAndGradients) {
  SkipNetConfig config;
  config.channels_down = config.channels_up = {64, 64, 64};
  config.channels_skip = {4, 4, 4};
  auto make = [&](bool winograd) {
    SkipNetConfig c = config;
    c.winograd = winograd;
    SkipNet net(c);
    net->initialise(at::make_generator<at::CPUGeneratorImpl>(11));
    return net;
  };
  SkipNet fast = make(true), direct = make(false);
  torch::manual_seed(5);
  const auto z = torch::rand({1, config.input_channels, 128, 128}) * 0.1;
  const auto yf = fast->forward(z), yd = direct->forward(z);
  EXPECT_LT(relative_error(yf, yd), 1e-4);
  yf.square().sum().backward();
  yd.square().sum().backward();
  // Biases in front of batch norm have a zero gradient in exact arithmetic, so every gradient
  // is compared on the scale of the largest one, not its own.
  const auto pf = fast->named_parameters(), pd = direct->named_parameters();
  ASSERT_EQ(pf.size(), pd.size());
  double scale = 0.0;
  for (const auto& p : pd) scale = std::max(scale, p.value().grad().abs().max().item<double>());
  for (std::size_t i = 0; i < pf.size(); ++i) {
    const double error = (pf[i].value().grad() - pd[i].value().grad()).abs().max().item<double>();
    EXPECT_LT(error / scale, 1e-4) << pd[i].key();
  }
}

}  // namespace
}  // namespace dip
