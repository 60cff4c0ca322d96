// Reflection padding as one pass that also rounds to the convolution's operand type. With
// bfloat16 products, LibTorch's way reads and writes each activation three times before the
// convolution (pad in float32, then cast) and as often after it (cast the gradient back, then a
// zeroed float32 gradient that the borders are folded into); here the forward pass reads the
// float32 input once and writes the padded bfloat16 copy, and the backward pass reads that
// copy's gradient once and writes the input's, plane by plane from cache.
#pragma once

#include <torch/types.h>

namespace dip {

// x (N, C, H, W, float32, CPU) mirrored by `pad` pixels on every side without repeating the
// edge (as torch's reflection_pad2d; pad < H and pad < W), in `type` (float32 or bfloat16,
// rounded to nearest even as LibTorch's cast does). Differentiable in x; the gradient comes
// back in float32.
torch::Tensor reflect_pad(const torch::Tensor& x, int pad, torch::ScalarType type);

// Whether the fused padding applies to x: float32 on the CPU, 4 dimensions, wider than `pad`.
bool reflect_pad_applies(const torch::Tensor& x, int pad);

// False where DIP_PAD=libtorch asks for LibTorch's padding and casts, for comparisons.
bool reflect_pad_allowed_by_environment();

}  // namespace dip
