// libjpeg reports errors through error_exit, which must not return: it longjmps back to the
// setjmp in one of the small guarded functions below. Those hold only trivially destructible
// locals, so no C++ destructor is skipped; the codec structs and buffers belong to the callers.
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first

#include <jerror.h>
#include <jpeglib.h>

#include <csetjmp>
#include <vector>

#include "image_formats.hpp"
#include "intl.hpp"
#include "sample_conversion.hpp"

namespace dip::cli {
namespace {

struct JpegErrors {
  jpeg_error_mgr manager{};  // first member: libjpeg hands back a pointer to it
  std::jmp_buf jump{};
  char message[JMSG_LENGTH_MAX] = "unknown libjpeg error";
};

[[noreturn]] void on_jpeg_error(j_common_ptr codec) {
  auto* errors = reinterpret_cast<JpegErrors*>(codec->err);
  (*codec->err->format_message)(codec, errors->message);
  std::longjmp(errors->jump, 1);
}

// libjpeg only warns about a file that ends early and pads the picture with grey; here that is
// an error. Other warnings are dropped so that stderr keeps to one line.
void on_jpeg_message(j_common_ptr codec, int level) {
  if (level < 0 && codec->err->msg_code == JWRN_JPEG_EOF) on_jpeg_error(codec);
}

JpegErrors* install_errors(JpegErrors* errors) {
  jpeg_std_error(&errors->manager);
  errors->manager.error_exit = on_jpeg_error;
  errors->manager.emit_message = on_jpeg_message;
  return errors;
}

// A libjpeg codec struct wired to `errors`. jpeg_destroy on a struct that jpeg_create never
// initialised is a no-op (its mem is null), so destruction is safe whatever point a failure
// was reached.
template <typename Codec, void (*destroy)(Codec*)>
class JpegCodec {
 public:
  explicit JpegCodec(JpegErrors* errors) { codec_.err = &install_errors(errors)->manager; }
  ~JpegCodec() { destroy(&codec_); }
  JpegCodec(const JpegCodec&) = delete;
  JpegCodec& operator=(const JpegCodec&) = delete;
  Codec* codec() { return &codec_; }

 private:
  Codec codec_{};
};
using JpegDecoder = JpegCodec<jpeg_decompress_struct, jpeg_destroy_decompress>;
using JpegEncoder = JpegCodec<jpeg_compress_struct, jpeg_destroy_compress>;

bool start_decoding(jpeg_decompress_struct* codec, JpegErrors* errors, std::FILE* file) {
  if (setjmp(errors->jump)) return false;
  jpeg_create_decompress(codec);
  jpeg_stdio_src(codec, file);
  jpeg_read_header(codec, TRUE);
  // Grey stays grey; YCbCr and RGB become RGB. CMYK stays CMYK and is refused by the caller.
  if (codec->jpeg_color_space == JCS_YCbCr || codec->jpeg_color_space == JCS_RGB)
    codec->out_color_space = JCS_RGB;
  jpeg_calc_output_dimensions(codec);
  return true;
}

// Separate from start_decoding so that the size is checked first: jpeg_start_decompress
// allocates a progressive file's whole coefficient buffer at the size the header claims.
bool start_output(jpeg_decompress_struct* codec, JpegErrors* errors) {
  if (setjmp(errors->jump)) return false;
  jpeg_start_decompress(codec);
  return true;
}

bool decode_rows(jpeg_decompress_struct* codec, JpegErrors* errors, unsigned char* buffer,
                 std::size_t stride) {
  if (setjmp(errors->jump)) return false;
  while (codec->output_scanline < codec->output_height) {
    JSAMPROW row = buffer + codec->output_scanline * stride;
    jpeg_read_scanlines(codec, &row, 1);
  }
  jpeg_finish_decompress(codec);
  return true;
}

bool encode(jpeg_compress_struct* codec, JpegErrors* errors, std::FILE* file, int width,
            int height, int channels, unsigned char* buffer) {
  if (setjmp(errors->jump)) return false;
  jpeg_create_compress(codec);
  jpeg_stdio_dest(codec, file);
  codec->image_width = static_cast<JDIMENSION>(width);
  codec->image_height = static_cast<JDIMENSION>(height);
  codec->input_components = channels;
  codec->in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(codec);
  jpeg_set_quality(codec, 95, TRUE);
  // No chroma subsampling: restored detail should not be halved again on the way out.
  for (int i = 0; i < codec->num_components; ++i) {
    codec->comp_info[i].h_samp_factor = 1;
    codec->comp_info[i].v_samp_factor = 1;
  }
  jpeg_start_compress(codec, TRUE);
  const std::size_t stride = static_cast<std::size_t>(width) * channels;
  while (codec->next_scanline < codec->image_height) {
    JSAMPROW row = buffer + codec->next_scanline * stride;
    jpeg_write_scanlines(codec, &row, 1);
  }
  jpeg_finish_compress(codec);
  return true;
}

}  // namespace

ImageFile read_jpeg(std::FILE* file, const std::string& path) {
  JpegErrors errors;
  JpegDecoder decoder(&errors);
  jpeg_decompress_struct* codec = decoder.codec();
  if (!start_decoding(codec, &errors, file))
    throw FileError(path, format(_("not a valid JPEG file (%s)"), errors.message));
  const int channels = codec->output_components;
  if (channels != 1 && channels != 3)
    throw FileError(path, _("unsupported JPEG colour space (only grey and RGB/YCbCr, not CMYK)"));
  check_image_size(path, codec->output_width, codec->output_height, channels);
  if (!start_output(codec, &errors))
    throw FileError(path, format(_("truncated or corrupt JPEG file (%s)"), errors.message));

  const std::size_t stride = static_cast<std::size_t>(codec->output_width) * channels;
  std::vector<unsigned char> buffer(stride * codec->output_height);
  if (!decode_rows(codec, &errors, buffer.data(), stride))
    throw FileError(path, format(_("truncated or corrupt JPEG file (%s)"), errors.message));

  ImageFile result;
  result.bits = 8;
  result.image = dip::Image(static_cast<int>(codec->output_width),
                            static_cast<int>(codec->output_height), channels);
  unpack_samples(buffer.data(), 8, buffer.size(), result.image.data.data());
  return result;
}

void write_jpeg(std::FILE* file, const std::string& path, const dip::Image& image) {
  if (image.channels != 1 && image.channels != 3)
    throw FileError(path, _("JPEG stores grey or RGB only, not an alpha channel"));
  std::vector<unsigned char> buffer(image.data.size());
  pack_samples(image.data.data(), 8, image.data.size(), buffer.data());
  JpegErrors errors;
  JpegEncoder encoder(&errors);
  if (!encode(encoder.codec(), &errors, file, image.width, image.height, image.channels,
              buffer.data()))
    throw FileError(path, format(_("cannot write JPEG (%s)"), errors.message));
}

}  // namespace dip::cli
