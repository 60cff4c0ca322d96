#include "skip_net.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/functional/upsampling.h>

#include "batch_norm_act.hpp"
#include "bf16_conv.hpp"
#include "reflect_pad.hpp"
#include "upsample2x.hpp"
#include "winograd_conv.hpp"

namespace dip {

namespace F = torch::nn::functional;

int SkipNetConfig::minimum_padded_side() const {
  // Batch norm needs more than one value per channel, so the deepest level keeps 2 x 2;
  // reflection also needs every level wider than its padding.
  if (!reflection_pad) return 2 * size_multiple();
  const int pad = std::max(filter_down, filter_up) / 2;
  return size_multiple() * (pad + 1);
}

void SkipNetConfig::check() const {
  const std::size_t n = channels_down.size();
  if (n == 0 || channels_up.size() != n || channels_skip.size() != n)
    throw std::invalid_argument("skip net: channels_down, channels_up and channels_skip need one entry per level");
  for (std::size_t i = 0; i < n; ++i)
    if (channels_down[i] <= 0 || channels_up[i] <= 0 || channels_skip[i] < 0)
      throw std::invalid_argument("skip net: channel counts must be positive");
  if (filter_down % 2 == 0 || filter_up % 2 == 0 || filter_skip % 2 == 0)
    throw std::invalid_argument("skip net: filter sizes must be odd");
}

PaddedConvImpl::PaddedConvImpl(int in, int out, int kernel, int stride, bool bias, bool reflect,
                               bool winograd, bool bf16)
    : pad_(kernel / 2),
      reflect_(reflect),
      winograd_(winograd && kernel == 3 && stride == 1),
      bf16_(bf16),
      pointwise_(kernel == 1 && stride == 1 && pointwise_allowed_by_environment() &&
                 pointwise_pays_off(in, out, bf16)),
      stride_(stride) {
  conv = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                    .stride(stride)
                                    .bias(bias)
                                    .padding(reflect ? 0 : kernel / 2)));
}

bool PaddedConvImpl::use_winograd(const torch::Tensor& x) const {
  return winograd_ && x.is_cpu() && x.scalar_type() == torch::kFloat && x.size(0) == 1 &&
         winograd_pays_off(conv->weight.size(1), conv->weight.size(0), x.size(2), x.size(3));
}

torch::Tensor PaddedConvImpl::forward(const torch::Tensor& x) {
  const auto y = forward_products(x);
  return y.scalar_type() == x.scalar_type() ? y : y.to(x.scalar_type());
}

torch::Tensor PaddedConvImpl::forward_products(const torch::Tensor& x) {
  if (use_winograd(x))
    return winograd_conv3x3(x, conv->weight, conv->bias, pad_,
                            reflect_ ? Border::Reflect : Border::Zero);
  const bool cpu_float = x.is_cpu() && x.scalar_type() == torch::kFloat;
  const bool bf16 = bf16_ && cpu_float;
  if (pointwise_ && cpu_float)
    return pointwise_conv2d(x, conv->weight, conv->bias, bf16 ? torch::kBFloat16 : torch::kFloat,
                            /*keep_products=*/true);
  const bool reflecting = reflect_ && pad_ > 0;
  torch::Tensor padded = x;
  if (reflecting && fused_pad_ && reflect_pad_applies(x, pad_))
    padded = reflect_pad(x, pad_, bf16 ? torch::kBFloat16 : torch::kFloat);  // no cast after it
  else if (reflecting)
    // LibTorch 1.13's bfloat16 reflection padding is slower than the cast that follows it.
    padded = F::pad(x, F::PadFuncOptions({pad_, pad_, pad_, pad_}).mode(torch::kReflect));
  if (bf16)
    return bf16_conv2d_products(padded, conv->weight, conv->bias, stride_, reflecting ? 0 : pad_);
  return conv->forward(padded);
}

namespace {

// bn in training mode, then LeakyReLU(slope) (slope 1: none), by the fused kernel where it
// applies and LibTorch's modules elsewhere.
torch::Tensor normalise(const torch::Tensor& y, torch::nn::BatchNorm2dImpl& bn, double slope,
                        bool fused) {
  if (fused && fused_batch_norm_applies(y, bn)) return batch_norm_leaky_relu(y, bn, slope);
  const auto z = bn.forward(y);
  return slope == 1.0 ? z : F::leaky_relu(z, F::LeakyReLUFuncOptions().negative_slope(slope).inplace(true));
}

}  // namespace

ConvBlockImpl::ConvBlockImpl(int in, int out, int kernel, int stride, const SkipNetConfig& config) {
  conv_ = register_module("conv",
                          PaddedConv(in, out, kernel, stride, config.need_bias, config.reflection_pad,
                                     config.winograd, config.bf16));
  bn_ = register_module("bn", torch::nn::BatchNorm2d(out));
}

torch::Tensor ConvBlockImpl::forward(const torch::Tensor& x) {
  // The fused batch norm reads a bfloat16 convolution's output as it is; LibTorch's modules
  // take it in x's type.
  auto y = conv_->forward_products(x);
  if (y.scalar_type() != x.scalar_type() &&
      !(keep_bf16_ && fused_bn_ && fused_batch_norm_applies(y, *bn_)))
    y = y.to(x.scalar_type());
  return normalise(y, *bn_, /*slope=*/0.2, fused_bn_);
}

SkipLevelImpl::SkipLevelImpl(int level, int in, const SkipNetConfig& c)
    : upsample_(c.upsample),
      fused_upsample_(upsample2x_allowed_by_environment() &&
                      (c.upsample == Upsample::Nearest || upsample2x_bilinear_is_libtorchs())) {
  const auto i = static_cast<std::size_t>(level);
  const bool deepest = i + 1 == c.channels_down.size();
  const int down = c.channels_down[i], up = c.channels_up[i], skip = c.channels_skip[i];
  const int from_below = deepest ? down : c.channels_up[i + 1];
  down_ = register_module("down", ConvBlock(in, down, c.filter_down, 2, c));
  down2_ = register_module("down2", ConvBlock(down, down, c.filter_down, 1, c));
  if (skip > 0) skip_ = register_module("skip", ConvBlock(in, skip, c.filter_skip, 1, c));
  merge_bn_ = register_module("merge_bn", torch::nn::BatchNorm2d(skip + from_below));
  up_ = register_module("up", ConvBlock(skip + from_below, up, c.filter_up, 1, c));
  if (c.need_1x1_up) up1x1_ = register_module("up1x1", ConvBlock(up, up, 1, 1, c));
}

torch::Tensor SkipLevelImpl::encode(const torch::Tensor& x) {
  return down2_->forward(down_->forward(x));
}

torch::Tensor SkipLevelImpl::decode(const torch::Tensor& x, const torch::Tensor& deeper) {
  torch::Tensor y;
  if (fused_upsample_ && upsample2x_applies(deeper)) {
    y = upsample2x(deeper, upsample_ == Upsample::Bilinear);
  } else {
    auto options = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0});
    if (upsample_ == Upsample::Bilinear)
      options.mode(torch::kBilinear).align_corners(false);
    else
      options.mode(torch::kNearest);
    y = F::interpolate(deeper, options);
  }
  if (skip_) y = torch::cat({skip_->forward(x), y}, 1);
  y = up_->forward(normalise(y, *merge_bn_, /*slope=*/1.0, fused_bn_));  // no activation here
  if (up1x1_) y = up1x1_->forward(y);
  return y;
}

SkipNetImpl::SkipNetImpl(const SkipNetConfig& config) : config_(config) {
  config_.check();
  int in = config_.input_channels;
  for (int i = 0; i < config_.levels(); ++i) {
    levels_.push_back(register_module("level" + std::to_string(i), SkipLevel(i, in, config_)));
    in = config_.channels_down[static_cast<std::size_t>(i)];
  }
  head_ = register_module(
      "head", torch::nn::Conv2d(torch::nn::Conv2dOptions(config_.channels_up[0],
                                                         config_.output_channels, 1)
                                    .bias(config_.need_bias)));
  pointwise_head_ = pointwise_allowed_by_environment() &&
                    pointwise_pays_off(config_.channels_up[0], config_.output_channels, false);
}

torch::Tensor SkipNetImpl::forward_from(std::size_t level, const torch::Tensor& x) {
  auto deeper = levels_[level]->encode(x);
  if (level + 1 < levels_.size()) deeper = forward_from(level + 1, deeper);
  return levels_[level]->decode(x, deeper);
}

torch::Tensor SkipNetImpl::forward(const torch::Tensor& z) {
  const auto features = forward_from(0, z);
  auto y = pointwise_head_ && features.is_cpu() && features.scalar_type() == torch::kFloat
               ? pointwise_conv2d(features, head_->weight, head_->bias)
               : head_->forward(features);
  if (config_.residual_scale > 0.0) return y.mul_(config_.residual_scale);
  return config_.need_sigmoid ? torch::sigmoid(y) : y;
}

void SkipNetImpl::initialise(at::Generator generator) {
  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false)) {
    auto* conv = module->as<torch::nn::Conv2dImpl>();
    if (!conv) continue;
    const auto& w = conv->weight;
    const double fan_in = static_cast<double>(w.size(1) * w.size(2) * w.size(3));
    const double bound = 1.0 / std::sqrt(fan_in);
    w.uniform_(-bound, bound, generator);
    if (conv->bias.defined()) conv->bias.uniform_(-bound, bound, generator);
  }
  if (config_.residual_scale > 0.0) {
    head_->weight.zero_();
    if (head_->bias.defined()) head_->bias.zero_();
  }
}

std::int64_t SkipNetImpl::parameter_count() const {
  std::int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

}  // namespace dip
