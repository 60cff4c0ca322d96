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

// Whether the decoder takes upsample2x for this mode. Nearest: unless DIP_UPSAMPLE=libtorch.
// Bilinear: only with DIP_UPSAMPLE=fused. With it on by default, fast denoising's stop, which
// reads small changes of a fit without jitter, landed worse on the bench: camera256 0.55 dB
// short of its best (0.26 with LibTorch's upsampling), astronaut 512 x 512 stopped at 720 with
// 27.89 dB against 28.44 at 1110 (2026-12-05, README, Benchmarks); until that is understood the
// bilinear pass stays opt-in.
bool upsample2x_allowed_by_environment(bool bilinear);

}  // namespace dip
