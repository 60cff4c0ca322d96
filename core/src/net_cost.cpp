#include "net_cost.hpp"

namespace dip {

double forward_multiply_adds(const SkipNetConfig& net, int height, int width) {
  double macs = 0.0;
  double pixels = static_cast<double>(height) * width;
  int in = net.input_channels;
  const double kd = net.filter_down * net.filter_down, ku = net.filter_up * net.filter_up;
  const double ks = net.filter_skip * net.filter_skip;
  for (int i = 0; i < net.levels(); ++i) {
    const auto l = static_cast<std::size_t>(i);
    const double down = net.channels_down[l], up = net.channels_up[l], skip = net.channels_skip[l];
    const double below = i + 1 < net.levels() ? net.channels_up[l + 1] : down;
    const double half = pixels / 4.0;
    macs += in * down * kd * half + down * down * kd * half;  // stride-2 conv, then conv
    macs += in * skip * ks * pixels;                          // skip branch
    macs += (skip + below) * up * ku * pixels;                // decoder conv
    if (net.need_1x1_up) macs += up * up * pixels;
    in = net.channels_down[l];
    pixels = half;
  }
  macs += static_cast<double>(net.channels_up[0]) * net.output_channels * height * width;
  return macs;
}

}  // namespace dip
