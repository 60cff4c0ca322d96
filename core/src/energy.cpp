#include "energy.hpp"

namespace dip {

torch::Tensor total_variation(const torch::Tensor& x) {
  const auto h = x.size(2), w = x.size(3);
  const auto dx = x.slice(2, 0, h - 1).slice(3, 1, w) - x.slice(2, 0, h - 1).slice(3, 0, w - 1);
  const auto dy = x.slice(2, 1, h).slice(3, 0, w - 1) - x.slice(2, 0, h - 1).slice(3, 0, w - 1);
  // The epsilon keeps the gradient finite on flat regions, where sqrt has none.
  return (dx * dx + dy * dy + 1e-8).sqrt().mean();
}

EnergyTerms Energy::operator()(const torch::Tensor& x) const {
  EnergyTerms terms;
  terms.data = degradation_.data_term(x);
  terms.total = tv_weight_ > 0.0f ? terms.data + tv_weight_ * total_variation(x) : terms.data;
  return terms;
}

}  // namespace dip
