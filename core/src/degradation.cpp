#include "degradation.hpp"

#include <torch/nn/functional/conv.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/functional/padding.h>

#include "lanczos.hpp"

namespace dip {

namespace F = torch::nn::functional;

torch::Tensor Degradation::data_term(const torch::Tensor& x) const {
  return torch::mse_loss(apply(x), observed_);
}

MaskProduct::MaskProduct(const torch::Tensor& image, torch::Tensor known)
    : Degradation(image * known), known_(std::move(known)) {}

torch::Tensor trusted_pixels(const torch::Tensor& known) {
  return known.ge(kTrustedKnown).to(known.dtype());
}

LanczosDownsampler::LanczosDownsampler(torch::Tensor low_res, int factor)
    : Degradation(std::move(low_res)), factor_(factor) {
  const int side = lanczos2_kernel_side(factor);
  const auto weights = lanczos2_kernel(factor);
  auto k = torch::empty({side, side}, torch::kFloat64);
  std::copy(weights.begin(), weights.end(), k.data_ptr<double>());
  const auto channels = observed_.size(1);
  kernel_ = k.to(torch::kFloat32)
                .view({1, 1, side, side})
                .repeat({channels, 1, 1, 1})
                .to(observed_.device());
}

torch::Tensor LanczosDownsampler::apply(const torch::Tensor& x) const {
  // The kernel is 4f wide and the stride f: 3f of padding in all keeps N*f -> N. The reference
  // pads (4f - f) / 2 on each side, which is exact for the even factors it uses; for odd
  // factors the extra pixel goes to the bottom/right.
  const int before = 3 * factor_ / 2, after = 3 * factor_ - before;
  const auto padded =
      F::pad(x, F::PadFuncOptions({before, after, before, after}).mode(torch::kReplicate));
  return F::conv2d(padded, kernel_,
                   F::Conv2dFuncOptions().stride(factor_).groups(kernel_.size(0)));
}

}  // namespace dip
