// Test helpers: small natural crops from ../shared, synthetic images, a PNG reader.
#pragma once

#include <string>

#include "dip/image.hpp"

namespace dip::test {

// Reads an 8-bit PNG (RGB or grey as stored) from ../shared; fails the test when missing.
Image load_shared_png(const std::string& relative_path);

Image crop(const Image& image, int x, int y, int width, int height);

// A smooth synthetic RGB image: gradients and a disc, the kind of content the prior likes.
Image smooth_image(int width, int height);

}  // namespace dip::test
