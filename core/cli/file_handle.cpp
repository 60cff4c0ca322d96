#include "file_handle.hpp"

#include <cerrno>
#include <cstring>

#include "image_io.hpp"
#include "intl.hpp"

namespace dip::cli {

FileHandle open_file(const std::string& path, const char* mode) {
  FileHandle file(std::fopen(path.c_str(), mode));
  if (!file) throw FileError(path, format(_("cannot open: %s"), std::strerror(errno)));
  return file;
}

void close_written(FileHandle file, const std::string& shown_path) {
  const bool write_failed = std::fflush(file.get()) != 0 || std::ferror(file.get()) != 0;
  const int saved_errno = errno;
  if (std::fclose(file.release()) != 0 || write_failed)
    throw FileError(shown_path,
                    format(_("cannot write: %s"), std::strerror(write_failed ? saved_errno : errno)));
}

}  // namespace dip::cli
