#include "tensor_image.hpp"

#include <torch/nn/functional/padding.h>

#include <algorithm>

namespace dip {

namespace F = torch::nn::functional;

torch::Tensor colour_to_tensor(const Image& image) {
  const int cc = image.colour_channels();
  auto t = torch::empty({1, cc, image.height, image.width}, torch::kFloat32);
  auto a = t.accessor<float, 4>();
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      for (int c = 0; c < cc; ++c) a[0][c][y][x] = image.at(x, y, c);
  return t;
}

torch::Tensor mask_to_tensor(const Mask& mask) {
  auto t = torch::empty({1, 1, mask.height, mask.width}, torch::kFloat32);
  std::copy(mask.known.begin(), mask.known.end(), t.data_ptr<float>());
  return t;
}

void tensor_to_colour(const torch::Tensor& tensor, Image* image) {
  const auto t = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  const auto a = t.accessor<float, 4>();
  const int cc = image->colour_channels();
  for (int y = 0; y < image->height; ++y)
    for (int x = 0; x < image->width; ++x)
      for (int c = 0; c < cc; ++c) image->at(x, y, c) = std::clamp(a[0][c][y][x], 0.0f, 1.0f);
}

Padding padding_to(int h, int w, int H, int W) {
  Padding p;
  p.top = (H - h) / 2;
  p.bottom = H - h - p.top;
  p.left = (W - w) / 2;
  p.right = W - w - p.left;
  return p;
}

torch::Tensor reflect_pad(const torch::Tensor& x, const Padding& p) {
  torch::Tensor y = x;
  Padding left = p;
  while (left.top + left.bottom + left.left + left.right > 0) {
    const int h = static_cast<int>(y.size(2)), w = static_cast<int>(y.size(3));
    if (h < 2 || w < 2)
      return F::pad(y, F::PadFuncOptions({left.left, left.right, left.top, left.bottom})
                           .mode(torch::kReplicate));
    Padding step{std::min(left.top, h - 1), std::min(left.bottom, h - 1),
                 std::min(left.left, w - 1), std::min(left.right, w - 1)};
    y = F::pad(y, F::PadFuncOptions({step.left, step.right, step.top, step.bottom})
                      .mode(torch::kReflect));
    left.top -= step.top;
    left.bottom -= step.bottom;
    left.left -= step.left;
    left.right -= step.right;
  }
  return y;
}

torch::Tensor crop(const torch::Tensor& x, const Padding& p) {
  const auto h = x.size(2), w = x.size(3);
  return x.slice(2, p.top, h - p.bottom).slice(3, p.left, w - p.right);
}

int round_up(int value, int multiple, int minimum) {
  const int v = std::max(value, minimum);
  return (v + multiple - 1) / multiple * multiple;
}

}  // namespace dip
