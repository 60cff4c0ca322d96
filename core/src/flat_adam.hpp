// Adam over one contiguous buffer. The nets have ~100 small parameter tensors; stepping them
// one by one costs ~10 tiny ops each per iteration, which for the light nets is a sizeable
// part of the iteration. Here the parameters and their gradients are views into two flat
// tensors, so zeroing and stepping are a handful of large ops. Same update as torch::optim::Adam
// (no weight decay, no AMSGrad).
#pragma once

#include <vector>

#include <torch/types.h>

namespace dip {

class FlatAdam {
 public:
  // Re-seats every parameter's data and gradient onto the flat buffers (values are kept).
  FlatAdam(const std::vector<torch::Tensor>& parameters, double learning_rate,
           double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);

  void zero_grad() { grads_.zero_(); }
  void step();

  // All parameters at once, for snapshots.
  const torch::Tensor& flat_parameters() const { return params_; }

 private:
  torch::Tensor params_, grads_, m_, v_, denom_;
  double lr_, beta1_, beta2_, eps_;
  long step_ = 0;
};

}  // namespace dip
