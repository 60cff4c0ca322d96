#include "fit_geometry.hpp"

#include <numeric>

namespace dip {

FitGeometry fit_geometry(Task task, int factor, int width, int height, const SkipNetConfig& net) {
  FitGeometry g;
  const int multiple = net.size_multiple();
  const int min_side = net.minimum_padded_side();
  if (task == Task::Upscale) {
    // The low-resolution image is padded so that factor x its padded size lands on the grid.
    const int step = multiple / std::gcd(multiple, factor);
    const int min_low = (min_side + factor - 1) / factor;
    const int h = round_up(height, step, min_low), w = round_up(width, step, min_low);
    g.input_pad = padding_to(height, width, h, w);
    g.output_pad = Padding{g.input_pad.top * factor, g.input_pad.bottom * factor,
                           g.input_pad.left * factor, g.input_pad.right * factor};
    g.output_height = h * factor;
    g.output_width = w * factor;
  } else {
    const int h = round_up(height, multiple, min_side), w = round_up(width, multiple, min_side);
    g.input_pad = g.output_pad = padding_to(height, width, h, w);
    g.output_height = h;
    g.output_width = w;
  }
  return g;
}

}  // namespace dip
