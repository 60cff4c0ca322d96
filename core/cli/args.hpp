// The dip-restore command line, parsed into what to do. No file is touched here: checks that
// need the files (sizes, formats, folders) happen in main before the run.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "dip/restore.hpp"

namespace dip::cli {

// A command line that cannot mean anything: exit status 2. what() is one line.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Command {
  enum class Action { Restore, Help, Version };
  Action action = Action::Restore;
  dip::Options options;  // task, factor and every engine option given
  std::string input;
  std::string output;
  std::string hole;       // inpaint: white = to restore
  std::string reference;  // optional ground truth for PSNR reports
  bool report_every_given = false;  // print every report, not only every few seconds
  bool quiet = false;
};

// `arguments` excludes the program name. Throws UsageError.
Command parse_command_line(const std::vector<std::string>& arguments);

std::string usage_text();

}  // namespace dip::cli
