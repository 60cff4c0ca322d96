// How far a hole reaches from the pixels around it: the reference code fills text and scratches
// with one net and large holes with another, and so do the presets (presets.cpp).
#pragma once

#include <torch/types.h>

namespace dip {

// True when some pixel of the hole (known < 0.5 in the 1 x 1 x H x W mask `known`) lies more
// than `depth` pixels from every known pixel (chessboard distance; outside the image is never
// known). Costs at most `depth` 3x3 erosions of the mask.
bool hole_reaches_beyond(const torch::Tensor& known, int depth);

}  // namespace dip
