// The small 8-bit picture a progress dialog shows of the current estimate.
#pragma once

#include <cstdint>
#include <vector>

#include "dip/image.hpp"

namespace dip::front {

struct Preview8 {
  int width = 0;
  int height = 0;
  int channels = 0;  // as the source: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
  std::vector<std::uint8_t> pixels;  // rows packed, width * channels bytes each
};

// Scales `image` so that its longer side is max_side (box filter down; pixel replication up,
// at most kMaxPreviewZoom times, so a small crop is not a postage stamp) and quantises to 8
// bits. Values outside [0, 1] are clipped.
inline constexpr double kMaxPreviewZoom = 3.0;
Preview8 make_preview(const dip::Image& image, int max_side);

}  // namespace dip::front
