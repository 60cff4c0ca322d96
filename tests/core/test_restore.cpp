// restore() through the public API only: what every front end relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <new>
#include <stdexcept>
#include <thread>

#include "dip/restore.hpp"
#include "injected_fault.hpp"
#include "test_images.hpp"

namespace dip {
namespace {

Options quick(Task task, int iterations = 30) {
  Options o;
  o.task = task;
  o.preset = Preset::Fast;
  o.iterations = iterations;
  o.seed = 1;
  o.threads = 1;
  o.report_every = 5;
  return o;
}

Mask square_hole(int w, int h, int x0, int y0, int side) {
  Mask m(w, h);
  for (int y = y0; y < y0 + side; ++y)
    for (int x = x0; x < x0 + side; ++x) m.at(x, y) = 0.0f;
  return m;
}

TEST(Restore, FittingLowersTheLoss) {
  const Image img = test::smooth_image(32, 32);
  std::vector<double> losses;
  auto o = quick(Task::Denoise, 60);
  restore(img, nullptr, o, [&](const Progress& p) {
    losses.push_back(p.loss);
    return Reply{};
  });
  ASSERT_EQ(losses.size(), 12u);
  EXPECT_LT(losses.back(), 0.25 * losses.front());
}

TEST(Restore, ReportsProgressAndGivesTheEstimateOnlyWhenAsked) {
  const Image img = test::smooth_image(20, 18);
  int reports = 0, estimates = 0;
  auto o = quick(Task::Denoise, 20);
  const Result r = restore(img, nullptr, o, [&](const Progress& p) {
    ++reports;
    EXPECT_EQ(p.total, 20);
    EXPECT_EQ(p.iteration, 5 * reports);
    EXPECT_GE(p.eta_s, 0.0);
    if (p.estimate) {
      ++estimates;
      EXPECT_EQ(p.estimate->width, 20);
      EXPECT_EQ(p.estimate->height, 18);
    }
    return Reply{Action::Continue, reports == 2};
  });
  EXPECT_EQ(reports, 4);
  EXPECT_EQ(estimates, 1);  // asked in report 2, delivered in report 3
  EXPECT_EQ(r.iterations, 20);
}

TEST(Restore, SameSeedGivesIdenticalOutputAndAnotherSeedDoesNot) {
  const Image img = test::smooth_image(32, 32);
  auto o = quick(Task::Denoise, 25);
  const Result a = restore(img, nullptr, o);
  const Result b = restore(img, nullptr, o);
  EXPECT_EQ(a.image.data, b.image.data);
  o.seed = 2;
  const Result c = restore(img, nullptr, o);
  EXPECT_NE(a.image.data, c.image.data);
}

TEST(Restore, CancelThroughTheCallbackThrows) {
  const Image img = test::smooth_image(32, 32);
  int reports = 0;
  EXPECT_THROW(restore(img, nullptr, quick(Task::Denoise, 1000),
                       [&](const Progress&) {
                         ++reports;
                         return Reply{Action::Cancel, false};
                       }),
               Cancelled);
  EXPECT_EQ(reports, 1);
}

TEST(Restore, CancelFromAnotherThreadEndsWithinAnIteration) {
  const Image img = test::smooth_image(64, 64);
  StopToken token;
  auto o = quick(Task::Denoise, 100000);
  o.report_every = 100000;  // no report: only the token can stop it
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    token.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(restore(img, nullptr, o, {}, &token), Cancelled);
  canceller.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(s, 5.0);
}

TEST(Restore, StopAndKeepReturnsTheCurrentEstimate) {
  const Image img = test::smooth_image(32, 32);
  const Result r = restore(img, nullptr, quick(Task::Denoise, 1000), [](const Progress& p) {
    return Reply{p.iteration >= 15 ? Action::StopAndKeep : Action::Continue, false};
  });
  EXPECT_TRUE(r.stopped_by_user);
  EXPECT_EQ(r.iterations, 15);
  EXPECT_EQ(r.image.width, 32);
}

TEST(Restore, AutomaticRunHonoursTheCap) {
  const Image img = test::smooth_image(32, 32);
  auto o = quick(Task::Denoise, 0);
  o.max_iterations = 40;
  int last_total = 0;
  const Result r = restore(img, nullptr, o, [&](const Progress& p) {
    EXPECT_TRUE(p.automatic);
    last_total = p.total;
    return Reply{};
  });
  EXPECT_EQ(last_total, 40);
  EXPECT_EQ(r.iterations, 40);
  EXPECT_LE(r.best_iteration, r.iterations);
  EXPECT_EQ(r.image.width, 32);
}

// Balanced denoising's discrepancy stop is held against Options::noise_level: a level far above
// the image's ends the run at the first check after the warm-up, one far below leaves it to the
// cap.
TEST(Restore, BalancedDenoisingStopsAgainstTheNoiseLevel) {
  const Image img = test::smooth_image(32, 32);
  auto o = quick(Task::Denoise, 0);
  o.preset = Preset::Balanced;
  o.report_every = 10;
  o.max_iterations = 220;
  o.noise_level = 0.5f;
  const Result loud = restore(img, nullptr, o, {});
  EXPECT_TRUE(loud.stopped_by_rule);
  EXPECT_EQ(loud.iterations, 210);  // the check at 200 is still inside the warm-up
  o.noise_level = 1e-4f;
  const Result quiet = restore(img, nullptr, o, {});
  EXPECT_FALSE(quiet.stopped_by_rule);
  EXPECT_EQ(quiet.iterations, 220);
}

TEST(Restore, KeepsAlphaAndGreyLayouts) {
  Image ga(24, 20, 2);
  for (std::size_t i = 0; i < ga.pixel_count(); ++i) {
    ga.data[2 * i] = float(i % 24) / 24.0f;
    ga.data[2 * i + 1] = float(i % 7) / 7.0f;
  }
  const Result r = restore(ga, nullptr, quick(Task::Denoise, 10));
  ASSERT_EQ(r.image.channels, 2);
  for (std::size_t i = 0; i < ga.pixel_count(); ++i)
    ASSERT_EQ(r.image.data[2 * i + 1], ga.data[2 * i + 1]) << "alpha changed at " << i;
}

TEST(Restore, UpscaleResizesAlphaAndColour) {
  Image rgba(12, 10, 4, 1.0f);
  auto o = quick(Task::Upscale, 10);
  o.factor = 3;
  const Result r = restore(rgba, nullptr, o);
  EXPECT_EQ(r.image.width, 36);
  EXPECT_EQ(r.image.height, 30);
  EXPECT_EQ(r.image.channels, 4);
  EXPECT_NEAR(r.image.at(17, 13, 3), 1.0f, 1e-5);
}

// Keys' cubic with a = -0.75 and half-pixel centres (PyTorch's bicubic), for pixels whose four
// taps lie inside the image.
double bicubic_at(const Image& img, double sx, double sy, int c) {
  auto w = [](double d) {
    d = std::abs(d);
    const double a = -0.75;
    return d <= 1.0 ? ((a + 2.0) * d - (a + 3.0)) * d * d + 1.0
                    : d < 2.0 ? ((a * d - 5.0 * a) * d + 8.0 * a) * d - 4.0 * a : 0.0;
  };
  const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
  double v = 0.0;
  for (int j = -1; j <= 2; ++j)
    for (int i = -1; i <= 2; ++i)
      v += w(sx - (x0 + i)) * w(sy - (y0 + j)) * img.at(x0 + i, y0 + j, c);
  return v;
}

// The light presets fit a correction to the bicubic enlargement, whose head starts at zero: the
// first iterate is that enlargement, so even a run stopped at once is no worse than bicubic.
TEST(Restore, UpscaleStartsFromTheBicubicEnlargement) {
  const Image img = test::smooth_image(20, 16);
  auto o = quick(Task::Upscale, 1);
  o.factor = 2;
  const Result r = restore(img, nullptr, o);
  int compared = 0;
  for (int y = 6; y < 32 - 6; ++y)
    for (int x = 6; x < 40 - 6; ++x)
      for (int c = 0; c < 3; ++c, ++compared)
        ASSERT_NEAR(r.image.at(x, y, c), bicubic_at(img, (x + 0.5) / 2 - 0.5, (y + 0.5) / 2 - 0.5, c), 1e-4)
            << "at " << x << "," << y;
  EXPECT_EQ(compared, 28 * 20 * 3);
  o.iterations = 40;
  const Result fitted = restore(img, nullptr, o);
  double moved = 0.0;
  for (std::size_t i = 0; i < fitted.image.data.size(); ++i)
    moved = std::max(moved, static_cast<double>(std::abs(fitted.image.data[i] - r.image.data[i])));
  EXPECT_GT(moved, 1.0 / 255) << "the correction never left zero";
}

TEST(Restore, InpaintKeepsKnownPixelsExactly) {
  const Image img = test::smooth_image(40, 36);
  const Mask m = square_hole(40, 36, 10, 12, 8);
  const Result r = restore(img, &m, quick(Task::Inpaint, 20));
  for (int y = 0; y < 36; ++y)
    for (int x = 0; x < 40; ++x)
      if (m.at(x, y) == 1.0f) {
        for (int c = 0; c < 3; ++c) ASSERT_EQ(r.image.at(x, y, c), img.at(x, y, c));
      }
}

TEST(Restore, InpaintingLearnsNothingFromPixelsSelectedMoreThanHalf) {
  // A soft-edged selection of something dark: its rim, selected 0.6-0.9, is still dark. The fit
  // must treat the rim as hole, so that a run with the soft mask fills the core of the hole
  // exactly as a run with the mask cut at one half does; weighting the rim by how little it is
  // selected would pull the fill towards the dark.
  const int w = 32, h = 28;
  Image img = test::smooth_image(w, h);
  Mask soft(w, h), cut(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int ring = std::max(std::abs(x - 15), std::abs(y - 13));
      const float selected = ring <= 3 ? 1.0f : ring == 4 ? 0.9f : ring == 5 ? 0.6f : ring == 6 ? 0.3f : 0.0f;
      soft.at(x, y) = 1.0f - selected;
      cut.at(x, y) = selected > 0.5f ? 0.0f : 1.0f;
      if (selected > 0.5f)
        for (int c = 0; c < 3; ++c) img.at(x, y, c) = 0.0f;
    }
  const Result a = restore(img, &soft, quick(Task::Inpaint, 15));
  const Result b = restore(img, &cut, quick(Task::Inpaint, 15));
  int compared = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (soft.at(x, y) == 0.0f) {
        ++compared;
        for (int c = 0; c < 3; ++c) ASSERT_EQ(a.image.at(x, y, c), b.image.at(x, y, c)) << x << "," << y;
      }
  EXPECT_EQ(compared, 49);
  // The rim is still blended through the soft selection: 0.4 of the dark input at 0.6.
  const float fill = b.image.at(15 + 5, 13, 0);
  EXPECT_NEAR(a.image.at(15 + 5, 13, 0), 0.6f * fill, 1e-6f);
}

TEST(Validate, RefusesARegionNoPixelOfWhichIsSelectedMoreThanHalf) {
  // A selection feathered so far that it never passes one half: the fit would trust all of it.
  const Image img = test::smooth_image(32, 32);
  Mask faint(32, 32, 1.0f);
  for (int y = 10; y < 20; ++y)
    for (int x = 10; x < 20; ++x) faint.at(x, y) = 0.5f;
  try {
    validate(img, &faint, quick(Task::Inpaint));
    ADD_FAILURE() << "a region selected at most half was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more than half"), std::string::npos) << e.what();
  }
  faint.at(15, 15) = 0.49f;  // one pixel selected more than half: something to fill
  EXPECT_NO_THROW(validate(img, &faint, quick(Task::Inpaint)));
}

TEST(Restore, ProgressReportingDoesNotChangeTheResult) {
  // The GIMP dialog reports every iteration, batch runs and the CLI every 10; an automatic run
  // decides its stop at fixed iterations, so both give the same bits.
  const Image img = test::smooth_image(24, 24);
  for (const int iterations : {25, 0}) {
    auto o = quick(Task::Denoise, iterations);
    o.max_iterations = 30;
    o.report_every = 10;
    const Result sparse = restore(img, nullptr, o);
    o.report_every = 1;
    const Result every = restore(img, nullptr, o, [](const Progress&) {
      return Reply{Action::Continue, true};
    });
    EXPECT_EQ(sparse.image.data, every.image.data) << "iterations " << iterations;
    EXPECT_EQ(sparse.iterations, every.iterations) << "iterations " << iterations;
  }
}

TEST(Restore, InpaintAndUpscaleAreReproducible) {
  const Image img = test::smooth_image(32, 28);
  const Mask m = square_hole(32, 28, 10, 8, 7);
  EXPECT_EQ(restore(img, &m, quick(Task::Inpaint, 15)).image.data,
            restore(img, &m, quick(Task::Inpaint, 15)).image.data);
  auto up = quick(Task::Upscale, 15);
  EXPECT_EQ(restore(img, nullptr, up).image.data, restore(img, nullptr, up).image.data);
}

// The DIP_FAULT testing hook (core/src/fault.hpp): failures the engine did not foresee leave
// restore() as ordinary exceptions, for the front ends to turn into messages.
using test::InjectedFault;

TEST(Restore, InjectedExceptionAtIterationK) {
  const Image img = test::smooth_image(20, 20);
  const InjectedFault fault("throw@7");
  int last_report = 0;
  try {
    restore(img, nullptr, quick(Task::Denoise, 30), [&](const Progress& p) {
      last_report = p.iteration;
      return Reply{};
    });
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    ADD_FAILURE() << "an injected fault must not look like a refusal: " << e.what();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("before iteration 7"), std::string::npos) << e.what();
  }
  EXPECT_EQ(last_report, 5);  // reports every 5: iteration 5 was the last one done
}

TEST(Restore, InjectedAllocationFailureAtStartUp) {
  const Image img = test::smooth_image(20, 20);
  const InjectedFault fault("oom@0");
  int reports = 0;
  EXPECT_THROW(restore(img, nullptr, quick(Task::Denoise, 30),
                       [&](const Progress&) {
                         ++reports;
                         return Reply{};
                       }),
               std::bad_alloc);
  EXPECT_EQ(reports, 0);
}

TEST(Restore, MalformedFaultSpecsInjectNothing) {
  const Image img = test::smooth_image(20, 20);
  for (const char* spec : {"", "throw", "throw@", "throw@x", "crash@3", "oom@-1", "throw@99999999999"}) {
    const InjectedFault fault(spec);
    EXPECT_NO_THROW(restore(img, nullptr, quick(Task::Denoise, 3))) << spec;
  }
}

TEST(Validate, RejectsWhatCannotBeRestored) {
  const Image img = test::smooth_image(32, 32);
  auto expect_error = [&](const Image& i, const Mask* m, const Options& o, const char* what) {
    try {
      validate(i, m, o);
      ADD_FAILURE() << "accepted: " << what;
    } catch (const Error& e) {
      EXPECT_GT(std::string(e.what()).size(), 10u) << what;
    }
  };
  expect_error(Image(7, 5, 3), nullptr, quick(Task::Denoise), "7x5 image");
  expect_error(Image(1, 1, 3), nullptr, quick(Task::Denoise), "1x1 image");
  expect_error(Image(32, 32, 5), nullptr, quick(Task::Denoise), "5 channels");
  auto up = quick(Task::Upscale);
  up.factor = 5;
  expect_error(img, nullptr, up, "factor 5");
  auto neg = quick(Task::Denoise, -1);
  expect_error(img, nullptr, neg, "negative iterations");
  auto nan_tv = quick(Task::Denoise);
  nan_tv.tv_weight = std::numeric_limits<float>::quiet_NaN();
  expect_error(img, nullptr, nan_tv, "NaN TV weight");
  auto loud = quick(Task::Denoise);
  loud.noise_level = 1.5f;
  expect_error(img, nullptr, loud, "noise level 1.5");
  loud.noise_level = -0.1f;
  expect_error(img, nullptr, loud, "negative noise level");
  auto dev = quick(Task::Denoise);
  dev.device = "tpu";
  expect_error(img, nullptr, dev, "unknown device");
  expect_error(img, nullptr, quick(Task::Inpaint), "inpaint without a mask");
  const Mask other(31, 32, 0.0f);
  expect_error(img, &other, quick(Task::Inpaint), "mask of another size");
  const Mask none(32, 32, 1.0f);
  expect_error(img, &none, quick(Task::Inpaint), "mask with no hole");
  const Mask all(32, 32, 0.0f);
  expect_error(img, &all, quick(Task::Inpaint), "hole over everything");
  auto tight = quick(Task::Denoise);
  tight.memory_budget = 1024;
  try {
    validate(img, nullptr, tight);
    ADD_FAILURE() << "accepted a 1 KiB budget";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("GiB"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(validate(img, nullptr, quick(Task::Denoise)));
}

TEST(Psnr, MatchesTheDefinition) {
  Image a(4, 4, 3, 0.5f), b(4, 4, 3, 0.6f);
  EXPECT_NEAR(psnr(a, b), 20.0, 1e-4);  // MSE 0.01
  Mask region(4, 4, 0.0f);
  region.at(0, 0) = 1.0f;
  b.at(0, 0, 0) = b.at(0, 0, 1) = b.at(0, 0, 2) = 0.5f;
  EXPECT_TRUE(std::isinf(psnr(a, b, &region)));
}

}  // namespace
}  // namespace dip
