// Putting a restored crop back: the restored pixels go in only where the selection is, in
// proportion to it, and everywhere else the source is copied, never recomputed, so the result
// outside the selection is bit-identical to the source whatever the pixel format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dip/image.hpp"
#include "dip/restore.hpp"

namespace dip::front {

// How much of each pixel is to be replaced, in [0, 1], row-major: a GIMP selection read as a
// single float channel. Empty = replace everything (a filter run without a selection).
struct Selection {
  int width = 0;
  int height = 0;
  std::vector<float> amount;

  bool whole() const { return amount.empty(); }
  float at(std::size_t pixel) const { return whole() ? 1.0f : amount[pixel]; }
};

// The engine's mask of trusted pixels: the complement of the selection.
dip::Mask known_from_selection(const Selection& selection);

// True when at least one pixel is (partly) selected.
bool selection_has_pixels(const Selection& selection);

// source * (1 - s) + restored * s per channel, in float; source and restored share a shape.
dip::Image blend(const dip::Image& source, const dip::Image& restored,
                 const Selection& selection);

// The pixels of the new layer, before keep_unselected: the restored crop blended through the
// selection. Inpainting's engine has blended its fill in already (dip::restore composites the
// known pixels through the soft mask), so its result goes in as it is: blending it again gave
// a pixel selected at s only s^2 of the fill.
dip::Image composite_result(dip::Task task, const dip::Image& source, const dip::Image& restored,
                            const Selection& selection);

// The final, format-exact step: `result` holds the blend already converted to the drawable's
// own pixel format; every pixel with selection 0 is overwritten with the source's bytes.
// bytes_per_pixel is that format's size.
void keep_unselected(const std::uint8_t* source, std::uint8_t* result, const Selection& selection,
                     std::size_t pixels, std::size_t bytes_per_pixel);

}  // namespace dip::front
