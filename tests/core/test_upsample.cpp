// The ×2 upsampling must be torch's interpolate, forward and backward, on even, odd, short and
// one-pixel sides: bilinear (without corner alignment) bit for bit both ways, nearest bit for bit
// forward and within float rounding backward (it sums each 2 × 2 block's gradient in pairs); the
// skip nets must give the same output and gradients through it.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <utility>
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
  // Bit for bit where the probe says the linked LibTorch rounds bilinear as the pass does (its
  // answer is checked against these shapes); within float rounding elsewhere.
  const bool bilinear_exact = upsample2x_bilinear_is_libtorchs();
  bool all_bilinear_equal = true;
  torch::manual_seed(1);
  const std::vector<int64_t> sides{1, 2, 3, 4, 5, 8, 17};
  for (const bool bilinear : {true, false})
    for (const int64_t h : sides)
      for (const int64_t w : sides)
        for (const auto& [n, c] : {std::pair<int64_t, int64_t>{1, 3}, {2, 2}}) {
          const auto x = torch::randn({n, c, h, w}, torch::requires_grad());
          ASSERT_TRUE(upsample2x_applies(x));
          const auto mine = upsample2x(x, bilinear);
          const auto theirs = libtorch_upsample(x, bilinear);
          ASSERT_EQ(mine.sizes(), theirs.sizes());
          const auto g = torch::randn_like(theirs);
          const auto a = torch::autograd::grad({mine}, {x}, {g})[0];
          const auto b = torch::autograd::grad({theirs}, {x}, {g})[0];
          if (bilinear)
            all_bilinear_equal = all_bilinear_equal && torch::equal(mine, theirs) && torch::equal(a, b);
          if (bilinear && bilinear_exact) {
            EXPECT_TRUE(torch::equal(mine, theirs)) << x.sizes();
            EXPECT_TRUE(torch::equal(a, b)) << x.sizes();
          } else {
            if (!bilinear) {
              EXPECT_TRUE(torch::equal(mine, theirs)) << x.sizes();
            }
            EXPECT_TRUE(torch::allclose(mine, theirs, 1e-6, 1e-6)) << bilinear << " " << x.sizes();
            EXPECT_TRUE(torch::allclose(a, b, 1e-5, 1e-6)) << bilinear << " " << x.sizes();
          }
        }
  EXPECT_EQ(bilinear_exact, all_bilinear_equal);
#if TORCH_VERSION_MAJOR == 1 && TORCH_VERSION_MINOR == 13
  // Debian 12's LibTorch, which the stopping bench ran on: the pass must be taken there.
  EXPECT_TRUE(bilinear_exact);
#endif
}

TEST(Upsample2x, OnUnlessSwitchedOff) {
  {
    const EnvOverride unset("DIP_UPSAMPLE", nullptr);
    EXPECT_TRUE(upsample2x_allowed_by_environment());
  }
  const EnvOverride off("DIP_UPSAMPLE", "libtorch");
  EXPECT_FALSE(upsample2x_allowed_by_environment());
}

TEST(Upsample2x, AppliesToFloat32OnTheCpuWithTwoChannelsOrMore) {
  EXPECT_TRUE(upsample2x_applies(torch::zeros({1, 2, 2, 2})));
  EXPECT_FALSE(upsample2x_applies(torch::zeros({1, 1, 2, 2}, torch::kDouble)));
  EXPECT_FALSE(upsample2x_applies(torch::zeros({1, 2, 2})));
  // One channel: LibTorch takes its channels-last kernel, which rounds differently.
  EXPECT_FALSE(upsample2x_applies(torch::zeros({2, 1, 4, 4})));
}

TEST(Upsample2x, TheSkipNetsGiveLibTorchsOutputAndGradients) {
  // Bilinear (denoising) and nearest (inpainting) decoders. Bilinear changes nothing: the pass
  // gives LibTorch's results bit for bit where it is taken, and is not taken elsewhere, so a
  // run's trajectory (and its automatic stop) is the same with it as without.
  // Balanced denoising takes bfloat16 convolutions where the CPU has them.
  for (const auto& [task, preset] :
       {std::pair{Task::Denoise, Preset::Fast}, std::pair{Task::Denoise, Preset::Balanced},
        std::pair{Task::Inpaint, Preset::Fast}}) {
    auto config = plan_for(task, 1, preset, 3).net;
    config.input_channels = 4;
    const std::vector<std::string> watched{"level0.down.conv.conv.weight"};
    const auto fused = run_net_with("DIP_UPSAMPLE", nullptr, config, 64, watched);
    const auto theirs = run_net_with("DIP_UPSAMPLE", "libtorch", config, 64, watched);
    const auto& a = fused.gradients[0];
    const auto& b = theirs.gradients[0];
    if (task == Task::Denoise) {
      EXPECT_TRUE(torch::equal(fused.output, theirs.output));
      EXPECT_TRUE(torch::equal(a, b));
    } else {
      EXPECT_TRUE(torch::allclose(fused.output, theirs.output, 1e-5, 1e-6));
      EXPECT_LT(((a - b).norm() / b.norm()).item<double>(), 1e-4);
    }
  }
}

}  // namespace
}  // namespace dip
