#include "batch_norm_act.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

namespace dip {
namespace {

// Sums run in kLanes float partial sums, so that the loops vectorise without reordering one
// long sum, over blocks of kBlock values, each block's total then added in double: float
// partial sums over a whole 1024 x 1024 plane would lose digits.
constexpr int kLanes = 16;
constexpr std::int64_t kBlock = 4096;

template <typename Term>
double blocked_sum(std::int64_t n, Term term) {
  double total = 0.0;
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    float acc[kLanes] = {};
    std::int64_t i = start;
    for (; i + kLanes <= end; i += kLanes)
      for (int l = 0; l < kLanes; ++l) acc[l] += term(i + l);
    for (; i < end; ++i) acc[0] += term(i);
    for (float a : acc) total += a;
  }
  return total;
}

// The same for two sums over one pass.
template <typename Terms>
void blocked_sums(std::int64_t n, Terms terms, double& first, double& second) {
  for (std::int64_t start = 0; start < n; start += kBlock) {
    const std::int64_t end = std::min(n, start + kBlock);
    float acc1[kLanes] = {}, acc2[kLanes] = {};
    std::int64_t i = start;
    for (; i + kLanes <= end; i += kLanes)
      for (int l = 0; l < kLanes; ++l) terms(i + l, acc1[l], acc2[l]);
    for (; i < end; ++i) terms(i, acc1[0], acc2[0]);
    for (int l = 0; l < kLanes; ++l) {
      first += acc1[l];
      second += acc2[l];
    }
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
    auto y = torch::empty_like(x);
    auto mean = torch::empty({s.channels}, x.options());
    auto invstd = torch::empty({s.channels}, x.options());
    const float* px = x.data_ptr<float>();
    float* py = y.data_ptr<float>();
    const float* w = weight.contiguous().data_ptr<float>();
    const float* b = bias.contiguous().data_ptr<float>();
    float* pm = mean.data_ptr<float>();
    float* pi = invstd.data_ptr<float>();
    float* rm = running_mean.numel() > 0 ? running_mean.data_ptr<float>() : nullptr;
    float* rv = running_var.numel() > 0 ? running_var.data_ptr<float>() : nullptr;
    const double count = static_cast<double>(s.count());
    const auto f_slope = static_cast<float>(slope);
    at::parallel_for(0, s.channels, 1, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t c = begin; c < end; ++c) {
        double sum = 0.0;
        for (std::int64_t n = 0; n < s.batch; ++n) {
          const float* p = px + s.offset(n, c);
          sum += blocked_sum(s.plane, [p](std::int64_t i) { return p[i]; });
        }
        const double m = sum / count;
        // Two passes (the second from cache) rather than E[x²] - E[x]², which cancels badly
        // when the mean is large against the spread.
        const auto fm = static_cast<float>(m);
        double squares = 0.0;
        for (std::int64_t n = 0; n < s.batch; ++n) {
          const float* p = px + s.offset(n, c);
          squares += blocked_sum(s.plane, [p, fm](std::int64_t i) {
            const float d = p[i] - fm;
            return d * d;
          });
        }
        const double var = squares / count;
        const double inv = 1.0 / std::sqrt(var + eps);
        const auto scale = static_cast<float>(w[c] * inv);
        const auto shift = static_cast<float>(b[c] - m * w[c] * inv);
        for (std::int64_t n = 0; n < s.batch; ++n) {
          const float* __restrict p = px + s.offset(n, c);
          float* __restrict q = py + s.offset(n, c);
          for (std::int64_t i = 0; i < s.plane; ++i) {
            const float z = p[i] * scale + shift;
            q[i] = z > 0.f ? z : z * f_slope;
          }
        }
        pm[c] = fm;
        pi[c] = static_cast<float>(inv);
        if (rm) rm[c] = static_cast<float>((1.0 - momentum) * rm[c] + momentum * m);
        if (rv && count > 1)
          rv[c] = static_cast<float>((1.0 - momentum) * rv[c] + momentum * var * count / (count - 1));
      }
    });
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
    const float* px = x.data_ptr<float>();
    const float* pg = gy.data_ptr<float>();
    float* pgx = want_gx ? gx.data_ptr<float>() : nullptr;
    const float* w = weight.data_ptr<float>();
    const float* b = bias.data_ptr<float>();
    const float* pm = mean.data_ptr<float>();
    const float* pi = invstd.data_ptr<float>();
    float* pgw = gw.data_ptr<float>();
    float* pgb = gb.data_ptr<float>();
    const double count = static_cast<double>(s.count());
    at::parallel_for(0, s.channels, 1, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t c = begin; c < end; ++c) {
        const float m = pm[c], inv = pi[c], scale = w[c] * inv, shift = b[c] - m * scale;
        // The activation's gradient, from the pre-activation recomputed rather than stored.
        auto dz = [=](const float* p, const float* g, std::int64_t i) {
          return p[i] * scale + shift > 0.f ? g[i] : g[i] * f_slope;
        };
        double sum_dz = 0.0, sum_dz_xhat = 0.0;
        for (std::int64_t n = 0; n < s.batch; ++n) {
          const float* p = px + s.offset(n, c);
          const float* g = pg + s.offset(n, c);
          blocked_sums(
              s.plane,
              [&](std::int64_t i, float& a1, float& a2) {
                const float d = dz(p, g, i);
                a1 += d;
                a2 += d * ((p[i] - m) * inv);
              },
              sum_dz, sum_dz_xhat);
        }
        pgw[c] = static_cast<float>(sum_dz_xhat);
        pgb[c] = static_cast<float>(sum_dz);
        if (!want_gx) continue;
        const auto mean_dz = static_cast<float>(sum_dz / count);
        const auto mean_dz_xhat = static_cast<float>(sum_dz_xhat / count);
        for (std::int64_t n = 0; n < s.batch; ++n) {
          const float* __restrict p = px + s.offset(n, c);
          const float* __restrict g = pg + s.offset(n, c);
          float* __restrict q = pgx + s.offset(n, c);
          for (std::int64_t i = 0; i < s.plane; ++i)
            q[i] = scale * (dz(p, g, i) - mean_dz - (p[i] - m) * inv * mean_dz_xhat);
        }
      }
    });
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
  const bool track = bn.options.track_running_stats();
  const auto none = torch::empty({0}, x.options());
  return BatchNormLeakyReLU::apply(x, bn.weight, bn.bias, track ? bn.running_mean : none,
                                   track ? bn.running_var : none, momentum, bn.options.eps(),
                                   negative_slope);
}

bool fused_batch_norm_applies(const torch::Tensor& x, const torch::nn::BatchNorm2dImpl& bn) {
  return x.is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 && bn.is_training() &&
         bn.options.affine() && x.size(0) * x.size(2) * x.size(3) > 1;
}

bool fused_batch_norm_allowed_by_environment() {
  const char* choice = std::getenv("DIP_BATCH_NORM");
  return choice == nullptr || std::strcmp(choice, "libtorch") != 0;
}

}  // namespace dip
