#include "stopping.hpp"

#include <limits>

namespace dip {

VarianceStop::VarianceStop(const StopRuleSettings& settings, torch::Tensor region)
    : settings_(settings), region_(std::move(region)) {}

void VarianceStop::observe(const torch::Tensor& output, const torch::Tensor& estimate,
                           int iteration) {
  torch::NoGradGuard no_grad;
  const double a = settings_.alpha;
  if (!mean_.defined()) {
    mean_ = output.detach().clone();
    variance_ = torch::zeros({}, output.options());
    best_variance_ = torch::full({}, std::numeric_limits<float>::max(), output.options());
    best_iteration_ = torch::zeros({}, output.options());  // float: exact below 2^24
    best_ = estimate.detach().clone();
    if (region_.defined()) {
      region_ = region_.to(output.device(), output.scalar_type());
      region_size_ = (region_.sum() * static_cast<double>(output.size(1))).clamp_min(1e-12);
    }
    return;
  }
  const auto diff = output.detach() - mean_;
  const auto spread = region_.defined() ? diff.square().mul_(region_).sum().div_(region_size_)
                                        : diff.square().mean();
  variance_.mul_(1.0 - a).add_(spread, a * (1.0 - a));
  mean_.add_(diff, a);
  if (iteration < settings_.warmup) return;
  // A branch would need the comparison on the host; a 0/1 weight keeps it on the device, and
  // lerp with weight exactly 0 or 1 returns one side bit for bit.
  const auto improved = (variance_ < best_variance_).to(variance_.scalar_type());
  best_variance_.lerp_(variance_, improved);
  // An image-sized pass every iteration: only when the run will return that snapshot.
  if (settings_.return_minimum) best_.lerp_(estimate.detach(), improved);
  best_iteration_.mul_(1.0 - improved).add_(improved * static_cast<double>(iteration));
}

bool VarianceStop::should_stop(int iteration) {
  if (!best_iteration_.defined() || iteration < settings_.warmup) return false;
  best_iteration_host_ = static_cast<int>(best_iteration_.item<float>());
  if (settings_.settled_spread > 0.0 &&
      variance_.item<double>() < settings_.settled_spread * settings_.settled_spread)
    return true;
  return iteration - best_iteration_host_ >= settings_.patience;
}

}  // namespace dip
