#include "noise_level.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dip {

namespace {

// The band's coefficients are |N(0, sigma^2)| where the image is flat, so sigma is a quantile
// of them over the half-normal's. A single median (MAD) steps with the input's quantisation:
// on 8-bit images |HH| comes in steps of 0.5/255, which moved the estimate by 6 % in variance
// between two tiles of the same noise. The mean of the quantiles from 0.4 to 0.6 spans several
// steps; this constant is that mean for the unit half-normal, the integral of
// Phi^-1((1 + p) / 2) over p in [0.4, 0.6] divided by 0.2 (the plain median's is 0.6745).
constexpr double kHalfNormalCentralQuantile = 0.677307;

}  // namespace

double estimate_noise_level(const Image& image) {
  const int w2 = image.width / 2 * 2, h2 = image.height / 2 * 2;
  const int colour = image.colour_channels();
  std::vector<float> band;
  band.reserve(static_cast<std::size_t>(w2 / 2) * (h2 / 2) * colour);
  for (int y = 0; y < h2; y += 2)
    for (int x = 0; x < w2; x += 2)
      for (int c = 0; c < colour; ++c) {
        const float hh = (image.at(x, y, c) - image.at(x + 1, y, c) - image.at(x, y + 1, c) +
                          image.at(x + 1, y + 1, c)) * 0.5f;
        band.push_back(std::fabs(hh));
      }
  if (band.empty()) return 0.0;
  const auto n = band.size();
  const auto lo = band.begin() + static_cast<std::ptrdiff_t>(n * 2 / 5);
  const auto hi = band.begin() + static_cast<std::ptrdiff_t>(std::max(n * 3 / 5, n * 2 / 5 + 1));
  std::nth_element(band.begin(), lo, band.end());
  std::nth_element(lo, hi - 1, band.end());
  double sum = 0.0;
  for (auto it = lo; it != hi; ++it) sum += *it;
  return sum / static_cast<double>(hi - lo) / kHalfNormalCentralQuantile;
}

}  // namespace dip
