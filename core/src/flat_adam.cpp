#include "flat_adam.hpp"

#include <cmath>

namespace dip {

FlatAdam::FlatAdam(const std::vector<torch::Tensor>& parameters, double learning_rate,
                   double beta1, double beta2, double eps)
    : lr_(learning_rate), beta1_(beta1), beta2_(beta2), eps_(eps) {
  std::int64_t total = 0;
  for (const auto& p : parameters) total += p.numel();
  const auto options = parameters.front().options().requires_grad(false);
  params_ = torch::empty({total}, options);
  grads_ = torch::zeros({total}, options);
  m_ = torch::zeros({total}, options);
  v_ = torch::zeros({total}, options);
  denom_ = torch::empty({total}, options);
  torch::NoGradGuard no_grad;
  std::int64_t offset = 0;
  for (auto p : parameters) {
    const auto n = p.numel();
    auto data = params_.narrow(0, offset, n).view(p.sizes());
    data.copy_(p.detach());
    p.set_data(data);
    // A defined gradient is accumulated in place by autograd, so backward writes straight
    // into grads_.
    p.mutable_grad() = grads_.narrow(0, offset, n).view(p.sizes());
    offset += n;
  }
}

void FlatAdam::step() {
  torch::NoGradGuard no_grad;
  ++step_;
  const double bias1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
  const double bias2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
  m_.mul_(beta1_).add_(grads_, 1.0 - beta1_);
  v_.mul_(beta2_).addcmul_(grads_, grads_, 1.0 - beta2_);
  torch::sqrt_out(denom_, v_);
  denom_.div_(std::sqrt(bias2)).add_(eps_);
  params_.addcdiv_(m_, denom_, -lr_ / bias1);
}

}  // namespace dip
