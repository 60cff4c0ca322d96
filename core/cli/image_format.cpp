#include "image_format.hpp"

#include <cctype>

#if !defined(DIP_HAVE_PNG) || !defined(DIP_HAVE_JPEG) || !defined(DIP_HAVE_TIFF)
#error "the build defines DIP_HAVE_PNG, DIP_HAVE_JPEG and DIP_HAVE_TIFF to 0 or 1"
#endif

namespace dip::cli {

std::optional<ImageFormat> format_from_extension(const std::string& path) {
  const std::size_t dot = path.find_last_of('.');
  const std::size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  std::string extension = path.substr(dot + 1);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == "png") return ImageFormat::Png;
  if (extension == "jpg" || extension == "jpeg") return ImageFormat::Jpeg;
  if (extension == "tif" || extension == "tiff") return ImageFormat::Tiff;
  if (extension == "pgm" || extension == "ppm" || extension == "pnm") return ImageFormat::Pnm;
  if (extension == "pam") return ImageFormat::Pam;
  return std::nullopt;
}

const char* format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::Png: return "PNG";
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::Tiff: return "TIFF";
    case ImageFormat::Pnm: return "PGM/PPM";
    case ImageFormat::Pam: return "PAM";
  }
  return "image";
}

bool format_built_in(ImageFormat format) {
  switch (format) {
    case ImageFormat::Png: return DIP_HAVE_PNG;
    case ImageFormat::Jpeg: return DIP_HAVE_JPEG;
    case ImageFormat::Tiff: return DIP_HAVE_TIFF;
    case ImageFormat::Pnm:
    case ImageFormat::Pam: return true;
  }
  return false;
}

}  // namespace dip::cli
