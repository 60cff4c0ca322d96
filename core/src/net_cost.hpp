// Arithmetic cost of the skip net, for the benchmark's GFLOP/s figures.
#pragma once

#include "skip_net.hpp"

namespace dip {

// Multiply-adds of one forward pass on an H x W input (convolutions only: they are > 95 %).
double forward_multiply_adds(const SkipNetConfig& net, int height, int width);

// Floating-point operations of one fitting iteration: forward, backward for the inputs and the
// weights (about twice the forward), 2 FLOPs per multiply-add.
inline double iteration_flops(const SkipNetConfig& net, int height, int width) {
  return 3.0 * 2.0 * forward_multiply_adds(net, height, width);
}

}  // namespace dip
