// Turns a hole image (white = to restore, as a GIMP selection marks it) into the engine's Mask,
// refusing masks that cannot mean what the user thinks.
#pragma once

#include <string>

#include "dip/image.hpp"

namespace dip::cli {

// `hole` was read from `path`; the mask must be `width` x `height` (the input's size). Colour
// masks are read by their mean colour; alpha is ignored, but a mask whose hole is drawn in
// alpha only (flat colour) is refused rather than silently read as "no hole". Throws FileError.
dip::Mask mask_from_hole_image(const dip::Image& hole, const std::string& path, int width,
                               int height);

}  // namespace dip::cli
