#include "reflect_pad.hpp"

#include "autograd_function_warnings.hpp"  // before LibTorch's autograd headers

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include "bf16_bits.hpp"
#include "vector_clones.hpp"  // the row loops

namespace dip {
namespace {

// Source index of padded position i (0 <= i < n + 2 pad) under reflection without the edge.
inline std::int64_t reflected(std::int64_t i, std::int64_t pad, std::int64_t n) {
  const std::int64_t r = i - pad;
  return r < 0 ? -r : r >= n ? 2 * (n - 1) - r : r;
}

template <class T>
DIP_VECTOR_CLONES void pad_row(const float* __restrict src, typename T::Stored* __restrict out,
                               std::int64_t w, std::int64_t pad) {
  for (std::int64_t j = 0; j < pad; ++j) out[j] = T::store(src[pad - j]);
  for (std::int64_t c = 0; c < w; ++c) out[pad + c] = T::store(src[c]);
  for (std::int64_t j = 0; j < pad; ++j) out[pad + w + j] = T::store(src[w - 2 - j]);
}

// The gradient of one padded row folded into its source row: assigned (first visit) or added.
template <class T>
DIP_VECTOR_CLONES void fold_row(const typename T::Stored* __restrict g, float* __restrict dst,
                                std::int64_t w, std::int64_t pad, bool first) {
  if (first)
    for (std::int64_t c = 0; c < w; ++c) dst[c] = T::load(g[pad + c]);
  else
    for (std::int64_t c = 0; c < w; ++c) dst[c] += T::load(g[pad + c]);
  for (std::int64_t j = 0; j < pad; ++j) {
    dst[pad - j] += T::load(g[j]);
    dst[w - 2 - j] += T::load(g[pad + w + j]);
  }
}

template <class T>
void pad_planes(const torch::Tensor& x, torch::Tensor& y, std::int64_t pad) {
  const std::int64_t planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
  const std::int64_t ph = h + 2 * pad, pw = w + 2 * pad;
  const float* px = x.data_ptr<float>();
  auto* py = static_cast<typename T::Stored*>(y.data_ptr());
  at::parallel_for(0, planes, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t p = begin; p < end; ++p)
      for (std::int64_t i = 0; i < ph; ++i)
        pad_row<T>(px + (p * h + reflected(i, pad, h)) * w, py + (p * ph + i) * pw, w, pad);
  });
}

template <class T>
void fold_planes(const torch::Tensor& g, torch::Tensor& gx, std::int64_t pad) {
  const std::int64_t planes = gx.size(0) * gx.size(1), h = gx.size(2), w = gx.size(3);
  const std::int64_t ph = h + 2 * pad, pw = w + 2 * pad;
  const auto* pg = static_cast<const typename T::Stored*>(g.data_ptr());
  float* pgx = gx.data_ptr<float>();
  at::parallel_for(0, planes, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t p = begin; p < end; ++p) {
      // The rows inside first, each the first visit of its source row; then the mirrored ones.
      for (std::int64_t i = pad; i < pad + h; ++i)
        fold_row<T>(pg + (p * ph + i) * pw, pgx + (p * h + i - pad) * w, w, pad, true);
      for (std::int64_t i = 0; i < ph; ++i)
        if (i < pad || i >= pad + h)
          fold_row<T>(pg + (p * ph + i) * pw, pgx + (p * h + reflected(i, pad, h)) * w, w, pad,
                      false);
    }
  });
}

class ReflectPad : public torch::autograd::Function<ReflectPad> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               std::int64_t pad, bool bf16) {
    const auto x = input.contiguous();
    auto y = torch::empty({x.size(0), x.size(1), x.size(2) + 2 * pad, x.size(3) + 2 * pad},
                          x.options().dtype(bf16 ? torch::kBFloat16 : torch::kFloat));
    if (bf16) pad_planes<AsBf16>(x, y, pad);
    else pad_planes<AsFloat>(x, y, pad);
    ctx->saved_data["pad"] = pad;
    ctx->saved_data["sizes"] = x.sizes();
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto pad = ctx->saved_data["pad"].toInt();
    const auto sizes = ctx->saved_data["sizes"].toIntVector();
    const auto g = grads[0].contiguous();
    auto gx = torch::empty(sizes, g.options().dtype(torch::kFloat));
    if (g.scalar_type() == torch::kBFloat16) fold_planes<AsBf16>(g, gx, pad);
    else fold_planes<AsFloat>(g.to(torch::kFloat), gx, pad);
    return {gx, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor reflect_pad(const torch::Tensor& x, int pad, torch::ScalarType type) {
  return ReflectPad::apply(x, static_cast<std::int64_t>(pad), type == torch::kBFloat16);
}

bool reflect_pad_applies(const torch::Tensor& x, int pad) {
  return x.is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 && pad > 0 &&
         x.size(2) > pad && x.size(3) > pad;
}

bool reflect_pad_allowed_by_environment() {
  const char* choice = std::getenv("DIP_PAD");
  return choice == nullptr || std::strcmp(choice, "libtorch") != 0;
}

}  // namespace dip
