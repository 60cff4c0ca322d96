// Integer file samples <-> the engine's floats in [0, 1]. Every format reader and writer goes
// through these, so 8- and 16-bit files round-trip exactly whatever the format.
#pragma once

#include <cstddef>

namespace dip::cli {

// `row` holds `count` samples of `bits` (8 or 16) bits each; 16-bit samples in native byte order.
void unpack_samples(const void* row, int bits, std::size_t count, float* out);

// Rounds to the nearest level and clamps to [0, 1]; NaN becomes 0 so a bad pixel cannot
// poison the file.
void pack_samples(const float* in, int bits, std::size_t count, void* row);

// libpng and libtiff hand over 16-bit samples big-endian unless asked to swap.
bool host_is_little_endian();

}  // namespace dip::cli
