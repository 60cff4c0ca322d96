// The ×2 upsampling must be torch's interpolate (bilinear without corner alignment, and nearest)
// within float rounding, forward and backward, on even, odd and one-pixel sides; the skip nets
// must give the same output and gradients through it.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <vector>

#include "net_switch.hpp"
#include "presets.hpp"
#include "skip_net.hpp"
#include "upsample2x.hpp"

namespace dip {
namespace {

namespace F = torch::nn::functional;

torch::Tensor libtorch_upsample(const torch::Tensor& x, bool bilinear) {
  auto options = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0});
  if (bilinear) options.mode(torch::kBilinear).align_corners(false);
  else options.mode(torch::kNearest);
  return F::interpolate(x, options);
}

TEST(Upsample2x, IsTorchsInterpolateWithItsGradient) {
  torch::manual_seed(1);
  for (const bool bilinear : {true, false})
    for (const auto& sizes : {std::vector<int64_t>{1, 3, 5, 8}, std::vector<int64_t>{2, 2, 4, 3},
                              std::vector<int64_t>{1, 2, 1, 1}, std::vector<int64_t>{1, 1, 1, 6}}) {
      const auto x = torch::randn(sizes, torch::requires_grad());
      const auto mine = upsample2x(x, bilinear);
      const auto theirs = libtorch_upsample(x, bilinear);
      ASSERT_EQ(mine.sizes(), theirs.sizes());
      EXPECT_TRUE(torch::allclose(mine, theirs, 1e-6, 1e-6)) << "bilinear " << bilinear << " " << x.sizes();
      const auto g = torch::randn_like(theirs);
      const auto a = torch::autograd::grad({mine}, {x}, {g})[0];
      const auto b = torch::autograd::grad({theirs}, {x}, {g})[0];
      EXPECT_TRUE(torch::allclose(a, b, 1e-5, 1e-6)) << "bilinear " << bilinear << " " << x.sizes();
    }
}

TEST(Upsample2x, NearestByDefaultBilinearOnRequest) {
  {
    const EnvOverride unset("DIP_UPSAMPLE", nullptr);
    EXPECT_TRUE(upsample2x_allowed_by_environment(/*bilinear=*/false));
    EXPECT_FALSE(upsample2x_allowed_by_environment(true));
  }
  const EnvOverride fused("DIP_UPSAMPLE", "fused");
  EXPECT_TRUE(upsample2x_allowed_by_environment(true));
  EXPECT_TRUE(upsample2x_allowed_by_environment(false));
}

TEST(Upsample2x, AppliesToFloat32OnTheCpuOnly) {
  EXPECT_TRUE(upsample2x_applies(torch::zeros({1, 1, 2, 2})));
  EXPECT_FALSE(upsample2x_applies(torch::zeros({1, 1, 2, 2}, torch::kDouble)));
  EXPECT_FALSE(upsample2x_applies(torch::zeros({1, 2, 2})));
}

TEST(Upsample2x, TheSkipNetsGiveLibTorchsOutputAndGradients) {
  // Bilinear (denoising) and nearest (inpainting) decoders.
  for (const auto task : {Task::Denoise, Task::Inpaint}) {
    auto config = plan_for(task, 1, Preset::Fast, 3).net;
    config.input_channels = 4;
    const std::vector<std::string> watched{"level0.down.conv.conv.weight"};
    const auto fused = run_net_with("DIP_UPSAMPLE", "fused", config, 64, watched);
    const auto theirs = run_net_with("DIP_UPSAMPLE", "libtorch", config, 64, watched);
    EXPECT_TRUE(torch::allclose(fused.output, theirs.output, 1e-5, 1e-6));
    const auto& a = fused.gradients[0];
    const auto& b = theirs.gradients[0];
    EXPECT_LT(((a - b).norm() / b.norm()).item<double>(), 1e-4);
  }
}

}  // namespace
}  // namespace dip
