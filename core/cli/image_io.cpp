#include "image_io.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "atomic_output.hpp"
#include "file_handle.hpp"
#include "image_format.hpp"
#include "image_formats.hpp"
#include "intl.hpp"

namespace dip::cli {
namespace {

// Large enough for any real photograph or scan, small enough that a corrupt header cannot
// make us ask for more memory than a desktop has. The readers allocate what the header claims
// before the data proves it, so the fuzzing build (tests/fuzz) lowers the sample limit: there
// a 100-byte header claiming 2^30 samples would cost gigabytes and seconds on every run.
#ifndef DIP_CLI_MAX_SAMPLES
#define DIP_CLI_MAX_SAMPLES (1ull << 30)
#endif
constexpr unsigned long long kMaxSide = 1ull << 18;
constexpr unsigned long long kMaxSamples = DIP_CLI_MAX_SAMPLES;

std::optional<ImageFormat> format_from_signature(const unsigned char* bytes, std::size_t count) {
  static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (count >= 8 && std::memcmp(bytes, png, 8) == 0) return ImageFormat::Png;
  if (count >= 3 && bytes[0] == 0xff && bytes[1] == 0xd8 && bytes[2] == 0xff)
    return ImageFormat::Jpeg;
  // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
  if (count >= 4 && ((bytes[0] == 'I' && bytes[1] == 'I' && (bytes[2] == 42 || bytes[2] == 43) &&
                      bytes[3] == 0) ||
                     (bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 &&
                      (bytes[3] == 42 || bytes[3] == 43))))
    return ImageFormat::Tiff;
  // Netpbm: "P5", "P6" or "P7", then whitespace.
  if (count >= 3 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6' || bytes[1] == '7') &&
      std::strchr(" \t\n\r\v\f", bytes[2]) != nullptr && bytes[2] != '\0')
    return bytes[1] == '7' ? ImageFormat::Pam : ImageFormat::Pnm;
  return std::nullopt;
}

void require_built_in(ImageFormat kind, const std::string& path) {
  if (!format_built_in(kind))
    throw FileError(path, format(_("this build of dip-restore has no %s support (its library "
                                   "was missing when it was built)"),
                                 format_name(kind)));
}

ImageFormat output_format(const std::string& path) {
  const auto format = format_from_extension(path);
  if (!format)
    throw FileError(path, _("unknown output format (use .png, .jpg, .jpeg, .tif, .tiff, .pgm, "
                            ".ppm, .pnm or .pam)"));
  require_built_in(*format, path);
  return *format;
}

}  // namespace

FileError::FileError(const std::string& path, const std::string& reason)
    : std::runtime_error(path + ": " + reason) {}

void check_image_size(const std::string& path, unsigned long long width,
                      unsigned long long height, int channels) {
  if (width == 0 || height == 0) throw FileError(path, _("image has no pixels"));
  if (width > kMaxSide || height > kMaxSide ||
      width * height * static_cast<unsigned long long>(channels) > kMaxSamples)
    throw FileError(path, format(_("image is too large (%llux%llu)"), width, height));
}

ImageFile read_image(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw FileError(path, format(_("cannot open: %s"), std::strerror(errno)));
  if (S_ISDIR(info.st_mode)) throw FileError(path, _("is a folder, not an image"));
  FileHandle file = open_file(path, "rb");

  unsigned char signature[8] = {};
  const std::size_t count = std::fread(signature, 1, sizeof signature, file.get());
  if (std::ferror(file.get()))
    throw FileError(path, format(_("cannot read: %s"), std::strerror(errno)));
  if (count == 0) throw FileError(path, _("file is empty"));
  const auto format = format_from_signature(signature, count);
  if (!format) throw FileError(path, _("not a PNG, JPEG, TIFF, PGM, PPM or PAM image"));
  require_built_in(*format, path);
  std::rewind(file.get());

  switch (*format) {
#if DIP_HAVE_PNG
    case ImageFormat::Png: return read_png(file.get(), path);
#endif
#if DIP_HAVE_JPEG
    case ImageFormat::Jpeg: return read_jpeg(file.get(), path);
#endif
#if DIP_HAVE_TIFF
    case ImageFormat::Tiff: file.reset(); return read_tiff(path);
#endif
    case ImageFormat::Pnm:
    case ImageFormat::Pam: return read_pnm(file.get(), path);
    default: break;
  }
  throw FileError(path, _("not a PNG, JPEG, TIFF, PGM, PPM or PAM image"));
}

void check_can_write(const std::string& path, int channels) {
  const ImageFormat format = output_format(path);
  if (format == ImageFormat::Jpeg && (channels == 2 || channels == 4))
    throw FileError(path, _("JPEG cannot store the image's alpha channel (write .png or .tif)"));
  if (format == ImageFormat::Pnm && (channels == 2 || channels == 4))
    throw FileError(path, _("PGM and PPM cannot store the image's alpha channel (write .pam, "
                            ".png or .tif)"));
  AtomicOutput probe(path);  // proves the folder takes a new file; removed on scope exit
}

void write_image(const std::string& path, const dip::Image& image, int bits) {
  const ImageFormat format = output_format(path);
  if (image.empty() || image.channels < 1 || image.channels > 4)
    throw FileError(path, _("nothing to write (empty image)"));
  if (bits != 8 && bits != 16) throw FileError(path, _("only 8- or 16-bit samples can be written"));
  check_can_write(path, image.channels);

  AtomicOutput output(path);
  if (format == ImageFormat::Tiff) {
#if DIP_HAVE_TIFF
    write_tiff(output.temporary_path(), path, image, bits);  // libtiff opens the file itself
#endif
  } else {
    FileHandle file = open_file(output.temporary_path(), "wb");
    switch (format) {
#if DIP_HAVE_PNG
      case ImageFormat::Png: write_png(file.get(), path, image, bits); break;
#endif
#if DIP_HAVE_JPEG
      case ImageFormat::Jpeg: write_jpeg(file.get(), path, image); break;
#endif
      case ImageFormat::Pnm: write_pnm(file.get(), path, image, bits, false); break;
      case ImageFormat::Pam: write_pnm(file.get(), path, image, bits, true); break;
      default: break;  // refused by output_format()
    }
    close_written(std::move(file), path);
  }
  output.commit();
}

}  // namespace dip::cli
