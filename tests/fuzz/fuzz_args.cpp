// libFuzzer target: dip-restore's argument parser. The input is the command line after the
// program name, arguments separated by NUL bytes (what the kernel hands main), so every
// seed in corpus/args is a readable argv. Beyond crashes and UB it checks that whatever the
// parser accepts is a command main can run without re-checking.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "args.hpp"
#include "image_format.hpp"

namespace {

std::vector<std::string> split_arguments(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> arguments;
  if (size == 0) return arguments;
  arguments.emplace_back();
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0)
      arguments.emplace_back();
    else
      arguments.back().push_back(static_cast<char>(data[i]));
  }
  return arguments;
}

// __builtin_trap, not assert: the check must hold in any build type, and libFuzzer reports
// the trap with the input that caused it.
void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check_accepted(const dip::cli::Command& command) {
  if (command.action != dip::cli::Command::Action::Restore) return;
  const dip::Options& options = command.options;
  require(!command.input.empty() && !command.output.empty());
  require(dip::cli::format_from_extension(command.output).has_value());
  require((options.task == dip::Task::Inpaint) == !command.hole.empty());
  if (options.task == dip::Task::Upscale) require(dip::is_supported_factor(options.factor));
  require(options.iterations >= 0);
  require(options.threads >= 0);
  require(options.report_every >= 1);
  require(std::isfinite(options.tv_weight) && options.tv_weight >= 0.0f);
  require(options.device == "cpu" || options.device == "cuda" || options.device == "auto");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    check_accepted(dip::cli::parse_command_line(split_arguments(data, size)));
  } catch (const dip::cli::UsageError& error) {
    require(error.what()[0] != '\0');
  }
  return 0;
}
