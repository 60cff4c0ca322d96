// Pixels between GIMP 3 drawables and the engine's float images, through GEGL. The engine works
// on perceptual (gamma) values in the drawable's own colour space; writing back goes through
// the drawable's native format so untouched pixels can be copied byte for byte.
#pragma once

#include <libgimp/gimp.h>

#include <cstdint>
#include <vector>

#include "composite.hpp"
#include "dip/image.hpp"
#include "geometry.hpp"

namespace dip::gimp3 {

struct DrawableFormat {
  const Babl* working = nullptr;  // "R'G'B'A float" and friends, in the drawable's space
  const Babl* native = nullptr;   // what the drawable stores
  int channels = 0;
  std::size_t native_bytes = 0;  // per pixel
};

DrawableFormat drawable_format(GimpDrawable* drawable);
// 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.
int drawable_channels(GimpDrawable* drawable);

// Rectangles are in the buffer's own coordinates (a layer's start at its top-left corner).
dip::Image read_working(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format);
std::vector<std::uint8_t> read_native(GeglBuffer* buffer, const front::Rect& rect,
                                      const DrawableFormat& format);
void write_working(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format,
                   const dip::Image& image);
void write_native(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format,
                  const std::vector<std::uint8_t>& bytes);
std::vector<std::uint8_t> to_native(const dip::Image& image, const DrawableFormat& format);

// The image's selection over `in_image` (image coordinates) as amounts in [0, 1]; pixels off
// the canvas read as unselected.
front::Selection read_selection(GimpImage* image, const front::Rect& in_image);

}  // namespace dip::gimp3
