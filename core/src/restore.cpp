// restore(): checks the request, decides how it fits in memory (whole or in tiles) and hands
// it to the fit.
#include "dip/restore.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "degradation.hpp"
#include "device.hpp"
#include "dip/format.hpp"
#include "fit_geometry.hpp"
#include "intl.hpp"
#include "memory.hpp"
#include "noise_level.hpp"
#include "presets.hpp"
#include "tiled_restore.hpp"
#include "tiling.hpp"
#include "whole_restore.hpp"

namespace dip {

namespace {

std::string gibibytes(std::size_t bytes) {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0);
  return s.str();
}

bool finite_in(const std::vector<float>& values) {
  for (float v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

// validate() and restore() share one look at the machine's free memory.
MemoryPlan checked_plan(const Image& input, const Mask* known, const Options& options) {
  if (input.channels < 1 || input.channels > 4)
    throw Error(N_("the image must have 1 to 4 channels (grey, grey + alpha, RGB, RGBA)"));
  if (input.width <= 0 || input.height <= 0 ||
      input.data.size() != input.pixel_count() * static_cast<std::size_t>(input.channels))
    throw Error(N_("the image is empty or its pixel buffer does not match its size"));
  const int min_side = minimum_side(options.task);
  if (input.width < min_side || input.height < min_side) {
    // TRANSLATORS: %1$sx%2$s is the image's size; %3$s is dip-restore's command (denoise,
    // inpaint or upscale), not to be translated; %4$s is the smallest side it accepts.
    throw Error(NP_("the image is too small (%1$sx%2$s); %3$s needs at least %4$sx%4$s pixel",
                    "the image is too small (%1$sx%2$s); %3$s needs at least %4$sx%4$s pixels"),
                static_cast<unsigned long>(min_side),
                {std::to_string(input.width), std::to_string(input.height),
                 task_name(options.task), std::to_string(min_side)});
  }
  if (!finite_in(input.data)) throw Error(N_("the image contains NaN or infinite values"));
  if (options.task == Task::Upscale && !is_supported_factor(options.factor))
    throw Error(N_("unsupported upscaling factor %s (supported: 2, 3, 4, 8)"),
                {std::to_string(options.factor)});
  if (options.iterations < 0) throw Error(N_("iterations must be 0 (automatic) or positive"));
  if (options.iterations > 1000000) throw Error(N_("iterations must be at most 1000000"));
  if (options.max_iterations < 0) throw Error(N_("the iteration cap must be 0 (the preset's) or positive"));
  if (!std::isfinite(options.tv_weight) || options.tv_weight < 0.0f)
    throw Error(N_("the TV weight must be a finite number >= 0"));
  if (!std::isfinite(options.noise_level) || options.noise_level < 0.0f || options.noise_level > 1.0f)
    throw Error(N_("the noise level must be between 0 and 1"));
  if (options.threads < 0 || options.threads > 1024) throw Error(N_("threads must be between 0 and 1024"));
  if (options.report_every < 1) throw Error(N_("the report interval must be at least 1 iteration"));
  if (options.device != "cpu" && options.device != "cuda" && options.device != "auto")
    throw Error(N_("unknown device '%s' (expected cpu, cuda or auto)"), {options.device});
  if (options.task == Task::Inpaint) {
    if (!known) throw Error(N_("inpainting needs a mask of the region to restore"));
    if (known->width != input.width || known->height != input.height ||
        known->known.size() != input.pixel_count()) {
      // TRANSLATORS: the sizes of the mask and of the image, in pixels.
      throw Error(N_("the mask is %1$sx%2$s but the image is %3$sx%4$s"),
                  {std::to_string(known->width), std::to_string(known->height),
                   std::to_string(input.width), std::to_string(input.height)});
    }
    if (!finite_in(known->known)) throw Error(N_("the mask contains NaN or infinite values"));
    if (!known->has_hole()) throw Error(N_("the mask marks nothing to restore"));
    const auto trusted = std::count_if(known->known.begin(), known->known.end(),
                                       [](float k) { return k >= kTrustedKnown; });
    // The fit trusts every pixel selected at most half (trusted_pixels): with no pixel selected
    // more, it would spend minutes reproducing the image. Say so instead.
    if (static_cast<std::size_t>(trusted) == known->known.size())
      throw Error(N_("no pixel of the region to restore is selected more than half, so there is "
                     "nothing to fill; select it more firmly (less feathering)"));
    if (static_cast<double>(trusted) < 0.01 * static_cast<double>(input.pixel_count()))
      throw Error(
          N_("the region to restore covers (almost) the whole image: there are no known pixels "
             "around it to learn from"));
  }
  const MemoryPlan memory = plan_memory(input.width, input.height, input.channels, options);
  if (!memory.fits) {
    // TRANSLATORS: sizes in gibibytes with one decimal; the preset's name is "fast".
    throw Error(N_("this fit needs about %1$s GiB of memory, %2$s GiB even in the smallest tiles, "
                   "but only %3$s GiB is available; use a smaller region or the fast preset"),
                {gibibytes(memory.whole_bytes), gibibytes(memory.tile_bytes),
                 gibibytes(memory.budget_bytes)});
  }
  if (options.task == Task::Inpaint && memory.tiled() && !tiles_can_learn(*known, memory, options))
    throw Error(N_("the region to restore is too large to be fitted in tiles within the memory "
                   "available: some tiles would have no known pixels to learn from"));
  return memory;
}

// Below this a tile (at output size) is not given its own core. Fast: 96 Ki pixels, the
// 512x224 halves of the coffee bench being the smallest measured, and chelsea's halves
// (451 x 300) losing 0.3 dB against its whole fit. Balanced denoising: 32 Ki; the halves of
// astronaut256 (256 x 160) returned 29.1 dB in 258 s on 2 threads, where one fit of the whole
// needs about 2150 iterations at 0.136-0.161 s to reach 29.1 (README, Benchmarks).
int min_core_tile_pixels(Preset preset) { return preset == Preset::Fast ? 96 * 1024 : 32 * 1024; }

// The fast preset's thin nets leave cores idle inside one fit (memory-bound layers: the coffee
// denoising bench ran at 0.257 s per iteration on 2 threads, 0.314 on 1), while its two
// halves, one per core, ran at 0.17 s each and reached 28 dB in 460 iterations instead of
// about 690; its x4 upscaling reached the same 26.8 dB in 210 s instead of 308. So on several
// cores the image is split into one tile per core, if memory allows (README, Benchmarks).
// Inpainting is not: the plug-in already fits a crop around the selection. Nor is a fit on a
// GPU, where the cores are not what runs the net.
void split_for_cores(int width, int height, int channels, const Options& options, MemoryPlan* m) {
  const bool denoise = options.task == Task::Denoise, upscale = options.task == Task::Upscale;
  const bool splits = options.preset == Preset::Fast ? denoise || upscale
                                                     : options.preset == Preset::Balanced && denoise;
  if (!options.split_for_cores || !splits || !names_cpu(options.device)) return;
  const long long min_tile_pixels = min_core_tile_pixels(options.preset);
  // Tiles are laid out on the input; the net fits them at output size (upscaling: factor x).
  const int scale = options.task == Task::Upscale ? options.factor : 1;
  const auto output_pixels = [scale](long long w, long long h) { return w * scale * h * scale; };
  const int threads = thread_count(options.threads);
  const int multiple = std::max(
      1, plan_for(options.task, options.factor, options.preset, 3, false).net.size_multiple() / scale);
  const long long most = output_pixels(width, height) / min_tile_pixels;
  for (int parts = static_cast<int>(std::min<long long>(threads, most)); parts >= 2; --parts) {
    const TileGrid grid = split_evenly(width, height, parts, tile_overlap(options), multiple);
    if (grid.tiles_x == 0 || output_pixels(grid.tile_width, grid.tile_height) < min_tile_pixels)
      continue;
    const std::size_t bytes = estimate_memory(grid.tile_width, grid.tile_height, channels, options);
    if (m->budget_bytes && bytes * static_cast<std::size_t>(parts) > m->budget_bytes) continue;
    m->tile_width = grid.tile_width;
    m->tile_height = grid.tile_height;
    m->tiles_x = grid.tiles_x;
    m->tiles_y = grid.tiles_y;
    m->tile_bytes = bytes;
    m->workers = parts;
    m->split_for_cores = true;
    return;
  }
}

}  // namespace

void validate(const Image& input, const Mask* known, const Options& options) {
  checked_plan(input, known, options);
}

std::size_t estimate_memory(int width, int height, int channels, const Options& options) {
  const int colour = (channels == 2 || channels == 4) ? channels - 1 : channels;
  // Made before the mask is looked at: inpainting counts whichever of its two nets (text and
  // wide holes) needs more.
  std::size_t bytes = 0;
  for (const bool wide_hole : {false, true}) {
    if (wide_hole && options.task != Task::Inpaint) break;
    const FitPlan plan = plan_for(options.task, options.factor, options.preset, colour, wide_hole);
    const FitGeometry g = fit_geometry(options.task, options.factor, width, height, plan.net);
    bytes = std::max(bytes, fit_bytes(plan.net, g.output_height, g.output_width));
  }
  return bytes;
}

MemoryPlan plan_memory(int width, int height, int channels, const Options& options) {
  MemoryPlan m;
  m.whole_bytes = m.tile_bytes = estimate_memory(width, height, channels, options);
  m.budget_bytes = options.memory_budget ? options.memory_budget : available_memory();
  m.tile_width = width;
  m.tile_height = height;
  if (!m.budget_bytes || m.whole_bytes <= m.budget_bytes) {
    split_for_cores(width, height, channels, options, &m);
    return m;
  }

  // The largest square-ish tile within the budget (estimates grow with the side, so bisect).
  const int overlap = tile_overlap(options);
  const int smallest = std::max(minimum_side(options.task), 4 * overlap);
  const auto bytes_at = [&](int side) {
    return estimate_memory(std::min(side, width), std::min(side, height), channels, options);
  };
  int lo = smallest, hi = std::max(width, height);
  if (bytes_at(lo) > m.budget_bytes) {
    m.fits = false;
    m.tile_bytes = bytes_at(lo);
    return m;
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (bytes_at(mid) <= m.budget_bytes ? lo : hi) = mid;
  }
  m.tile_width = std::min(lo, width);
  m.tile_height = std::min(lo, height);
  m.tile_bytes = bytes_at(lo);
  m.tiles_x = static_cast<int>(tile_spans(width, m.tile_width, overlap).size());
  m.tiles_y = static_cast<int>(tile_spans(height, m.tile_height, overlap).size());
  // The tile was sized to the budget, so this is one worker unless the budget has room.
  const std::size_t room = m.budget_bytes / std::max<std::size_t>(m.tile_bytes, 1);
  m.workers = static_cast<int>(std::clamp<std::size_t>(
      room, 1, static_cast<std::size_t>(std::min(thread_count(options.threads), m.tiles()))));
  return m;
}

Result restore(const Image& input, const Mask* known, const Options& options,
               const ProgressCallback& progress, const StopToken* stop) {
  const MemoryPlan memory = checked_plan(input, known, options);
  Options run = options;
  // Once for the whole image, so that every tile stops against the same noise level; only for
  // the plans whose stop reads it.
  if (run.task == Task::Denoise && run.iterations == 0 && run.noise_level == 0.0f &&
      plan_for(run.task, run.factor, run.preset, input.colour_channels()).stop.discrepancy > 0.0)
    run.noise_level = static_cast<float>(estimate_noise_level(input));
  if (memory.tiled()) return restore_tiled(input, known, run, memory, progress, stop);
  return restore_whole(input, known, run, progress, stop);
}

}  // namespace dip
