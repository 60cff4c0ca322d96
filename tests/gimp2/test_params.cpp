#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "fit_worker.hpp"
#include "params.hpp"

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

TEST(Params, DurationsReadLikeAClock) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(42.4), "0:42");
  EXPECT_EQ(format_duration(725), "12:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-5), "0:00");
}

}  // namespace
}  // namespace dip::front
