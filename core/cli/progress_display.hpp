// How a run's progress reaches the user: a bar redrawn in place on a terminal, plain lines every
// few seconds (or every report, when asked) when stderr is a file or a pipe.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "dip/restore.hpp"

namespace dip::cli {

// "0:07", "12:34", "1:02:03".
std::string format_duration(double seconds);

// One report as text, without bar or line ending: iteration/total, loss, PSNR, time, ETA.
std::string describe_progress(const dip::Progress& progress, std::optional<double> psnr_db);

class ProgressDisplay {
 public:
  ProgressDisplay(std::FILE* out, bool terminal, bool every_report);
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;
  ~ProgressDisplay() { finish(); }

  void show(const dip::Progress& progress, std::optional<double> psnr_db);
  // Ends the bar's line so that what follows starts on a line of its own.
  void finish();

 private:
  std::FILE* out_;
  bool terminal_;
  bool every_report_;
  bool bar_drawn_ = false;
  double last_shown_s_ = -1e9;
};

}  // namespace dip::cli
