// Fuzz input as a file that the readers open by path, as dip-restore does (libtiff opens
// files itself). It lives in memory (memfd), so millions of runs touch no disk and leave no
// file behind however the process ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dip::fuzz {

class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // /proc/self/fd/N: opening it gives a new, independent read position on the same bytes.
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

}  // namespace dip::fuzz
