// The decoder's ×2 upsampling (bilinear without corner alignment, or nearest) as one pass per
// plane each way. LibTorch 1.13's general kernels compute every output pixel's source indices
// and weights anew and scatter the backward pass's gradient pixel by pixel; at ×2 the weights
// are fixed (3/4 and 1/4), so the forward pass widens each row once and blends rows, and the
// backward pass gathers each input pixel's readers from cache, both in LibTorch's rounding.
#pragma once

#include <torch/types.h>

namespace dip {

// x (N, C, H, W, float32, CPU) enlarged to (N, C, 2H, 2W) as torch's interpolate with
// scale_factor 2 computes it: bilinear with align_corners=false (edges clamped), in LibTorch
// 1.13's rounding bit for bit forward and backward, or nearest (forward bit for bit; the backward pass sums each 2 × 2
// block in pairs, LibTorch in one running sum). Differentiable in x.
torch::Tensor upsample2x(const torch::Tensor& x, bool bilinear);

// Whether upsample2x takes x: float32 on the CPU with 4 dimensions and two channels or more
// (with one, LibTorch takes its channels-last kernel, whose bilinear rounding differs; no net
// upsamples a single channel).
bool upsample2x_applies(const torch::Tensor& x);

// Whether the bilinear pass gives the linked LibTorch's results bit for bit, forward and
// backward: it reproduces the rounding of LibTorch 1.13's kernel as Debian 12 builds it (fused
// multiply-adds where GCC put them); LibTorch 2.6 (Debian 13) rounds otherwise. Checked once per
// process on a fixed pattern.
bool upsample2x_bilinear_is_libtorchs();

// Whether the decoder may take upsample2x: unless DIP_UPSAMPLE=libtorch (for comparisons). It
// takes it for bilinear only where upsample2x_bilinear_is_libtorchs(), so that fits (and where
// the automatic stop lands) are the ones the stopping bench measured with LibTorch's kernel.
bool upsample2x_allowed_by_environment();

}  // namespace dip
