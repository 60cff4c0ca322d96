#include "fit_runner.hpp"

#include <libgimp/gimpui.h>

#include <chrono>

#include "procedures.hpp"
#include "progress_dialog.hpp"

namespace dip::gimp2 {

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

// Interactive runs and Filters ▸ Repeat (with last values) come from a person at the screen:
// both get the progress dialog, with its Cancel. A script calling with last values in batch
// mode has no display, and gets GIMP's progress only.
bool wants_dialog(GimpRunMode mode) {
  if (mode == GIMP_RUN_INTERACTIVE) return true;
  if (mode != GIMP_RUN_WITH_LAST_VALS) return false;
  int argc = 0;
  if (!gtk_init_check(&argc, nullptr)) return false;
  gimp_ui_init(kPlugInBinary, FALSE);
  return true;
}

}  // namespace

FitOutcome run_fit(front::FitJob job, GimpRunMode mode, const FitView& view) {
  const bool interactive = wants_dialog(mode);
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
  // With GIMP gone, any libgimp call ends the process at once (gimp_quit): return first, so
  // the worker's thread is joined before that.
  if (!gimp.host_gone()) gimp_progress_end();
  return outcome;
}

}  // namespace dip::gimp2
