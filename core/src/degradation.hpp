// The degradation operators A of the energy E(x, x0) = ||A(x) - x0||^2: what the observed image
// would look like if x were the truth. One per task.
#pragma once

#include <memory>

#include <torch/types.h>

#include "dip/restore.hpp"

namespace dip {

class Degradation {
 public:
  explicit Degradation(torch::Tensor observed) : observed_(std::move(observed)) {}
  virtual ~Degradation() = default;

  virtual torch::Tensor apply(const torch::Tensor& x) const = 0;

  // x0 in A's output space (for inpainting already multiplied by the mask).
  const torch::Tensor& observed() const { return observed_; }

  // ||A(x) - x0||^2 as the reference computes it: torch.nn.MSELoss, the mean over all entries.
  torch::Tensor data_term(const torch::Tensor& x) const;

  // Per-pixel weight (1 x 1 x H x W, output resolution) of how little the observation pins a
  // pixel down, where that is local: undefined when every pixel is observed alike.
  virtual torch::Tensor unobserved() const { return {}; }

 protected:
  torch::Tensor observed_;
};

// Denoising: A = identity.
class Identity final : public Degradation {
 public:
  explicit Identity(torch::Tensor noisy) : Degradation(std::move(noisy)) {}
  torch::Tensor apply(const torch::Tensor& x) const override { return x; }
};

// Inpainting: A(x) = m * x with m = 1 on known pixels, 0 in the hole, fractional on soft edges.
class MaskProduct final : public Degradation {
 public:
  MaskProduct(const torch::Tensor& image, torch::Tensor known);
  torch::Tensor apply(const torch::Tensor& x) const override { return x * known_; }
  const torch::Tensor& known() const { return known_; }
  torch::Tensor unobserved() const override { return 1.0 - known_; }  // the hole

 private:
  torch::Tensor known_;
};

// The pixels an inpainting fit may trust, from the selection's `known` map (1 x 1 x H x W):
// those selected at most half, fully. A soft selection's edge is where the thing being removed
// shades into the picture (anti-aliased text, the rim of a stain), so a pixel selected more than
// half holds mostly what the user wants gone; weighting it by how little it is selected still
// pulled the fill towards it, and the longer the fit ran the more (README, Benchmarks: *Soft
// selections in the fit*). The result is still blended into the image through the soft mask.
constexpr float kTrustedKnown = 0.5f;  // known >= this: trusted
torch::Tensor trusted_pixels(const torch::Tensor& known);

// Super-resolution: A = Lanczos-2 low-pass (phase 0.5) then keep every factor-th pixel, with
// replication padding so that an N*f image maps to exactly N pixels (models/downsampler.py).
class LanczosDownsampler final : public Degradation {
 public:
  LanczosDownsampler(torch::Tensor low_res, int factor);
  torch::Tensor apply(const torch::Tensor& x) const override;
  int factor() const { return factor_; }
  const torch::Tensor& kernel() const { return kernel_; }

 private:
  int factor_;
  torch::Tensor kernel_;  // channels x 1 x side x side, one depthwise copy per channel
};

}  // namespace dip
