#include "lanczos.hpp"

#include <cmath>

namespace dip {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kSupport = 2.0;
}  // namespace

int lanczos2_kernel_side(int factor) { return 4 * factor; }

double lanczos_weight(double d, double support) {
  if (d == 0.0) return 1.0;
  return support * std::sin(kPi * d) * std::sin(kPi * d / support) / (kPi * kPi * d * d);
}

std::vector<double> lanczos2_kernel(int factor) {
  const int side = lanczos2_kernel_side(factor);
  // The reference builds kernel_width = 4f + 1 and, for phase 0.5, drops one tap; its centre
  // stays (kernel_width + 1) / 2 with 1-based indices shifted by half a pixel.
  const double centre = (4.0 * factor + 2.0) / 2.0;
  std::vector<double> kernel(static_cast<std::size_t>(side) * side);
  double sum = 0.0;
  for (int i = 1; i <= side; ++i) {
    const double di = std::abs(i + 0.5 - centre) / factor;
    for (int j = 1; j <= side; ++j) {
      const double dj = std::abs(j + 0.5 - centre) / factor;
      const double v = lanczos_weight(di, kSupport) * lanczos_weight(dj, kSupport);
      kernel[static_cast<std::size_t>(i - 1) * side + (j - 1)] = v;
      sum += v;
    }
  }
  for (double& v : kernel) v /= sum;
  return kernel;
}

}  // namespace dip
