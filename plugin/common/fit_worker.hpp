// Runs dip::restore() on a thread of its own, so a GUI main loop (or a PDB progress loop) keeps
// running, and publishes its progress for the front end to poll. The worker never calls back
// into the front end: GTK and libgimp are not thread-safe, so only the polling thread touches
// them. Cancel and stop-and-keep go through dip::StopToken and take effect within one iteration.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "dip/restore.hpp"

namespace dip::front {

struct FitJob {
  dip::Image input;
  std::optional<dip::Mask> known;  // inpaint only
  dip::Options options;
};

// What the front end shows: the latest report from the engine.
struct FitProgress {
  bool started = false;  // false until the first report (the net is still being set up)
  int iteration = 0;
  int total = 0;
  bool automatic = false;
  double loss = 0.0;
  double elapsed_s = 0.0;  // since the worker started, set-up included
  double eta_s = 0.0;
  int tile = 1, tiles = 1;  // a layer over the memory budget is fitted tile by tile
  std::uint64_t estimate_serial = 0;  // bumps whenever a newer estimate is available

  // Fraction done for a progress bar, in [0, 1].
  double fraction() const;
};

enum class FitState { Running, Finished, Cancelled, Failed };

class FitWorker {
 public:
  // preview_interval: how often to ask the engine for its current estimate; zero = never
  // (batch runs pay nothing for previews).
  explicit FitWorker(FitJob job,
                     std::chrono::milliseconds preview_interval = std::chrono::milliseconds(0));
  // Cancels a run still going and waits for the thread: destroying the worker never leaves a
  // thread behind.
  ~FitWorker();

  FitWorker(const FitWorker&) = delete;
  FitWorker& operator=(const FitWorker&) = delete;

  // Ends the run within one iteration. Also turns a Finished run whose result has not been
  // taken yet into a Cancelled one: a cancel always wins over a result not yet written.
  void cancel();
  void stop_and_keep();
  // The request made so far (Continue when none).
  dip::Action requested() const { return stop_.requested(); }

  FitProgress progress() const;
  // Copies the newest estimate into *out when it is newer than *serial, and updates *serial.
  bool take_estimate(std::uint64_t* serial, dip::Image* out) const;

  FitState state() const;
  // Waits until the run ends or the timeout passes; true when it has ended.
  bool wait_for(std::chrono::milliseconds timeout) const;

  // Valid once state() is Finished.
  const dip::Result& result() const { return result_; }
  dip::Result take_result();
  // Valid once state() is Failed.
  const std::string& error() const { return error_; }

  // For the plug-ins' quit hooks. libgimp ends a plug-in with exit() when GIMP goes away or
  // its wire breaks, from inside whatever libgimp call the polling thread is making (a
  // progress update, say). With a worker still fitting, exit() would run the static
  // destructors under its feet: a SIGTERM to GIMP once ended in "corrupted double-linked
  // list". So while any FitWorker exists this ends the process at once (_exit, status 0):
  // GIMP is gone and nothing is left to write back. Otherwise (the quit after a run) it
  // returns.
  static void end_process_if_fitting();

 private:
  // Counts the FitWorkers of the process. libgimp's quit hooks take no argument, so this
  // process-wide count is how they learn of a fit.
  struct Counted {
    Counted();
    ~Counted();
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
  };

  void run();
  dip::Reply on_progress(const dip::Progress& report);

  const FitJob job_;
  const std::chrono::milliseconds preview_interval_;
  const std::chrono::steady_clock::time_point start_;
  dip::StopToken stop_;

  mutable std::mutex mutex_;
  mutable std::condition_variable ended_;
  FitState state_ = FitState::Running;
  FitProgress progress_;
  dip::Image estimate_;
  std::chrono::steady_clock::time_point last_estimate_request_;
  dip::Result result_;
  bool result_taken_ = false;
  std::string error_;

  Counted counted_;     // before the thread starts, gone only after it is joined
  std::thread thread_;  // last: it starts once everything above is built
};

// "0:42", "12:05", "1:02:03".
std::string format_duration(double seconds);

}  // namespace dip::front
