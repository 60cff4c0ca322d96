// Scratch folders and test images for the CLI tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dip/image.hpp"

namespace dip::cli::test {

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  std::string path(const std::string& name) const { return (root_ / name).string(); }
  // File names in the folder, sorted: what a failed write may have left behind.
  std::vector<std::string> entries() const;

 private:
  std::filesystem::path root_;
};

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes);
std::vector<unsigned char> read_bytes(const std::string& path);

// Every sample is an exact level of a `bits`-bit file (k / (2^bits - 1)), pseudo-random so
// that any swapped channel, byte or row shows.
dip::Image random_levels(int width, int height, int channels, int bits, std::uint32_t seed);

// Smooth ramps: what JPEG is made for, so its loss stays small and predictable.
dip::Image smooth_image(int width, int height, int channels);

}  // namespace dip::cli::test
