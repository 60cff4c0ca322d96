// The loop: fit x = f_theta(z) to the observation by gradient descent on the energy, with the
// reference's jitter, output averaging and backtracking, the stopping rule, progress and cancel.
#pragma once

#include <functional>
#include <vector>

#include <torch/types.h>

#include "degradation.hpp"
#include "dip/restore.hpp"
#include "fault.hpp"
#include "presets.hpp"
#include "skip_net.hpp"

namespace dip {

struct FitReport {
  int iteration = 0;
  int total = 0;
  bool automatic = false;
  double loss = 0.0;
  double elapsed_s = 0.0;
  double eta_s = 0.0;
  const torch::Tensor* estimate = nullptr;  // padded, on the device; only when asked for
};

using FitCallback = std::function<Reply(const FitReport&)>;

struct FitOutcome {
  torch::Tensor estimate;  // padded output size, on the device
  int iterations = 0;
  int best_iteration = 0;
  bool stopped_by_rule = false;
  bool stopped_by_user = false;
  double final_loss = 0.0;
  double seconds = 0.0;
};

struct FitRequest {
  int iterations = 0;     // 0: automatic, up to plan.iterations
  int max_iterations = 0; // automatic: a lower cap than plan.iterations (0 = none)
  float tv_weight = 0.0f;
  int report_every = 10;
  std::uint64_t seed = 0;
  double noise_variance = 0.0;  // automatic denoising: for plan.stop.discrepancy (0 = unknown)
  FaultPlan fault;  // tests only: fail on purpose at an iteration
};

class Fitter {
 public:
  // `output_shape` is the padded N x C x H x W the net must produce (the full resolution).
  // `base`: the image the net's output is added to (plan.start_from_bicubic), of that shape and
  // on `device`; undefined = none.
  Fitter(const FitPlan& plan, const Degradation& degradation, torch::IntArrayRef output_shape,
         torch::Device device, torch::Tensor base = {});

  // Throws Cancelled when cancelled through the callback or the token.
  FitOutcome run(const FitRequest& request, const FitCallback& callback, const StopToken* stop);

  const SkipNet& net() const { return net_; }

 private:

  FitPlan plan_;
  const Degradation& degradation_;
  torch::Device device_;
  SkipNet net_{nullptr};
  torch::Tensor z_;
  torch::Tensor base_;
  torch::Tensor saved_;  // flat copy of the parameters at the last good report
};

}  // namespace dip
