// The reference code's super-resolution kernel (models/downsampler.py: 'lanczos2', phase 0.5),
// in plain C++ so that it can be checked against the formula without torch.
#pragma once

#include <vector>

namespace dip {

// Side of the square kernel: 4 * factor (kernel_width 4f + 1, one less for the half-pixel phase).
int lanczos2_kernel_side(int factor);

// Row-major side x side weights, normalised to sum to 1.
std::vector<double> lanczos2_kernel(int factor);

// The 1-D Lanczos window the 2-D kernel is the outer product of (unnormalised):
// support * sin(pi d) * sin(pi d / support) / (pi^2 d^2), 1 at d = 0.
double lanczos_weight(double d, double support);

}  // namespace dip
