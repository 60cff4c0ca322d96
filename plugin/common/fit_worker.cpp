#include "fit_worker.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <new>

#include "intl.hpp"

namespace dip::front {
namespace {

std::atomic<int>& live_workers() {
  static std::atomic<int> count{0};
  return count;
}

}  // namespace

FitWorker::Counted::Counted() { ++live_workers(); }
FitWorker::Counted::~Counted() { --live_workers(); }

void FitWorker::end_process_if_fitting() {
  if (live_workers().load() > 0) _exit(0);
}

double FitProgress::fraction() const {
  if (!started || total <= 0) return 0.0;
  return std::clamp(static_cast<double>(iteration) / total, 0.0, 1.0);
}

FitWorker::FitWorker(FitJob job, std::chrono::milliseconds preview_interval)
    : job_(std::move(job)),
      preview_interval_(preview_interval),
      start_(std::chrono::steady_clock::now()),
      last_estimate_request_(start_),
      thread_([this] { run(); }) {}

FitWorker::~FitWorker() {
  stop_.cancel();
  if (thread_.joinable()) thread_.join();
}

void FitWorker::cancel() {
  stop_.cancel();
  // A fit can end a moment before Cancel is pressed, while the dialog still shows it running:
  // the user asked to leave the image alone, so a result nobody has taken yet is dropped.
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == FitState::Finished && !result_taken_) {
    state_ = FitState::Cancelled;
    result_ = dip::Result{};
  }
}

dip::Result FitWorker::take_result() {
  std::lock_guard<std::mutex> lock(mutex_);
  result_taken_ = true;
  return std::move(result_);
}

void FitWorker::stop_and_keep() {
  // A cancel already asked for wins: the user cannot un-cancel by pressing the other button.
  if (stop_.requested() == dip::Action::Continue) stop_.stop_and_keep();
}

FitProgress FitWorker::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  FitProgress copy = progress_;
  if (state_ == FitState::Running) {
    // Elapsed time keeps moving between reports, so the UI clock never looks frozen.
    copy.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  return copy;
}

bool FitWorker::take_estimate(std::uint64_t* serial, dip::Image* out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (progress_.estimate_serial == *serial || estimate_.empty()) return false;
  *out = estimate_;
  *serial = progress_.estimate_serial;
  return true;
}

FitState FitWorker::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

bool FitWorker::wait_for(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return ended_.wait_for(lock, timeout, [this] { return state_ != FitState::Running; });
}

dip::Reply FitWorker::on_progress(const dip::Progress& report) {
  const auto now = std::chrono::steady_clock::now();
  dip::Reply reply;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    progress_.started = true;
    progress_.iteration = report.iteration;
    progress_.total = report.total;
    progress_.automatic = report.automatic;
    progress_.loss = report.loss;
    progress_.elapsed_s = std::chrono::duration<double>(now - start_).count();
    progress_.eta_s = report.eta_s;
    progress_.tile = report.tile;
    progress_.tiles = report.tiles;
    if (report.estimate != nullptr) {
      estimate_ = *report.estimate;
      ++progress_.estimate_serial;
    }
    if (preview_interval_.count() > 0 && now - last_estimate_request_ >= preview_interval_) {
      reply.want_estimate = true;
      last_estimate_request_ = now;
    }
  }
  reply.action = stop_.requested();
  return reply;
}

void FitWorker::run() {
  FitState outcome = FitState::Finished;
  dip::Result result;
  std::string error;
  try {
    const dip::Mask* known = job_.known ? &*job_.known : nullptr;
    result = dip::restore(job_.input, known, job_.options,
                          [this](const dip::Progress& p) { return on_progress(p); }, &stop_);
  } catch (const dip::Cancelled&) {
    outcome = FitState::Cancelled;
  } catch (const dip::Error& e) {
    outcome = FitState::Failed;
    error = translated(e, GETTEXT_PACKAGE);
  } catch (const std::bad_alloc&) {
    outcome = FitState::Failed;
    error = _("Out of memory while fitting. Select a smaller area, lower the context, or use "
              "the fast preset.");
  } catch (const std::exception& e) {
    outcome = FitState::Failed;
    error = format(_("The fit failed: %s"), e.what());
  } catch (...) {
    outcome = FitState::Failed;
    error = _("The fit failed with an unknown error.");
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // A cancel that arrives as the last iteration completes still means "leave my image alone".
    // Read under the lock: cancel() requests before it locks, so a cancel either is seen here
    // or finds the run Finished and drops the result itself.
    if (outcome == FitState::Finished && stop_.requested() == dip::Action::Cancel)
      outcome = FitState::Cancelled;
    if (outcome == FitState::Finished) result_ = std::move(result);
    error_ = std::move(error);
    progress_.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    state_ = outcome;
  }
  ended_.notify_all();
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  const long total = std::lround(seconds);
  const long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  char text[32];
  if (h > 0)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", h, m, s);
  else
    std::snprintf(text, sizeof text, "%ld:%02ld", m, s);
  return text;
}

}  // namespace dip::front
