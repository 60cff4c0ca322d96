// Plain pixel containers shared by every front end. No torch here: front ends include this
// header and compile in a second, not in twenty.
#pragma once

#include <cstddef>
#include <vector>

namespace dip {

// Interleaved, row-major float pixels, nominally in [0, 1].
// channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA (alpha is always the last channel).
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<float> data;

  Image() = default;
  Image(int w, int h, int c, float fill = 0.0f);

  bool empty() const { return data.empty(); }
  bool has_alpha() const { return channels == 2 || channels == 4; }
  int colour_channels() const { return has_alpha() ? channels - 1 : channels; }
  std::size_t pixel_count() const { return static_cast<std::size_t>(width) * height; }

  float& at(int x, int y, int c) { return data[index(x, y, c)]; }
  float at(int x, int y, int c) const { return data[index(x, y, c)]; }

 private:
  std::size_t index(int x, int y, int c) const {
    return (static_cast<std::size_t>(y) * width + x) * channels + c;
  }
};

// Where the image is trusted: 1 = known pixel, 0 = pixel to restore, fractions for soft
// (feathered) selections. This is the m of the inpainting energy ||m * (f(z) - x0)||^2.
struct Mask {
  int width = 0;
  int height = 0;
  std::vector<float> known;

  Mask() = default;
  Mask(int w, int h, float fill = 1.0f);

  // A GIMP selection or a hole image marks what to restore with white; the energy wants the
  // opposite. `hole` is read from its first channel.
  static Mask from_hole(const Image& hole);

  float& at(int x, int y) { return known[static_cast<std::size_t>(y) * width + x]; }
  float at(int x, int y) const { return known[static_cast<std::size_t>(y) * width + x]; }
  bool has_hole() const;
};

// Peak signal-to-noise ratio in dB over the colour channels of two images of the same shape,
// 10 log10(1 / MSE). `region`, when given, weights each pixel (e.g. the hole of an inpainting).
double psnr(const Image& a, const Image& b, const Mask* region = nullptr);

}  // namespace dip
