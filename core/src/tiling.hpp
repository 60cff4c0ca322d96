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

// A grid of `parts` tiles over width x height (tiles_x x tiles_y = parts, the squarest tiles),
// neighbours overlapping by at least `overlap`, each side rounded up to a multiple of
// `multiple` (the net pads to it anyway, so the rounding widens the overlap instead of
// fitting mirrored padding). tiles_x = 0 when no grid of exactly `parts` tiles exists.
struct TileGrid {
  int tile_width = 0, tile_height = 0;
  int tiles_x = 0, tiles_y = 0;
};
TileGrid split_evenly(int width, int height, int parts, int overlap, int multiple);

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

  // The normalised blend; `pending` (tiles still being fitted) are blended in without being
  // kept, and pixels no tile covers yet come from `fallback`.
  Image result(const Image& fallback, const std::vector<PlacedTile>& pending = {}) const;

 private:
  void accumulate(const PlacedTile& tile, std::vector<float>* sum, std::vector<float>* weight) const;

  int width_, height_, channels_;
  std::vector<float> sum_;     // per pixel and channel
  std::vector<float> weight_;  // per pixel
};

// Smooth stand-in at another size (bilinear), for pixels of an upscaled result that no tile
// has reached when the user stops a tiled run early.
Image resize_bilinear(const Image& image, int width, int height);

}  // namespace dip
