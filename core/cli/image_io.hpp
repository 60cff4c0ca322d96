// Reading and writing the images dip-restore works on: 8- and 16-bit PNG, JPEG, TIFF and
// Netpbm (PGM, PPM, PAM), grey, grey + alpha, RGB and RGBA. The format of a file read is taken
// from its content, the format of a file written from its extension.
#pragma once

#include <stdexcept>
#include <string>

#include "dip/image.hpp"

namespace dip::cli {

// A file that cannot be read or written. what() is one line that starts with the file's path.
class FileError : public std::runtime_error {
 public:
  FileError(const std::string& path, const std::string& reason);
};

struct ImageFile {
  dip::Image image;
  int bits = 8;  // bits per sample in the file: 8 or 16; written back the same by default
};

ImageFile read_image(const std::string& path);

// Fails early, before any work, when `path` cannot receive an image of `channels` channels:
// an unknown extension, alpha into a JPEG, a missing or read-only folder.
void check_can_write(const std::string& path, int channels);

// Writes atomically: the file appears complete or not at all. `bits` is 8 or 16; JPEG is
// always 8-bit.
void write_image(const std::string& path, const dip::Image& image, int bits);

}  // namespace dip::cli
