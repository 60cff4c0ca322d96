// An output file that appears complete or not at all: the writer fills a temporary file in the
// same folder (so rename() cannot cross file systems), commit() renames it into place, and
// anything else (an exception, a cancelled run) removes it.
#pragma once

#include <string>

namespace dip::cli {

class AtomicOutput {
 public:
  // Creates the temporary file; throws FileError naming `path` when its folder is missing or
  // cannot be written.
  explicit AtomicOutput(std::string path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temporary_path() const { return temporary_; }

  // Syncs the temporary file to disk and renames it to the final path.
  void commit();

 private:
  std::string path_;
  std::string temporary_;
  bool committed_ = false;
};

// The folder part of `path` ("." when there is none).
std::string folder_of(const std::string& path);

}  // namespace dip::cli
