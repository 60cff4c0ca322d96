#include "bf16_conv.hpp"

#include <cstdlib>
#include <cstring>

#include <torch/torch.h>

namespace dip {

torch::Tensor bf16_conv2d_products(const torch::Tensor& x, const torch::Tensor& weight,
                                   const torch::Tensor& bias, int stride, int padding) {
  const auto half = torch::kBFloat16;
  return torch::conv2d(x.to(half), weight.to(half), bias.defined() ? bias.to(half) : bias, stride,
                       padding);
}

torch::Tensor bf16_conv2d(const torch::Tensor& x, const torch::Tensor& weight,
                          const torch::Tensor& bias, int stride, int padding) {
  return bf16_conv2d_products(x, weight, bias, stride, padding).to(torch::kFloat);
}

bool bf16_output_kept_by_environment() {
  const char* choice = std::getenv("DIP_BF16_OUTPUT");
  return choice == nullptr || std::strcmp(choice, "cast") != 0;
}

bool bf16_allowed_by_environment() {
  const char* choice = std::getenv("DIP_PRECISION");
  if (choice != nullptr && std::strcmp(choice, "float32") == 0) return false;
  if (choice != nullptr && std::strcmp(choice, "bfloat16") == 0) return true;
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx512bf16");
#else
  return false;  // measured on x86 only
#endif
}

}  // namespace dip
