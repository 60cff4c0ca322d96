#include "hole_mask.hpp"

#include <gtest/gtest.h>

#include "image_io.hpp"

namespace dip::cli {
namespace {

std::string error_of(const dip::Image& hole, int width, int height) {
  try {
    mask_from_hole_image(hole, "m.png", width, height);
  } catch (const FileError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(HoleMask, WhiteIsTheHole) {
  dip::Image hole(3, 1, 1);
  hole.data = {0.0f, 1.0f, 0.25f};
  const dip::Mask mask = mask_from_hole_image(hole, "m.png", 3, 1);
  EXPECT_EQ(mask.known, (std::vector<float>{1.0f, 0.0f, 0.75f}));
}

TEST(HoleMask, ColourIsAveragedAndAlphaIgnored) {
  dip::Image hole(2, 1, 4);
  hole.data = {1.0f, 1.0f, 1.0f, 0.5f,   // white, half transparent: hole
               0.0f, 0.0f, 0.6f, 1.0f};  // mostly black: 0.2 of a hole
  const dip::Mask mask = mask_from_hole_image(hole, "m.png", 2, 1);
  EXPECT_FLOAT_EQ(mask.known[0], 0.0f);
  EXPECT_FLOAT_EQ(mask.known[1], 0.8f);
}

TEST(HoleMask, OtherSizeIsRefused) {
  EXPECT_EQ(error_of(dip::Image(4, 3, 1, 1.0f), 4, 4), "m.png: mask is 4x3 but the image is 4x4");
}

TEST(HoleMask, AlphaOnlyHoleIsRefused) {
  dip::Image hole(2, 1, 2);
  hole.data = {0.0f, 1.0f, 0.0f, 0.0f};
  EXPECT_EQ(error_of(hole, 2, 1),
            "m.png: mask has its hole in the alpha channel only; paint the hole white on black "
            "instead");
}

TEST(HoleMask, MaskWithoutHoleIsRefused) {
  EXPECT_EQ(error_of(dip::Image(2, 2, 3, 0.0f), 2, 2),
            "m.png: mask marks nothing to restore (paint the hole white, the rest black)");
}

}  // namespace
}  // namespace dip::cli
