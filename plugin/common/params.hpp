// The three filters' parameters as every front end receives them (PDB arguments, dialog
// values), their limits, and their translation into the engine's Options. Checking happens
// here, before any pixel is read, so a bad call fails in milliseconds with a sentence that
// names the parameter.
#pragma once

#include <cstdint>
#include <string>

#include "dip/restore.hpp"

namespace dip::front {

// Limits, shared by the PDB help text, the dialogs' spin buttons and validate().
inline constexpr int kMaxIterations = 20000;
inline constexpr int kMaxContext = 1024;
inline constexpr double kMaxTvWeight = 1.0;

// Plain values (no pointers) so a front end can store them as they are, e.g. with
// gimp_set_data for "Repeat last".
struct CommonValues {
  std::int32_t preset = 0;      // dip::Preset: 0 fast, 1 balanced, 2 paper
  std::int32_t iterations = 0;  // 0 = automatic
  std::int32_t seed = 0;
  double tv_weight = 0.0;
};

struct InpaintValues {
  CommonValues common;
  std::int32_t context = 0;  // 0 = automatic
};

struct DenoiseValues {
  CommonValues common;
};

struct UpscaleValues {
  std::int32_t factor = 2;
  CommonValues common;
  std::int32_t new_image = 0;
};

// Each returns an empty string when the values are usable, else a message for the user.
std::string check(const CommonValues& values);
std::string check(const InpaintValues& values);
std::string check(const DenoiseValues& values);
std::string check(const UpscaleValues& values);

dip::Options to_options(const InpaintValues& values);
dip::Options to_options(const DenoiseValues& values);
dip::Options to_options(const UpscaleValues& values);

}  // namespace dip::front
