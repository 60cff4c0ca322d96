// The bfloat16 convolution must be LibTorch's float32 convolution up to bfloat16 rounding,
// forward and backward, and a fit through it must land where the float32 fit lands: the
// choice is a speed decision only. The layer and net checks run on any CPU (without
// AVX512-BF16, oneDNN emulates the products), though the fitter takes the path only where the
// CPU has it.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <string>

#include <ATen/CPUGeneratorImpl.h>

#include "bf16_conv.hpp"
#include "env_override.hpp"
#include "fitter.hpp"
#include "skip_net.hpp"
#include "tensor_image.hpp"
#include "test_images.hpp"

namespace dip {
namespace {

double relative_error(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>() / std::max(b.abs().max().item<double>(), 1e-12);
}

// DIP_PRECISION for one scope.
class PrecisionOverride : public EnvOverride {
 public:
  explicit PrecisionOverride(const char* value) : EnvOverride("DIP_PRECISION", value) {}
};

struct Case {
  int channels, filters, kernel, stride, padding, side;
  bool bias;
};

class Bf16Conv : public ::testing::TestWithParam<Case> {};

TEST_P(Bf16Conv, MatchesFloatConvolutionWithinBfloat16Rounding) {
  const Case c = GetParam();
  torch::manual_seed(3);
  auto x = torch::randn({1, c.channels, c.side, c.side}).requires_grad_(true);
  auto w = (torch::randn({c.filters, c.channels, c.kernel, c.kernel}) * 0.2).requires_grad_(true);
  auto b = c.bias ? torch::randn({c.filters}).requires_grad_(true) : torch::Tensor();
  auto x32 = x.detach().clone().requires_grad_(true), w32 = w.detach().clone().requires_grad_(true);
  auto b32 = c.bias ? b.detach().clone().requires_grad_(true) : torch::Tensor();

  const auto y = bf16_conv2d(x, w, b, c.stride, c.padding);
  const auto y32 = torch::conv2d(x32, w32, b32, c.stride, c.padding);
  ASSERT_EQ(y.scalar_type(), torch::kFloat);
  ASSERT_EQ(y.sizes(), y32.sizes());
  // bfloat16 keeps 8 significant bits (relative rounding 2^-9); the products are summed in
  // float32, so the error of a sum stays near that of its terms.
  EXPECT_LT(relative_error(y, y32), 1e-2);

  const auto probe = torch::randn(y32.sizes());
  (y * probe).sum().backward();
  (y32 * probe).sum().backward();
  ASSERT_EQ(x.grad().scalar_type(), torch::kFloat);
  ASSERT_EQ(w.grad().scalar_type(), torch::kFloat);
  EXPECT_LT(relative_error(x.grad(), x32.grad()), 1e-2);
  EXPECT_LT(relative_error(w.grad(), w32.grad()), 1e-2);
  if (c.bias) {
    EXPECT_LT(relative_error(b.grad(), b32.grad()), 1e-2);
  }
  // And not trivially: rounding to bfloat16 did happen.
  EXPECT_GT(relative_error(y, y32), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Shapes, Bf16Conv,
                         ::testing::Values(Case{16, 8, 3, 1, 1, 20, true},    // the nets' 3x3
                                           Case{12, 16, 3, 2, 1, 21, false},  // stride-2 down, odd side
                                           Case{8, 8, 5, 2, 0, 24, true},     // 5x5 down, padded outside
                                           Case{20, 4, 1, 1, 0, 16, true}));  // 1x1 skip and up

TEST(Bf16InTheNet, SkipNetGivesNearlyTheSameOutputAndGradients) {
  SkipNetConfig config;
  config.channels_down = config.channels_up = {32, 32, 32};
  config.channels_skip = {4, 4, 4};
  auto make = [&](bool bf16) {
    SkipNetConfig c = config;
    c.bf16 = bf16;
    SkipNet net(c);
    net->initialise(at::make_generator<at::CPUGeneratorImpl>(11));
    return net;
  };
  SkipNet half = make(true), full = make(false);
  torch::manual_seed(5);
  const auto z = torch::rand({1, config.input_channels, 64, 64}) * 0.1;
  const auto yh = half->forward(z), yf = full->forward(z);
  EXPECT_LT(relative_error(yh, yf), 3e-2);
  EXPECT_GT(relative_error(yh, yf), 0.0) << "the bfloat16 path was not taken";
  yh.square().sum().backward();
  yf.square().sum().backward();
  // The gradient reaching a layer has passed through the rounded products of every layer
  // above it, so it is compared by direction. Biases in front of batch norm have a zero
  // gradient in exact arithmetic and only rounding noise here: they are left out.
  const auto ph = half->named_parameters(), pf = full->named_parameters();
  ASSERT_EQ(ph.size(), pf.size());
  double largest = 0.0;
  for (const auto& p : pf) largest = std::max(largest, p.value().grad().norm().item<double>());
  int compared = 0;
  for (std::size_t i = 0; i < ph.size(); ++i) {
    const auto gh = ph[i].value().grad().flatten(), gf = pf[i].value().grad().flatten();
    if (gf.norm().item<double>() < 1e-3 * largest) continue;
    const double cosine = (gh * gf).sum().item<double>() / (gh.norm() * gf.norm()).item<double>();
    EXPECT_GT(cosine, 0.95) << pf[i].key();
    ++compared;
  }
  EXPECT_GT(compared, 20);
}

TEST(Bf16Environment, PrecisionVariableOverridesTheCpuCheck) {
  {
    const PrecisionOverride o("float32");
    EXPECT_FALSE(bf16_allowed_by_environment());
  }
  {
    const PrecisionOverride o("bfloat16");
    EXPECT_TRUE(bf16_allowed_by_environment());
  }
  {
    const PrecisionOverride o(nullptr);
#if defined(__x86_64__) || defined(__i386__)
    EXPECT_EQ(bf16_allowed_by_environment(), static_cast<bool>(__builtin_cpu_supports("avx512bf16")));
#else
    EXPECT_FALSE(bf16_allowed_by_environment());
#endif
  }
}

// A short denoising fit of a natural crop, once in each precision from the same seed: the
// bfloat16 fit must gain what the float32 fit gains, within a small margin.
TEST(Bf16InTheFitter, DenoisingFitLandsWhereTheFloatFitLands) {
#if defined(__x86_64__) || defined(__i386__)
  // Without AVX-512, LibTorch 1.13 leaves oneDNN out and convolves bfloat16 in plain loops:
  // a 32-channel 3x3 layer at 48x48 took 50 ms forward and backward against 1.4 ms in
  // float32 (setUserEnabledMkldnn(false), Zen 5), so this fit would take minutes there for a
  // path the fitter never takes on such a CPU.
  if (!__builtin_cpu_supports("avx512bw"))
    GTEST_SKIP() << "no AVX-512 here: bfloat16 convolutions would run in LibTorch's plain loops";
#endif
  const Image clean = test::crop(test::load_shared_png("images/astronaut.png"), 200, 100, 48, 48);
  auto noisy_t = colour_to_tensor(clean);
  noisy_t.add_(torch::randn(noisy_t.sizes(), at::make_generator<at::CPUGeneratorImpl>(2)) * 0.2);
  const Identity a(noisy_t.clamp(0.0, 1.0));
  Image noisy(48, 48, 3);
  tensor_to_colour(a.observed(), &noisy);

  FitPlan plan;
  plan.net.channels_down = plan.net.channels_up = {16, 32, 32};
  plan.net.channels_skip = {4, 4, 4};
  plan.net.input_channels = 8;
  plan.net.bf16 = true;
  plan.input_jitter = 1.0f / 30.0f;
  plan.average_outputs = true;
  auto fit = [&](const char* precision) {
    const PrecisionOverride o(precision);
    Fitter fitter(plan, a, {1, 3, 48, 48}, torch::kCPU);
    FitRequest request;
    request.iterations = 300;
    request.seed = 4;
    Image out(48, 48, 3);
    tensor_to_colour(fitter.run(request, nullptr, nullptr).estimate, &out);
    return psnr(out, clean);
  };
  const double full = fit("float32"), half = fit("bfloat16");
  EXPECT_GT(full, psnr(noisy, clean) + 3.0);
  RecordProperty("float32_dB", std::to_string(full));
  RecordProperty("bfloat16_dB", std::to_string(half));
  RecordProperty("noisy_dB", std::to_string(psnr(noisy, clean)));
  EXPECT_NEAR(half, full, 0.5) << "float32 " << full << " dB, bfloat16 " << half << " dB";
}

}  // namespace
}  // namespace dip
