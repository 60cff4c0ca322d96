// When to stop: ES-EMV (Wang et al., "Early Stopping for Deep Image Prior"). The running
// variance of the outputs bottoms out near the PSNR peak, before the net starts fitting noise.
#pragma once

#include <torch/types.h>

#include "presets.hpp"

namespace dip {

class VarianceStop {
 public:
  // `region`: per-pixel weights (1 x 1 x H x W) of where the variance is measured; undefined =
  // the whole image.
  VarianceStop(const StopRuleSettings& settings, torch::Tensor region);

  // Feeds iteration `iteration`'s raw output and the estimate that would be returned then.
  // Everything stays on the device: no host synchronisation per iteration.
  void observe(const torch::Tensor& output, const torch::Tensor& estimate, int iteration);

  // Reads the device state (once per check): true when `patience` iterations passed since the
  // last variance minimum, or when the outputs have settled (settings.settled_spread).
  bool should_stop(int iteration);

  // The estimate at the variance minimum; kept only when settings.return_minimum.
  bool has_best() const { return best_.defined(); }
  const torch::Tensor& best() const { return best_; }
  int best_iteration() const { return best_iteration_host_; }

 private:
  StopRuleSettings settings_;
  torch::Tensor region_, region_size_;  // weights and their sum over pixels and channels
  torch::Tensor mean_, variance_, best_variance_, best_, best_iteration_;
  int best_iteration_host_ = 0;
};

// The discrepancy principle (StopRuleSettings::discrepancy). One host read per check.
class DiscrepancyStop {
 public:
  DiscrepancyStop(const StopRuleSettings& settings, double noise_variance)
      : threshold_(settings.discrepancy * noise_variance), warmup_(settings.warmup) {}
  bool active() const { return threshold_ > 0.0; }
  // Whether a check at `iteration` may stop the run: callers skip measuring the distance before.
  bool due(int iteration) const { return active() && iteration >= warmup_; }
  // `distance`: ||A(estimate) - x0||^2 as the data term measures it (mean over entries).
  bool should_stop(const torch::Tensor& distance, int iteration) const {
    return due(iteration) && distance.item<double>() <= threshold_;
  }

 private:
  double threshold_;
  int warmup_;
};

}  // namespace dip
