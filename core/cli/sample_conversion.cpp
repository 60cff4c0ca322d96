#include "sample_conversion.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace dip::cli {
namespace {

template <typename Sample>
void unpack(const Sample* samples, std::size_t count, float max, float* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<float>(samples[i]) / max;
}

template <typename Sample>
void pack(const float* in, std::size_t count, float max, Sample* samples) {
  for (std::size_t i = 0; i < count; ++i) {
    const float v = in[i];
    const float clamped = !(v > 0.0f) ? 0.0f : (v < 1.0f ? v : 1.0f);  // !(v > 0) also catches NaN
    samples[i] = static_cast<Sample>(std::lround(clamped * max));
  }
}

}  // namespace

void unpack_samples(const void* row, int bits, std::size_t count, float* out) {
  if (bits == 16)
    unpack(static_cast<const std::uint16_t*>(row), count, 65535.0f, out);
  else
    unpack(static_cast<const std::uint8_t*>(row), count, 255.0f, out);
}

void pack_samples(const float* in, int bits, std::size_t count, void* row) {
  if (bits == 16)
    pack(in, count, 65535.0f, static_cast<std::uint16_t*>(row));
  else
    pack(in, count, 255.0f, static_cast<std::uint8_t*>(row));
}

bool host_is_little_endian() {
  const std::uint16_t probe = 1;
  unsigned char first = 0;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

}  // namespace dip::cli
