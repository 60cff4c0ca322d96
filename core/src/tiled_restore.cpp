#include "tiled_restore.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "degradation.hpp"
#include "device.hpp"
#include "tiling.hpp"
#include "whole_restore.hpp"

namespace dip {

namespace {

struct Tile {
  Span x, y;
  std::size_t ix = 0, iy = 0;
};

// What the caller hears of one tile's fit.
struct TileState {
  bool started = false, finished = false;
  int iterations = 0;  // done
  int total = 0;       // planned (the cap for automatic runs)
  bool automatic = false;
  double loss = 0.0;
  std::optional<Image> estimate;  // the latest one the fit sent
  std::optional<Result> result;
};

// Whether a tile holds a pixel its fit may not trust (trusted_pixels). A tile whose selection
// is all faint would be fitted only to reproduce itself, and blending that through the faint
// selection gives back the source: the source is taken as it is, without minutes of fitting.
bool has_hole(const Mask& known, Span x, Span y) {
  for (int j = y.begin; j < y.end(); ++j)
    for (int i = x.begin; i < x.end(); ++i)
      if (known.at(i, j) < kTrustedKnown) return true;
  return false;
}

// The share of a tile's pixels its fit may trust (trusted_pixels).
double known_fraction(const Mask& known, Span x, Span y) {
  double sum = 0.0;
  for (int j = y.begin; j < y.end(); ++j)
    for (int i = x.begin; i < x.end(); ++i) sum += known.at(i, j) >= kTrustedKnown ? 1.0 : 0.0;
  return sum / (static_cast<double>(x.size) * y.size);
}

// Ends and joins the worker threads when it goes out of scope; now() joins them on the way
// out that expects them to have finished. Ending an already finished run's token is harmless.
class WorkerJoin {
 public:
  WorkerJoin(std::vector<std::thread>& threads, StopToken& ending) : threads_(threads), ending_(ending) {}
  WorkerJoin(const WorkerJoin&) = delete;
  WorkerJoin& operator=(const WorkerJoin&) = delete;
  ~WorkerJoin() {
    ending_.cancel();  // on a failing way out the tiles are not wanted
    now();
  }
  void now() const {
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  std::vector<std::thread>& threads_;
  StopToken& ending_;
};

// The tiles' fits and what the caller sees of them. With one worker the tiles are fitted in
// turn on the caller's thread; with more, each worker thread takes the next tile, and their
// reports are gathered here and passed to the caller's callback on the caller's thread, so a
// front end never hears from a thread it did not start.
class TileRun {
 public:
  TileRun(const Image& input, const Mask* known, const Options& options, const MemoryPlan& plan)
      : input_(input), known_(known), options_(options) {
    const int scale = options.task == Task::Upscale ? options.factor : 1;
    scale_ = scale;
    const int overlap = tile_overlap(options);
    xs_ = tile_spans(input.width, plan.tile_width, overlap);
    ys_ = tile_spans(input.height, plan.tile_height, overlap);
    for (std::size_t i = 0; i < xs_.size(); ++i) wx_.push_back(blend_weights(xs_, i, scale));
    for (std::size_t j = 0; j < ys_.size(); ++j) wy_.push_back(blend_weights(ys_, j, scale));
    blender_.emplace(input.width * scale, input.height * scale, input.channels);
    // Inpainting leaves tiles without a hole as they are: no fit, the source pixels themselves.
    untouched_.reserve(xs_.size() * ys_.size());
    for (std::size_t j = 0; j < ys_.size(); ++j)
      for (std::size_t i = 0; i < xs_.size(); ++i) {
        if (options.task == Task::Inpaint && !has_hole(*known, xs_[i], ys_[j])) {
          untouched_.push_back(crop_image(input, xs_[i], ys_[j]));
          blender_->add(placed(untouched_.back(), Tile{xs_[i], ys_[j], i, j}));
          continue;
        }
        work_.push_back(Tile{xs_[i], ys_[j], i, j});
      }
    states_.resize(work_.size());
    workers_ = std::clamp(plan.workers, 1, std::max(1, static_cast<int>(work_.size())));
    tile_options_ = options;
    // The threads are shared among the workers; each worker's fit sets its own share.
    if (workers_ > 1) tile_options_.threads = std::max(1, thread_count(options.threads) / workers_);
  }

  Result run(const ProgressCallback& progress, const StopToken* stop) {
    start_ = std::chrono::steady_clock::now();
    if (workers_ == 1)
      fit_in_turn(progress, stop);
    else
      fit_at_once(progress, stop);
    return gather();
  }

 private:
  PlacedTile placed(const Image& image, const Tile& t) const {
    return PlacedTile{&image, t.x.begin * scale_, t.y.begin * scale_, &wx_[t.ix], &wy_[t.iy]};
  }

  Result fit_tile(std::size_t k, const ProgressCallback& on_report, const StopToken* stop) {
    const Tile& t = work_[k];
    const Image tile_in = crop_image(input_, t.x, t.y);
    const Mask tile_known = known_ ? crop_mask(*known_, t.x, t.y) : Mask();
    return restore_whole(tile_in, known_ ? &tile_known : nullptr, tile_options_, on_report, stop);
  }

  // Records a tile's report; call with the lock held (or with no workers).
  void record(std::size_t k, const Progress& p) {
    TileState& s = states_[k];
    s.iterations = p.iteration;
    s.total = p.total;
    s.automatic = p.automatic;
    s.loss = p.loss;
    if (p.estimate) s.estimate = *p.estimate;
  }

  // The run as a whole: iterations over all tiles, tiles not started yet expected to plan as
  // many as the ones that have; the preview blends every tile that has something to show.
  Progress overall(bool with_estimate, Image* preview) const {
    Progress q;
    int planned = 0, finished = 0;
    for (const TileState& s : states_)
      if (s.started) planned = std::max(planned, s.total);
    for (const TileState& s : states_) {
      q.iteration += s.iterations;
      q.total += s.finished ? s.iterations : s.started ? s.total : planned;
      if (s.finished) ++finished;
      if (s.started && !s.finished) {
        q.automatic = s.automatic;
        q.loss = s.loss;
      }
    }
    q.tiles = static_cast<int>(work_.size());
    q.tile = std::min(finished + 1, q.tiles);
    q.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    q.eta_s = q.iteration > 0 ? q.elapsed_s / q.iteration * (q.total - q.iteration) : 0.0;
    if (with_estimate) {
      std::vector<PlacedTile> pending;
      bool complete = true;
      for (std::size_t k = 0; k < states_.size(); ++k) {
        const TileState& s = states_[k];
        if (s.finished) continue;
        if (s.estimate)
          pending.push_back(placed(*s.estimate, work_[k]));
        else if (s.started)
          complete = false;
      }
      // A tile that has not sent its estimate yet would show its noisy input: wait for it.
      if (complete) {
        *preview = blender_->result(fallback(), pending);
        q.estimate = preview;
      }
    }
    return q;
  }

  void finish(std::size_t k, Result r) {
    TileState& s = states_[k];
    s.finished = true;
    s.iterations = r.iterations;
    s.estimate.reset();
    blender_->add(placed(r.image, work_[k]));
    s.result = std::move(r);
  }

  void fit_in_turn(const ProgressCallback& progress, const StopToken* stop) {
    bool want_estimate = false;
    for (std::size_t k = 0; k < work_.size(); ++k) {
      states_[k].started = true;
      ProgressCallback on_tile;
      if (progress) {
        on_tile = [&, k](const Progress& p) {
          record(k, p);
          Image preview;
          const Reply reply = progress(overall(want_estimate, &preview));
          want_estimate = reply.want_estimate;
          return reply;
        };
      }
      Result r = fit_tile(k, on_tile, stop);
      const bool stopped = r.stopped_by_user;
      finish(k, std::move(r));
      if (stopped) break;
    }
  }

  void fit_at_once(const ProgressCallback& progress, const StopToken* stop) {
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0;
    int running = workers_;
    int reported = -1;  // iterations in the last report the caller got
    bool want_estimate = false, news = false;
    std::exception_ptr failure;
    StopToken ending;  // the caller's stop and cancel, passed on to every worker

    auto worker = [&]() {
      for (;;) {
        std::size_t k;
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (next == work_.size() || ending.requested() != Action::Continue) break;
          k = next++;
          states_[k].started = true;
        }
        ProgressCallback on_tile = [&, k](const Progress& p) {
          std::lock_guard<std::mutex> lock(mutex);
          record(k, p);
          news = true;
          changed.notify_all();
          return Reply{Action::Continue, want_estimate};
        };
        try {
          Result r = fit_tile(k, on_tile, &ending);
          std::lock_guard<std::mutex> lock(mutex);
          finish(k, std::move(r));
          news = true;
        } catch (const Cancelled&) {
          break;  // the caller cancelled: nothing of this tile is kept
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!failure) failure = std::current_exception();
          ending.cancel();  // the other tiles' work is lost anyway
          break;
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      --running;
      changed.notify_all();
    };

    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(workers_));
    // Declared before the threads start and the lock is taken, so that it runs after the lock
    // is released on any way out: an exception from the caller's callback (or from gathering
    // its report) would otherwise leave the threads joinable, and destroying a joinable
    // std::thread ends the process.
    const WorkerJoin join{threads, ending};
    for (int i = 0; i < workers_; ++i) threads.emplace_back(worker);

    std::unique_lock<std::mutex> lock(mutex);
    while (running > 0) {
      // Wakes for reports, and at least every 50 ms to pass on the caller's stop token.
      changed.wait_for(lock, std::chrono::milliseconds(50), [&] { return news || running == 0; });
      if (stop && stop->requested() != Action::Continue && ending.requested() == Action::Continue) {
        if (stop->requested() == Action::Cancel)
          ending.cancel();
        else
          ending.stop_and_keep();
      }
      const bool report = news && progress && ending.requested() == Action::Continue;
      news = false;  // or the wait would return at once, and the workers never get the lock
      if (!report) continue;
      Image preview;
      const Progress q = overall(want_estimate, &preview);
      if (q.iteration <= reported) continue;
      reported = q.iteration;
      // The caller's callback may take its time (a preview redraw): the workers go on meanwhile.
      lock.unlock();
      const Reply reply = progress(q);
      lock.lock();
      want_estimate = reply.want_estimate;
      if (reply.action == Action::Cancel)
        ending.cancel();
      else if (reply.action == Action::StopAndKeep && ending.requested() == Action::Continue)
        ending.stop_and_keep();
    }
    lock.unlock();
    join.now();
    if (failure) std::rethrow_exception(failure);
    if (ending.requested() == Action::Cancel) throw Cancelled();
  }

  const Image& fallback() const {
    // Where a run stopped early leaves pixels no tile reached: they keep the input (resized).
    if (!fallback_)
      fallback_ = scale_ == 1 ? input_ : resize_bilinear(input_, input_.width * scale_, input_.height * scale_);
    return *fallback_;
  }

  Result gather() {
    Result total;
    total.tiles = static_cast<int>(work_.size());
    bool all_by_rule = true;
    for (const TileState& s : states_) {
      if (!s.result) {
        all_by_rule = false;
        continue;
      }
      total.iterations += s.result->iterations;
      total.best_iteration = s.result->best_iteration;
      total.final_loss = s.result->final_loss;
      all_by_rule = all_by_rule && s.result->stopped_by_rule;
      total.stopped_by_user = total.stopped_by_user || s.result->stopped_by_user;
    }
    total.stopped_by_rule = all_by_rule && !total.stopped_by_user;
    total.image = blender_->result(fallback());
    // Blending the same known pixel from two tiles can move it by a rounding error; this puts
    // every known pixel and the alpha back exactly.
    finish_output(input_, known_, options_, &total.image);
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return total;
  }

  const Image& input_;
  const Mask* known_;
  const Options& options_;
  Options tile_options_;
  int scale_ = 1;
  int workers_ = 1;
  std::vector<Span> xs_, ys_;
  std::vector<std::vector<float>> wx_, wy_;
  std::optional<TileBlender> blender_;
  std::vector<Image> untouched_;
  std::vector<Tile> work_;
  std::vector<TileState> states_;
  mutable std::optional<Image> fallback_;
  std::chrono::steady_clock::time_point start_;
};

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
  return TileRun(input, known, options, plan).run(progress, stop);
}

}  // namespace dip
