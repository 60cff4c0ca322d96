#include "params.hpp"

#include <cmath>
#include <cstdlib>

#include "intl.hpp"

namespace dip::front {

std::string check(const CommonValues& values) {
  if (values.preset < 0 || values.preset > 2)
    return format(_("Preset %d does not exist: use 0 (fast), 1 (balanced) or 2 (paper)."),
                  values.preset);
  if (values.iterations < 0 || values.iterations > kMaxIterations)
    return format(_("Iterations must be between 0 (automatic) and %d; got %d."), kMaxIterations,
                  values.iterations);
  if (!std::isfinite(values.tv_weight) || values.tv_weight < 0.0 ||
      values.tv_weight > kMaxTvWeight)
    return format(_("The TV weight must be a number from 0 to %g; got %g."), kMaxTvWeight,
                  values.tv_weight);
  return {};
}

std::string check(const InpaintValues& values) {
  if (values.context < 0 || values.context > kMaxContext)
    return format(dngettext(GETTEXT_PACKAGE,
                            "Context must be between 0 (automatic) and %d pixel; got %d.",
                            "Context must be between 0 (automatic) and %d pixels; got %d.",
                            kMaxContext),
                  kMaxContext, values.context);
  return check(values.common);
}

std::string check(const DenoiseValues& values) { return check(values.common); }

std::string check(const UpscaleValues& values) {
  if (!dip::is_supported_factor(values.factor))
    return format(_("Upscaling factor %d is not supported: use 2, 3, 4 or 8."), values.factor);
  if (values.new_image != 0 && values.new_image != 1)
    return format(_("new-image must be 0 (new layer) or 1 (new image); got %d."),
                  values.new_image);
  return check(values.common);
}

namespace {

// GIMP has no place for an engine's memory limit, so a user (or a test) who wants a lower one
// than the machine's available memory sets DIP_MEMORY_LIMIT_MIB, as for dip-restore's
// --memory-limit. Anything that is not a positive number is ignored.
std::size_t memory_limit_from_environment() {
  const char* text = std::getenv("DIP_MEMORY_LIMIT_MIB");
  if (!text) return 0;
  char* end = nullptr;
  const unsigned long long mib = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || mib == 0 || mib > (1ULL << 30)) return 0;
  return static_cast<std::size_t>(mib) << 20;
}

dip::Options common_options(const CommonValues& values, dip::Task task) {
  dip::Options options;
  options.task = task;
  options.preset = static_cast<dip::Preset>(values.preset);
  options.iterations = values.iterations;
  // PDB seeds are signed 32-bit; reinterpret rather than clamp so every value is a distinct seed.
  options.seed = static_cast<std::uint32_t>(values.seed);
  options.tv_weight = static_cast<float>(values.tv_weight);
  options.memory_budget = memory_limit_from_environment();
  return options;
}

}  // namespace

dip::Options to_options(const InpaintValues& values) {
  return common_options(values.common, dip::Task::Inpaint);
}

dip::Options to_options(const DenoiseValues& values) {
  return common_options(values.common, dip::Task::Denoise);
}

dip::Options to_options(const UpscaleValues& values) {
  dip::Options options = common_options(values.common, dip::Task::Upscale);
  options.factor = values.factor;
  return options;
}

}  // namespace dip::front
