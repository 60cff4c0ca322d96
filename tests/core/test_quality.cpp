// Small but real restorations of natural crops from ../shared/bench: each must beat the naive
// answer by a margin a broken operator, net or loop would miss.
#include <gtest/gtest.h>

#include <iostream>

#include "dip/restore.hpp"
#include "test_images.hpp"

namespace dip {
namespace {

Options fit(Task task, int iterations) {
  Options o;
  o.task = task;
  o.preset = Preset::Fast;
  o.iterations = iterations;
  o.seed = 3;
  o.threads = 1;  // tests run side by side on 2 cores: more threads would fight
  o.report_every = 50;
  return o;
}

TEST(Quality, DenoisingRaisesPsnrClearly) {
  const Image noisy = test::crop(test::load_shared_png("bench/denoise_astronaut256_sigma25.png"), 8, 72, 64, 64);
  const Image clean = test::crop(test::load_shared_png("bench/denoise_astronaut256_gt.png"), 8, 72, 64, 64);
  const double before = psnr(noisy, clean);
  const Result r = restore(noisy, nullptr, fit(Task::Denoise, 300));
  const double after = psnr(r.image, clean);
  std::cout << "denoise 64x64: noisy " << before << " dB, DIP " << after << " dB\n";
  EXPECT_GT(after, before + 3.0) << "noisy " << before << " dB, denoised " << after << " dB";
}

TEST(Quality, InpaintingBeatsTheMeanOfTheBorder) {
  const Image truth = test::crop(test::load_shared_png("bench/denoise_astronaut256_gt.png"), 8, 72, 64, 64);
  Mask known(64, 64);
  Mask hole_region(64, 64, 0.0f);
  const int x0 = 28, y0 = 26, side = 10;
  for (int y = y0; y < y0 + side; ++y)
    for (int x = x0; x < x0 + side; ++x) {
      known.at(x, y) = 0.0f;
      hole_region.at(x, y) = 1.0f;
    }
  Image damaged = truth;
  for (int y = y0; y < y0 + side; ++y)
    for (int x = x0; x < x0 + side; ++x)
      for (int c = 0; c < 3; ++c) damaged.at(x, y, c) = 0.0f;

  // The naive fill: every hole pixel gets the mean colour of the ring around the hole.
  Image flat = damaged;
  double mean[3] = {0, 0, 0};
  int n = 0;
  for (int y = y0 - 1; y <= y0 + side; ++y)
    for (int x = x0 - 1; x <= x0 + side; ++x)
      if (known.at(x, y) == 1.0f) {
        for (int c = 0; c < 3; ++c) mean[c] += truth.at(x, y, c);
        ++n;
      }
  for (int y = y0; y < y0 + side; ++y)
    for (int x = x0; x < x0 + side; ++x)
      for (int c = 0; c < 3; ++c) flat.at(x, y, c) = float(mean[c] / n);

  const Result r = restore(damaged, &known, fit(Task::Inpaint, 300));
  const double naive = psnr(flat, truth, &hole_region);
  const double dip = psnr(r.image, truth, &hole_region);
  std::cout << "inpaint 10x10 hole: mean fill " << naive << " dB, DIP " << dip << " dB\n";
  EXPECT_GT(dip, naive + 0.5) << "mean fill " << naive << " dB, DIP " << dip << " dB";
}

TEST(Quality, UpscalingBeatsNearestNeighbour) {
  const Image low = test::crop(test::load_shared_png("bench/upscale_camera256_x2_input.png"), 48, 40, 32, 32);
  const Image truth = test::crop(test::load_shared_png("bench/upscale_camera256_x2_gt.png"), 96, 80, 64, 64);
  Image nearest(64, 64, low.channels);
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x)
      for (int c = 0; c < low.channels; ++c) nearest.at(x, y, c) = low.at(x / 2, y / 2, c);
  auto o = fit(Task::Upscale, 400);
  o.factor = 2;
  const Result r = restore(low, nullptr, o);
  ASSERT_EQ(r.image.width, 64);
  const double naive = psnr(nearest, truth);
  const double dip = psnr(r.image, truth);
  std::cout << "upscale x2 32->64: nearest " << naive << " dB, DIP " << dip << " dB\n";
  EXPECT_GT(dip, naive + 0.5) << "nearest " << naive << " dB, DIP " << dip << " dB";
}

}  // namespace
}  // namespace dip
