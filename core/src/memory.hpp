// How much memory a fit will take, known before anything is allocated.
#pragma once

#include <cstddef>

#include "skip_net.hpp"

namespace dip {

// Peak bytes of one forward + backward + Adam step of `net` on a padded H x W input.
std::size_t fit_bytes(const SkipNetConfig& net, int padded_height, int padded_width);

// What the machine can give now (MemAvailable), or 0 when unknown.
std::size_t available_memory();

}  // namespace dip
