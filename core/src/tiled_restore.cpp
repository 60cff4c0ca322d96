#include "tiled_restore.hpp"

#include <algorithm>
#include <chrono>

#include "tiling.hpp"
#include "whole_restore.hpp"

namespace dip {

namespace {

struct Tile {
  Span x, y;
  std::size_t ix = 0, iy = 0;
};

bool has_hole(const Mask& known, Span x, Span y) {
  for (int j = y.begin; j < y.end(); ++j)
    for (int i = x.begin; i < x.end(); ++i)
      if (known.at(i, j) < 1.0f) return true;
  return false;
}

double known_fraction(const Mask& known, Span x, Span y) {
  double sum = 0.0;
  for (int j = y.begin; j < y.end(); ++j)
    for (int i = x.begin; i < x.end(); ++i) sum += std::clamp(known.at(i, j), 0.0f, 1.0f);
  return sum / (static_cast<double>(x.size) * y.size);
}

}  // namespace

int tile_overlap(const Options& options) { return options.task == Task::Upscale ? 16 : 32; }

bool tiles_can_learn(const Mask& known, const MemoryPlan& plan, const Options& options) {
  const int overlap = tile_overlap(options);
  for (const Span y : tile_spans(known.height, plan.tile_height, overlap))
    for (const Span x : tile_spans(known.width, plan.tile_width, overlap))
      if (has_hole(known, x, y) && known_fraction(known, x, y) < 0.01) return false;
  return true;
}

Result restore_tiled(const Image& input, const Mask* known, const Options& options,
                     const MemoryPlan& plan, const ProgressCallback& progress, const StopToken* stop) {
  const auto start = std::chrono::steady_clock::now();
  const int scale = options.task == Task::Upscale ? options.factor : 1;
  const int overlap = tile_overlap(options);
  const auto xs = tile_spans(input.width, plan.tile_width, overlap);
  const auto ys = tile_spans(input.height, plan.tile_height, overlap);
  std::vector<std::vector<float>> wx, wy;
  for (std::size_t i = 0; i < xs.size(); ++i) wx.push_back(blend_weights(xs, i, scale));
  for (std::size_t j = 0; j < ys.size(); ++j) wy.push_back(blend_weights(ys, j, scale));

  TileBlender blender(input.width * scale, input.height * scale, input.channels);
  // Inpainting leaves tiles without any hole as they are: no fit, the known pixels themselves.
  std::vector<Tile> work;
  std::vector<Image> untouched;
  untouched.reserve(xs.size() * ys.size());
  for (std::size_t j = 0; j < ys.size(); ++j)
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (options.task == Task::Inpaint && !has_hole(*known, xs[i], ys[j])) {
        untouched.push_back(crop_image(input, xs[i], ys[j]));
        blender.add(PlacedTile{&untouched.back(), xs[i].begin, ys[j].begin, &wx[i], &wy[j]});
        continue;
      }
      work.push_back(Tile{xs[i], ys[j], i, j});
    }
  // Where a run stopped early leaves pixels no tile reached: they keep the input (resized).
  const Image fallback = scale == 1 ? input : resize_bilinear(input, input.width * scale, input.height * scale);

  Result total;
  total.tiles = static_cast<int>(work.size());
  bool all_by_rule = true;
  for (std::size_t k = 0; k < work.size(); ++k) {
    const Tile& t = work[k];
    const Image tile_in = crop_image(input, t.x, t.y);
    const Mask tile_known = known ? crop_mask(*known, t.x, t.y) : Mask();
    const int done = total.iterations;
    const std::size_t left = work.size() - k - 1;

    ProgressCallback on_tile;
    if (progress) {
      on_tile = [&, k, done, left](const Progress& p) {
        Progress q = p;
        q.tile = static_cast<int>(k) + 1;
        q.tiles = static_cast<int>(work.size());
        q.iteration = done + p.iteration;
        // Tiles still to come are expected to take as long as this one plans to.
        q.total = done + p.total + static_cast<int>(left) * p.total;
        q.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        q.eta_s = q.iteration > 0 ? q.elapsed_s / q.iteration * (q.total - q.iteration) : 0.0;
        Image preview;
        if (p.estimate) {
          const PlacedTile pending{p.estimate, t.x.begin * scale, t.y.begin * scale, &wx[t.ix], &wy[t.iy]};
          preview = blender.result(fallback, &pending);
          q.estimate = &preview;
        }
        return progress(q);
      };
    }
    const Result r = restore_whole(tile_in, known ? &tile_known : nullptr, options, on_tile, stop);
    blender.add(PlacedTile{&r.image, t.x.begin * scale, t.y.begin * scale, &wx[t.ix], &wy[t.iy]});
    total.iterations += r.iterations;
    total.best_iteration = r.best_iteration;
    total.final_loss = r.final_loss;
    all_by_rule = all_by_rule && r.stopped_by_rule;
    if (r.stopped_by_user) {
      total.stopped_by_user = true;
      break;
    }
  }
  total.stopped_by_rule = all_by_rule && !total.stopped_by_user;
  total.image = blender.result(fallback);
  // Blending the same known pixel from two tiles can move it by a rounding error; this puts
  // every known pixel and the alpha back exactly.
  finish_output(input, known, options, &total.image);
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return total;
}

}  // namespace dip
