#include "memory_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>

namespace dip::fuzz {

MemoryFile::MemoryFile(const std::uint8_t* data, std::size_t size)
    : fd_(memfd_create("dip-fuzz-input", MFD_CLOEXEC)) {
  // A harness that cannot build its input must stop loudly, not report "no finding".
  if (fd_ < 0) std::abort();
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd_, data + written, size - written);
    if (n <= 0) std::abort();
    written += static_cast<std::size_t>(n);
  }
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemoryFile::~MemoryFile() { ::close(fd_); }

}  // namespace dip::fuzz
