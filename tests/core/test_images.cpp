#include "test_images.hpp"

#include <png.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace dip::test {

Image load_shared_png(const std::string& relative_path) {
  const std::string path = std::string(DIP_SHARED_DIR) + "/" + relative_path;
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path.c_str()))
    throw std::runtime_error("cannot read " + path + ": " + png.message);
  const bool grey = (png.format & PNG_FORMAT_FLAG_COLOR) == 0;
  png.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  std::vector<unsigned char> bytes(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, bytes.data(), 0, nullptr))
    throw std::runtime_error("cannot decode " + path + ": " + png.message);
  Image image(static_cast<int>(png.width), static_cast<int>(png.height), grey ? 1 : 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) image.data[i] = bytes[i] / 255.0f;
  return image;
}

Image crop(const Image& image, int x0, int y0, int width, int height) {
  Image out(width, height, image.channels);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < image.channels; ++c) out.at(x, y, c) = image.at(x0 + x, y0 + y, c);
  return out;
}

Image smooth_image(int width, int height) {
  Image out(width, height, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float u = float(x) / width, v = float(y) / height;
      const float disc = std::hypot(u - 0.6f, v - 0.4f) < 0.25f ? 0.3f : 0.0f;
      out.at(x, y, 0) = 0.2f + 0.5f * u + disc;
      out.at(x, y, 1) = 0.3f + 0.4f * v;
      out.at(x, y, 2) = 0.6f - 0.3f * u * v + disc * 0.5f;
    }
  return out;
}

}  // namespace dip::test
