// The reference's `skip` encoder-decoder (models/skip.py) with all of its knobs: the network
// whose structure is the image prior.
#pragma once

#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "batch_norm_act.hpp"
#include "bf16_conv.hpp"
#include "pointwise_conv.hpp"
#include "reflect_pad.hpp"
#include "upsample2x.hpp"

namespace dip {

enum class Upsample { Nearest, Bilinear };

struct SkipNetConfig {
  int input_channels = 32;
  int output_channels = 3;
  std::vector<int> channels_down{128, 128, 128, 128, 128};
  std::vector<int> channels_up{128, 128, 128, 128, 128};
  std::vector<int> channels_skip{4, 4, 4, 4, 4};  // 0 = no skip connection at that level
  int filter_down = 3;
  int filter_up = 3;
  int filter_skip = 1;
  Upsample upsample = Upsample::Bilinear;
  bool need_1x1_up = true;
  bool need_sigmoid = true;
  // The net outputs a correction to a given image instead of the image: the head starts at zero
  // (so the first output is that image exactly), no sigmoid, and its output is scaled by this
  // factor so that Adam's first steps, which move every head weight by about the learning rate,
  // change the image by a few levels rather than by a tenth of the range. 0 = off.
  double residual_scale = 0.0;
  bool need_bias = true;
  bool reflection_pad = true;  // false: zero padding
  // 3x3 stride-1 convolutions on the CPU by Winograd's F(4x4, 3x3) where it is faster
  // (winograd_conv.hpp); false: always LibTorch's direct convolution.
  bool winograd = true;
  // Convolutions in bfloat16 (bf16_conv.hpp). The presets ask for it; the fitter grants it
  // only on a CPU with native bfloat16 products.
  bool bf16 = false;

  int levels() const { return static_cast<int>(channels_down.size()); }
  // Side multiple the input must have: every level halves it.
  int size_multiple() const { return 1 << levels(); }
  // Smallest padded side: the deepest level must still be wider than its padding.
  int minimum_padded_side() const;
  // Throws std::invalid_argument when the per-level lists disagree in length or a size is not
  // positive: a bug in a preset, not something a user can act on, so not a (translated)
  // dip::Error.
  void check() const;
};

// Convolution with the padding done first, as the reference does, so that reflection padding
// is possible and the output keeps its size (stride 1) or halves it (stride 2).
class PaddedConvImpl : public torch::nn::Module {
 public:
  PaddedConvImpl(int in, int out, int kernel, int stride, bool bias, bool reflect, bool winograd,
                 bool bf16);
  torch::Tensor forward(const torch::Tensor& x);
  // The same, left in the type the products were computed in (bfloat16 on the bfloat16 path).
  torch::Tensor forward_products(const torch::Tensor& x);
  torch::nn::Conv2d conv{nullptr};

 private:
  bool use_winograd(const torch::Tensor& x) const;

  int pad_;
  bool reflect_;
  bool winograd_;  // a 3x3 stride-1 layer allowed to take the Winograd path
  bool bf16_;      // products in bfloat16 (float32 tensors on the CPU only)
  bool pointwise_;  // a 1x1 stride-1 layer run on the CPU as one matrix product (it pays there)
  bool fused_pad_ = reflect_pad_allowed_by_environment();  // reflect_pad.hpp
  int stride_;
};
TORCH_MODULE(PaddedConv);

// conv -> batch norm -> LeakyReLU(0.2), the unit every branch of the skip net is made of.
class ConvBlockImpl : public torch::nn::Module {
 public:
  ConvBlockImpl(int in, int out, int kernel, int stride, const SkipNetConfig& config);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  PaddedConv conv_{nullptr};
  torch::nn::BatchNorm2d bn_{nullptr};
  bool fused_bn_ = fused_batch_norm_allowed_by_environment();  // batch_norm_act.hpp
  bool keep_bf16_ = bf16_output_kept_by_environment();         // bf16_conv.hpp
};
TORCH_MODULE(ConvBlock);

// One scale: the encoder step down, the skip branch across, the decoder step up.
class SkipLevelImpl : public torch::nn::Module {
 public:
  SkipLevelImpl(int level, int in, const SkipNetConfig& config);
  torch::Tensor encode(const torch::Tensor& x);
  torch::Tensor decode(const torch::Tensor& x, const torch::Tensor& deeper);

 private:
  ConvBlock down_{nullptr}, down2_{nullptr}, skip_{nullptr}, up_{nullptr}, up1x1_{nullptr};
  torch::nn::BatchNorm2d merge_bn_{nullptr};
  Upsample upsample_;
  bool fused_bn_ = fused_batch_norm_allowed_by_environment();
  bool fused_upsample_;  // upsample2x.hpp
};
TORCH_MODULE(SkipLevel);

class SkipNetImpl : public torch::nn::Module {
 public:
  explicit SkipNetImpl(const SkipNetConfig& config);
  torch::Tensor forward(const torch::Tensor& z);

  // PyTorch's default initialisation (uniform, bound 1/sqrt(fan_in)) drawn from `generator`
  // instead of the process-wide one, so two runs with one seed are identical.
  void initialise(at::Generator generator);
  std::int64_t parameter_count() const;
  const SkipNetConfig& config() const { return config_; }

 private:
  torch::Tensor forward_from(std::size_t level, const torch::Tensor& x);

  SkipNetConfig config_;
  std::vector<SkipLevel> levels_;
  torch::nn::Conv2d head_{nullptr};
  bool pointwise_head_ = false;  // the head as one matrix product (pointwise_conv.hpp)
};
TORCH_MODULE(SkipNet);

}  // namespace dip
