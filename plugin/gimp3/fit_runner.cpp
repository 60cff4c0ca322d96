#include "fit_runner.hpp"

#include <chrono>

#include "progress_dialog.hpp"

namespace dip::gimp3 {

namespace {

// Batch runs: libgimp's wire is not thread-safe, so this thread relays the worker's progress
// to GIMP while the worker computes.
void follow_in_gimp_progress(front::FitWorker& worker, const front::HostWatch& gimp) {
  double shown = -1.0;
  while (!worker.wait_for(std::chrono::milliseconds(250))) {
    if (gimp.host_gone()) {
      worker.cancel();
      continue;
    }
    const double fraction = worker.progress().fraction();
    if (fraction - shown >= 0.005) {
      gimp_progress_update(fraction);
      shown = fraction;
    }
  }
}

}  // namespace

FitOutcome run_fit(front::FitJob job, GimpRunMode mode, const FitView& view) {
  const bool interactive = mode == GIMP_RUN_INTERACTIVE;
  gimp_progress_init(view.progress_text.c_str());

  // Batch runs ask for no estimates: nobody would see them.
  const auto preview_interval =
      interactive ? std::chrono::milliseconds(3000) : std::chrono::milliseconds(0);
  if (interactive) job.options.report_every = 1;  // a smooth bar costs nothing on a small crop
  front::FitWorker worker(std::move(job), preview_interval);

  const front::HostWatch gimp;
  if (interactive)
    ProgressDialog(worker, view, gimp).run();
  else
    follow_in_gimp_progress(worker, gimp);

  worker.wait_for(std::chrono::hours(24 * 365));
  FitOutcome outcome;
  outcome.state = worker.state();
  if (outcome.state == front::FitState::Finished) outcome.result = worker.take_result();
  outcome.error = worker.error();
  // With GIMP gone, a libgimp call may end the process at once: return first, so the worker's
  // thread is joined before that.
  if (!gimp.host_gone()) gimp_progress_end();
  return outcome;
}

}  // namespace dip::gimp3
