// An image whose fit would not fit in memory is restored in overlapping tiles, each fitted on
// its own, and blended back with weights that ramp across every overlap so no seam shows.
// Pure geometry and pixel arithmetic: no torch here.
#pragma once

#include <cstddef>
#include <vector>

#include "dip/image.hpp"

namespace dip {

struct Span {
  int begin = 0;
  int size = 0;
  int end() const { return begin + size; }
};

// Spans of `size` (clamped to `length`) that cover [0, length), spread evenly, neighbours
// overlapping by at least `overlap`. Needs size > 2 * overlap when more than one span is needed.
std::vector<Span> tile_spans(int length, int size, int overlap);

// Weights along one axis for span `index`, at `scale` x the spans' resolution: 1 where only
// this tile lands, a linear ramp across each overlap with a neighbour. The weights of two
// overlapping tiles sum to 1 there, so the blend is a partition of unity.
std::vector<float> blend_weights(const std::vector<Span>& spans, std::size_t index, int scale);

Image crop_image(const Image& image, Span x, Span y);
Mask crop_mask(const Mask& mask, Span x, Span y);

// A tile's result placed at (x0, y0) of the output with separable weights wx x wy.
struct PlacedTile {
  const Image* image = nullptr;
  int x0 = 0, y0 = 0;
  const std::vector<float>* wx = nullptr;
  const std::vector<float>* wy = nullptr;
};

// Weighted sums of the tiles' results at output resolution.
class TileBlender {
 public:
  TileBlender(int width, int height, int channels);

  void add(const PlacedTile& tile);

  // The normalised blend; `pending` (a tile still being fitted) is blended in without being
  // kept, and pixels no tile covers yet come from `fallback`.
  Image result(const Image& fallback, const PlacedTile* pending = nullptr) const;

 private:
  int width_, height_, channels_;
  std::vector<float> sum_;     // per pixel and channel
  std::vector<float> weight_;  // per pixel
};

// Smooth stand-in at another size (bilinear), for pixels of an upscaled result that no tile
// has reached when the user stops a tiled run early.
Image resize_bilinear(const Image& image, int width, int height);

}  // namespace dip
