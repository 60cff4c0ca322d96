// 1x1 convolutions as one matrix product per image. LibTorch 1.13's convolution of a single
// image with a 1x1 kernel costs more than the product it amounts to, most of all in bfloat16
// and with few output channels: forward and backward on a Zen 5 (1 thread), 32->4 channels at
// 256x256 took 3.99 ms as a bfloat16 convolution and 1.74 ms as a product, 128->128 at 256x256
// 43.0 against 29.9 ms, and the float32 head 128->3 15.0 against 11.8 ms (README, Benchmarks).
#pragma once

#include <cstdint>

#include <torch/types.h>

namespace dip {

// conv2d(x, weight, bias) for a 1x1 kernel with stride 1 and no padding, as weight · x per image
// (x: N x C x H x W, weight: K x C x 1 x 1, bias: K or undefined), with the operands rounded to
// `products` (bfloat16 as in bf16_conv.hpp) and the result returned in x's type, or in
// `products` where keep_products asks (for a batch norm that reads bfloat16 as it is).
// Differentiable in all three.
torch::Tensor pointwise_conv2d(const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias,
                               torch::ScalarType products = torch::kFloat,
                               bool keep_products = false);

// Whether the product beats LibTorch's convolution for a 1x1 layer of in -> out channels: always
// with bfloat16 operands; in float32 unless both sides have 128 channels or more, where oneDNN's
// convolution was 1.12-1.18x faster on 2 threads (tests/bench/conv-bench, Zen 5; even on 1).
bool pointwise_pays_off(std::int64_t in, std::int64_t out, bool bf16);

// Whether 1x1 convolutions take this path: on unless DIP_POINTWISE=conv, which keeps LibTorch's
// convolution so that benchmarks can compare the two.
bool pointwise_allowed_by_environment();

}  // namespace dip
