// libFuzzer target: how dip-restore loads an input image and a hole mask. The bytes are a
// file of any kind; read_image picks PNG, JPEG, TIFF or Netpbm from the signature. Whatever it
// accepts must be a well-formed image with samples in [0, 1], and turning it into a mask
// must either succeed with a mask of its size or refuse with FileError, and always refuse
// a mask of the wrong size.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "hole_mask.hpp"
#include "image_io.hpp"
#include "memory_file.hpp"

namespace {

// __builtin_trap, not assert: the check must hold in any build type, and libFuzzer reports
// the trap with the input that caused it.
void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check_image(const dip::cli::ImageFile& file) {
  const dip::Image& image = file.image;
  require(file.bits == 8 || file.bits == 16);
  require(image.width > 0 && image.height > 0);
  require(image.channels >= 1 && image.channels <= 4);
  require(image.data.size() == image.pixel_count() * static_cast<std::size_t>(image.channels));
  for (const float sample : image.data) require(sample >= 0.0f && sample <= 1.0f);
}

void check_mask(const dip::Image& hole, const std::string& path) {
  try {
    const dip::Mask mask = dip::cli::mask_from_hole_image(hole, path, hole.width, hole.height);
    require(mask.width == hole.width && mask.height == hole.height);
    require(mask.known.size() == hole.pixel_count());
    require(mask.has_hole());
    for (const float known : mask.known) require(known >= 0.0f && known <= 1.0f);
  } catch (const dip::cli::FileError&) {
    // A flat or alpha-only mask: refused with a message, as it should be.
  }
  bool refused = false;
  try {
    dip::cli::mask_from_hole_image(hole, path, hole.width, hole.height + 1);
  } catch (const dip::cli::FileError&) {
    refused = true;
  }
  require(refused);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const dip::fuzz::MemoryFile file(data, size);
  try {
    const dip::cli::ImageFile loaded = dip::cli::read_image(file.path());
    check_image(loaded);
    check_mask(loaded.image, file.path());
  } catch (const dip::cli::FileError& error) {
    require(error.what()[0] != '\0');
  }
  return 0;
}
