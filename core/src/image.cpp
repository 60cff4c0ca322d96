#include "dip/image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dip {

Image::Image(int w, int h, int c, float fill)
    : width(w), height(h), channels(c),
      data(static_cast<std::size_t>(w) * h * c, fill) {}

Mask::Mask(int w, int h, float fill)
    : width(w), height(h), known(static_cast<std::size_t>(w) * h, fill) {}

Mask Mask::from_hole(const Image& hole) {
  Mask mask(hole.width, hole.height);
  const std::size_t n = hole.pixel_count();
  for (std::size_t i = 0; i < n; ++i) {
    const float h = hole.data[i * hole.channels];
    mask.known[i] = 1.0f - std::clamp(h, 0.0f, 1.0f);
  }
  return mask;
}

bool Mask::has_hole() const {
  return std::any_of(known.begin(), known.end(), [](float k) { return k < 1.0f; });
}

double psnr(const Image& a, const Image& b, const Mask* region) {
  if (a.width != b.width || a.height != b.height || a.colour_channels() != b.colour_channels())
    throw std::invalid_argument("psnr: images differ in size or channels");
  if (region && (region->width != a.width || region->height != a.height))
    throw std::invalid_argument("psnr: region differs in size from the images");
  const int cc = a.colour_channels();
  double sum = 0.0, weight = 0.0;
  for (std::size_t i = 0; i < a.pixel_count(); ++i) {
    const double w = region ? region->known[i] : 1.0;
    if (w <= 0.0) continue;
    for (int c = 0; c < cc; ++c) {
      const double d = double(a.data[i * a.channels + c]) - double(b.data[i * b.channels + c]);
      sum += w * d * d;
    }
    weight += w * cc;
  }
  if (weight == 0.0) return std::numeric_limits<double>::quiet_NaN();
  const double mse = sum / weight;
  if (mse == 0.0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(1.0 / mse);
}

}  // namespace dip
