// FILE* that closes itself. Writers call close_written() instead, because a failed close is
// where a full disk shows up.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace dip::cli {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

// Opens `path` with fopen `mode`; throws FileError with the system's reason.
FileHandle open_file(const std::string& path, const char* mode);

// Flushes and closes; throws FileError naming `shown_path` if any write failed.
void close_written(FileHandle file, const std::string& shown_path);

}  // namespace dip::cli
