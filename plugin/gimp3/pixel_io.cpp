#include "pixel_io.hpp"

#include "gimp_ptr.hpp"

namespace dip::gimp3 {

DrawableFormat drawable_format(GimpDrawable* drawable) {
  return gegl_io::make_format(gimp_drawable_is_gray(drawable), gimp_drawable_has_alpha(drawable),
                              gimp_drawable_get_format(drawable));
}

int drawable_channels(GimpDrawable* drawable) {
  return (gimp_drawable_is_gray(drawable) ? 1 : 3) + (gimp_drawable_has_alpha(drawable) ? 1 : 0);
}

front::Selection read_selection(GimpImage* image, const front::Rect& in_image) {
  GimpDrawable* channel = GIMP_DRAWABLE(gimp_image_get_selection(image));
  BufferPtr mask = drawable_buffer(channel);
  return gegl_io::read_coverage(mask.get(), gimp_drawable_get_format(channel), in_image);
}

}  // namespace dip::gimp3
