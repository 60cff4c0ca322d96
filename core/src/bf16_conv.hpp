// Convolutions in bfloat16 on CPUs with native bfloat16 dot products (AVX512-BF16: Zen 4 and
// later, Intel Cooper Lake and later). There, oneDNN multiplies bfloat16 pairs at twice the
// float32 rate and accumulates in float32: on a Zen 5 (tests/bench/conv-bench, 1 thread) every
// 3x3 layer of the skip nets took 1.3-1.9x less time, forward and backward, the casts included.
// Everything else (batch norm, activations, padding, upsampling, the loss, Adam and the weights
// it updates) stays in float32, so only the products are rounded.
#pragma once

#include <torch/types.h>

namespace dip {

// conv2d(x, weight, bias) with the three rounded to bfloat16 and the result returned in float32.
// Differentiable in all three; their gradients come back in float32.
torch::Tensor bf16_conv2d(const torch::Tensor& x, const torch::Tensor& weight,
                          const torch::Tensor& bias, int stride, int padding);

// The same with the result left in bfloat16, for a batch norm that reads it as it is
// (batch_norm_act.hpp): the cast to float32 is exact, so skipping it changes no value.
torch::Tensor bf16_conv2d_products(const torch::Tensor& x, const torch::Tensor& weight,
                                   const torch::Tensor& bias, int stride, int padding);

// Whether to take the bfloat16 path at all: only where the CPU has AVX512-BF16, since elsewhere
// oneDNN emulates the bfloat16 products more slowly than it does float32 ones.
// DIP_PRECISION=float32 or =bfloat16 overrides this, so that benchmarks can compare the two.
bool bf16_allowed_by_environment();

// Whether a bfloat16 convolution's output goes to the fused batch norm as it is: unless
// DIP_BF16_OUTPUT=cast asks for the separate cast to float32 (for comparisons; same values).
bool bf16_output_kept_by_environment();

}  // namespace dip
