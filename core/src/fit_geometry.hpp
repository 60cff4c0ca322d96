// Where the image sits inside the padded grid of the net, at input and output resolution.
#pragma once

#include "dip/restore.hpp"
#include "skip_net.hpp"
#include "tensor_image.hpp"

namespace dip {

struct FitGeometry {
  Padding input_pad;
  Padding output_pad;
  int output_height = 0, output_width = 0;  // padded
};

// Pads to a multiple of 2^levels (and at least the net's minimum); for upscaling the
// low-resolution image is padded so that factor x its padded size lands on that grid.
FitGeometry fit_geometry(Task task, int factor, int width, int height, const SkipNetConfig& net);

}  // namespace dip
