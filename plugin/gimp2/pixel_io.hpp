// The GIMP 2.10 side of pixel IO: what a drawable's format is and how the selection is
// reached; the GEGL buffer work itself is shared (plugin/gegl/gegl_pixels.hpp).
#pragma once

#include <libgimp/gimp.h>

#include "gegl_pixels.hpp"

namespace dip::gimp2 {

using gegl_io::DrawableFormat;
using gegl_io::read_native;
using gegl_io::read_working;
using gegl_io::to_native;
using gegl_io::write_native;
using gegl_io::write_working;

DrawableFormat drawable_format(gint32 drawable);
// 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.
int drawable_channels(gint32 drawable);

// The image's selection over `in_image` (image coordinates) as amounts in [0, 1]; pixels off
// the canvas read as unselected.
front::Selection read_selection(gint32 image, const front::Rect& in_image);

}  // namespace dip::gimp2
