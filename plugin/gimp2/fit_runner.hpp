// Runs a fit on the worker thread and keeps the user informed while it runs: a progress dialog
// with preview for interactive runs, GIMP's own progress bar for every run.
#pragma once

#include <libgimp/gimp.h>

#include <string>

#include "composite.hpp"
#include "fit_worker.hpp"
#include "host_watch.hpp"

namespace dip::gimp2 {

// What the progress dialog shows besides numbers.
struct FitView {
  std::string title;          // the filter's name, e.g. "Inpaint Selection"
  std::string progress_text;  // GIMP's progress bar text
  dip::Image source;          // the crop being fitted, shown until the first estimate arrives
  // The preview shows the estimate blended into the source through this selection (what the
  // new layer will look like); unset for upscaling, whose estimate has another size, and for
  // inpainting, whose estimate comes blended.
  bool blend_preview = true;
  front::Selection selection;
};

struct FitOutcome {
  front::FitState state = front::FitState::Failed;
  dip::Result result;
  std::string error;
};

FitOutcome run_fit(front::FitJob job, GimpRunMode mode, const FitView& view);

}  // namespace dip::gimp2
