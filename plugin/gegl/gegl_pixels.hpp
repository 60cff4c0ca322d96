// Pixels between GEGL buffers and the engine's float images, shared by the GIMP 2.10 and GIMP 3
// front ends (both hand out GEGL buffers; only how a drawable is named differs). The engine works
// on perceptual (gamma) values in the drawable's own colour space; writing back goes through the
// drawable's native format so untouched pixels can be copied byte for byte.
#pragma once

#include <babl/babl.h>
#include <gegl.h>

#include <cstdint>
#include <vector>

#include "composite.hpp"
#include "dip/image.hpp"
#include "geometry.hpp"

namespace dip::gegl_io {

struct DrawableFormat {
  const Babl* working = nullptr;  // "R'G'B'A float" and friends, in the drawable's space
  const Babl* native = nullptr;   // what the drawable stores
  int channels = 0;
  std::size_t native_bytes = 0;  // per pixel
};

// From what GIMP says of the drawable: grey or not, alpha or not, its stored format.
DrawableFormat make_format(bool gray, bool alpha, const Babl* native);

// Rectangles are in the buffer's own coordinates (a layer's start at its top-left corner).
dip::Image read_working(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format);
std::vector<std::uint8_t> read_native(GeglBuffer* buffer, const front::Rect& rect,
                                      const DrawableFormat& format);
void write_working(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format,
                   const dip::Image& image);
void write_native(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format,
                  const std::vector<std::uint8_t>& bytes);
std::vector<std::uint8_t> to_native(const dip::Image& image, const DrawableFormat& format);

// The selection channel's buffer over `in_image` as amounts in [0, 1], read in the grey model it
// is stored in; `stored` is the channel's format.
front::Selection read_coverage(GeglBuffer* mask, const Babl* stored, const front::Rect& in_image);

}  // namespace dip::gegl_io
