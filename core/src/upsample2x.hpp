// The decoder's ×2 upsampling (bilinear without corner alignment, or nearest) as one pass per
// plane each way. LibTorch 1.13's general kernels compute every output pixel's source indices
// and weights anew and scatter the backward pass's gradient pixel by pixel; at ×2 the weights
// are fixed (3/4 and 1/4), so the forward pass blends two rows and widens them, and the backward
// pass narrows and blends, both from cache.
#pragma once

#include <torch/types.h>

namespace dip {

// x (N, C, H, W, float32, CPU) enlarged to (N, C, 2H, 2W) as torch's interpolate with
// scale_factor 2 computes it: bilinear with align_corners=false (edges clamped), or nearest.
// Differentiable in x.
torch::Tensor upsample2x(const torch::Tensor& x, bool bilinear);

// Whether upsample2x takes x: float32 on the CPU with 4 dimensions.
bool upsample2x_applies(const torch::Tensor& x);

// False where DIP_UPSAMPLE=libtorch asks for LibTorch's interpolate, for comparisons.
bool upsample2x_allowed_by_environment();

}  // namespace dip
