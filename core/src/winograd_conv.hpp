// 3x3 stride-1 convolution by Winograd's minimal filtering F(4x4, 3x3) (Lavin & Gray, 2016):
// 36 multiplies per 4x4 output tile instead of 144. Most of the skip net's arithmetic is in
// 3x3 stride-1 convolutions, and on a CPU the direct convolution is already near the matrix
// multiply peak, so cutting the multiplies is the only way left to a faster iteration. The
// forward and both backward products are batched matrix multiplies in the transformed domain;
// the transforms are cheap, memory-bound loops.
#pragma once

#include <torch/types.h>

namespace dip {

enum class Border { Zero, Reflect };

// Same result as conv2d(pad(x, `pad`, border), weight, bias) for a batch of one, within float
// rounding (the transforms add a few ulps); Border::Reflect needs sides above `pad`.
// x: (1, C, H, W), weight: (K, C, 3, 3), bias: (K) or undefined. Differentiable in x, weight
// and bias.
torch::Tensor winograd_conv3x3(const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, int pad, Border border);

// Whether the Winograd path beats the direct one for this layer on a CPU (measured by
// tests/bench/conv-bench): the batched products need enough tiles and channels to run near
// the matrix-multiply peak.
bool winograd_pays_off(std::int64_t channels, std::int64_t filters, std::int64_t out_height,
                       std::int64_t out_width);

// Whether to take the Winograd path at all: not on a CPU with AVX-512, where the direct
// convolution was faster. DIP_CONVOLUTION=direct or =winograd overrides this, so that benchmarks
// can compare the two paths.
bool winograd_allowed_by_environment();

}  // namespace dip
