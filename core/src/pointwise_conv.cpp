#include "pointwise_conv.hpp"

#include <cstdlib>
#include <cstring>

#include <torch/torch.h>

namespace dip {

torch::Tensor pointwise_conv2d(const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, torch::ScalarType products,
                               bool keep_products) {
  const auto n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const auto k = weight.size(0);
  const auto matrix = weight.reshape({k, c}).to(products);
  const auto pixels = x.to(products);
  torch::Tensor y;
  if (n == 1) {
    y = bias.defined()
            ? torch::addmm(bias.to(products).unsqueeze(1), matrix, pixels.reshape({c, h * w}))
            : torch::mm(matrix, pixels.reshape({c, h * w}));
  } else {
    y = torch::matmul(matrix, pixels.reshape({n, c, h * w}));
    if (bias.defined()) y = y + bias.to(products).view({1, k, 1});
  }
  return y.view({n, k, h, w}).to(keep_products ? products : x.scalar_type());
}

bool pointwise_pays_off(std::int64_t in, std::int64_t out, bool bf16) {
  return bf16 || in < 128 || out < 128;
}

bool pointwise_allowed_by_environment() {
  const char* choice = std::getenv("DIP_POINTWISE");
  return choice == nullptr || std::strcmp(choice, "conv") != 0;
}

}  // namespace dip
