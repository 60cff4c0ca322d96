#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "fit_worker.hpp"
#include "params.hpp"
#include "progress_text.hpp"

namespace dip::front {
namespace {

TEST(Params, DefaultsAreValid) {
  EXPECT_EQ(check(InpaintValues{}), "");
  EXPECT_EQ(check(DenoiseValues{}), "");
  EXPECT_EQ(check(UpscaleValues{}), "");
}

TEST(Params, RejectsOutOfRangeValuesWithTheirName) {
  InpaintValues inpaint;
  inpaint.common.preset = 7;
  EXPECT_NE(check(inpaint).find("Preset 7"), std::string::npos);
  inpaint = {};
  inpaint.common.iterations = -1;
  EXPECT_NE(check(inpaint).find("Iterations"), std::string::npos);
  inpaint = {};
  inpaint.common.tv_weight = std::nan("");
  EXPECT_NE(check(inpaint).find("TV weight"), std::string::npos);
  inpaint.common.tv_weight = std::numeric_limits<double>::infinity();
  EXPECT_NE(check(inpaint), "");
  inpaint.common.tv_weight = -0.1;
  EXPECT_NE(check(inpaint), "");
  inpaint = {};
  inpaint.context = -3;
  EXPECT_NE(check(inpaint).find("Context"), std::string::npos);

  UpscaleValues upscale;
  upscale.factor = 5;
  EXPECT_NE(check(upscale).find("factor 5"), std::string::npos);
  upscale.factor = 8;
  EXPECT_EQ(check(upscale), "");
  upscale.new_image = 2;
  EXPECT_NE(check(upscale).find("new-image"), std::string::npos);
}

TEST(Params, ToOptionsCarriesEveryValue) {
  UpscaleValues upscale;
  upscale.factor = 4;
  upscale.common.preset = 2;
  upscale.common.iterations = 123;
  upscale.common.seed = -1;
  upscale.common.tv_weight = 0.25;
  const dip::Options options = to_options(upscale);
  EXPECT_EQ(options.task, dip::Task::Upscale);
  EXPECT_EQ(options.factor, 4);
  EXPECT_EQ(options.preset, dip::Preset::Paper);
  EXPECT_EQ(options.iterations, 123);
  EXPECT_EQ(options.seed, 0xffffffffu);
  EXPECT_FLOAT_EQ(options.tv_weight, 0.25f);
  EXPECT_EQ(to_options(InpaintValues{}).task, dip::Task::Inpaint);
  EXPECT_EQ(to_options(DenoiseValues{}).task, dip::Task::Denoise);
}

TEST(Params, MemoryLimitComesFromTheEnvironment) {
  ::unsetenv("DIP_MEMORY_LIMIT_MIB");
  EXPECT_EQ(to_options(DenoiseValues{}).memory_budget, 0u);
  ::setenv("DIP_MEMORY_LIMIT_MIB", "400", 1);
  EXPECT_EQ(to_options(DenoiseValues{}).memory_budget, std::size_t{400} << 20);
  for (const char* junk : {"", "abc", "0", "12x", "-5"}) {
    ::setenv("DIP_MEMORY_LIMIT_MIB", junk, 1);
    EXPECT_EQ(to_options(DenoiseValues{}).memory_budget, 0u) << junk;
  }
  ::unsetenv("DIP_MEMORY_LIMIT_MIB");
}

TEST(ProgressText, NamesTheTileWhenTiled) {
  FitProgress p;
  p.iteration = 40;
  p.total = 100;
  EXPECT_EQ(status_text(p), "Iteration 40 of 100");
  p.tile = 2;
  p.tiles = 4;
  EXPECT_EQ(status_text(p), "Tile 2 of 4 · Iteration 40 of 100");
}

TEST(ProgressText, DescribesTheMemoryPlan) {
  dip::Options o;
  o.task = dip::Task::Denoise;
  dip::MemoryPlan whole;
  whole.whole_bytes = whole.tile_bytes = 300u << 20;
  EXPECT_EQ(describe_fit(o, 64, 48, whole), "Fits a 64×48 area. Peak memory about 300 MB.");
  dip::MemoryPlan tiled = whole;
  tiled.whole_bytes = 900u << 20;
  tiled.budget_bytes = 400u << 20;
  tiled.tiles_x = 3;
  tiled.tiles_y = 2;
  EXPECT_EQ(describe_fit(o, 640, 480, tiled),
            "Fits a 640×480 area. One fit would need about 900 MB but 400 MB is available: works "
            "in 6 tiles of about 300 MB each.");
  dip::MemoryPlan refused = tiled;
  refused.fits = false;
  o.task = dip::Task::Upscale;
  o.factor = 4;
  EXPECT_NE(describe_fit(o, 640, 480, refused).find("Result: 2560×1920 pixels."), std::string::npos);
  EXPECT_NE(describe_fit(o, 640, 480, refused).find("400 MB is available"), std::string::npos);
}

TEST(Params, DurationsReadLikeAClock) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(42.4), "0:42");
  EXPECT_EQ(format_duration(725), "12:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-5), "0:00");
}

}  // namespace
}  // namespace dip::front
