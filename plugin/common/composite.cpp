#include "composite.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace dip::front {

dip::Mask known_from_selection(const Selection& selection) {
  dip::Mask mask(selection.width, selection.height, 1.0f);
  for (std::size_t i = 0; i < selection.amount.size(); ++i)
    mask.known[i] = 1.0f - std::clamp(selection.amount[i], 0.0f, 1.0f);
  return mask;
}

bool selection_has_pixels(const Selection& selection) {
  if (selection.whole()) return selection.width > 0 && selection.height > 0;
  return std::any_of(selection.amount.begin(), selection.amount.end(),
                     [](float s) { return s > 0.0f; });
}

dip::Image blend(const dip::Image& source, const dip::Image& restored,
                 const Selection& selection) {
  if (source.width != restored.width || source.height != restored.height ||
      source.channels != restored.channels)
    throw std::invalid_argument("blend: source and restored differ in shape");
  if (!selection.whole() && selection.amount.size() != source.pixel_count())
    throw std::invalid_argument("blend: selection and image differ in size");

  dip::Image out = source;
  const std::size_t channels = static_cast<std::size_t>(source.channels);
  for (std::size_t p = 0; p < source.pixel_count(); ++p) {
    const float s = std::clamp(selection.at(p), 0.0f, 1.0f);
    if (s <= 0.0f) continue;
    for (std::size_t c = 0; c < channels; ++c) {
      const std::size_t i = p * channels + c;
      out.data[i] = s >= 1.0f ? restored.data[i]
                              : source.data[i] + s * (restored.data[i] - source.data[i]);
    }
  }
  return out;
}

dip::Image composite_result(dip::Task task, const dip::Image& source, const dip::Image& restored,
                            const Selection& selection) {
  if (task == dip::Task::Inpaint) return restored;
  return blend(source, restored, selection);
}

void keep_unselected(const std::uint8_t* source, std::uint8_t* result, const Selection& selection,
                     std::size_t pixels, std::size_t bytes_per_pixel) {
  if (selection.whole()) return;
  if (selection.amount.size() != pixels)
    throw std::invalid_argument("keep_unselected: selection and pixel count differ");
  for (std::size_t p = 0; p < pixels; ++p) {
    if (selection.amount[p] > 0.0f) continue;
    std::memcpy(result + p * bytes_per_pixel, source + p * bytes_per_pixel, bytes_per_pixel);
  }
}

}  // namespace dip::front
