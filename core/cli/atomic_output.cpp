#include "atomic_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "image_io.hpp"
#include "intl.hpp"

namespace dip::cli {
namespace {

std::string base_name_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string folder_problem(const std::string& folder, int error) {
  struct stat info {};
  const bool folder_exists = ::stat(folder.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
  if (!folder_exists) return format(_("folder '%s' does not exist"), folder.c_str());
  if (error == ENOENT)  // e.g. /proc
    return format(_("cannot create a file in folder '%s'"), folder.c_str());
  return format(_("cannot write in folder '%s': %s"), folder.c_str(), std::strerror(error));
}

}  // namespace

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

AtomicOutput::AtomicOutput(std::string path) : path_(std::move(path)) {
  if (path_.empty() || path_.back() == '/') throw FileError(path_, _("not a file name"));
  struct stat existing {};
  if (::stat(path_.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode))
    throw FileError(path_, _("is a folder"));

  const std::string prefix = folder_of(path_) + "/." + base_name_of(path_) + ".tmp-";
  std::random_device entropy;
  for (int attempt = 0; attempt < 16; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%ld-%08x", static_cast<long>(::getpid()), entropy());
    const std::string candidate = prefix + suffix;
    // 0666 and the umask, as for any file the user creates; O_EXCL so two runs never share it.
    const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      temporary_ = candidate;
      return;
    }
    if (errno != EEXIST) throw FileError(path_, folder_problem(folder_of(path_), errno));
  }
  throw FileError(path_, format(_("cannot create a temporary file in '%s'"),
                                folder_of(path_).c_str()));
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) ::unlink(temporary_.c_str());
}

void AtomicOutput::commit() {
  const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  const int sync_errno = errno;
  if (fd >= 0) ::close(fd);
  if (!synced) throw FileError(path_, format(_("cannot write: %s"), std::strerror(sync_errno)));
  if (::rename(temporary_.c_str(), path_.c_str()) != 0)
    throw FileError(path_, format(_("cannot write: %s"), std::strerror(errno)));
  committed_ = true;
}

}  // namespace dip::cli
