// How noisy an image is, for the denoising stop (the discrepancy principle, stopping.hpp): the
// standard deviation of additive white noise, read from the diagonal Haar wavelet bands, where
// a natural image has little energy and white noise keeps its full share (Donoho and
// Johnstone, "Ideal spatial adaptation by wavelet shrinkage", 1994). The finest band alone
// also holds the image's own detail, which under light noise is a large share of it (astronaut256
// at sigma 10: 9 % high); the next band, read as well, takes that share out.
#pragma once

#include "dip/image.hpp"

namespace dip {

// On the 0-1 scale, over the colour channels (alpha is not image content). 0 for an image
// smaller than 2 x 2. Texture at the pixel scale reads as noise, so the figure is an upper
// bound on busy images.
double estimate_noise_level(const Image& image);

}  // namespace dip
