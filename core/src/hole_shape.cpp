#include "hole_shape.hpp"

#include <torch/nn/functional/pooling.h>

namespace dip {

bool hole_reaches_beyond(const torch::Tensor& known, int depth) {
  torch::NoGradGuard no_grad;
  namespace F = torch::nn::functional;
  // An erosion is a max-pool of the negated hole; max_pool2d's padding never wins a max, so
  // pixels outside the image do not erode a hole that touches the border.
  auto hole = (known < 0.5).to(torch::kFloat32);
  for (int i = 0; i < depth; ++i) {
    hole = -F::max_pool2d(-hole, F::MaxPool2dFuncOptions(3).stride(1).padding(1));
    if (hole.max().item<float>() < 0.5f) return false;
  }
  return hole.max().item<float>() >= 0.5f;
}

}  // namespace dip
