// The fused batch norm and LeakyReLU must be LibTorch's BatchNorm2d (training mode) followed by
// leaky_relu, forward, backward and in the running statistics, within float rounding: the fused
// kernel is a speed decision only.
#include <gtest/gtest.h>
#include <torch/torch.h>


#include <ATen/CPUGeneratorImpl.h>

#include "batch_norm_act.hpp"
#include "net_switch.hpp"
#include "skip_net.hpp"

namespace dip {
namespace {

namespace F = torch::nn::functional;

double relative_error(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>() / std::max(b.abs().max().item<double>(), 1e-12);
}

struct Result {
  torch::Tensor y, gx, gw, gb, running_mean, running_var;
};

// One forward and backward step of `bn` on x (a fresh copy), by the fused kernel or LibTorch.
Result step(torch::nn::BatchNorm2d& bn, const torch::Tensor& x, const torch::Tensor& gy, double slope,
            bool fused) {
  auto input = x.clone().requires_grad_(true);
  bn->zero_grad();
  torch::Tensor y;
  if (fused) {
    EXPECT_TRUE(fused_batch_norm_applies(input, *bn));
    y = batch_norm_leaky_relu(input, *bn, slope);
  } else {
    y = F::leaky_relu(bn->forward(input), F::LeakyReLUFuncOptions().negative_slope(slope));
  }
  y.backward(gy);
  return {y.detach(), input.grad(), bn->weight.grad().clone(), bn->bias.grad().clone(),
          bn->running_mean.clone(), bn->running_var.clone()};
}

torch::nn::BatchNorm2d module_with(std::int64_t channels, std::uint64_t seed) {
  torch::nn::BatchNorm2d bn(channels);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  torch::NoGradGuard no_grad;
  bn->weight.uniform_(0.5, 1.5, generator);
  bn->bias.uniform_(-0.3, 0.3, generator);
  return bn;
}

void expect_same_as_libtorch(const torch::Tensor& x, double slope) {
  const auto gy = torch::randn_like(x);
  auto fused = module_with(x.size(1), 3);
  auto reference = module_with(x.size(1), 3);
  for (int round = 0; round < 2; ++round) {  // two rounds: the running statistics move on
    const Result a = step(fused, x, gy, slope, true);
    const Result b = step(reference, x, gy, slope, false);
    EXPECT_LT(relative_error(a.y, b.y), 1e-5) << "output, round " << round;
    EXPECT_LT(relative_error(a.gx, b.gx), 1e-4) << "input gradient, round " << round;
    EXPECT_LT(relative_error(a.gw, b.gw), 1e-4) << "weight gradient, round " << round;
    EXPECT_LT(relative_error(a.gb, b.gb), 1e-4) << "bias gradient, round " << round;
    EXPECT_LT(relative_error(a.running_mean, b.running_mean), 1e-5) << "running mean";
    EXPECT_LT(relative_error(a.running_var, b.running_var), 1e-5) << "running variance";
  }
}

TEST(FusedBatchNorm, MatchesLibTorchWithTheActivation) {
  torch::manual_seed(1);
  expect_same_as_libtorch(torch::randn({1, 6, 37, 29}), 0.2);
}

TEST(FusedBatchNorm, MatchesLibTorchWithoutTheActivation) {
  torch::manual_seed(2);
  expect_same_as_libtorch(torch::randn({1, 5, 16, 16}) * 3.0 + 1.0, 1.0);
}

TEST(FusedBatchNorm, MatchesLibTorchOnABatchAndOnPlanesLargerThanABlock) {
  torch::manual_seed(3);
  expect_same_as_libtorch(torch::randn({2, 3, 70, 90}), 0.2);
}

TEST(FusedBatchNorm, KeepsItsDigitsWhenTheMeanDwarfsTheSpread) {
  // E[x²] - E[x]² would cancel to noise here; the two-pass variance does not.
  torch::manual_seed(4);
  const auto x = (torch::randn({1, 4, 48, 48}, torch::kDouble) * 0.05 + 300.0).to(torch::kFloat);
  auto bn = module_with(4, 5);
  auto input = x.clone().requires_grad_(true);
  const auto y = batch_norm_leaky_relu(input, *bn, 0.2);
  const auto xd = x.to(torch::kDouble);
  const auto mean = xd.mean({0, 2, 3}, true);
  const auto var = (xd - mean).square().mean({0, 2, 3}, true);
  const auto z = (xd - mean) / (var + 1e-5).sqrt() * bn->weight.detach().to(torch::kDouble).view({1, 4, 1, 1}) +
                 bn->bias.detach().to(torch::kDouble).view({1, 4, 1, 1});
  const auto expected = F::leaky_relu(z, F::LeakyReLUFuncOptions().negative_slope(0.2)).to(torch::kFloat);
  EXPECT_LT(relative_error(y.detach(), expected), 1e-3);
}

TEST(FusedBatchNorm, AConstantChannelGivesItsBiasAndFiniteGradients) {
  auto x = torch::full({1, 2, 8, 8}, 0.7f).requires_grad_(true);
  auto bn = module_with(2, 6);
  const auto y = batch_norm_leaky_relu(x, *bn, 0.2);
  y.backward(torch::randn_like(y));
  // x * (weight / sqrt(eps)) + shift rounds in float, as LibTorch's kernel does too: the
  // bias comes back within a few 1e-5, not exactly.
  const auto bias = bn->bias.detach().view({1, 2, 1, 1});
  const auto expected = F::leaky_relu(bias.expand_as(y), F::LeakyReLUFuncOptions().negative_slope(0.2));
  EXPECT_LT((y.detach() - expected).abs().max().item<double>(), 1e-4);
  EXPECT_TRUE(torch::isfinite(x.grad()).all().item<bool>());
  EXPECT_TRUE(torch::isfinite(bn->weight.grad()).all().item<bool>());
}

TEST(FusedBatchNorm, GivesTheParametersGradientsWhenTheInputTakesNone) {
  torch::manual_seed(7);
  const auto x = torch::randn({1, 3, 12, 12});
  const auto gy = torch::randn_like(x);
  auto fused = module_with(3, 8);
  auto y = batch_norm_leaky_relu(x, *fused, 0.2);
  y.backward(gy);
  auto reference = module_with(3, 8);
  F::leaky_relu(reference->forward(x), F::LeakyReLUFuncOptions().negative_slope(0.2)).backward(gy);
  EXPECT_LT(relative_error(fused->weight.grad(), reference->weight.grad()), 1e-4);
  EXPECT_LT(relative_error(fused->bias.grad(), reference->bias.grad()), 1e-4);
}

TEST(FusedBatchNorm, ReadsBfloat16AsTheCastToFloat32WouldGiveIt) {
  // A bfloat16 convolution's output read as it is must give what the exact cast to float32 and
  // the float32 path give, bit for bit, and the input gradient that float32 gradient rounded as
  // LibTorch's cast rounds it (the cast's backward pass), so that the bfloat16 nets' fits are
  // the same either way.
  torch::manual_seed(11);
  const auto x16 = (torch::randn({2, 5, 19, 23}) * 3 + 1).to(torch::kBFloat16);
  const auto gy = torch::randn({2, 5, 19, 23});
  auto bn_bf16 = module_with(5, 3);
  auto bn_float = module_with(5, 3);
  for (int round = 0; round < 2; ++round) {
    auto in16 = x16.clone().requires_grad_(true);
    auto in32 = x16.to(torch::kFloat).requires_grad_(true);
    bn_bf16->zero_grad();
    bn_float->zero_grad();
    ASSERT_TRUE(fused_batch_norm_applies(in16, *bn_bf16));
    const auto y16 = batch_norm_leaky_relu(in16, *bn_bf16, 0.2);
    const auto y32 = batch_norm_leaky_relu(in32, *bn_float, 0.2);
    y16.backward(gy);
    y32.backward(gy);
    EXPECT_EQ(y16.scalar_type(), torch::kFloat);
    EXPECT_TRUE(torch::equal(y16, y32)) << "round " << round;
    ASSERT_EQ(in16.grad().scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::equal(in16.grad(), in32.grad().to(torch::kBFloat16))) << "round " << round;
    EXPECT_TRUE(torch::equal(bn_bf16->weight.grad(), bn_float->weight.grad()));
    EXPECT_TRUE(torch::equal(bn_bf16->bias.grad(), bn_float->bias.grad()));
    EXPECT_TRUE(torch::equal(bn_bf16->running_mean, bn_float->running_mean));
    EXPECT_TRUE(torch::equal(bn_bf16->running_var, bn_float->running_var));
  }
}

TEST(FusedBatchNorm, StaysOffWhereItDoesNotApply) {
  torch::nn::BatchNorm2d bn(3);
  EXPECT_TRUE(fused_batch_norm_applies(torch::zeros({1, 3, 4, 4}), *bn));
  EXPECT_TRUE(fused_batch_norm_applies(torch::zeros({1, 3, 4, 4}, torch::kBFloat16), *bn));
  EXPECT_FALSE(fused_batch_norm_applies(torch::zeros({1, 3, 4, 4}, torch::kDouble), *bn));
  EXPECT_FALSE(fused_batch_norm_applies(torch::zeros({1, 3, 1, 1}), *bn));  // one value a channel
  bn->eval();
  EXPECT_FALSE(fused_batch_norm_applies(torch::zeros({1, 3, 4, 4}), *bn));
}

TEST(FusedBatchNorm, TheSkipNetGivesLibTorchsOutputAndGradients) {
  SkipNetConfig config;
  config.channels_down = config.channels_up = {8, 16, 16};
  config.channels_skip = {4, 4, 4};
  config.input_channels = 4;
  const std::vector<std::string> watched{"level0.down.conv.conv.weight"};
  const auto fused = run_net_with("DIP_BATCH_NORM", nullptr, config, 32, watched);
  const auto modules = run_net_with("DIP_BATCH_NORM", "libtorch", config, 32, watched);
  EXPECT_LT(relative_error(fused.output, modules.output), 1e-5);
  EXPECT_LT(relative_error(fused.gradients[0], modules.gradients[0]), 1e-3);
}

TEST(FusedBatchNorm, TheBfloat16NetIsTheSameWithItsOutputsReadAsTheyAre) {
  // The balanced net in bfloat16 (where the CPU has it; float32 elsewhere, the same either way).
  SkipNetConfig config;
  config.channels_down = config.channels_up = {8, 16, 16};
  config.channels_skip = {4, 4, 4};
  config.input_channels = 4;
  config.bf16 = bf16_allowed_by_environment();
  const std::vector<std::string> watched{"level0.down.conv.conv.weight",
                                         "level0.up.conv.conv.weight"};
  const auto kept = run_net_with("DIP_BF16_OUTPUT", nullptr, config, 32, watched);
  const auto cast = run_net_with("DIP_BF16_OUTPUT", "cast", config, 32, watched);
  EXPECT_TRUE(torch::equal(kept.output, cast.output));
  for (std::size_t i = 0; i < watched.size(); ++i)
    EXPECT_TRUE(torch::equal(kept.gradients[i], cast.gradients[i])) << watched[i];
}

}  // namespace
}  // namespace dip
