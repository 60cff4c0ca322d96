#include "batch_norm_act.hpp"

#include "autograd_function_warnings.hpp"  // before LibTorch's autograd headers

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include "bf16_bits.hpp"
#include "vector_clones.hpp"  // the per-plane loops

namespace dip {
namespace {

// Sums run in kLanes float partial sums, so that the loops vectorise without reordering one
// long sum, over blocks of kBlock values, each block's total then added in double: float
// partial sums over a whole 1024 x 1024 plane would lose digits.
constexpr int kLanes = 16;
constexpr std::int64_t kBlock = 4096;

// The input planes (a convolution's output) come in float32 or bfloat16 (T, bf16_bits.hpp): a
// bfloat16 convolution's output is read as it is, rather than cast to float32 in a pass of its
// own, and the input gradient goes back in the same type. Either way the arithmetic is float32
// on the same values, so the results are those of the cast followed by the float32 path.

// Σ (p - centre)ⁿ for n = 1 (centre 0: the plain sum) or 2.
template <class T>
DIP_VECTOR_CLONES double plane_moment(const typename T::Stored* __restrict p, std::int64_t n,
                                      float centre, bool square) {
  double total = 0.0;
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    float acc[kLanes] = {};
    std::int64_t i = start;
    if (square) {
      for (; i + kLanes <= end; i += kLanes)
        for (int l = 0; l < kLanes; ++l) {
          const float d = T::load(p[i + l]) - centre;
          acc[l] += d * d;
        }
    } else {
      for (; i + kLanes <= end; i += kLanes)
        for (int l = 0; l < kLanes; ++l) acc[l] += T::load(p[i + l]);
    }
    for (; i < end; ++i) {
      const float d = T::load(p[i]) - centre;
      acc[0] += square ? d * d : d;
    }
    for (float a : acc) total += a;
  }
  return total;
}

// The affine map and the activation: q = leaky_relu(p * scale + shift).
template <class T>
DIP_VECTOR_CLONES void plane_normalise(const typename T::Stored* __restrict p, float* __restrict q,
                                       std::int64_t n, float scale, float shift, float slope) {
  for (std::int64_t i = 0; i < n; ++i) {
    const float z = T::load(p[i]) * scale + shift;
    q[i] = std::max(z, 0.f) + slope * std::min(z, 0.f);
  }
}

// The parameters of one channel's normalisation, as the backward pass needs them.
struct Channel {
  float mean, invstd, scale, shift, slope;
  // The activation's gradient factor, from the pre-activation recomputed rather than stored.
  float activation_gradient(float x) const { return x * scale + shift > 0.f ? 1.f : slope; }
  float normalised(float x) const { return (x - mean) * invstd; }
};

// Σ dz and Σ dz·x̂ over a plane, dz being the gradient past the activation.
template <class T>
DIP_VECTOR_CLONES void plane_gradient_sums(const typename T::Stored* __restrict p,
                                           const float* __restrict g, std::int64_t n, Channel ch,
                                           double& sum_dz, double& sum_dz_xhat) {
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    float a1[kLanes] = {}, a2[kLanes] = {};
    std::int64_t i = start;
    for (; i + kLanes <= end; i += kLanes)
      for (int l = 0; l < kLanes; ++l) {
        const float x = T::load(p[i + l]);
        const float d = g[i + l] * ch.activation_gradient(x);
        a1[l] += d;
        a2[l] += d * ch.normalised(x);
      }
    for (; i < end; ++i) {
      const float x = T::load(p[i]);
      const float d = g[i] * ch.activation_gradient(x);
      a1[0] += d;
      a2[0] += d * ch.normalised(x);
    }
    for (int l = 0; l < kLanes; ++l) {
      sum_dz += a1[l];
      sum_dz_xhat += a2[l];
    }
  }
}

// The input's gradient: scale · (dz - mean(dz) - x̂ · mean(dz·x̂)).
template <class T>
DIP_VECTOR_CLONES void plane_input_gradient(const typename T::Stored* __restrict p,
                                            const float* __restrict g,
                                            typename T::Stored* __restrict q, std::int64_t n,
                                            Channel ch, float mean_dz, float mean_dz_xhat) {
  for (std::int64_t i = 0; i < n; ++i) {
    const float x = T::load(p[i]);
    q[i] = T::store(ch.scale * (g[i] * ch.activation_gradient(x) - mean_dz -
                                ch.normalised(x) * mean_dz_xhat));
  }
}

struct Shape {
  std::int64_t batch, channels, plane;
  std::int64_t count() const { return batch * plane; }  // values per channel
  std::int64_t offset(std::int64_t n, std::int64_t c) const { return (n * channels + c) * plane; }
};

Shape shape_of(const torch::Tensor& x) {
  return {x.size(0), x.size(1), x.size(2) * x.size(3)};
}

class BatchNormLeakyReLU : public torch::autograd::Function<BatchNormLeakyReLU> {
 public:
  // Running statistics travel as inputs that take no gradient, so they are updated while the
  // plane is at hand instead of by a second pass for the batch variance.
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& weight, const torch::Tensor& bias,
                               const torch::Tensor& running_mean, const torch::Tensor& running_var,
                               double momentum, double eps, double slope) {
    const auto x = input.contiguous();
    const Shape s = shape_of(x);
    auto mean = torch::empty({s.channels}, x.options().dtype(torch::kFloat));
    auto invstd = torch::empty({s.channels}, x.options().dtype(torch::kFloat));
    auto y = torch::empty_like(x, x.options().dtype(torch::kFloat));
    float* py = y.data_ptr<float>();
    // Held, not temporaries: a copy made by contiguous() must outlive the pointers into it.
    const auto w_held = weight.contiguous(), b_held = bias.contiguous();
    const float* w = w_held.data_ptr<float>();
    const float* b = b_held.data_ptr<float>();
    float* pm = mean.data_ptr<float>();
    float* pi = invstd.data_ptr<float>();
    float* rm = running_mean.numel() > 0 ? running_mean.data_ptr<float>() : nullptr;
    float* rv = running_var.numel() > 0 ? running_var.data_ptr<float>() : nullptr;
    const double count = static_cast<double>(s.count());
    const auto f_slope = static_cast<float>(slope);
    const auto channels = [&](auto stored_as) {
      using T = decltype(stored_as);
      const auto* px = static_cast<const typename T::Stored*>(x.data_ptr());
      at::parallel_for(0, s.channels, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t c = begin; c < end; ++c) {
          double sum = 0.0;
          for (std::int64_t n = 0; n < s.batch; ++n)
            sum += plane_moment<T>(px + s.offset(n, c), s.plane, 0.f, false);
          const double m = sum / count;
          // Two passes (the second from cache) rather than E[x²] - E[x]², which cancels badly
          // when the mean is large against the spread.
          const auto fm = static_cast<float>(m);
          double squares = 0.0;
          for (std::int64_t n = 0; n < s.batch; ++n)
            squares += plane_moment<T>(px + s.offset(n, c), s.plane, fm, true);
          const double var = squares / count;
          const double inv = 1.0 / std::sqrt(var + eps);
          const auto scale = static_cast<float>(w[c] * inv);
          const auto shift = static_cast<float>(b[c] - m * w[c] * inv);
          for (std::int64_t n = 0; n < s.batch; ++n)
            plane_normalise<T>(px + s.offset(n, c), py + s.offset(n, c), s.plane, scale, shift,
                               f_slope);
          pm[c] = fm;
          pi[c] = static_cast<float>(inv);
          if (rm) rm[c] = static_cast<float>((1.0 - momentum) * rm[c] + momentum * m);
          if (rv && count > 1)
            rv[c] = static_cast<float>((1.0 - momentum) * rv[c] +
                                       momentum * var * count / (count - 1));
        }
      });
    };
    if (x.scalar_type() == torch::kBFloat16)
      channels(AsBf16{});
    else
      channels(AsFloat{});
    ctx->save_for_backward({x, weight, bias, mean, invstd});
    ctx->saved_data["slope"] = slope;
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const auto weight = saved[1].contiguous(), bias = saved[2].contiguous();
    const auto& mean = saved[3];
    const auto& invstd = saved[4];
    const auto gy = grads[0].contiguous();
    const auto f_slope = static_cast<float>(ctx->saved_data["slope"].toDouble());
    const Shape s = shape_of(x);
    const bool want_gx = ctx->needs_input_grad(0);
    torch::Tensor gx = want_gx ? torch::empty_like(x) : torch::Tensor();
    auto gw = torch::empty_like(weight), gb = torch::empty_like(bias);
    const float* pg = gy.data_ptr<float>();
    const float* w = weight.data_ptr<float>();
    const float* b = bias.data_ptr<float>();
    const float* pm = mean.data_ptr<float>();
    const float* pi = invstd.data_ptr<float>();
    float* pgw = gw.data_ptr<float>();
    float* pgb = gb.data_ptr<float>();
    const double count = static_cast<double>(s.count());
    const auto channels = [&](auto stored_as) {
      using T = decltype(stored_as);
      using Stored = typename T::Stored;
      const auto* px = static_cast<const Stored*>(x.data_ptr());
      auto* pgx = want_gx ? static_cast<Stored*>(gx.data_ptr()) : nullptr;
      at::parallel_for(0, s.channels, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t c = begin; c < end; ++c) {
          const float scale = w[c] * pi[c];
          const Channel ch{pm[c], pi[c], scale, b[c] - pm[c] * scale, f_slope};
          double sum_dz = 0.0, sum_dz_xhat = 0.0;
          for (std::int64_t n = 0; n < s.batch; ++n)
            plane_gradient_sums<T>(px + s.offset(n, c), pg + s.offset(n, c), s.plane, ch, sum_dz,
                                   sum_dz_xhat);
          pgw[c] = static_cast<float>(sum_dz_xhat);
          pgb[c] = static_cast<float>(sum_dz);
          if (!want_gx) continue;
          const auto mean_dz = static_cast<float>(sum_dz / count);
          const auto mean_dz_xhat = static_cast<float>(sum_dz_xhat / count);
          for (std::int64_t n = 0; n < s.batch; ++n)
            plane_input_gradient<T>(px + s.offset(n, c), pg + s.offset(n, c), pgx + s.offset(n, c),
                                    s.plane, ch, mean_dz, mean_dz_xhat);
        }
      });
    };
    if (x.scalar_type() == torch::kBFloat16)
      channels(AsBf16{});
    else
      channels(AsFloat{});
    return {gx, gw, gb, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

torch::Tensor batch_norm_leaky_relu(const torch::Tensor& x, torch::nn::BatchNorm2dImpl& bn,
                                    double negative_slope) {
  double momentum = bn.options.momentum().value_or(0.0);
  if (bn.options.track_running_stats() && bn.num_batches_tracked.defined()) {
    torch::NoGradGuard no_grad;
    bn.num_batches_tracked += 1;
    // No momentum: a cumulative average, as LibTorch's module takes it (a CPU scalar, no sync).
    if (!bn.options.momentum())
      momentum = 1.0 / static_cast<double>(bn.num_batches_tracked.item<std::int64_t>());
  }
  // Autograd functions take no undefined tensors: untracked statistics travel as empty ones.
  if (bn.options.track_running_stats())
    return BatchNormLeakyReLU::apply(x, bn.weight, bn.bias, bn.running_mean, bn.running_var,
                                     momentum, bn.options.eps(), negative_slope);
  const auto none = torch::empty({0}, x.options());
  return BatchNormLeakyReLU::apply(x, bn.weight, bn.bias, none, none, momentum, bn.options.eps(),
                                   negative_slope);
}

bool fused_batch_norm_applies(const torch::Tensor& x, const torch::nn::BatchNorm2dImpl& bn) {
  return x.is_cpu() && (x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kBFloat16) &&
         x.dim() == 4 && bn.is_training() &&
         bn.options.affine() && x.size(0) * x.size(2) * x.size(3) > 1;
}

bool fused_batch_norm_allowed_by_environment() {
  const char* choice = std::getenv("DIP_BATCH_NORM");
  return choice == nullptr || std::strcmp(choice, "libtorch") != 0;
}

}  // namespace dip
