// One reader and one writer per file format, behind image_io.hpp. Each throws FileError
// naming `path` (the user's path, not a temporary one) on any failure.
#pragma once

#include <cstdio>
#include <string>

#include "image_io.hpp"

namespace dip::cli {

// Readers get the file open at its start. PNG, JPEG and TIFF are compiled in only where the
// build found their libraries (image_format.hpp: format_built_in).
ImageFile read_png(std::FILE* file, const std::string& path);
ImageFile read_jpeg(std::FILE* file, const std::string& path);
ImageFile read_tiff(const std::string& path);

void write_png(std::FILE* file, const std::string& path, const dip::Image& image, int bits);
void write_jpeg(std::FILE* file, const std::string& path, const dip::Image& image);
// libtiff opens files itself: `file_path` is where to write, `path` what to name in messages.
void write_tiff(const std::string& file_path, const std::string& path, const dip::Image& image,
                int bits);

// PGM (P5), PPM (P6) and PAM (P7). `pam` writes P7, which holds 1 to 4 channels; otherwise
// P5 or P6 follows the image's 1 or 3 channels.
ImageFile read_pnm(std::FILE* file, const std::string& path);
void write_pnm(std::FILE* file, const std::string& path, const dip::Image& image, int bits,
               bool pam);

// Refuses sizes no reader should allocate for (a corrupt header can claim anything).
void check_image_size(const std::string& path, unsigned long long width,
                      unsigned long long height, int channels);

}  // namespace dip::cli
