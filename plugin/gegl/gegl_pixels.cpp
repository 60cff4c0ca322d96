#include "gegl_pixels.hpp"

#include <glib.h>

#include <stdexcept>

namespace dip::gegl_io {

namespace {

GeglRectangle to_gegl(const front::Rect& rect) {
  return GeglRectangle{rect.x, rect.y, rect.width, rect.height};
}

}  // namespace

DrawableFormat make_format(bool gray, bool alpha, const Babl* native) {
  const char* name = gray ? (alpha ? "Y'A float" : "Y' float")
                          : (alpha ? "R'G'B'A float" : "R'G'B' float");
  DrawableFormat format;
  format.native = native;
  // Same space as the drawable: a working format in plain sRGB would convert the colours of an
  // image with another profile on the way in and out.
  format.working = babl_format_with_space(name, native);
  format.channels = (gray ? 1 : 3) + (alpha ? 1 : 0);
  format.native_bytes = static_cast<std::size_t>(babl_format_get_bytes_per_pixel(native));
  return format;
}

dip::Image read_working(GeglBuffer* buffer, const front::Rect& rect,
                        const DrawableFormat& format) {
  dip::Image image(rect.width, rect.height, format.channels);
  const GeglRectangle area = to_gegl(rect);
  gegl_buffer_get(buffer, &area, 1.0, format.working, image.data.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  return image;
}

std::vector<std::uint8_t> read_native(GeglBuffer* buffer, const front::Rect& rect,
                                      const DrawableFormat& format) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(rect.area()) * format.native_bytes);
  const GeglRectangle area = to_gegl(rect);
  gegl_buffer_get(buffer, &area, 1.0, format.native, bytes.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  return bytes;
}

void write_working(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format,
                   const dip::Image& image) {
  if (image.width != rect.width || image.height != rect.height ||
      image.channels != format.channels)
    throw std::logic_error("write_working: image and rectangle differ");
  const GeglRectangle area = to_gegl(rect);
  gegl_buffer_set(buffer, &area, 0, format.working, image.data.data(), GEGL_AUTO_ROWSTRIDE);
}

void write_native(GeglBuffer* buffer, const front::Rect& rect, const DrawableFormat& format,
                  const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() != static_cast<std::size_t>(rect.area()) * format.native_bytes)
    throw std::logic_error("write_native: byte count and rectangle differ");
  const GeglRectangle area = to_gegl(rect);
  gegl_buffer_set(buffer, &area, 0, format.native, bytes.data(), GEGL_AUTO_ROWSTRIDE);
}

std::vector<std::uint8_t> to_native(const dip::Image& image, const DrawableFormat& format) {
  std::vector<std::uint8_t> bytes(image.pixel_count() * format.native_bytes);
  babl_process(babl_fish(format.working, format.native), image.data.data(), bytes.data(),
               static_cast<long>(image.pixel_count()));
  return bytes;
}

front::Selection read_coverage(GeglBuffer* mask, const Babl* stored, const front::Rect& in_image) {
  front::Selection selection;
  selection.width = in_image.width;
  selection.height = in_image.height;
  selection.amount.resize(static_cast<std::size_t>(in_image.area()));
  // Read the stored coverage values as they are: converting between the linear and the
  // perceptual grey model would bend a feathered edge.
  const bool perceptual = g_strcmp0(babl_get_name(babl_format_get_model(stored)), "Y'") == 0;
  const Babl* as_float = babl_format_with_space(perceptual ? "Y' float" : "Y float", stored);
  const GeglRectangle area = to_gegl(in_image);
  gegl_buffer_get(mask, &area, 1.0, as_float, selection.amount.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  return selection;
}

}  // namespace dip::gegl_io
