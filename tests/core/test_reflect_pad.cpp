// The fused reflection padding must be LibTorch's reflection_pad2d followed by its cast, bit for
// bit forward, and fold the gradient back as LibTorch's backward does; the skip nets must give
// the same fit through it: the choice is a speed decision only.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <limits>

#include "net_switch.hpp"
#include "presets.hpp"
#include "reflect_pad.hpp"
#include "skip_net.hpp"

namespace dip {
namespace {

namespace F = torch::nn::functional;

torch::Tensor libtorch_pad(const torch::Tensor& x, int pad) {
  return F::pad(x, F::PadFuncOptions({pad, pad, pad, pad}).mode(torch::kReflect));
}

TEST(ReflectPad, Float32IsLibTorchsPaddingAndItsGradient) {
  torch::manual_seed(1);
  for (const int pad : {1, 2})
    for (const auto& sizes : {std::vector<int64_t>{1, 3, 7, 9}, std::vector<int64_t>{2, 2, 5, 3}}) {
      const auto x = torch::randn(sizes, torch::requires_grad());
      const auto mine = reflect_pad(x, pad, torch::kFloat);
      const auto theirs = libtorch_pad(x, pad);
      ASSERT_EQ(mine.sizes(), theirs.sizes());
      EXPECT_TRUE(torch::equal(mine, theirs)) << "pad " << pad;
      const auto g = torch::randn_like(theirs);
      const auto a = torch::autograd::grad({mine}, {x}, {g})[0];
      const auto b = torch::autograd::grad({theirs}, {x}, {g})[0];
      // A corner pixel gathers up to four values, summed in another order than LibTorch's.
      EXPECT_TRUE(torch::allclose(a, b, 1e-6, 1e-6)) << "pad " << pad;
      EXPECT_EQ(a.scalar_type(), torch::kFloat);
    }
}

TEST(ReflectPad, Bfloat16IsThePaddingRoundedAsLibTorchRoundsIt) {
  torch::manual_seed(2);
  auto x = torch::randn({1, 4, 6, 10}) * 100;
  x[0][1][2][3] = std::numeric_limits<float>::quiet_NaN();
  x[0][2][0][0] = std::numeric_limits<float>::infinity();
  x.requires_grad_(true);
  const auto mine = reflect_pad(x, 1, torch::kBFloat16);
  EXPECT_EQ(mine.scalar_type(), torch::kBFloat16);
  const auto theirs = libtorch_pad(x, 1).to(torch::kBFloat16);
  EXPECT_TRUE(torch::equal(mine.isnan(), theirs.isnan()));
  EXPECT_TRUE(torch::equal(torch::nan_to_num(mine), torch::nan_to_num(theirs)));
  // Its gradient arrives in bfloat16 and leaves in float32, the borders folded in.
  const auto g = torch::randn(mine.sizes()).to(torch::kBFloat16);
  const auto a = torch::autograd::grad({mine}, {x}, {g})[0];
  const auto b = torch::autograd::grad({libtorch_pad(x, 1)}, {x}, {g.to(torch::kFloat)})[0];
  EXPECT_EQ(a.scalar_type(), torch::kFloat);
  EXPECT_TRUE(torch::allclose(a, b, 1e-6, 1e-6));
}

TEST(ReflectPad, AppliesOnlyWhereReflectionIsDefined) {
  EXPECT_TRUE(reflect_pad_applies(torch::zeros({1, 1, 3, 3}), 2));
  EXPECT_FALSE(reflect_pad_applies(torch::zeros({1, 1, 2, 3}), 2));
  EXPECT_FALSE(reflect_pad_applies(torch::zeros({1, 1, 3, 3}, torch::kDouble), 1));
  EXPECT_FALSE(reflect_pad_applies(torch::zeros({1, 1, 3, 3}), 0));
}

// The inpainting nets pad by reflection at every level (the wide-hole net by 2 pixels too).
void expect_same_net(SkipNetConfig config, bool bf16) {
  config.input_channels = 4;
  config.bf16 = bf16;
  const int64_t side = std::max(64, config.minimum_padded_side());
  const std::vector<std::string> watched{"level0.down.conv.conv.weight"};
  const auto fused = run_net_with("DIP_PAD", nullptr, config, side, watched);
  const auto theirs = run_net_with("DIP_PAD", "libtorch", config, side, watched);
  EXPECT_TRUE(torch::allclose(fused.output, theirs.output, 1e-5, 1e-6)) << "bf16 " << bf16;
  const auto& a = fused.gradients[0];
  const auto& b = theirs.gradients[0];
  EXPECT_LT(((a - b).norm() / b.norm()).item<double>(), 1e-4) << "bf16 " << bf16;
}

TEST(ReflectPad, TheInpaintingNetsGiveLibTorchsOutputAndGradients) {
  expect_same_net(plan_for(Task::Inpaint, 1, Preset::Fast, 3).net, false);
  expect_same_net(plan_for(Task::Inpaint, 1, Preset::Balanced, 3).net, true);
  expect_same_net(plan_for(Task::Inpaint, 1, Preset::Fast, 3, /*wide_hole=*/true).net, false);
}

}  // namespace
}  // namespace dip
