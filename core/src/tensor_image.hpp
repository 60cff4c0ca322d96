// Moving pixels between dip::Image (interleaved floats) and NCHW tensors, and the reflection
// padding that makes any size fit a net that halves it `levels` times.
#pragma once

#include <torch/types.h>

#include "dip/image.hpp"

namespace dip {

// Colour channels only (alpha stays with the caller), as a 1 x C x H x W float tensor on the CPU.
torch::Tensor colour_to_tensor(const Image& image);
torch::Tensor mask_to_tensor(const Mask& mask);

// Writes a 1 x C x H x W tensor into the colour channels of `image` (which has the right size);
// values are clamped to [0, 1].
void tensor_to_colour(const torch::Tensor& tensor, Image* image);

struct Padding {
  int top = 0, bottom = 0, left = 0, right = 0;
};

// Padding that grows h x w to H x W, split evenly so both borders see mirrored context.
Padding padding_to(int h, int w, int H, int W);

// Mirror padding of any amount: torch's reflection needs pad < size, so large pads go in steps.
torch::Tensor reflect_pad(const torch::Tensor& x, const Padding& p);
torch::Tensor crop(const torch::Tensor& x, const Padding& p);

// Smallest multiple of `multiple` that is >= max(value, minimum).
int round_up(int value, int multiple, int minimum = 0);

}  // namespace dip
