#include <gtest/gtest.h>

#include <cstring>

#include "composite.hpp"
#include "preview.hpp"

namespace dip::front {
namespace {

TEST(Composite, BlendFollowsSelectionAmounts) {
  dip::Image source(3, 1, 1);
  source.data = {0.2f, 0.4f, 0.6f};
  dip::Image restored(3, 1, 1);
  restored.data = {1.0f, 1.0f, 1.0f};
  Selection selection{3, 1, {0.0f, 0.5f, 1.0f}};
  const dip::Image out = blend(source, restored, selection);
  EXPECT_EQ(out.data[0], 0.2f);  // exactly the source, not recomputed
  EXPECT_FLOAT_EQ(out.data[1], 0.7f);
  EXPECT_EQ(out.data[2], 1.0f);
}

TEST(Composite, InpaintingIsBlendedOnceDenoisingHere) {
  // The engine blends an inpainting fill in itself; a second blend would leave a half-selected
  // pixel with a quarter of the fill.
  dip::Image source(2, 1, 1);
  source.data = {0.2f, 0.2f};
  dip::Image restored(2, 1, 1);
  restored.data = {1.0f, 0.6f};
  const Selection selection{2, 1, {0.5f, 0.0f}};
  const dip::Image inpainted = composite_result(dip::Task::Inpaint, source, restored, selection);
  EXPECT_EQ(inpainted.data, restored.data);
  const dip::Image denoised = composite_result(dip::Task::Denoise, source, restored, selection);
  EXPECT_FLOAT_EQ(denoised.data[0], 0.6f);
  EXPECT_EQ(denoised.data[1], 0.2f);
}

TEST(Composite, WholeSelectionTakesEverything) {
  dip::Image source(2, 2, 4, 0.1f);
  dip::Image restored(2, 2, 4, 0.9f);
  const dip::Image out = blend(source, restored, Selection{2, 2, {}});
  for (float v : out.data) EXPECT_EQ(v, 0.9f);
}

TEST(Composite, BlendRejectsMismatchedShapes) {
  EXPECT_THROW(blend(dip::Image(2, 2, 3), dip::Image(2, 2, 4), Selection{2, 2, {}}),
               std::invalid_argument);
  EXPECT_THROW(blend(dip::Image(2, 2, 3), dip::Image(2, 2, 3), Selection{2, 2, {1.0f}}),
               std::invalid_argument);
}

TEST(Composite, KeepUnselectedCopiesSourceBytesExactly) {
  // 16-bit RGBA: 8 bytes per pixel, 3 pixels.
  std::uint8_t source[24], result[24];
  for (int i = 0; i < 24; ++i) {
    source[i] = static_cast<std::uint8_t>(i);
    result[i] = 200;
  }
  Selection selection{3, 1, {0.0f, 0.001f, 1.0f}};
  keep_unselected(source, result, selection, 3, 8);
  EXPECT_EQ(std::memcmp(result, source, 8), 0);
  for (int i = 8; i < 24; ++i) EXPECT_EQ(result[i], 200);
}

TEST(Composite, KnownMaskIsTheComplementOfTheSelection) {
  Selection selection{2, 1, {0.25f, 1.5f}};
  const dip::Mask mask = known_from_selection(selection);
  EXPECT_FLOAT_EQ(mask.at(0, 0), 0.75f);
  EXPECT_FLOAT_EQ(mask.at(1, 0), 0.0f);  // clamped
  EXPECT_TRUE(selection_has_pixels(selection));
  EXPECT_FALSE(selection_has_pixels(Selection{2, 1, {0.0f, 0.0f}}));
}

TEST(Preview, DownscalesToMaxSideAndQuantises) {
  dip::Image image(100, 50, 3, 0.5f);
  image.at(0, 0, 0) = 2.0f;  // clipped, not wrapped
  const Preview8 small = make_preview(image, 20);
  EXPECT_EQ(small.width, 20);
  EXPECT_EQ(small.height, 10);
  EXPECT_EQ(small.channels, 3);
  EXPECT_EQ(small.pixels.size(), 20u * 10u * 3u);
  EXPECT_EQ(small.pixels[1], 128);
  EXPECT_GT(small.pixels[0], 128);
  const Preview8 zoomed = make_preview(dip::Image(8, 4, 1, 1.0f), 320);
  EXPECT_EQ(zoomed.width, 24);  // enlarged, but no more than kMaxPreviewZoom times
  EXPECT_EQ(zoomed.height, 12);
  EXPECT_EQ(zoomed.pixels[0], 255);
  const Preview8 fits = make_preview(dip::Image(100, 60, 1, 0.0f), 150);
  EXPECT_EQ(fits.width, 150);
  EXPECT_EQ(fits.height, 90);
}

}  // namespace
}  // namespace dip::front
