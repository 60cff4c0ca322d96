#include "progress_text.hpp"

#include "intl.hpp"

namespace dip::front {
namespace {

std::string megabytes(std::size_t bytes) {
  return format(_("%.0f MB"), static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

std::string status_text(const FitProgress& progress) {
  std::string text = progress.tiles > 1
                         ? format(_("Tile %d of %d · "), progress.tile, progress.tiles)
                         : std::string();
  text += progress.automatic
              ? format(_("Iteration %d of at most %d (stops by itself when converged)"),
                       progress.iteration, progress.total)
              : format(_("Iteration %d of %d"), progress.iteration, progress.total);
  return text;
}

std::string details_text(const FitProgress& progress) {
  return format(_("Elapsed %s · about %s left · loss %.5f"),
                format_duration(progress.elapsed_s).c_str(),
                format_duration(progress.eta_s).c_str(), progress.loss);
}

std::string describe_fit(const dip::Options& options, int width, int height,
                         const dip::MemoryPlan& memory) {
  std::string text;
  switch (options.task) {
    case dip::Task::Upscale:
      text = format(_("Result: %d×%d pixels."), width * options.factor, height * options.factor);
      break;
    case dip::Task::Inpaint:
      text = format(_("Fits a %d×%d crop around the selection."), width, height);
      break;
    case dip::Task::Denoise:
      text = format(_("Fits a %d×%d area."), width, height);
      break;
  }
  text += " ";
  if (!memory.fits)
    return text + format(_("Needs about %s of memory, even in tiles, but only %s is available."),
                         megabytes(memory.tile_bytes).c_str(),
                         megabytes(memory.budget_bytes).c_str());
  if (memory.split_for_cores)
    return text + format(_("Works in %d tiles of about %s each, fitted at the same time, one "
                           "per core."),
                         memory.tiles(), megabytes(memory.tile_bytes).c_str());
  if (memory.tiled())
    return text + format(_("One fit would need about %s but %s is available: works in %d tiles "
                           "of about %s each."),
                         megabytes(memory.whole_bytes).c_str(),
                         megabytes(memory.budget_bytes).c_str(), memory.tiles(),
                         megabytes(memory.tile_bytes).c_str());
  return text + format(_("Peak memory about %s."), megabytes(memory.whole_bytes).c_str());
}

}  // namespace dip::front
