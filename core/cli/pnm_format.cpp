// Netpbm's binary formats, read and written with no library: PGM (P5) and PPM (P6), and PAM
// (P7), the one that carries alpha. They need nothing to be installed, so a build without
// libpng, libjpeg or libtiff (a borrowed GPU machine, say) still reads and writes images.
// Samples above 255 take two bytes, most significant first; any maxval from 1 to 65535 is
// read and scaled to [0, 1], and files are written at 255 or 65535.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "image_formats.hpp"
#include "intl.hpp"
#include "sample_conversion.hpp"

namespace dip::cli {
namespace {

struct PnmHeader {
  unsigned long long width = 0;
  unsigned long long height = 0;
  unsigned long long depth = 0;  // samples per pixel
  unsigned long long maxval = 0;
};

bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The header of a P5 or P6 file: whitespace-separated decimal numbers, '#' comments running to
// the end of their line, and exactly one whitespace byte between the maxval and the raster.
class PnmHeaderReader {
 public:
  PnmHeaderReader(std::FILE* file, const std::string& path) : file_(file), path_(path) {}

  unsigned long long number() {
    int c = skip_space_and_comments();
    if (c < '0' || c > '9') fail();
    unsigned long long value = 0;
    while (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<unsigned>(c - '0');
      if (value > (1ull << 32)) fail();
      c = std::fgetc(file_);
    }
    if (!is_space(c)) fail();
    return value;
  }

  [[noreturn]] void fail() const { throw FileError(path_, _("not a valid PGM or PPM header")); }

 private:
  int skip_space_and_comments() {
    int c = std::fgetc(file_);
    for (;;) {
      if (c == '#') {
        while (c != '\n' && c != '\r' && c != EOF) c = std::fgetc(file_);
      } else if (!is_space(c)) {
        return c;
      }
      c = std::fgetc(file_);
    }
  }

  std::FILE* file_;
  const std::string& path_;
};

// One header line of a PAM file, without its line end; false at the end of the file.
bool read_line(std::FILE* file, std::string* line) {
  line->clear();
  int c = 0;
  while ((c = std::fgetc(file)) != EOF && c != '\n') {
    if (line->size() >= 1024) return false;  // no real header line is this long
    line->push_back(static_cast<char>(c));
  }
  return c == '\n' || !line->empty();
}

[[noreturn]] void bad_pam_header(const std::string& path) {
  throw FileError(path, _("not a valid PAM header"));
}

unsigned long long pam_number(const std::string& value, const std::string& path) {
  if (value.empty() || value.size() > 10 ||
      value.find_first_not_of("0123456789") != std::string::npos)
    bad_pam_header(path);
  return std::stoull(value);
}

// P7: "KEY value" lines up to ENDHDR. TUPLTYPE is informative; the depth decides the layout.
PnmHeader read_pam_header(std::FILE* file, const std::string& path) {
  PnmHeader header;
  std::string line;
  while (read_line(file, &line)) {
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    const std::size_t key_end = line.find_first_of(" \t\r", start);
    const std::string key = line.substr(start, key_end - start);
    std::string value;
    if (key_end != std::string::npos) {
      const std::size_t value_start = line.find_first_not_of(" \t", key_end);
      const std::size_t value_end = line.find_last_not_of(" \t\r");
      if (value_start != std::string::npos)
        value = line.substr(value_start, value_end + 1 - value_start);
    }
    if (key == "ENDHDR") {
      if (header.width == 0 || header.height == 0 || header.depth == 0 || header.maxval == 0)
        bad_pam_header(path);  // a field is missing
      return header;
    }
    if (key == "WIDTH")
      header.width = pam_number(value, path);
    else if (key == "HEIGHT")
      header.height = pam_number(value, path);
    else if (key == "DEPTH")
      header.depth = pam_number(value, path);
    else if (key == "MAXVAL")
      header.maxval = pam_number(value, path);
    else if (key != "TUPLTYPE")
      bad_pam_header(path);
  }
  bad_pam_header(path);  // no ENDHDR
}

void write_header(std::FILE* file, const std::string& path, const std::string& header) {
  if (std::fwrite(header.data(), 1, header.size(), file) != header.size())
    throw FileError(path, format(_("cannot write: %s"), std::strerror(errno)));
}

}  // namespace

ImageFile read_pnm(std::FILE* file, const std::string& path) {
  char magic[3] = {};
  if (std::fread(magic, 1, 2, file) != 2 || magic[0] != 'P')
    throw FileError(path, _("not a valid PGM, PPM or PAM file"));
  PnmHeader header;
  if (magic[1] == '7') {
    if (std::fgetc(file) != '\n') bad_pam_header(path);
    header = read_pam_header(file, path);
  } else if (magic[1] == '5' || magic[1] == '6') {
    PnmHeaderReader reader(file, path);
    if (!is_space(std::fgetc(file))) reader.fail();
    header.width = reader.number();
    header.height = reader.number();
    header.maxval = reader.number();
    header.depth = magic[1] == '5' ? 1 : 3;
  } else {
    throw FileError(path, _("not a valid PGM, PPM or PAM file"));
  }
  if (header.maxval < 1 || header.maxval > 65535)
    throw FileError(path, format(_("unsupported maxval %llu (1 to 65535)"), header.maxval));
  if (header.depth > 4)
    throw FileError(path, format(_("unsupported PAM depth %llu (1 to 4 channels)"), header.depth));
  const int channels = static_cast<int>(header.depth);
  check_image_size(path, header.width, header.height, channels);

  const int bytes = header.maxval > 255 ? 2 : 1;
  const std::size_t samples = static_cast<std::size_t>(header.width * header.height) * channels;
  std::vector<unsigned char> raster(samples * bytes);
  if (std::fread(raster.data(), 1, raster.size(), file) != raster.size())
    throw FileError(path, _("truncated PGM, PPM or PAM file"));

  ImageFile result;
  result.bits = bytes * 8;
  result.image =
      dip::Image(static_cast<int>(header.width), static_cast<int>(header.height), channels);
  const float maxval = static_cast<float>(header.maxval);
  for (std::size_t i = 0; i < samples; ++i) {
    const unsigned value = bytes == 2 ? (raster[2 * i] << 8u) | raster[2 * i + 1] : raster[i];
    if (value > header.maxval)
      throw FileError(path,
                      format(_("corrupt file: a sample is above the maxval %llu"), header.maxval));
    // The same division as unpack_samples: 8- and 16-bit files round-trip bit for bit.
    result.image.data[i] = static_cast<float>(value) / maxval;
  }
  return result;
}

void write_pnm(std::FILE* file, const std::string& path, const dip::Image& image, int bits,
               bool pam) {
  // Netpbm's own words, not text for people: never translated.
  const std::string maxval = bits == 16 ? "65535" : "255";
  const std::string width = std::to_string(image.width), height = std::to_string(image.height);
  std::string header;
  if (pam) {
    static const char* const tuple_types[] = {"GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"};
    header = "P7\nWIDTH " + width + "\nHEIGHT " + height + "\nDEPTH " +
             std::to_string(image.channels) + "\nMAXVAL " + maxval + "\nTUPLTYPE " +
             tuple_types[image.channels - 1] + "\nENDHDR\n";
  } else {
    header = (image.channels == 1 ? "P5\n" : "P6\n") + width + " " + height + "\n" + maxval + "\n";
  }
  write_header(file, path, header);

  const std::size_t samples_per_row = static_cast<std::size_t>(image.width) * image.channels;
  std::vector<unsigned char> row(samples_per_row * (bits / 8));
  for (int y = 0; y < image.height; ++y) {
    pack_samples(image.data.data() + y * samples_per_row, bits, samples_per_row, row.data());
    if (bits == 16 && host_is_little_endian())
      for (std::size_t i = 0; i < row.size(); i += 2) std::swap(row[i], row[i + 1]);
    if (std::fwrite(row.data(), 1, row.size(), file) != row.size())
      throw FileError(path, format(_("cannot write: %s"), std::strerror(errno)));
  }
}

}  // namespace dip::cli
