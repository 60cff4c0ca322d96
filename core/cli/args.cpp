#include "args.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>

#include "image_format.hpp"
#include "intl.hpp"

namespace dip::cli {
namespace {

constexpr long long kMaxIterations = 1000000;
constexpr long long kMaxThreads = 1024;
constexpr long long kMaxMemoryMib = 1LL << 30;

long long parse_integer(const std::string& option, const std::string& text, long long low,
                        long long high) {
  const bool looks_numeric = !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) ||
                                               (text[0] == '-' && text.size() > 1));
  char* end = nullptr;
  errno = 0;
  const long long value = looks_numeric ? std::strtoll(text.c_str(), &end, 10) : 0;
  if (!looks_numeric || *end != '\0')
    throw UsageError(format(_("%s: '%s' is not a whole number"), option.c_str(), text.c_str()));
  if (errno == ERANGE || value < low || value > high)
    throw UsageError(format(_("%s: %s is out of range (%lld to %lld)"), option.c_str(),
                            text.c_str(), low, high));
  return value;
}

std::uint64_t parse_seed(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const bool digits_first = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]));
  const unsigned long long value = digits_first ? std::strtoull(text.c_str(), &end, 10) : 0;
  if (!digits_first || *end != '\0')
    throw UsageError(format(_("--seed: '%s' is not a whole number >= 0"), text.c_str()));
  if (errno == ERANGE) throw UsageError(format(_("--seed: %s is too large"), text.c_str()));
  return value;
}

// A decimal number, or nothing when `text` is not one (strtod alone would take "inf", "nan",
// hex and leading spaces).
std::optional<double> read_decimal(const std::string& text) {
  const bool numeric_start = !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) ||
                                               text[0] == '.' || text[0] == '-');
  if (!numeric_start) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  return value;
}

float parse_tv_weight(const std::string& text) {
  const std::optional<double> value = read_decimal(text);
  if (!value) throw UsageError(format(_("--tv: '%s' is not a number"), text.c_str()));
  if (!std::isfinite(*value) || *value < 0.0 || *value > 1e6)
    throw UsageError(format(_("--tv: %s is out of range (a weight >= 0)"), text.c_str()));
  return static_cast<float>(*value);
}

// In 8-bit levels, as the paper and most tools state it (sigma = 25); the engine's scale is 0-1.
float parse_noise_sigma(const std::string& text) {
  const std::optional<double> value = read_decimal(text);
  if (!value) throw UsageError(format(_("--noise-sigma: '%s' is not a number"), text.c_str()));
  if (!std::isfinite(*value) || *value <= 0.0 || *value > 255.0)
    throw UsageError(
        format(_("--noise-sigma: %s is out of range (above 0, at most 255)"), text.c_str()));
  return static_cast<float>(*value / 255.0);
}

dip::Task parse_task(const std::string& text) {
  if (text == "denoise") return dip::Task::Denoise;
  if (text == "inpaint") return dip::Task::Inpaint;
  if (text == "upscale") return dip::Task::Upscale;
  throw UsageError(format(_("unknown task '%s' (use denoise, inpaint or upscale)"), text.c_str()));
}

struct Parsed {
  Command command;
  std::optional<int> factor;
  std::vector<std::string> positionals;
};

struct OptionSpec {
  const char* name;
  bool takes_value;
  std::function<void(Parsed&, const std::string&)> apply;
};

const std::vector<OptionSpec>& option_specs() {
  static const std::vector<OptionSpec> specs = {
      {"--hole", true, [](Parsed& p, const std::string& v) { p.command.hole = v; }},
      {"--factor", true,
       [](Parsed& p, const std::string& v) {
         const auto factor = static_cast<int>(parse_integer("--factor", v, 1, 64));
         if (!dip::is_supported_factor(factor))
           throw UsageError(format(_("--factor %s is not supported (use 2, 3, 4 or 8)"), v.c_str()));
         p.factor = factor;
       }},
      {"--preset", true,
       [](Parsed& p, const std::string& v) {
         if (!dip::parse_preset(v, &p.command.options.preset))
           throw UsageError(
               format(_("--preset: unknown preset '%s' (use fast, balanced or paper)"), v.c_str()));
       }},
      {"--iterations", true,
       [](Parsed& p, const std::string& v) {
         p.command.options.iterations =
             static_cast<int>(parse_integer("--iterations", v, 0, kMaxIterations));
       }},
      {"--seed", true, [](Parsed& p, const std::string& v) { p.command.options.seed = parse_seed(v); }},
      {"--tv", true,
       [](Parsed& p, const std::string& v) { p.command.options.tv_weight = parse_tv_weight(v); }},
      {"--noise-sigma", true,
       [](Parsed& p, const std::string& v) { p.command.options.noise_level = parse_noise_sigma(v); }},
      {"--threads", true,
       [](Parsed& p, const std::string& v) {
         p.command.options.threads = static_cast<int>(parse_integer("--threads", v, 0, kMaxThreads));
       }},
      {"--memory-limit", true,
       [](Parsed& p, const std::string& v) {
         // MiB: what a user reads in `free -m`.
         p.command.options.memory_budget =
             static_cast<std::size_t>(parse_integer("--memory-limit", v, 64, kMaxMemoryMib)) << 20;
       }},
      {"--device", true,
       [](Parsed& p, const std::string& v) {
         if (v != "cpu" && v != "cuda" && v != "auto")
           throw UsageError(
               format(_("--device: unknown device '%s' (use cpu, cuda or auto)"), v.c_str()));
         p.command.options.device = v;
       }},
      {"--reference", true, [](Parsed& p, const std::string& v) { p.command.reference = v; }},
      {"--report-every", true,
       [](Parsed& p, const std::string& v) {
         p.command.options.report_every =
             static_cast<int>(parse_integer("--report-every", v, 1, kMaxIterations));
         p.command.report_every_given = true;
       }},
      {"--quiet", false, [](Parsed& p, const std::string&) { p.command.quiet = true; }},
  };
  return specs;
}

const OptionSpec* find_option(const std::string& name) {
  for (const OptionSpec& spec : option_specs())
    if (name == spec.name) return &spec;
  return nullptr;
}

// Checks that only make sense once every argument is known: the positionals and which
// options belong to which task.
Command finish(Parsed parsed) {
  Command& command = parsed.command;
  const auto& positionals = parsed.positionals;
  if (positionals.empty())
    throw UsageError(_("missing task: dip-restore denoise|inpaint|upscale IN OUT (see --help)"));
  command.options.task = parse_task(positionals[0]);
  const char* task = positionals[0].c_str();
  if (positionals.size() != 3) {
    const auto names = static_cast<unsigned long>(positionals.size() - 1);
    throw UsageError(format(dngettext(GETTEXT_PACKAGE,
                                      "%s takes an input and an output file, got %lu file name "
                                      "(see --help)",
                                      "%s takes an input and an output file, got %lu file names "
                                      "(see --help)",
                                      names),
                            task, names));
  }
  command.input = positionals[1];
  command.output = positionals[2];
  if (command.input.empty() || command.output.empty()) throw UsageError(_("empty file name"));
  const auto output_format = format_from_extension(command.output);
  if (!output_format)
    throw UsageError(format(_("%s: unknown output format (use .png, .jpg, .jpeg, .tif, .tiff, "
                              ".pgm, .ppm, .pnm or .pam)"),
                            command.output.c_str()));
  if (!format_built_in(*output_format))
    throw UsageError(format(_("%s: this build of dip-restore has no %s support (its library "
                              "was missing when it was built)"),
                            command.output.c_str(), format_name(*output_format)));

  const bool inpaint = command.options.task == dip::Task::Inpaint;
  const bool upscale = command.options.task == dip::Task::Upscale;
  if (inpaint && command.hole.empty()) throw UsageError(_("inpaint needs --hole MASK"));
  if (!inpaint && !command.hole.empty()) throw UsageError(_("--hole is for inpaint only"));
  if (upscale && !parsed.factor) throw UsageError(_("upscale needs --factor F (2, 3, 4 or 8)"));
  if (!upscale && parsed.factor) throw UsageError(_("--factor is for upscale only"));
  if (command.options.task != dip::Task::Denoise && command.options.noise_level > 0.0f)
    throw UsageError(_("--noise-sigma is for denoise only"));
  if (parsed.factor) command.options.factor = *parsed.factor;
  return command;
}

}  // namespace

Command parse_command_line(const std::vector<std::string>& arguments) {
  Parsed parsed;
  bool options_ended = false;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (options_ended || argument.size() < 2 || argument[0] != '-') {
      parsed.positionals.push_back(argument);
      continue;
    }
    if (argument == "--") {
      options_ended = true;
      continue;
    }
    if (argument == "--help" || argument == "-h") {
      parsed.command.action = Command::Action::Help;
      return parsed.command;
    }
    if (argument == "--version") {
      parsed.command.action = Command::Action::Version;
      return parsed.command;
    }
    const std::size_t equals = argument.find('=');
    const std::string name = argument.substr(0, equals);
    const OptionSpec* spec = find_option(name);
    if (!spec) throw UsageError(format(_("unknown option '%s' (see --help)"), name.c_str()));
    std::string value;
    if (equals != std::string::npos) {
      if (!spec->takes_value) throw UsageError(format(_("%s takes no value"), name.c_str()));
      value = argument.substr(equals + 1);
    } else if (spec->takes_value) {
      if (i + 1 >= arguments.size())
        throw UsageError(format(_("%s needs a value"), name.c_str()));
      value = arguments[++i];
    }
    spec->apply(parsed, value);
  }
  return finish(std::move(parsed));
}

std::string usage_text() {
  return _("Usage:\n"
         "  dip-restore denoise IN OUT [options]\n"
         "  dip-restore inpaint IN --hole MASK OUT [options]\n"
         "  dip-restore upscale IN --factor F OUT [options]\n"
         "\n"
         "Restores an image with a Deep Image Prior: a network fitted to this one image,\n"
         "with no training data. IN and OUT are PNG, JPEG, TIFF, PGM, PPM or PAM (8 or\n"
         "16 bits; grey, grey+alpha, RGB, RGBA); OUT keeps IN's bit depth and channels,\n"
         "and alpha is carried through untouched. The output format follows OUT's\n"
         "extension.\n"
         "\n"
         "Tasks:\n"
         "  denoise              remove noise\n"
         "  inpaint              fill the hole: MASK is white where to restore, black where\n"
         "                       the image is kept; same size as IN\n"
         "  upscale              enlarge by F = 2, 3, 4 or 8\n"
         "\n"
         "Options:\n"
         "  --preset P           fast, balanced (default) or paper (the reference settings)\n"
         "  --iterations N       iterations to run; 0 = automatic stop (default)\n"
         "  --seed N             random seed (default 0); same seed, same result on CPU\n"
         "  --tv W               total-variation weight >= 0 (default 0)\n"
         "  --noise-sigma S      denoise, balanced preset's automatic stop: the noise's\n"
         "                       standard deviation in 8-bit levels, e.g. 25 (default:\n"
         "                       estimated from IN)\n"
         "  --threads N          CPU threads; 0 = all cores (default)\n"
         "  --device D           cpu (default), cuda or auto\n"
         "  --memory-limit MiB   memory a fit may use (default: what the machine has\n"
         "                       available); a larger image is restored in tiles\n"
         "  --reference GT       ground truth of OUT's size: print PSNR as the run goes\n"
         "  --report-every N     iterations between progress reports (default 10);\n"
         "                       when given, every report is printed\n"
         "  --quiet              print errors only\n"
         "  --help               show this help\n"
         "  --version            show the version\n"
         "\n"
         "Options take their value as --opt VALUE or --opt=VALUE. Ctrl-C cancels cleanly\n"
         "and writes nothing.\n"
           "Exit status: 0 done, 1 failure (file, engine), 2 bad command line, 130 cancelled.\n");
}

}  // namespace dip::cli
