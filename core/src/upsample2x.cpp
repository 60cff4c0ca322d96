#include "upsample2x.hpp"

#include "autograd_function_warnings.hpp"  // before LibTorch's autograd headers

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include "vector_clones.hpp"  // the row loops

namespace dip {
namespace {

// Output 2j takes 1/4 of input j-1 and 3/4 of j, output 2j+1 3/4 of j and 1/4 of j+1; past the
// edges the nearer input counts alone (torch clamps the source coordinate).
DIP_VECTOR_CLONES
void widen_bilinear(const float* __restrict v, float* __restrict out, std::int64_t w) {
  for (std::int64_t j = 0; j < w; ++j) {
    const float left = v[j > 0 ? j - 1 : 0], right = v[j + 1 < w ? j + 1 : w - 1];
    out[2 * j] = 0.25f * left + 0.75f * v[j];
    out[2 * j + 1] = 0.75f * v[j] + 0.25f * right;
  }
}

DIP_VECTOR_CLONES
void blend_rows(const float* __restrict a, const float* __restrict b, float* __restrict out,
                std::int64_t w) {
  for (std::int64_t j = 0; j < w; ++j) out[j] = 0.25f * a[j] + 0.75f * b[j];
}

// The adjoint of widen_bilinear: input j gathers 3/4 of outputs 2j and 2j+1 and 1/4 of 2j-1
// and 2j+2, each clamped at the edges as the forward pass clamped.
DIP_VECTOR_CLONES
void narrow_bilinear(const float* __restrict g, float* __restrict out, std::int64_t w) {
  for (std::int64_t j = 0; j < w; ++j) {
    const float before = g[j > 0 ? 2 * j - 1 : 0], after = g[j + 1 < w ? 2 * j + 2 : 2 * w - 1];
    out[j] = 0.75f * (g[2 * j] + g[2 * j + 1]) + 0.25f * (before + after);
  }
}

DIP_VECTOR_CLONES
void widen_nearest(const float* __restrict v, float* __restrict out, std::int64_t w) {
  for (std::int64_t j = 0; j < w; ++j) out[2 * j] = out[2 * j + 1] = v[j];
}

DIP_VECTOR_CLONES
void narrow_nearest(const float* __restrict g0, const float* __restrict g1, float* __restrict out,
                    std::int64_t w) {
  for (std::int64_t j = 0; j < w; ++j) out[j] = (g0[2 * j] + g0[2 * j + 1]) + (g1[2 * j] + g1[2 * j + 1]);
}

void forward_plane(const float* x, float* y, std::int64_t h, std::int64_t w, bool bilinear,
                   std::vector<float>& row) {
  const std::int64_t ow = 2 * w;
  for (std::int64_t i = 0; i < h; ++i) {
    float* even = y + 2 * i * ow;
    float* odd = even + ow;
    if (!bilinear) {
      widen_nearest(x + i * w, even, w);
      std::memcpy(odd, even, static_cast<std::size_t>(ow) * sizeof(float));
      continue;
    }
    const float* above = x + (i > 0 ? i - 1 : 0) * w;
    const float* here = x + i * w;
    const float* below = x + (i + 1 < h ? i + 1 : h - 1) * w;
    blend_rows(above, here, row.data(), w);  // row 2i: 1/4 above, 3/4 here
    widen_bilinear(row.data(), even, w);
    blend_rows(below, here, row.data(), w);  // row 2i+1: 3/4 here, 1/4 below
    widen_bilinear(row.data(), odd, w);
  }
}

// The backward pass narrows each output row to input width first (narrowed: 2h rows of w),
// then blends rows as narrow_bilinear blends columns.
void backward_plane(const float* g, float* gx, std::int64_t h, std::int64_t w, bool bilinear,
                    std::vector<float>& narrowed) {
  const std::int64_t ow = 2 * w;
  if (!bilinear) {
    for (std::int64_t i = 0; i < h; ++i) narrow_nearest(g + 2 * i * ow, g + (2 * i + 1) * ow, gx + i * w, w);
    return;
  }
  for (std::int64_t r = 0; r < 2 * h; ++r) narrow_bilinear(g + r * ow, narrowed.data() + r * w, w);
  const float* n = narrowed.data();
  for (std::int64_t i = 0; i < h; ++i) {
    const float* r0 = n + 2 * i * w;
    const float* r1 = r0 + w;
    const float* before = n + (i > 0 ? 2 * i - 1 : 0) * w;
    const float* after = n + (i + 1 < h ? 2 * i + 2 : 2 * h - 1) * w;
    float* out = gx + i * w;
    for (std::int64_t j = 0; j < w; ++j) out[j] = 0.75f * (r0[j] + r1[j]) + 0.25f * (before[j] + after[j]);
  }
}

class Upsample2x : public torch::autograd::Function<Upsample2x> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               bool bilinear) {
    const auto x = input.contiguous();
    const std::int64_t planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
    auto y = torch::empty({x.size(0), x.size(1), 2 * h, 2 * w}, x.options());
    const float* px = x.data_ptr<float>();
    float* py = y.data_ptr<float>();
    at::parallel_for(0, planes, 1, [&](std::int64_t begin, std::int64_t end) {
      std::vector<float> row(static_cast<std::size_t>(w));
      for (std::int64_t p = begin; p < end; ++p)
        forward_plane(px + p * h * w, py + p * 4 * h * w, h, w, bilinear, row);
    });
    ctx->saved_data["bilinear"] = bilinear;
    ctx->saved_data["sizes"] = x.sizes();
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const bool bilinear = ctx->saved_data["bilinear"].toBool();
    const auto sizes = ctx->saved_data["sizes"].toIntVector();
    const auto g = grads[0].contiguous();
    auto gx = torch::empty(sizes, g.options());
    const std::int64_t planes = sizes[0] * sizes[1], h = sizes[2], w = sizes[3];
    const float* pg = g.data_ptr<float>();
    float* pgx = gx.data_ptr<float>();
    at::parallel_for(0, planes, 1, [&](std::int64_t begin, std::int64_t end) {
      std::vector<float> narrowed(bilinear ? static_cast<std::size_t>(2 * h * w) : 0);
      for (std::int64_t p = begin; p < end; ++p)
        backward_plane(pg + p * 4 * h * w, pgx + p * h * w, h, w, bilinear, narrowed);
    });
    return {gx, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor upsample2x(const torch::Tensor& x, bool bilinear) {
  return Upsample2x::apply(x, bilinear);
}

bool upsample2x_applies(const torch::Tensor& x) {
  return x.is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 && x.numel() > 0;
}

bool upsample2x_allowed_by_environment(bool bilinear) {
  const char* choice = std::getenv("DIP_UPSAMPLE");
  if (bilinear) return choice != nullptr && std::strcmp(choice, "fused") == 0;
  return choice == nullptr || std::strcmp(choice, "libtorch") != 0;
}

}  // namespace dip
