#include "test_files.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <algorithm>

namespace dip::cli::test {

TempFolder::TempFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "dip-cli-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::vector<std::string> TempFolder::entries() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(root_))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

dip::Image random_levels(int width, int height, int channels, int bits, std::uint32_t seed) {
  dip::Image image(width, height, channels);
  const std::uint32_t levels = (1u << bits) - 1u;
  std::uint32_t state = seed * 2654435761u + 1u;
  for (float& sample : image.data) {
    state = state * 1664525u + 1013904223u;
    sample = static_cast<float>((state >> 8) % (levels + 1)) / static_cast<float>(levels);
  }
  return image;
}

dip::Image smooth_image(int width, int height, int channels) {
  dip::Image image(width, height, channels);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c)
        image.at(x, y, c) = 0.5f + 0.4f * std::sin(0.11f * x + 0.07f * y + 1.3f * c);
  return image;
}

}  // namespace dip::cli::test
