// dip-restore: the engine on files. Everything that can be checked is checked before the run,
// so a mistake costs a second, not the minutes of a fit.
#include <sys/resource.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "dip/image.hpp"
#include "dip/restore.hpp"
#include "dip/translate.hpp"
#include "hole_mask.hpp"
#include "image_io.hpp"
#include "interrupt_watcher.hpp"
#include "intl.hpp"
#include "progress_display.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

using dip::cli::Command;

// DIP_LOCALEDIR lets tests and uninstalled builds use catalogues that are not installed yet.
void init_i18n() {
  std::setlocale(LC_ALL, "");
  // Numbers on the command line and in logs keep the dot whatever the language: scripts
  // pass --tv 0.5 and parse the reports.
  std::setlocale(LC_NUMERIC, "C");
  const char* dir = std::getenv("DIP_LOCALEDIR");
  bindtextdomain(GETTEXT_PACKAGE, dir != nullptr && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}

// Engine and library messages can span lines; the rule here is one line per error.
std::string first_line(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

int report_error(const std::string& message, int status) {
  std::fprintf(stderr, "dip-restore: %s\n", message.c_str());
  return status;
}

struct Inputs {
  dip::cli::ImageFile image;
  std::optional<dip::Mask> known;
  std::optional<dip::Image> reference;
};

Inputs load_inputs(const Command& command) {
  Inputs inputs;
  inputs.image = dip::cli::read_image(command.input);
  const dip::Image& image = inputs.image.image;
  if (!command.hole.empty())
    inputs.known = dip::cli::mask_from_hole_image(dip::cli::read_image(command.hole).image,
                                                  command.hole, image.width, image.height);
  if (!command.reference.empty()) {
    dip::Image reference = dip::cli::read_image(command.reference).image;
    const int scale = command.options.task == dip::Task::Upscale ? command.options.factor : 1;
    const int width = image.width * scale, height = image.height * scale;
    if (reference.width != width || reference.height != height ||
        reference.colour_channels() != image.colour_channels())
      throw dip::cli::FileError(
          command.reference,
          dip::format(_("reference is %dx%d with %d colour channels, but the output will be "
                        "%dx%d with %d"),
                      reference.width, reference.height, reference.colour_channels(), width,
                      height, image.colour_channels()));
    inputs.reference = std::move(reference);
  }
  return inputs;
}

std::string describe_tiling(const dip::MemoryPlan& memory) {
  const double mib = 1024.0 * 1024.0;
  if (memory.split_for_cores)
    return dip::format(_("restoring in %d overlapping tiles of %dx%d at once, one per core "
                         "(about %.0f MiB each)"),
                       memory.tiles(), memory.tile_width, memory.tile_height,
                       memory.tile_bytes / mib);
  return dip::format(_("one fit of the whole image needs about %.0f MiB but %.0f MiB is available: "
                       "restoring in %d overlapping tiles of %dx%d (about %.0f MiB each)"),
                     memory.whole_bytes / mib, memory.budget_bytes / mib, memory.tiles(),
                     memory.tile_width, memory.tile_height, memory.tile_bytes / mib);
}

long peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux reports KiB
}

void print_summary(const Command& command, const dip::Result& result,
                   std::optional<double> psnr_db) {
  const double per_iteration = result.iterations > 0 ? result.seconds / result.iterations : 0.0;
  // The task keeps its command-line name: it is what the user typed.
  std::string line = dip::format(
      dngettext(GETTEXT_PACKAGE, "%s: %d iteration in %.1f s (%.3f s/iteration)",
                "%s: %d iterations in %.1f s (%.3f s/iteration)",
                static_cast<unsigned long>(result.iterations)),
      dip::task_name(command.options.task), result.iterations, result.seconds, per_iteration);
  if (result.stopped_by_rule)
    line += dip::format(_(", stopped by rule at best iteration %d"), result.best_iteration);
  if (psnr_db) line += dip::format(_(", PSNR %.2f dB"), *psnr_db);
  line += dip::format(_(", peak memory %ld MiB -> %s"), peak_memory_mib(), command.output.c_str());
  std::printf("%s\n", line.c_str());
}

int run(const Command& command, dip::StopToken& stop, const dip::cli::InterruptWatcher& watcher) {
  const Inputs inputs = load_inputs(command);
  const dip::Image& image = inputs.image.image;
  const dip::Mask* known = inputs.known ? &*inputs.known : nullptr;
  dip::cli::check_can_write(command.output, image.channels);
  dip::validate(image, known, command.options);
  const dip::MemoryPlan memory =
      dip::plan_memory(image.width, image.height, image.channels, command.options);
  if (memory.tiled() && !command.quiet)
    std::fprintf(stderr, "%s\n", describe_tiling(memory).c_str());

  const dip::Image* reference = inputs.reference ? &*inputs.reference : nullptr;
  dip::cli::ProgressDisplay display(stderr, isatty(fileno(stderr)) != 0,
                                    command.report_every_given);
  const auto on_progress = [&](const dip::Progress& progress) {
    std::optional<double> psnr_db;
    if (reference && progress.estimate) psnr_db = dip::psnr(*progress.estimate, *reference);
    if (!command.quiet) display.show(progress, psnr_db);
    dip::Reply reply;
    reply.want_estimate = reference != nullptr;
    return reply;
  };
  if (stop.requested() == dip::Action::Cancel) throw dip::Cancelled();
  const dip::Result result = dip::restore(image, known, command.options, on_progress, &stop);
  display.finish();
  // A signal that came as the run ended still means: write nothing.
  if (watcher.signal_received() != 0) throw dip::Cancelled();

  dip::cli::write_image(command.output, result.image, inputs.image.bits);
  if (!command.quiet) {
    std::optional<double> psnr_db;
    if (reference) psnr_db = dip::psnr(result.image, *reference);
    print_summary(command, result, psnr_db);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  dip::ensure_passive_openmp(argv);
  dip::tune_process_allocator();
  init_i18n();
  dip::StopToken stop;
  const dip::cli::InterruptWatcher watcher(stop);
  try {
    const Command command =
        dip::cli::parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    switch (command.action) {
      case Command::Action::Help: std::fputs(dip::cli::usage_text().c_str(), stdout); return 0;
      case Command::Action::Version: std::printf("dip-restore %s\n", dip::version()); return 0;
      case Command::Action::Restore: return run(command, stop, watcher);
    }
  } catch (const dip::cli::UsageError& error) {
    return report_error(first_line(error.what()), kExitUsage);
  } catch (const dip::Cancelled&) {
    const int signal_number = watcher.signal_received();
    report_error(_("cancelled; no output written"), kExitFailure);
    return signal_number != 0 ? 128 + signal_number : kExitFailure;
  } catch (const std::bad_alloc&) {
    return report_error(_("out of memory"), kExitFailure);
  } catch (const dip::Error& error) {
    return report_error(first_line(dip::translated(error, GETTEXT_PACKAGE)), kExitFailure);
  } catch (const std::exception& error) {
    // FileError's messages are translated already; anything else has no translation.
    return report_error(first_line(error.what()), kExitFailure);
  }
  return kExitFailure;
}
