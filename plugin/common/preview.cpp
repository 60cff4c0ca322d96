#include "preview.hpp"

#include <algorithm>
#include <cmath>

namespace dip::front {

Preview8 make_preview(const dip::Image& image, int max_side) {
  Preview8 out;
  if (image.empty() || max_side <= 0) return out;
  const double scale =
      std::min(kMaxPreviewZoom, static_cast<double>(max_side) / std::max(image.width, image.height));
  out.width = std::max(1, static_cast<int>(std::lround(image.width * scale)));
  out.height = std::max(1, static_cast<int>(std::lround(image.height * scale)));
  out.channels = image.channels;
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * out.channels);

  std::vector<double> sum(static_cast<std::size_t>(out.channels));
  for (int y = 0; y < out.height; ++y) {
    const int y0 = y * image.height / out.height;
    const int y1 = std::max(y0 + 1, (y + 1) * image.height / out.height);
    for (int x = 0; x < out.width; ++x) {
      const int x0 = x * image.width / out.width;
      const int x1 = std::max(x0 + 1, (x + 1) * image.width / out.width);
      std::fill(sum.begin(), sum.end(), 0.0);
      for (int sy = y0; sy < y1; ++sy)
        for (int sx = x0; sx < x1; ++sx)
          for (int c = 0; c < out.channels; ++c) sum[c] += image.at(sx, sy, c);
      const double n = static_cast<double>((y1 - y0) * (x1 - x0));
      for (int c = 0; c < out.channels; ++c) {
        const double v = std::clamp(sum[c] / n, 0.0, 1.0);
        out.pixels[(static_cast<std::size_t>(y) * out.width + x) * out.channels + c] =
            static_cast<std::uint8_t>(std::lround(v * 255.0));
      }
    }
  }
  return out;
}

}  // namespace dip::front
