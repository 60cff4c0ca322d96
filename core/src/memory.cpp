#include "memory.hpp"

#include <algorithm>
#include <fstream>
#include <string>

#include "winograd_conv.hpp"

namespace dip {

std::size_t fit_bytes(const SkipNetConfig& net, int padded_height, int padded_width) {
  // Activations autograd keeps, counted per level from the architecture (floats per pixel of
  // that level's resolution), then scaled by what backward and the allocator add on top.
  double floats = 0.0, params = 0.0, transient = 0.0;
  double pixels = static_cast<double>(padded_height) * padded_width;
  // A Winograd layer keeps its transformed input (36/16 of the input) instead of a padded
  // copy, and its backward pass holds the transformed gradients of input and output at once.
  auto winograd = [&](int filter, double in_channels, double out_channels, int level) {
    const int h = padded_height >> level, w = padded_width >> level;
    if (!net.winograd || filter != 3 ||
        !winograd_pays_off(static_cast<std::int64_t>(in_channels), static_cast<std::int64_t>(out_channels), h, w))
      return;
    const double area = static_cast<double>(h) * w;
    floats += 1.25 * in_channels * area;
    transient = std::max(transient, 2.25 * (in_channels + out_channels) * area);
  };
  int in = net.input_channels;
  const int fd = net.filter_down * net.filter_down, fu = net.filter_up * net.filter_up;
  for (int i = 0; i < net.levels(); ++i) {
    const auto l = static_cast<std::size_t>(i);
    const double down = net.channels_down[l], up = net.channels_up[l], skip = net.channels_skip[l];
    const double below = i + 1 < net.levels() ? net.channels_up[l + 1] : down;
    const double half = pixels / 4.0;
    floats += in * pixels + 2 * down * half + 3 * down * half;        // encoder: pad, conv, bn x2
    floats += 2 * skip * pixels;                                      // skip: conv, bn
    floats += below * pixels + 3 * (skip + below) * pixels;           // upsample, cat, bn, pad
    floats += 2 * up * pixels + (net.need_1x1_up ? 2 * up * pixels : 0.0);
    winograd(net.filter_down, down, down, i + 1);
    winograd(net.filter_up, skip + below, up, i);
    params += in * down * fd + down * down * fd + in * skip + (skip + below) * up * fu + up * up;
    in = net.channels_down[l];
    pixels = half;
  }
  floats += net.input_channels * padded_height * static_cast<double>(padded_width) * 3;  // z, jitter, input
  constexpr double kBackwardFactor = 1.6;
  constexpr double kRuntimeBytes = 256.0 * 1024 * 1024;  // LibTorch and its thread pools
  return static_cast<std::size_t>(floats * 4.0 * kBackwardFactor + transient * 4.0 +
                                  params * 4.0 * 4.0 + kRuntimeBytes);
}

std::size_t available_memory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::size_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return 0;
}

}  // namespace dip
