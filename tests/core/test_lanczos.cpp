// The super-resolution kernel against the reference code's numbers (models/downsampler.py,
// get_kernel('lanczos', phase=0.5, kernel_width=4f+1, support=2), computed with its formula).
#include <gtest/gtest.h>

#include <numeric>

#include "lanczos.hpp"

namespace dip {
namespace {

TEST(Lanczos, SideIsFourTimesTheFactor) {
  for (int f : {2, 3, 4, 8}) EXPECT_EQ(lanczos2_kernel_side(f), 4 * f);
  EXPECT_EQ(lanczos2_kernel(4).size(), 16u * 16u);
}

TEST(Lanczos, SumsToOne) {
  for (int f : {2, 3, 4, 8}) {
    const auto k = lanczos2_kernel(f);
    EXPECT_NEAR(std::accumulate(k.begin(), k.end(), 0.0), 1.0, 1e-12) << "factor " << f;
  }
}

TEST(Lanczos, MatchesTheReferenceValues) {
  const auto k2 = lanczos2_kernel(2);
  EXPECT_NEAR(k2[0], 7.85586554876833e-05, 1e-15);
  EXPECT_NEAR(k2[4 * 8 + 4], 0.18861933182592738, 1e-14);
  EXPECT_NEAR(k2[1 * 8 + 3], -0.018214693960796197, 1e-14);
  EXPECT_NEAR(k2[2 * 8 + 5], 0.01357227197365108, 1e-14);
  const auto k4 = lanczos2_kernel(4);
  EXPECT_NEAR(k4[0], 1.1350403751475114e-06, 1e-16);
  EXPECT_NEAR(k4[8 * 16 + 8], 0.05746141899184237, 1e-14);
  EXPECT_NEAR(k4[1 * 16 + 7], -0.0023375912355178487, 1e-15);
  EXPECT_NEAR(k4[2 * 16 + 5], -0.0020110536213800425, 1e-15);
}

TEST(Lanczos, IsSymmetricWithNegativeLobes) {
  const int f = 4, n = lanczos2_kernel_side(f);
  const auto k = lanczos2_kernel(f);
  double most_negative = 0.0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      EXPECT_DOUBLE_EQ(k[i * n + j], k[j * n + i]);
      EXPECT_DOUBLE_EQ(k[i * n + j], k[(n - 1 - i) * n + (n - 1 - j)]);
      most_negative = std::min(most_negative, k[i * n + j]);
    }
  EXPECT_LT(most_negative, -1e-3);  // a box or Gaussian kernel would have none
}

TEST(Lanczos, WindowIsOneAtZeroAndZeroAtIntegers) {
  EXPECT_DOUBLE_EQ(lanczos_weight(0.0, 2.0), 1.0);
  EXPECT_NEAR(lanczos_weight(1.0, 2.0), 0.0, 1e-15);
  EXPECT_NEAR(lanczos_weight(2.0, 2.0), 0.0, 1e-15);
  EXPECT_GT(lanczos_weight(0.5, 2.0), 0.5);
}

}  // namespace
}  // namespace dip
