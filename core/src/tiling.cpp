#include "tiling.hpp"

#include <algorithm>
#include <cmath>

namespace dip {

std::vector<Span> tile_spans(int length, int size, int overlap) {
  size = std::min(size, length);
  if (size >= length) return {Span{0, length}};
  const int stride = size - overlap;
  const int count = 1 + (length - size + stride - 1) / stride;
  std::vector<Span> spans;
  spans.reserve(static_cast<std::size_t>(count));
  // Even spacing: every overlap is at least `overlap` and they differ by at most a pixel.
  for (int i = 0; i < count; ++i) {
    const long long begin = static_cast<long long>(i) * (length - size) / (count - 1);
    spans.push_back(Span{static_cast<int>(begin), size});
  }
  return spans;
}

TileGrid split_evenly(int width, int height, int parts, int overlap, int multiple) {
  const auto side = [&](int length, int count) {
    if (count == 1) return length;
    const int even = (length + (count - 1) * overlap + count - 1) / count;
    return std::min(length, (even + multiple - 1) / multiple * multiple);
  };
  TileGrid best;
  double best_aspect = 0.0;
  for (int nx = 1; nx <= parts; ++nx) {
    if (parts % nx != 0) continue;
    const int ny = parts / nx;
    const int tw = side(width, nx), th = side(height, ny);
    // A side too short to need `count` tiles of at least 2 * overlap is no grid of `parts`.
    if (tile_spans(width, tw, overlap).size() != static_cast<std::size_t>(nx) ||
        tile_spans(height, th, overlap).size() != static_cast<std::size_t>(ny) ||
        (nx > 1 && tw <= 2 * overlap) || (ny > 1 && th <= 2 * overlap))
      continue;
    const double aspect = static_cast<double>(std::max(tw, th)) / std::min(tw, th);
    if (best.tiles_x == 0 || aspect < best_aspect) {
      best = TileGrid{tw, th, nx, ny};
      best_aspect = aspect;
    }
  }
  return best;
}

std::vector<float> blend_weights(const std::vector<Span>& spans, std::size_t index, int scale) {
  const Span s = spans[index];
  std::vector<float> w(static_cast<std::size_t>(s.size) * scale, 1.0f);
  const int begin = s.begin * scale;
  if (index > 0) {
    const int ramp_end = spans[index - 1].end() * scale;  // where the previous tile stops
    const float width = static_cast<float>(ramp_end - begin);
    for (int x = begin; x < ramp_end; ++x)
      w[static_cast<std::size_t>(x - begin)] = (static_cast<float>(x - begin) + 0.5f) / width;
  }
  if (index + 1 < spans.size()) {
    const int ramp_begin = spans[index + 1].begin * scale;  // where the next tile starts
    const int end = s.end() * scale;
    const float width = static_cast<float>(end - ramp_begin);
    for (int x = ramp_begin; x < end; ++x)
      w[static_cast<std::size_t>(x - begin)] *= (static_cast<float>(end - x) - 0.5f) / width;
  }
  return w;
}

Image crop_image(const Image& image, Span x, Span y) {
  Image out(x.size, y.size, image.channels);
  const std::size_t row = static_cast<std::size_t>(x.size) * image.channels;
  for (int j = 0; j < y.size; ++j) {
    const float* from = &image.data[(static_cast<std::size_t>(y.begin + j) * image.width + x.begin) *
                                    image.channels];
    std::copy(from, from + row, &out.data[static_cast<std::size_t>(j) * row]);
  }
  return out;
}

Mask crop_mask(const Mask& mask, Span x, Span y) {
  Mask out(x.size, y.size);
  for (int j = 0; j < y.size; ++j)
    for (int i = 0; i < x.size; ++i) out.at(i, j) = mask.at(x.begin + i, y.begin + j);
  return out;
}

TileBlender::TileBlender(int width, int height, int channels)
    : width_(width),
      height_(height),
      channels_(channels),
      sum_(static_cast<std::size_t>(width) * height * channels, 0.0f),
      weight_(static_cast<std::size_t>(width) * height, 0.0f) {}

void TileBlender::add(const PlacedTile& tile) { accumulate(tile, &sum_, &weight_); }

void TileBlender::accumulate(const PlacedTile& tile, std::vector<float>* sum,
                             std::vector<float>* weight) const {
  const Image& img = *tile.image;
  for (int y = 0; y < img.height; ++y) {
    const float wy = (*tile.wy)[static_cast<std::size_t>(y)];
    for (int x = 0; x < img.width; ++x) {
      const float w = wy * (*tile.wx)[static_cast<std::size_t>(x)];
      const std::size_t p = static_cast<std::size_t>(tile.y0 + y) * width_ + (tile.x0 + x);
      (*weight)[p] += w;
      for (int c = 0; c < channels_; ++c) (*sum)[p * channels_ + c] += w * img.at(x, y, c);
    }
  }
}

Image TileBlender::result(const Image& fallback, const std::vector<PlacedTile>& pending) const {
  std::vector<float> sum = sum_, weight = weight_;
  for (const PlacedTile& tile : pending) accumulate(tile, &sum, &weight);
  Image out(width_, height_, channels_);
  for (std::size_t p = 0; p < weight.size(); ++p)
    for (int c = 0; c < channels_; ++c) {
      const std::size_t i = p * channels_ + c;
      out.data[i] = weight[p] > 0.0f ? sum[i] / weight[p] : fallback.data[i];
    }
  return out;
}

Image resize_bilinear(const Image& image, int width, int height) {
  Image out(width, height, image.channels);
  const float sx = static_cast<float>(image.width) / width, sy = static_cast<float>(image.height) / height;
  for (int y = 0; y < height; ++y) {
    const float fy = std::clamp((y + 0.5f) * sy - 0.5f, 0.0f, static_cast<float>(image.height - 1));
    const int y0 = static_cast<int>(fy), y1 = std::min(y0 + 1, image.height - 1);
    const float ty = fy - y0;
    for (int x = 0; x < width; ++x) {
      const float fx = std::clamp((x + 0.5f) * sx - 0.5f, 0.0f, static_cast<float>(image.width - 1));
      const int x0 = static_cast<int>(fx), x1 = std::min(x0 + 1, image.width - 1);
      const float tx = fx - x0;
      for (int c = 0; c < image.channels; ++c) {
        const float top = image.at(x0, y0, c) * (1 - tx) + image.at(x1, y0, c) * tx;
        const float bottom = image.at(x0, y1, c) * (1 - tx) + image.at(x1, y1, c) * tx;
        out.at(x, y, c) = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}

}  // namespace dip
