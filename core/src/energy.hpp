// The energy the fitter minimises: the task's data term plus an optional total-variation prior
// (DIP-TV, Liu et al. 2019).
#pragma once

#include <torch/types.h>

#include "degradation.hpp"

namespace dip {

// Mean isotropic total variation: mean over pixels of sqrt(dx^2 + dy^2). A mean rather than
// the reference's sum, so a weight means the same thing at every image size.
torch::Tensor total_variation(const torch::Tensor& x);

struct EnergyTerms {
  torch::Tensor total;  // what is differentiated
  torch::Tensor data;   // ||A(x) - x0||^2 alone, what progress reports
};

class Energy {
 public:
  Energy(const Degradation& degradation, float tv_weight)
      : degradation_(degradation), tv_weight_(tv_weight) {}
  EnergyTerms operator()(const torch::Tensor& x) const;

 private:
  const Degradation& degradation_;
  float tv_weight_;
};

}  // namespace dip
