#include "hole_mask.hpp"

#include <algorithm>

#include "image_io.hpp"
#include "intl.hpp"

namespace dip::cli {
namespace {

bool channel_is_flat(const dip::Image& image, int channel) {
  const float first = image.data[static_cast<std::size_t>(channel)];
  for (std::size_t p = 0; p < image.pixel_count(); ++p)
    if (image.data[p * image.channels + channel] != first) return false;
  return true;
}

bool colour_is_flat(const dip::Image& image) {
  for (int c = 0; c < image.colour_channels(); ++c)
    if (!channel_is_flat(image, c)) return false;
  return true;
}

}  // namespace

dip::Mask mask_from_hole_image(const dip::Image& hole, const std::string& path, int width,
                               int height) {
  if (hole.width != width || hole.height != height)
    throw FileError(path, format(_("mask is %dx%d but the image is %dx%d"), hole.width,
                                 hole.height, width, height));
  if (hole.has_alpha() && colour_is_flat(hole) && !channel_is_flat(hole, hole.channels - 1))
    throw FileError(path, _("mask has its hole in the alpha channel only; "
                            "paint the hole white on black instead"));

  dip::Image grey(hole.width, hole.height, 1);
  const int colours = hole.colour_channels();
  for (std::size_t p = 0; p < hole.pixel_count(); ++p) {
    float sum = 0.0f;
    for (int c = 0; c < colours; ++c) sum += hole.data[p * hole.channels + c];
    grey.data[p] = sum / static_cast<float>(colours);
  }
  dip::Mask mask = dip::Mask::from_hole(grey);
  if (!mask.has_hole())
    throw FileError(path, _("mask marks nothing to restore (paint the hole white, the rest black)"));
  return mask;
}

}  // namespace dip::cli
