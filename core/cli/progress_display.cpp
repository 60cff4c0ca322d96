#include "progress_display.hpp"

#include <algorithm>
#include <cmath>

#include "intl.hpp"

namespace dip::cli {
namespace {

constexpr double kLineInterval_s = 5.0;   // plain lines: often enough to see life in a log
constexpr double kRedrawInterval_s = 0.2; // the bar: smooth without flooding a slow terminal
constexpr int kBarWidth = 24;

std::string bar(const dip::Progress& progress) {
  const double done = progress.total > 0 ? double(progress.iteration) / progress.total : 0.0;
  const int filled = static_cast<int>(std::lround(std::clamp(done, 0.0, 1.0) * kBarWidth));
  std::string text = "[";
  text.append(static_cast<std::size_t>(filled), '#');
  text.append(static_cast<std::size_t>(kBarWidth - filled), '.');
  return text + "] ";
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  const long total = std::lround(seconds);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

std::string describe_progress(const dip::Progress& progress, std::optional<double> psnr_db) {
  // An automatic run's total is only a cap: the stopping rule may end it sooner.
  std::string line =
      progress.tiles > 1 ? format(_("tile %d/%d  "), progress.tile, progress.tiles) : std::string();
  line +=
      progress.automatic
          ? format(_("%d/max %d  loss %.3e"), progress.iteration, progress.total, progress.loss)
          : format(_("%d/%d  loss %.3e"), progress.iteration, progress.total, progress.loss);
  if (psnr_db) line += "  " + format(_("PSNR %.2f dB"), *psnr_db);
  line += "  " + format(_("%s elapsed, ETA %s"), format_duration(progress.elapsed_s).c_str(),
                        format_duration(progress.eta_s).c_str());
  return line;
}

ProgressDisplay::ProgressDisplay(std::FILE* out, bool terminal, bool every_report)
    : out_(out), terminal_(terminal), every_report_(every_report) {}

void ProgressDisplay::show(const dip::Progress& progress, std::optional<double> psnr_db) {
  const double interval = terminal_ ? kRedrawInterval_s : kLineInterval_s;
  const bool last = progress.iteration >= progress.total;
  if (!every_report_ && !last && progress.elapsed_s - last_shown_s_ < interval) return;
  last_shown_s_ = progress.elapsed_s;
  if (terminal_) {
    // \033[K clears what a longer previous line left behind.
    std::fprintf(out_, "\r%s%s\033[K", bar(progress).c_str(),
                 describe_progress(progress, psnr_db).c_str());
    bar_drawn_ = true;
  } else {
    std::fprintf(out_, "%s\n", describe_progress(progress, psnr_db).c_str());
  }
  std::fflush(out_);
}

void ProgressDisplay::finish() {
  if (!bar_drawn_) return;
  std::fputc('\n', out_);
  std::fflush(out_);
  bar_drawn_ = false;
}

}  // namespace dip::cli
