// Element conversions between float32 and bfloat16 written on the bits, so that loops over
// planes vectorise. float32 to bfloat16 rounds to nearest even and keeps NaN a NaN, as
// c10::BFloat16 and LibTorch's cast do; bfloat16 to float32 is exact.
#pragma once

#include <cstdint>
#include <cstring>

namespace dip {

inline std::uint16_t bf16_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  const std::uint32_t rounded = (u + (((u >> 16) & 1u) + 0x7FFFu)) >> 16;
  return f != f ? std::uint16_t{0x7FC0} : static_cast<std::uint16_t>(rounded);
}

inline float from_bf16_bits(std::uint16_t b) {
  const std::uint32_t u = static_cast<std::uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// How a plane's elements are stored, for loops templated on it.
struct AsFloat {
  using Stored = float;
  static float store(float f) { return f; }
  static float load(float f) { return f; }
};

struct AsBf16 {
  using Stored = std::uint16_t;
  static std::uint16_t store(float f) { return bf16_bits(f); }
  static float load(std::uint16_t b) { return from_bf16_bits(b); }
};

}  // namespace dip
