// libpng reports errors by longjmp. Every setjmp below sits in a small function whose locals
// are all trivially destructible, so a longjmp out of libpng never skips a C++ destructor; the
// buffers and the png structs live in the callers, owned by RAII objects.
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <new>
#include <vector>

#include "image_formats.hpp"
#include "intl.hpp"
#include "sample_conversion.hpp"

namespace dip::cli {
namespace {

struct PngErrors {
  char message[256] = "unknown libpng error";
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* errors = static_cast<PngErrors*>(png_get_error_ptr(png));
  std::snprintf(errors->message, sizeof errors->message, "%s", message);
  png_longjmp(png, 1);  // returning would let libpng print to stderr before jumping
}

// Warnings (an odd iCCP profile, say) are not the user's problem and would break the rule of
// one line on stderr.
void on_png_warning(png_structp, png_const_charp) {}

// The png and info structs of one read or one write, destroyed together whatever happened.
class PngCodec {
 public:
  enum class Direction { Read, Write };

  PngCodec(Direction direction, PngErrors* errors)
      : direction_(direction),
        png_(direction == Direction::Read
                 ? png_create_read_struct(PNG_LIBPNG_VER_STRING, errors, on_png_error,
                                          on_png_warning)
                 : png_create_write_struct(PNG_LIBPNG_VER_STRING, errors, on_png_error,
                                           on_png_warning)),
        info_(png_ ? png_create_info_struct(png_) : nullptr) {
    if (!info_) {
      destroy();
      throw std::bad_alloc();
    }
  }
  ~PngCodec() { destroy(); }
  PngCodec(const PngCodec&) = delete;
  PngCodec& operator=(const PngCodec&) = delete;
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  // Both destroy functions accept null pointers.
  void destroy() {
    if (direction_ == Direction::Read)
      png_destroy_read_struct(&png_, &info_, nullptr);
    else
      png_destroy_write_struct(&png_, &info_);
  }

  Direction direction_;
  png_structp png_;
  png_infop info_;
};

struct PngLayout {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int channels = 0;
  int bits = 0;
};

// Reads the header and sets up the expansions that turn every PNG kind into 1-4 channels of
// 8 or 16 bits: palette to RGB, low-bit grey to 8 bits, a tRNS chunk to a real alpha channel.
bool read_png_header(png_structp png, png_infop info, std::FILE* file, PngLayout* layout) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_init_io(png, file);
  // Only IHDR, PLTE, tRNS and IDAT matter here. libpng allocates every other chunk it knows
  // (text, ICC profile, ...) at the length its header claims before reading it, and its size
  // check there is only a warning: a 216-byte file claiming a 1.3 GB tEXt chunk made us
  // allocate 1.3 GB (found by tests/fuzz). Chunks handled as unknown are skipped unread.
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, nullptr, -1);
  png_read_info(png, info);
  const int colour_type = png_get_color_type(png, info);
  const int bits = png_get_bit_depth(png, info);
  if (colour_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (colour_type == PNG_COLOR_TYPE_GRAY && bits < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  if (bits == 16 && host_is_little_endian()) png_set_swap(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  layout->width = png_get_image_width(png, info);
  layout->height = png_get_image_height(png, info);
  layout->channels = png_get_channels(png, info);
  layout->bits = png_get_bit_depth(png, info);
  return true;
}

bool read_png_rows(png_structp png, png_infop info, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, info);
  return true;
}

bool write_png_rows(png_structp png, png_infop info, std::FILE* file, const PngLayout* layout,
                    png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  static const int colour_types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                     PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
  png_init_io(png, file);
  png_set_IHDR(png, info, layout->width, layout->height, layout->bits,
               colour_types[layout->channels - 1], PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  if (layout->bits == 16 && host_is_little_endian()) png_set_swap(png);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

std::vector<png_bytep> row_pointers(std::vector<unsigned char>& buffer, png_uint_32 height,
                                    std::size_t stride) {
  std::vector<png_bytep> rows(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = buffer.data() + y * stride;
  return rows;
}

}  // namespace

ImageFile read_png(std::FILE* file, const std::string& path) {
  PngErrors errors;
  PngCodec reader(PngCodec::Direction::Read, &errors);
  PngLayout layout;
  if (!read_png_header(reader.png(), reader.info(), file, &layout))
    throw FileError(path, format(_("not a valid PNG file (%s)"), errors.message));
  if (layout.channels < 1 || layout.channels > 4 || (layout.bits != 8 && layout.bits != 16))
    throw FileError(path, _("unsupported PNG layout"));
  check_image_size(path, layout.width, layout.height, layout.channels);

  const std::size_t samples_per_row = static_cast<std::size_t>(layout.width) * layout.channels;
  const std::size_t stride = samples_per_row * (layout.bits / 8);
  std::vector<unsigned char> buffer(stride * layout.height);
  std::vector<png_bytep> rows = row_pointers(buffer, layout.height, stride);
  if (!read_png_rows(reader.png(), reader.info(), rows.data()))
    throw FileError(path, format(_("truncated or corrupt PNG file (%s)"), errors.message));

  ImageFile result;
  result.bits = layout.bits;
  result.image = dip::Image(static_cast<int>(layout.width), static_cast<int>(layout.height),
                            layout.channels);
  for (png_uint_32 y = 0; y < layout.height; ++y)
    unpack_samples(rows[y], layout.bits, samples_per_row,
                   result.image.data.data() + y * samples_per_row);
  return result;
}

void write_png(std::FILE* file, const std::string& path, const dip::Image& image, int bits) {
  PngLayout layout;
  layout.width = static_cast<png_uint_32>(image.width);
  layout.height = static_cast<png_uint_32>(image.height);
  layout.channels = image.channels;
  layout.bits = bits;
  const std::size_t samples_per_row = static_cast<std::size_t>(image.width) * image.channels;
  const std::size_t stride = samples_per_row * (bits / 8);
  std::vector<unsigned char> buffer(stride * layout.height);
  for (png_uint_32 y = 0; y < layout.height; ++y)
    pack_samples(image.data.data() + y * samples_per_row, bits, samples_per_row,
                 buffer.data() + y * stride);
  std::vector<png_bytep> rows = row_pointers(buffer, layout.height, stride);

  PngErrors errors;
  PngCodec writer(PngCodec::Direction::Write, &errors);
  if (!write_png_rows(writer.png(), writer.info(), file, &layout, rows.data()))
    throw FileError(path, format(_("cannot write PNG (%s)"), errors.message));
}

}  // namespace dip::cli
