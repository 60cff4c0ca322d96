// Tiling for layers over the memory budget: the geometry and the blend (white box), then
// restore() with a small budget through the public API; then tiles fitted at the same time,
// one per core.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>

#include "dip/restore.hpp"
#include "injected_fault.hpp"
#include "test_images.hpp"
#include "tiled_restore.hpp"
#include "tiling.hpp"

namespace dip {
namespace {

TEST(TileSpans, CoverTheLengthWithTheRequiredOverlap) {
  for (int length : {100, 129, 500, 1023})
    for (int size : {70, 128, 200})
      for (int overlap : {16, 32}) {
        const auto spans = tile_spans(length, size, overlap);
        ASSERT_FALSE(spans.empty());
        EXPECT_EQ(spans.front().begin, 0);
        EXPECT_EQ(spans.back().end(), length);
        for (std::size_t i = 0; i < spans.size(); ++i) {
          EXPECT_EQ(spans[i].size, std::min(size, length));
          if (i > 0) {
            EXPECT_GE(spans[i - 1].end() - spans[i].begin, overlap);
            EXPECT_GT(spans[i].begin, spans[i - 1].begin);
          }
        }
      }
  EXPECT_EQ(tile_spans(90, 128, 32).size(), 1u);
}

TEST(BlendWeights, AddUpToOneEverywhereAtEveryScale) {
  for (int scale : {1, 2, 4}) {
    const auto spans = tile_spans(300, 128, 32);
    ASSERT_GT(spans.size(), 2u);
    std::vector<double> total(300u * scale, 0.0);
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const auto w = blend_weights(spans, i, scale);
      ASSERT_EQ(w.size(), static_cast<std::size_t>(128 * scale));
      for (std::size_t x = 0; x < w.size(); ++x) {
        EXPECT_GE(w[x], 0.0f);
        EXPECT_LE(w[x], 1.0f);
        total[static_cast<std::size_t>(spans[i].begin * scale) + x] += w[x];
      }
    }
    for (double t : total) EXPECT_NEAR(t, 1.0, 1e-5);
  }
}

TEST(TileBlender, ReassemblesAnImageFromItsTiles) {
  const Image img = test::smooth_image(150, 90);
  const auto xs = tile_spans(150, 64, 16), ys = tile_spans(90, 64, 16);
  TileBlender blender(150, 90, 3);
  std::vector<Image> tiles;
  tiles.reserve(xs.size() * ys.size());
  std::vector<std::vector<float>> wx, wy;
  for (std::size_t i = 0; i < xs.size(); ++i) wx.push_back(blend_weights(xs, i, 1));
  for (std::size_t j = 0; j < ys.size(); ++j) wy.push_back(blend_weights(ys, j, 1));
  for (std::size_t j = 0; j < ys.size(); ++j)
    for (std::size_t i = 0; i < xs.size(); ++i) {
      tiles.push_back(crop_image(img, xs[i], ys[j]));
      blender.add(PlacedTile{&tiles.back(), xs[i].begin, ys[j].begin, &wx[i], &wy[j]});
    }
  const Image out = blender.result(Image(150, 90, 3, 0.0f));
  double worst = 0.0;
  for (std::size_t k = 0; k < img.data.size(); ++k)
    worst = std::max(worst, static_cast<double>(std::fabs(out.data[k] - img.data[k])));
  EXPECT_LT(worst, 1e-5);
}

TEST(TileBlender, UsesTheFallbackWhereNoTileLandedAndBlendsAPendingTile) {
  TileBlender blender(40, 10, 1);
  const auto xs = tile_spans(40, 24, 8);
  ASSERT_EQ(xs.size(), 2u);
  const auto w0 = blend_weights(xs, 0, 1), w1 = blend_weights(xs, 1, 1);
  const std::vector<float> wy(10, 1.0f);
  const Image zeros(24, 10, 1, 0.0f), ones(24, 10, 1, 1.0f);
  blender.add(PlacedTile{&zeros, xs[0].begin, 0, &w0, &wy});
  const Image fallback(40, 10, 1, 0.25f);
  const Image partial = blender.result(fallback);
  EXPECT_EQ(partial.at(0, 5, 0), 0.0f);
  EXPECT_EQ(partial.at(39, 5, 0), 0.25f);  // only the second tile reaches here
  const PlacedTile pending{&ones, xs[1].begin, 0, &w1, &wy};
  const Image both = blender.result(fallback, {pending});
  EXPECT_EQ(both.at(39, 5, 0), 1.0f);
  // Across the overlap the blend rises monotonically from one tile's value to the other's.
  for (int x = 1; x < 40; ++x) EXPECT_GE(both.at(x, 5, 0), both.at(x - 1, 5, 0));
}

TEST(ResizeBilinear, KeepsConstantsAndSize) {
  const Image img(7, 5, 2, 0.4f);
  const Image big = resize_bilinear(img, 28, 20);
  ASSERT_EQ(big.width, 28);
  ASSERT_EQ(big.height, 20);
  for (float v : big.data) EXPECT_NEAR(v, 0.4f, 1e-6);
}

Options small_budget(Task task, int width, int height, int tile_side) {
  Options o;
  o.task = task;
  o.factor = 2;
  o.preset = Preset::Fast;
  o.iterations = 20;
  o.seed = 3;
  o.threads = 1;
  o.report_every = 5;
  // Just enough for a tile of tile_side, far too little for the whole image.
  o.memory_budget = estimate_memory(tile_side, tile_side, 3, o);
  EXPECT_GT(estimate_memory(width, height, 3, o), o.memory_budget);
  return o;
}

TEST(PlanMemory, TilesWhatIsOverBudgetAndRefusesWhatCannotFit) {
  const Options o = small_budget(Task::Denoise, 300, 200, 140);
  const MemoryPlan plan = plan_memory(300, 200, 3, o);
  EXPECT_TRUE(plan.fits);
  EXPECT_TRUE(plan.tiled());
  EXPECT_LE(plan.tile_bytes, o.memory_budget);
  EXPECT_GT(plan.whole_bytes, o.memory_budget);
  EXPECT_GE(plan.tile_width, 128);
  EXPECT_EQ(plan.tiles_x, 3);
  EXPECT_EQ(plan.tiles_y, 2);

  Options roomy = o;
  roomy.memory_budget = plan.whole_bytes;
  EXPECT_FALSE(plan_memory(300, 200, 3, roomy).tiled());

  Options tiny = o;
  tiny.memory_budget = 1 << 20;
  const MemoryPlan refused = plan_memory(300, 200, 3, tiny);
  EXPECT_FALSE(refused.fits);
  try {
    validate(Image(300, 200, 3, 0.5f), nullptr, tiny);
    ADD_FAILURE() << "a 1 MiB budget was accepted";
  } catch (const Error& e) {
    const std::string text = e.what();
    // Both numbers: what the fit needs and what is available.
    EXPECT_NE(text.find("needs about"), std::string::npos) << text;
    EXPECT_NE(text.find("0.0 GiB is available"), std::string::npos) << text;
  }
}

TEST(TiledRestore, DenoisesInTilesWithProgressOverAllTiles) {
  const Image truth = test::crop(test::load_shared_png("bench/denoise_coffee_gt.png"), 100, 80, 160, 128);
  const Image noisy = test::crop(test::load_shared_png("bench/denoise_coffee_sigma25.png"), 100, 80, 160, 128);
  Options o = small_budget(Task::Denoise, 160, 128, 100);
  o.iterations = 40;
  o.report_every = 10;
  const MemoryPlan plan = plan_memory(160, 128, 3, o);
  ASSERT_TRUE(plan.tiled());
  int last_tile = 0, tiles = 0, last_iteration = 0;
  bool estimate_seen = false;
  const Result r = restore(noisy, nullptr, o, [&](const Progress& p) {
    EXPECT_GE(p.tile, last_tile);
    EXPECT_GT(p.iteration, last_iteration);
    EXPECT_LE(p.iteration, p.total);
    last_tile = p.tile;
    tiles = p.tiles;
    last_iteration = p.iteration;
    if (p.estimate) {
      estimate_seen = true;
      EXPECT_EQ(p.estimate->width, 160);
      EXPECT_EQ(p.estimate->height, 128);
    }
    return Reply{Action::Continue, true};
  });
  EXPECT_EQ(r.tiles, plan.tiles());
  EXPECT_EQ(tiles, plan.tiles());
  EXPECT_EQ(last_tile, plan.tiles());
  EXPECT_EQ(r.iterations, plan.tiles() * o.iterations);
  EXPECT_TRUE(estimate_seen);
  ASSERT_EQ(r.image.width, 160);
  ASSERT_EQ(r.image.height, 128);
  // Tiles fit as well as one fit of the whole image: no seam, no lost quality.
  Options whole = o;
  whole.memory_budget = 0;
  whole.iterations = o.iterations;
  const Result w = restore(noisy, nullptr, whole);
  EXPECT_EQ(w.tiles, 1);
  EXPECT_GT(psnr(r.image, truth), psnr(w.image, truth) - 0.5);
  EXPECT_GT(psnr(r.image, truth), psnr(noisy, truth) - 6.0);  // on its way, not broken
}

TEST(TiledRestore, InpaintsOnlyTilesWithAHoleAndKeepsKnownPixelsExactly) {
  const Image img = test::smooth_image(300, 140);
  Mask known(300, 140);
  for (int y = 60; y < 70; ++y)
    for (int x = 20; x < 40; ++x) known.at(x, y) = 0.0f;  // a hole in the leftmost tile only
  // and in the rightmost, a faint selection (0.3): nothing in it to fill, so no fit either
  for (int y = 60; y < 70; ++y)
    for (int x = 260; x < 280; ++x) known.at(x, y) = 0.7f;
  const Options o = small_budget(Task::Inpaint, 300, 140, 140);
  const Result r = restore(img, &known, o);
  EXPECT_EQ(r.tiles, 1);  // of 3 tiles, only one had something to restore
  EXPECT_EQ(r.iterations, o.iterations);
  for (int y = 0; y < 140; ++y)
    for (int x = 0; x < 300; ++x)
      if (known.at(x, y) == 1.0f) {
        for (int c = 0; c < 3; ++c) ASSERT_EQ(r.image.at(x, y, c), img.at(x, y, c)) << x << "," << y;
      } else if (x >= 200) {  // the faint selection: the source blended with itself
        for (int c = 0; c < 3; ++c) ASSERT_NEAR(r.image.at(x, y, c), img.at(x, y, c), 1e-6f) << x << "," << y;
      }
}

TEST(TiledRestore, UpscalesInTilesToTheFullSize) {
  const Image img = test::smooth_image(150, 70);
  Options o = small_budget(Task::Upscale, 150, 70, 80);
  o.iterations = 5;
  const Result r = restore(img, nullptr, o);
  EXPECT_GT(r.tiles, 1);
  ASSERT_EQ(r.image.width, 300);
  ASSERT_EQ(r.image.height, 140);
  // A smooth image stays smooth across tile borders: no jump between neighbouring columns
  // much larger than the image's own gradient.
  double worst = 0.0;
  for (int y = 0; y < 140; ++y)
    for (int x = 1; x < 300; ++x)
      for (int c = 0; c < 3; ++c)
        worst = std::max(worst, static_cast<double>(std::fabs(r.image.at(x, y, c) - r.image.at(x - 1, y, c))));
  EXPECT_LT(worst, 0.25);
}

TEST(TiledRestore, StopAndKeepEndsEveryTile) {
  const Image img = test::smooth_image(300, 140);
  const Options o = small_budget(Task::Denoise, 300, 140, 140);
  const Result r = restore(img, nullptr, o, [](const Progress& p) {
    return Reply{p.tile == 2 && p.iteration >= 30 ? Action::StopAndKeep : Action::Continue, false};
  });
  EXPECT_TRUE(r.stopped_by_user);
  EXPECT_LT(r.iterations, 3 * o.iterations);
  EXPECT_EQ(r.image.width, 300);
}

TEST(SplitEvenly, MakesOneTilePerPartWithTheOverlapAndTheNetsGrid) {
  for (const auto& [w, h] : {std::pair{512, 384}, std::pair{451, 300}, std::pair{1920, 1281}, std::pair{300, 700}})
    for (int parts : {2, 3, 4, 6, 8}) {
      const TileGrid g = split_evenly(w, h, parts, 32, 32);
      ASSERT_NE(g.tiles_x, 0) << w << "x" << h << " in " << parts;
      EXPECT_EQ(g.tiles_x * g.tiles_y, parts);
      const auto xs = tile_spans(w, g.tile_width, 32), ys = tile_spans(h, g.tile_height, 32);
      EXPECT_EQ(static_cast<int>(xs.size()), g.tiles_x);
      EXPECT_EQ(static_cast<int>(ys.size()), g.tiles_y);
      EXPECT_TRUE(g.tile_width % 32 == 0 || g.tile_width == w);
      EXPECT_TRUE(g.tile_height % 32 == 0 || g.tile_height == h);
      for (std::size_t i = 1; i < xs.size(); ++i) EXPECT_GE(xs[i - 1].end() - xs[i].begin, 32);
      for (std::size_t j = 1; j < ys.size(); ++j) EXPECT_GE(ys[j - 1].end() - ys[j].begin, 32);
    }
  // The squarest tiles: a landscape image is cut into columns.
  const TileGrid coffee = split_evenly(512, 384, 2, 32, 32);
  EXPECT_EQ(coffee.tiles_x, 2);
  EXPECT_EQ(coffee.tile_width, 288);
  EXPECT_EQ(coffee.tile_height, 384);
  // No grid of 5 tiles of more than twice the overlap fits in 100 x 100.
  EXPECT_EQ(split_evenly(100, 100, 5, 32, 32).tiles_x, 0);
}

Options fast_denoise(int threads) {
  Options o;
  o.preset = Preset::Fast;
  o.threads = threads;
  return o;
}

TEST(PlanMemory, SplitsFastAndBalancedDenoisingAndFastUpscalingIntoOneTilePerCore) {
  const MemoryPlan two = plan_memory(512, 384, 3, fast_denoise(2));
  EXPECT_TRUE(two.split_for_cores);
  EXPECT_EQ(two.tiles(), 2);
  EXPECT_EQ(two.workers, 2);
  EXPECT_LT(two.tile_bytes, two.whole_bytes);
  // Tiles keep at least 96 Ki pixels: 8 cores still get 2 tiles of this image, a 2 MP photo 8.
  EXPECT_EQ(plan_memory(512, 384, 3, fast_denoise(8)).tiles(), 2);
  const MemoryPlan photo = plan_memory(1920, 1080, 3, fast_denoise(8));
  EXPECT_EQ(photo.tiles(), 8);
  EXPECT_EQ(photo.workers, 8);

  EXPECT_FALSE(plan_memory(512, 384, 3, fast_denoise(1)).tiled());
  Options whole = fast_denoise(2);
  whole.split_for_cores = false;
  EXPECT_FALSE(plan_memory(512, 384, 3, whole).tiled());
  EXPECT_FALSE(plan_memory(300, 300, 3, fast_denoise(2)).tiled());  // too small to halve
  // Balanced denoising splits down to 32 Ki-pixel tiles: astronaut256 in two 256 x 160
  // halves; balanced upscaling is not split.
  Options balanced = fast_denoise(2);
  balanced.preset = Preset::Balanced;
  const MemoryPlan halves = plan_memory(256, 256, 3, balanced);
  EXPECT_TRUE(halves.split_for_cores);
  EXPECT_EQ(halves.tiles(), 2);
  EXPECT_GE(halves.tile_width * halves.tile_height, 32 * 1024);
  EXPECT_FALSE(plan_memory(192, 192, 3, balanced).tiled());
  balanced.task = Task::Upscale;
  balanced.factor = 4;
  EXPECT_FALSE(plan_memory(128, 96, 3, balanced).tiled());
  Options inpaint = fast_denoise(2);
  inpaint.task = Task::Inpaint;
  EXPECT_FALSE(plan_memory(512, 384, 3, inpaint).tiled());  // the plug-in crops around the hole
  // Upscaling counts the output's pixels: 128 x 96 at x4 is the coffee bench's 512 x 384.
  Options upscale = fast_denoise(2);
  upscale.task = Task::Upscale;
  upscale.factor = 4;
  const MemoryPlan up = plan_memory(128, 96, 3, upscale);
  EXPECT_TRUE(up.split_for_cores);
  EXPECT_EQ(up.tiles(), 2);
  EXPECT_EQ(up.tile_width % 8, 0);  // the net's 32-pixel grid at output size
  EXPECT_FALSE(plan_memory(112, 75, 3, upscale).tiled());  // 448 x 300: under 2 x 96 Ki pixels
  // Two tiles at once must fit in the budget, or the image is fitted whole.
  Options tight = fast_denoise(2);
  tight.memory_budget = two.whole_bytes;
  ASSERT_GT(2 * two.tile_bytes, tight.memory_budget);
  EXPECT_FALSE(plan_memory(512, 384, 3, tight).tiled());
  // On a GPU the cores do not run the net: one fit of the whole image. "auto" splits only
  // where it means the CPU.
  Options gpu = fast_denoise(2);
  gpu.device = "cuda";
  EXPECT_FALSE(plan_memory(512, 384, 3, gpu).tiled());
  gpu.device = "auto";
  EXPECT_EQ(plan_memory(512, 384, 3, gpu).split_for_cores, !cuda_available());
}

// Two workers on a hand-made plan, small enough for a unit test.
MemoryPlan two_at_once(int tile_width, int tile_height, int tiles_x, int tiles_y) {
  MemoryPlan plan;
  plan.tile_width = tile_width;
  plan.tile_height = tile_height;
  plan.tiles_x = tiles_x;
  plan.tiles_y = tiles_y;
  plan.workers = 2;
  return plan;
}

TEST(ParallelTiles, GiveTheSameResultAsTheSameTilesInTurn) {
  const Image noisy = test::crop(test::load_shared_png("bench/denoise_coffee_sigma25.png"), 100, 80, 160, 96);
  Options o = fast_denoise(2);
  o.iterations = 12;
  o.report_every = 4;
  o.seed = 5;
  const MemoryPlan plan = two_at_once(96, 96, 2, 1);
  const std::thread::id caller = std::this_thread::get_id();
  int last_iteration = 0, reports = 0;
  bool estimate_seen = false;
  const Result at_once = restore_tiled(noisy, nullptr, o, plan, [&](const Progress& p) {
    EXPECT_EQ(std::this_thread::get_id(), caller);  // reports reach the caller's thread only
    EXPECT_GT(p.iteration, last_iteration);
    EXPECT_LE(p.iteration, p.total);
    EXPECT_EQ(p.tiles, 2);
    last_iteration = p.iteration;
    ++reports;
    if (p.estimate) {
      estimate_seen = true;
      EXPECT_EQ(p.estimate->width, 160);
      EXPECT_EQ(p.estimate->height, 96);
    }
    return Reply{Action::Continue, true};
  }, nullptr);
  EXPECT_GT(reports, 0);
  EXPECT_TRUE(estimate_seen);
  EXPECT_EQ(at_once.iterations, 24);
  EXPECT_EQ(at_once.tiles, 2);

  // The same tiles in turn, each fit with the one thread a worker had.
  Options one = o;
  one.threads = 1;
  MemoryPlan in_turn = plan;
  in_turn.workers = 1;
  const Result sequential = restore_tiled(noisy, nullptr, one, in_turn, {}, nullptr);
  EXPECT_EQ(at_once.image.data, sequential.image.data);
}

TEST(ParallelTiles, StopAndKeepEndsEveryTileAndCancelThrows) {
  const Image img = test::smooth_image(200, 96);
  Options o = fast_denoise(2);
  o.iterations = 400;
  o.report_every = 2;
  const MemoryPlan plan = two_at_once(128, 96, 2, 1);
  const Result kept = restore_tiled(img, nullptr, o, plan, [](const Progress& p) {
    return Reply{p.iteration >= 10 ? Action::StopAndKeep : Action::Continue, false};
  }, nullptr);
  EXPECT_TRUE(kept.stopped_by_user);
  EXPECT_LT(kept.iterations, 2 * o.iterations);
  EXPECT_EQ(kept.image.width, 200);
  EXPECT_EQ(kept.image.height, 96);

  EXPECT_THROW(restore_tiled(img, nullptr, o, plan, [](const Progress& p) {
                 return Reply{p.iteration >= 10 ? Action::Cancel : Action::Continue, false};
               }, nullptr),
               Cancelled);

  // The caller's stop token, set from another thread, reaches both workers.
  StopToken stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop.cancel();
  });
  EXPECT_THROW(restore_tiled(img, nullptr, o, plan, {}, &stop), Cancelled);
  stopper.join();
}

TEST(ParallelTiles, AnExceptionFromTheCallersCallbackEndsTheWorkersAndReachesTheCaller) {
  const Image img = test::smooth_image(200, 96);
  Options o = fast_denoise(2);
  o.iterations = 400;
  o.report_every = 2;
  int calls_after = 0;
  bool thrown = false;
  try {
    restore_tiled(img, nullptr, o, two_at_once(128, 96, 2, 1), [&](const Progress& p) -> Reply {
      if (thrown) ++calls_after;
      if (p.iteration >= 6) {
        thrown = true;
        throw std::runtime_error("from the callback");
      }
      return Reply{};
    }, nullptr);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "from the callback");
  }
  EXPECT_TRUE(thrown);
  EXPECT_EQ(calls_after, 0);  // the callback is not called again once it threw
}

TEST(ParallelTiles, AFailureInOneWorkerReachesTheCaller) {
  const Image img = test::smooth_image(200, 96);
  Options o = fast_denoise(2);
  o.iterations = 20;
  const test::InjectedFault fault("throw@7");
  try {
    restore_tiled(img, nullptr, o, two_at_once(128, 96, 2, 1), {}, nullptr);
    ADD_FAILURE() << "no exception";
  } catch (const Cancelled&) {
    ADD_FAILURE() << "the failure was turned into a cancellation";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("before iteration 7"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dip
