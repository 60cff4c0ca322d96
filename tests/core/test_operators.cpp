// The degradation operators, the energy, the padding and the stopping rule, in isolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "degradation.hpp"
#include "energy.hpp"
#include "hole_shape.hpp"
#include "noise_level.hpp"
#include "stopping.hpp"
#include "tensor_image.hpp"
#include "test_images.hpp"

namespace dip {
namespace {

torch::Tensor ramp(int c, int h, int w) {
  return torch::linspace(0.0, 1.0, c * h * w).view({1, c, h, w});
}

TEST(Identity, ReturnsItsInputAndMeasuresMse) {
  const auto x0 = torch::full({1, 3, 8, 8}, 0.5);
  const Identity a(x0);
  const auto x = ramp(3, 8, 8);
  EXPECT_TRUE(torch::equal(a.apply(x), x));
  EXPECT_NEAR(a.data_term(x).item<double>(), (x - x0).pow(2).mean().item<double>(), 1e-7);
  EXPECT_EQ(a.data_term(x0).item<double>(), 0.0);
}

TEST(MaskProduct, IgnoresWhateverIsInTheHole) {
  const auto x0 = ramp(3, 8, 8);
  auto known = torch::ones({1, 1, 8, 8});
  known.slice(2, 2, 5).slice(3, 3, 6).zero_();  // rows 2-4, columns 3-5
  const MaskProduct a(x0, known);
  // x0 itself, and x0 with garbage in the hole, fit equally well...
  auto garbage = x0.clone();
  garbage.slice(2, 2, 5).slice(3, 3, 6).fill_(7.0);
  EXPECT_EQ(a.data_term(x0).item<double>(), 0.0);
  EXPECT_EQ(a.data_term(garbage).item<double>(), 0.0);
  // ...while a change on a known pixel costs.
  auto wrong = x0.clone();
  wrong[0][1][0][0] = 3.0;
  EXPECT_GT(a.data_term(wrong).item<double>(), 0.0);
  EXPECT_EQ(a.apply(garbage).slice(2, 2, 5).slice(3, 3, 6).abs().max().item<float>(), 0.0f);
}

TEST(MaskProduct, SoftMaskWeightsTheResidual) {
  const auto x0 = torch::zeros({1, 1, 4, 4});
  const auto known = torch::full({1, 1, 4, 4}, 0.5);
  const MaskProduct a(x0, known);
  // ((0.5 * 1) - 0)^2 everywhere.
  EXPECT_NEAR(a.data_term(torch::ones({1, 1, 4, 4})).item<double>(), 0.25, 1e-7);
}

TEST(TrustedPixels, AreThoseSelectedLessThanHalf) {
  const auto known = torch::tensor({0.0f, 0.2f, 0.49f, 0.5f, 0.8f, 1.0f}).view({1, 1, 1, 6});
  const auto trusted = trusted_pixels(known);
  EXPECT_TRUE(torch::equal(trusted, torch::tensor({0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f}).view({1, 1, 1, 6})));
  EXPECT_EQ(trusted.dtype(), known.dtype());
}

class Downsampling : public ::testing::TestWithParam<int> {};

TEST_P(Downsampling, MapsNTimesFactorToN) {
  const int f = GetParam();
  const LanczosDownsampler a(torch::zeros({1, 3, 5, 7}), f);
  EXPECT_EQ(a.apply(torch::zeros({1, 3, 5 * f, 7 * f})).sizes(), torch::IntArrayRef({1, 3, 5, 7}));
  EXPECT_EQ(a.kernel().sizes(), torch::IntArrayRef({3, 1, 4 * f, 4 * f}));
}

TEST_P(Downsampling, KeepsAConstantImageConstant) {
  const int f = GetParam();
  const LanczosDownsampler a(torch::zeros({1, 3, 6, 6}), f);
  const auto y = a.apply(torch::full({1, 3, 6 * f, 6 * f}, 0.3));
  EXPECT_NEAR(y.min().item<double>(), 0.3, 1e-5);
  EXPECT_NEAR(y.max().item<double>(), 0.3, 1e-5);
}

TEST_P(Downsampling, KeepsChannelsApart) {
  const int f = GetParam();
  const LanczosDownsampler a(torch::zeros({1, 3, 4, 4}), f);
  auto x = torch::zeros({1, 3, 4 * f, 4 * f});
  x[0][1].fill_(1.0);
  const auto y = a.apply(x);
  EXPECT_EQ(y[0][0].abs().max().item<float>(), 0.0f);
  EXPECT_EQ(y[0][2].abs().max().item<float>(), 0.0f);
  EXPECT_NEAR(y[0][1].mean().item<double>(), 1.0, 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Factors, Downsampling, ::testing::Values(2, 3, 4, 8));

TEST(Downsampling, IsALowPassNotDecimation) {
  // A pixel-wide checkerboard averages out; plain subsampling would keep it at full contrast.
  auto x = torch::zeros({1, 1, 32, 32});
  for (int y = 0; y < 32; ++y)
    for (int i = 0; i < 32; ++i) x[0][0][y][i] = ((y + i) % 2) ? 1.0 : 0.0;
  const LanczosDownsampler a(torch::zeros({1, 1, 8, 8}), 4);
  const auto y = a.apply(x);
  EXPECT_LT((y - 0.5).abs().max().item<double>(), 0.02);
}

TEST(TotalVariation, IsZeroOnFlatAndGrowsWithEdges) {
  EXPECT_NEAR(total_variation(torch::full({1, 1, 8, 8}, 0.4)).item<double>(), 0.0, 1e-3);
  auto step = torch::zeros({1, 1, 8, 8});
  step.slice(3, 4, 8).fill_(1.0);
  // one column of 7 x 7 differences carries a unit jump
  EXPECT_NEAR(total_variation(step).item<double>(), 7.0 / 49.0, 1e-3);
}

TEST(Energy, AddsTheWeightedTvTerm) {
  const auto x0 = torch::zeros({1, 1, 8, 8});
  const Identity a(x0);
  auto x = torch::zeros({1, 1, 8, 8});
  x.slice(3, 4, 8).fill_(1.0);
  const auto plain = Energy(a, 0.0f)(x);
  const auto with_tv = Energy(a, 2.0f)(x);
  EXPECT_NEAR(plain.total.item<double>(), 0.5, 1e-6);
  EXPECT_NEAR(with_tv.data.item<double>(), 0.5, 1e-6);
  EXPECT_NEAR(with_tv.total.item<double>(), 0.5 + 2.0 * 7.0 / 49.0, 1e-3);
}

TEST(Padding, ReflectsAnyAmountAndCropsBack) {
  const auto x = ramp(2, 5, 3);
  const Padding p = padding_to(5, 3, 64, 32);
  EXPECT_EQ(p.top + p.bottom, 59);
  EXPECT_EQ(p.left + p.right, 29);
  const auto padded = reflect_pad(x, p);
  EXPECT_EQ(padded.sizes(), torch::IntArrayRef({1, 2, 64, 32}));
  EXPECT_TRUE(torch::equal(crop(padded, p), x));
  // Mirror: the row above the image equals its second row.
  EXPECT_TRUE(torch::equal(padded[0][0][p.top - 1].slice(0, p.left, p.left + 3), x[0][0][1]));
}

TEST(Padding, RoundsUpToTheGrid) {
  EXPECT_EQ(round_up(33, 32), 64);
  EXPECT_EQ(round_up(64, 32), 64);
  EXPECT_EQ(round_up(10, 32, 64), 64);
}

TEST(ImageTensor, RoundTripsColourAndKeepsAlphaOut) {
  Image rgba(3, 2, 4);
  for (std::size_t i = 0; i < rgba.data.size(); ++i) rgba.data[i] = float(i) / 24.0f;
  const auto t = colour_to_tensor(rgba);
  EXPECT_EQ(t.sizes(), torch::IntArrayRef({1, 3, 2, 3}));
  EXPECT_FLOAT_EQ(t[0][2][1][0].item<float>(), rgba.at(0, 1, 2));
  Image back(3, 2, 4, -1.0f);
  tensor_to_colour(t, &back);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x) {
      for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(back.at(x, y, c), rgba.at(x, y, c));
      EXPECT_FLOAT_EQ(back.at(x, y, 3), -1.0f);
    }
}

torch::Tensor known_except(int w, int h, int x0, int y0, int hole_w, int hole_h) {
  auto m = torch::ones({1, 1, h, w});
  m.narrow(2, y0, hole_h).narrow(3, x0, hole_w).fill_(0.0f);
  return m;
}

TEST(HoleShape, TellsWideHolesFromStrokes) {
  // A square of side 2k + 1 has its centre k + 1 pixels from the nearest known pixel.
  EXPECT_FALSE(hole_reaches_beyond(known_except(64, 64, 20, 20, 11, 11), 6));
  EXPECT_TRUE(hole_reaches_beyond(known_except(64, 64, 20, 20, 13, 13), 6));
  EXPECT_TRUE(hole_reaches_beyond(known_except(120, 120, 40, 40, 40, 40), 6));
  // Strokes and scratches: long but thin, however long.
  EXPECT_FALSE(hole_reaches_beyond(known_except(200, 64, 5, 30, 190, 3), 6));
  EXPECT_FALSE(hole_reaches_beyond(known_except(64, 64, 20, 5, 12, 50), 6));
  // Outside the image is not known: a 7-row band along the top edge is 7 pixels deep, the
  // same band inside only 4.
  EXPECT_TRUE(hole_reaches_beyond(known_except(64, 64, 0, 0, 64, 7), 6));
  EXPECT_FALSE(hole_reaches_beyond(known_except(64, 64, 0, 20, 64, 7), 6));
  // Soft edges: only weights under one half count as hole.
  auto soft = known_except(64, 64, 20, 20, 13, 13);
  soft.narrow(2, 20, 13).narrow(3, 20, 13).fill_(0.6f);
  EXPECT_FALSE(hole_reaches_beyond(soft, 6));
}

TEST(VarianceStop, StopsNearTheVarianceMinimum) {
  // Outputs that settle (shrinking steps) until iteration 300, then wander (growing steps): the
  // rule must keep the estimate from around 300 and stop `patience` later.
  StopRuleSettings s{0.1, 50, 200};
  VarianceStop rule(s, torch::Tensor());
  auto x = torch::zeros({1, 1, 4, 4});
  int stopped_at = -1;
  for (int it = 0; it < 2000; ++it) {
    const double step = it < 300 ? 1.0 / (1 + it) : 1e-3 * (it - 300);
    x.add_(it % 2 ? step : -step);
    const auto estimate = torch::full({1, 1, 1, 1}, double(it));
    rule.observe(x, estimate, it);
    if (it % 10 == 9 && rule.should_stop(it)) {
      stopped_at = it;
      break;
    }
  }
  ASSERT_GT(stopped_at, 0);
  EXPECT_NEAR(rule.best_iteration(), 300, 30);
  EXPECT_NEAR(stopped_at, rule.best_iteration() + 200, 10);
  EXPECT_NEAR(rule.best().item<double>(), rule.best_iteration(), 0.5);
}

// Inpainting: the known pixels keep settling with large steps while the hole's pixels settle,
// then wander from iteration 300. Over the whole image the known part hides the hole's turn;
// measured over the hole (the region) the minimum is where the hole's outputs turned.
int variance_minimum(bool hole_only) {
  StopRuleSettings s{0.1, 50, 100000};
  auto hole = torch::zeros({1, 1, 4, 4});
  hole.narrow(2, 1, 2).narrow(3, 1, 2).fill_(1.0f);
  VarianceStop rule(s, hole_only ? hole : torch::Tensor());
  auto x = torch::zeros({1, 3, 4, 4});
  const auto estimate = torch::zeros({1, 1, 1, 1});
  for (int it = 0; it < 1500; ++it) {
    const double known_step = 10.0 / (1 + it);
    const double hole_step = it < 300 ? 1.0 / (1 + it) : 1e-4 * (it - 300);
    const double sign = it % 2 ? 1.0 : -1.0;
    x.add_(sign * (hole * hole_step + (1 - hole) * known_step));
    rule.observe(x, estimate, it);
  }
  rule.should_stop(1499);  // reads the best iteration
  return rule.best_iteration();
}

TEST(VarianceStop, StopsOnceTheOutputsHaveSettled) {
  // Converging outputs (steps shrinking as 1/t): the variance keeps falling, so without the
  // settled spread only the cap would end the run.
  StopRuleSettings s{0.1, 50, 100000};
  s.settled_spread = 0.5 / 255.0;
  VarianceStop rule(s, torch::Tensor());
  auto x = torch::zeros({1, 3, 8, 8});
  int stopped_at = -1;
  for (int it = 0; it < 20000 && stopped_at < 0; ++it) {
    x.add_((it % 2 ? 1.0 : -1.0) * 0.5 / (1 + it));
    rule.observe(x, x, it);
    if (it % 10 == 9 && rule.should_stop(it)) stopped_at = it;
  }
  // The spread of alternating steps of size d is about d/2 (0.25/t here), so it falls under
  // 0.5/255 after the warm-up, near iteration 130 (139 at the 10-iteration checks).
  ASSERT_GT(stopped_at, 50);
  EXPECT_LT(stopped_at, 300);
  StopRuleSettings never = s;
  never.settled_spread = 0.0;
  VarianceStop patient(never, torch::Tensor());
  x.zero_();
  for (int it = 0; it < 2000; ++it) {
    x.add_((it % 2 ? 1.0 : -1.0) * 0.5 / (1 + it));
    patient.observe(x, x, it);
    ASSERT_FALSE(it % 10 == 9 && patient.should_stop(it)) << it;
  }
}

TEST(VarianceStop, MeasuredOverARegionFindsTheRegionsTurn) {
  EXPECT_NEAR(variance_minimum(true), 300, 30);
  EXPECT_GT(variance_minimum(false), 450);  // 525: late by the known part's settling
}

// The noise actually in `noisy`: the root mean square of noisy - clean, after clipping.
double noise_added(const Image& noisy, const Image& clean) {
  double sum = 0.0;
  for (std::size_t i = 0; i < noisy.data.size(); ++i)
    sum += double(noisy.data[i] - clean.data[i]) * (noisy.data[i] - clean.data[i]);
  return std::sqrt(sum / double(noisy.data.size()));
}

TEST(NoiseLevel, ReadsSigma25OffANaturalImage) {
  // The bench's sigma = 25 noise, 8-bit and clipped, which takes some of its variance at the
  // dark and bright ends: the estimate must land near 25/255 and far above the clean image's.
  const Image noisy = test::load_shared_png("bench/denoise_astronaut256_sigma25.png");
  const Image clean = test::load_shared_png("bench/denoise_astronaut256_gt.png");
  const double actual = noise_added(noisy, clean);
  const double estimate = estimate_noise_level(noisy);
  EXPECT_NEAR(estimate, actual, 0.1 * actual) << "actual " << actual;
  EXPECT_LT(estimate_noise_level(clean), 0.25 * actual);
}

// Light noise on a detailed image: the image's own detail in the finest band is a large share
// of what the band holds, and the plain finest-band reading took it for noise (astronaut256
// and camera256 at sigma 10: 9 % and 13 % high, which put the denoising stop 0.5 and 1.1 dB
// early). The second band's reading takes that detail out.
double light_noise_reading(const char* truth_png, std::uint64_t seed) {
  const Image clean = test::load_shared_png(truth_png);
  Image noisy = clean;
  const auto noise = torch::randn({static_cast<long>(clean.data.size())},
                                  at::make_generator<at::CPUGeneratorImpl>(seed));
  const auto* n = noise.data_ptr<float>();
  for (std::size_t i = 0; i < noisy.data.size(); ++i)  // 8-bit and clipped, as a saved image is
    noisy.data[i] =
        std::round(std::clamp(clean.data[i] * 255.0f + 10.0f * n[i], 0.0f, 255.0f)) / 255.0f;
  return estimate_noise_level(noisy) / noise_added(noisy, clean);
}

TEST(NoiseLevel, ReadsLightNoiseOffADetailedImage) {
  EXPECT_NEAR(light_noise_reading("bench/denoise_astronaut256_gt.png", 5), 1.0, 0.05);
  EXPECT_NEAR(light_noise_reading("bench/denoise_camera256_gt.png", 6), 1.0, 0.07);
}

TEST(NoiseLevel, IgnoresAlphaAndTinyImages) {
  Image rgb = test::smooth_image(40, 30);
  auto noise = torch::randn({static_cast<long>(rgb.data.size())},
                            at::make_generator<at::CPUGeneratorImpl>(3));
  for (std::size_t i = 0; i < rgb.data.size(); ++i) rgb.data[i] += 0.05f * noise[i].item<float>();
  Image rgba(40, 30, 4);
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 40; ++x) {
      for (int c = 0; c < 3; ++c) rgba.at(x, y, c) = rgb.at(x, y, c);
      rgba.at(x, y, 3) = (x * 7 + y * 13) % 2;  // alpha as busy as can be
    }
  EXPECT_NEAR(estimate_noise_level(rgb), 0.05, 0.01);
  EXPECT_DOUBLE_EQ(estimate_noise_level(rgba), estimate_noise_level(rgb));
  EXPECT_EQ(estimate_noise_level(Image(1, 5, 3)), 0.0);
  EXPECT_EQ(estimate_noise_level(Image(8, 8, 1)), 0.0);  // flat: no noise at all
}

TEST(DiscrepancyStop, StopsWhenTheEstimateIsWithinTheNoise) {
  StopRuleSettings s{0.1, 100, 300};
  s.discrepancy = 0.9;
  const DiscrepancyStop rule(s, 0.01);
  ASSERT_TRUE(rule.active());
  EXPECT_FALSE(rule.should_stop(torch::full({}, 0.0095), 500));
  EXPECT_TRUE(rule.should_stop(torch::full({}, 0.0089), 500));
  EXPECT_FALSE(rule.should_stop(torch::full({}, 0.0001), 99)) << "inside the warm-up";
  EXPECT_FALSE(DiscrepancyStop(s, 0.0).active()) << "no noise level, no rule";
  s.discrepancy = 0.0;
  EXPECT_FALSE(DiscrepancyStop(s, 0.01).should_stop(torch::full({}, 0.0), 500));
}

}  // namespace
}  // namespace dip
