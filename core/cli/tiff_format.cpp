// libtiff reports errors through a handler and a failed return value (no longjmp). The handler
// is set per file through TIFFOpenOptions (libtiff >= 4.5), so no process-wide state changes.
#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

#include "image_formats.hpp"
#include "intl.hpp"
#include "sample_conversion.hpp"

namespace dip::cli {
namespace {

struct TiffErrors {
  bool failed = false;
  char message[256] = "unknown libtiff error";
};

int on_tiff_error(TIFF*, void* user_data, const char*, const char* format, va_list arguments) {
  auto* errors = static_cast<TiffErrors*>(user_data);
  if (!errors->failed) std::vsnprintf(errors->message, sizeof errors->message, format, arguments);
  errors->failed = true;
  return 1;  // handled: libtiff's global handler would print to stderr
}

int on_tiff_warning(TIFF*, void*, const char*, const char*, va_list) {
  return 1;  // unknown tags and the like are not the user's problem
}

struct TiffCloser {
  void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
using TiffHandle = std::unique_ptr<TIFF, TiffCloser>;

struct OptionsFree {
  void operator()(TIFFOpenOptions* options) const { TIFFOpenOptionsFree(options); }
};

TiffHandle open_tiff(const std::string& file_path, const char* mode, TiffErrors* errors) {
  std::unique_ptr<TIFFOpenOptions, OptionsFree> options(TIFFOpenOptionsAlloc());
  if (!options) throw std::bad_alloc();
  TIFFOpenOptionsSetErrorHandlerExtR(options.get(), on_tiff_error, errors);
  TIFFOpenOptionsSetWarningHandlerExtR(options.get(), on_tiff_warning, nullptr);
  return TiffHandle(TIFFOpenExt(file_path.c_str(), mode, options.get()));
}

struct TiffLayout {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint16_t samples = 1;
  std::uint16_t bits = 1;
  std::uint16_t photometric = PHOTOMETRIC_MINISBLACK;
  bool premultiplied_alpha = false;
  bool has_alpha = false;

  // The common kinds are read sample by sample at their own depth; everything else goes
  // through libtiff's 8-bit RGBA conversion.
  bool readable_directly(TIFF* tiff) const {
    std::uint16_t planar = PLANARCONFIG_CONTIG, format = SAMPLEFORMAT_UINT;
    TIFFGetFieldDefaulted(tiff, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLEFORMAT, &format);
    const bool grey = photometric == PHOTOMETRIC_MINISBLACK && (samples == 1 || samples == 2);
    const bool rgb = photometric == PHOTOMETRIC_RGB && (samples == 3 || samples == 4);
    return !TIFFIsTiled(tiff) && planar == PLANARCONFIG_CONTIG && format == SAMPLEFORMAT_UINT &&
           (bits == 8 || bits == 16) && (grey || rgb) && (samples % 2 == 0) == has_alpha;
  }
};

TiffLayout read_layout(TIFF* tiff) {
  TiffLayout layout;
  TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &layout.width);
  TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &layout.height);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &layout.samples);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &layout.bits);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_PHOTOMETRIC, &layout.photometric);
  std::uint16_t extra_count = 0;
  std::uint16_t* extra_kinds = nullptr;
  if (TIFFGetField(tiff, TIFFTAG_EXTRASAMPLES, &extra_count, &extra_kinds) && extra_count > 0) {
    layout.has_alpha = extra_kinds[0] == EXTRASAMPLE_ASSOCALPHA ||
                       extra_kinds[0] == EXTRASAMPLE_UNASSALPHA;
    layout.premultiplied_alpha = extra_kinds[0] == EXTRASAMPLE_ASSOCALPHA;
  }
  return layout;
}

// The engine works on straight colour; associated (premultiplied) alpha is divided out.
void unpremultiply(dip::Image& image) {
  const int colours = image.colour_channels();
  for (std::size_t p = 0; p < image.pixel_count(); ++p) {
    float* pixel = image.data.data() + p * image.channels;
    const float alpha = pixel[colours];
    for (int c = 0; c < colours; ++c)
      pixel[c] = alpha > 0.0f ? std::min(1.0f, pixel[c] / alpha) : 0.0f;
  }
}

ImageFile read_scanlines(TIFF* tiff, const TiffLayout& layout, const std::string& path,
                         const TiffErrors& errors) {
  ImageFile result;
  result.bits = layout.bits;
  result.image = dip::Image(static_cast<int>(layout.width), static_cast<int>(layout.height),
                            layout.samples);
  const std::size_t samples_per_row = static_cast<std::size_t>(layout.width) * layout.samples;
  std::vector<unsigned char> row(static_cast<std::size_t>(TIFFScanlineSize64(tiff)));
  if (row.size() < samples_per_row * (layout.bits / 8))
    throw FileError(path, _("corrupt TIFF file (scanline size)"));
  for (std::uint32_t y = 0; y < layout.height; ++y) {
    if (TIFFReadScanline(tiff, row.data(), y, 0) < 0)
      throw FileError(path, format(_("truncated or corrupt TIFF file (%s)"), errors.message));
    unpack_samples(row.data(), layout.bits, samples_per_row,
                   result.image.data.data() + y * samples_per_row);
  }
  if (layout.premultiplied_alpha) unpremultiply(result.image);
  return result;
}

ImageFile read_through_rgba(TIFF* tiff, const TiffLayout& layout, const std::string& path,
                            const TiffErrors& errors) {
  char reason[1024] = "";
  if (!TIFFRGBAImageOK(tiff, reason))
    throw FileError(path, format(_("unsupported kind of TIFF (%s)"), reason));
  std::vector<std::uint32_t> raster(static_cast<std::size_t>(layout.width) * layout.height);
  // Stop at the first bad strip: going on would hand back a truncated file's missing rows as
  // black pixels and report success (found by tests/fuzz).
  if (!TIFFReadRGBAImageOriented(tiff, layout.width, layout.height, raster.data(),
                                 ORIENTATION_TOPLEFT, 1) ||
      errors.failed)
    throw FileError(path, format(_("truncated or corrupt TIFF file (%s)"), errors.message));
  const bool grey = layout.photometric == PHOTOMETRIC_MINISBLACK ||
                    layout.photometric == PHOTOMETRIC_MINISWHITE;
  const int channels = (grey ? 1 : 3) + (layout.has_alpha ? 1 : 0);
  ImageFile result;
  result.bits = 8;
  result.image = dip::Image(static_cast<int>(layout.width), static_cast<int>(layout.height),
                            channels);
  for (std::size_t p = 0; p < raster.size(); ++p) {
    const std::uint32_t abgr = raster[p];
    const std::uint8_t rgba[4] = {static_cast<std::uint8_t>(TIFFGetR(abgr)),
                                  static_cast<std::uint8_t>(TIFFGetG(abgr)),
                                  static_cast<std::uint8_t>(TIFFGetB(abgr)),
                                  static_cast<std::uint8_t>(TIFFGetA(abgr))};
    float* pixel = result.image.data.data() + p * channels;
    unpack_samples(rgba, 8, grey ? 1 : 3, pixel);
    if (layout.has_alpha) unpack_samples(rgba + 3, 8, 1, pixel + channels - 1);
  }
  // libtiff's RGBA conversion premultiplies every kind of alpha (tif_getimage.c); undo it.
  if (layout.has_alpha) unpremultiply(result.image);
  return result;
}

}  // namespace

ImageFile read_tiff(const std::string& path) {
  TiffErrors errors;
  TiffHandle tiff = open_tiff(path, "r", &errors);
  if (!tiff) throw FileError(path, format(_("not a valid TIFF file (%s)"), errors.message));
  const TiffLayout layout = read_layout(tiff.get());
  check_image_size(path, layout.width, layout.height, layout.samples);
  return layout.readable_directly(tiff.get())
             ? read_scanlines(tiff.get(), layout, path, errors)
             : read_through_rgba(tiff.get(), layout, path, errors);
}

void write_tiff(const std::string& file_path, const std::string& path, const dip::Image& image,
                int bits) {
  TiffErrors errors;
  TiffHandle tiff = open_tiff(file_path, "w", &errors);
  if (!tiff) throw FileError(path, format(_("cannot write TIFF (%s)"), errors.message));
  TIFF* t = tiff.get();
  const auto channels = static_cast<std::uint16_t>(image.channels);
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(image.width));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(image.height));
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, channels);
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, static_cast<std::uint16_t>(bits));
  TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, channels <= 2 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(t, 0));
  if (image.has_alpha()) {
    const std::uint16_t straight_alpha = EXTRASAMPLE_UNASSALPHA;
    TIFFSetField(t, TIFFTAG_EXTRASAMPLES, 1, &straight_alpha);
  }
  const std::size_t samples_per_row = static_cast<std::size_t>(image.width) * image.channels;
  std::vector<unsigned char> row(samples_per_row * (bits / 8));
  for (int y = 0; y < image.height; ++y) {
    pack_samples(image.data.data() + y * samples_per_row, bits, samples_per_row, row.data());
    if (TIFFWriteScanline(t, row.data(), static_cast<std::uint32_t>(y), 0) < 0)
      throw FileError(path, format(_("cannot write TIFF (%s)"), errors.message));
  }
  if (!TIFFFlush(t) || errors.failed)
    throw FileError(path, format(_("cannot write TIFF (%s)"), errors.message));
}

}  // namespace dip::cli
