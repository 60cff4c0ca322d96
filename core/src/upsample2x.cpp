#include "upsample2x.hpp"

#include "autograd_function_warnings.hpp"  // before LibTorch's autograd headers

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/autograd.h>
#include <torch/nn/functional/upsampling.h>

#include "vector_clones.hpp"  // the row loops

namespace dip {
namespace {

// Bilinear, bit for bit as LibTorch 1.13 computes it (measured against its kernel, which GCC
// compiled with fused multiply-adds): each row is widened first, then rows are blended, every
// blend of a and b being fma(a, wa, b * wb); the backward pass adds each output pixel's
// gradient, weighted, into its four sources one after another in raster order, every addition a
// fused multiply-add. Any other rounding moved fast denoising's stop, which reads small changes
// of a fit without jitter; where the linked LibTorch rounds otherwise (2.6 does), the decoder
// leaves bilinear to it (upsample2x_bilinear_is_libtorchs; README, Benchmarks, The bilinear
// pass, LibTorch's rounding bit for bit).
DIP_VECTOR_CLONES
void blend(const float* __restrict a, float wa, const float* __restrict b, float wb,
           float* __restrict out, std::int64_t n) {
  for (std::int64_t k = 0; k < n; ++k) out[k] = std::fma(a[k], wa, b[k] * wb);
}

// Output 2j-1 takes 3/4 of input j-1 and 1/4 of j, output 2j the reverse; output 0 takes input
// 0 alone (torch clamps the source coordinate and gives input 1 a weight of 0), output 2w-1
// input w-1 twice.
DIP_VECTOR_CLONES
void widen_bilinear(const float* __restrict v, float* __restrict out, std::int64_t w) {
  out[0] = std::fma(v[0], 1.0f, v[w > 1 ? 1 : 0] * 0.0f);
  for (std::int64_t j = 1; j < w; ++j) {
    out[2 * j - 1] = std::fma(v[j - 1], 0.75f, v[j] * 0.25f);
    out[2 * j] = std::fma(v[j - 1], 0.25f, v[j] * 0.75f);
  }
  out[2 * w - 1] = std::fma(v[w - 1], 0.75f, v[w - 1] * 0.25f);
}

// One output row's (or column's) pair of sources and weights, as torch's
// compute_source_index_and_lambda gives them at scale 2 without corner alignment.
struct Sources {
  std::int64_t first, second;
  float first_weight, second_weight;
};

Sources sources_of(std::int64_t output, std::int64_t input_size) {
  const float real = std::max(0.5f * (static_cast<float>(output) + 0.5f) - 0.5f, 0.0f);
  const auto first = static_cast<std::int64_t>(real);
  const float second_weight = std::min(std::max(real - static_cast<float>(first), 0.0f), 1.0f);
  return {first, first + (first < input_size - 1 ? 1 : 0), 1.0f - second_weight, second_weight};
}

// For each input row (or column): the output rows that read it, in order, each with the weights
// it read it with (two where both of its sources are this row, in torch's order).
struct Readers {
  std::int64_t output;
  float weights[2];
  int count;
};

std::vector<std::vector<Readers>> readers_of(std::int64_t input_size) {
  std::vector<std::vector<Readers>> readers(static_cast<std::size_t>(input_size));
  for (std::int64_t o = 0; o < 2 * input_size; ++o) {
    const Sources s = sources_of(o, input_size);
    for (const auto& [index, weight] :
         {std::pair{s.first, s.first_weight}, std::pair{s.second, s.second_weight}}) {
      auto& list = readers[static_cast<std::size_t>(index)];
      if (!list.empty() && list.back().output == o)
        list.back().weights[list.back().count++] = weight;
      else
        list.push_back({o, {weight, 0.0f}, 1});
    }
  }
  return readers;
}

// Adds one output row's contributions (weighted by its row weights) into an input row's
// accumulators, for the inner input columns 2..w-2, which read outputs 2j-1, 2j, 2j+1, 2j+2
// with weights 1/4, 3/4, 3/4, 1/4 and nothing else.
DIP_VECTOR_CLONES
void gather_inner_columns(const float* __restrict g, const Readers& row, float* __restrict acc,
                          std::int64_t w) {
  constexpr float column_weight[4] = {0.25f, 0.75f, 0.75f, 0.25f};
  for (int k = 0; k < 4; ++k)
    for (int r = 0; r < row.count; ++r) {
      const float weight = row.weights[r] * column_weight[k];
      for (std::int64_t j = 2; j < w - 1; ++j) acc[j] = std::fma(weight, g[2 * j - 1 + k], acc[j]);
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
                   std::vector<float>& widened) {
  const std::int64_t ow = 2 * w;
  if (!bilinear) {
    for (std::int64_t i = 0; i < h; ++i) {
      float* even = y + 2 * i * ow;
      widen_nearest(x + i * w, even, w);
      std::memcpy(even + ow, even, static_cast<std::size_t>(ow) * sizeof(float));
    }
    return;
  }
  for (std::int64_t i = 0; i < h; ++i) widen_bilinear(x + i * w, widened.data() + i * ow, w);
  const auto row = [&](std::int64_t i) { return widened.data() + i * ow; };
  blend(row(0), 1.0f, row(h > 1 ? 1 : 0), 0.0f, y, ow);
  for (std::int64_t i = 1; i < h; ++i) {
    blend(row(i - 1), 0.75f, row(i), 0.25f, y + (2 * i - 1) * ow, ow);
    blend(row(i - 1), 0.25f, row(i), 0.75f, y + 2 * i * ow, ow);
  }
  blend(row(h - 1), 0.75f, row(h - 1), 0.25f, y + (2 * h - 1) * ow, ow);
}

// Input pixel (i, j) sums its readers in torch's order: output rows in order, within each the
// output columns in order, then the row weights, then the column weights.
void backward_plane(const float* g, float* gx, std::int64_t h, std::int64_t w, bool bilinear,
                    const std::vector<std::vector<Readers>>& row_readers,
                    const std::vector<std::vector<Readers>>& column_readers,
                    const std::vector<std::int64_t>& outer_columns) {
  const std::int64_t ow = 2 * w;
  if (!bilinear) {
    for (std::int64_t i = 0; i < h; ++i) narrow_nearest(g + 2 * i * ow, g + (2 * i + 1) * ow, gx + i * w, w);
    return;
  }
  for (std::int64_t i = 0; i < h; ++i) {
    float* acc = gx + i * w;
    std::fill(acc, acc + w, 0.0f);
    for (const Readers& row : row_readers[static_cast<std::size_t>(i)]) {
      const float* grow = g + row.output * ow;
      gather_inner_columns(grow, row, acc, w);
      for (const std::int64_t j : outer_columns)
        for (const Readers& column : column_readers[static_cast<std::size_t>(j)])
          for (int r = 0; r < row.count; ++r)
            for (int c = 0; c < column.count; ++c)
              acc[j] = std::fma(row.weights[r] * column.weights[c], grow[column.output], acc[j]);
    }
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
      std::vector<float> widened(bilinear ? static_cast<std::size_t>(2 * h * w) : 0);
      for (std::int64_t p = begin; p < end; ++p)
        forward_plane(px + p * h * w, py + p * 4 * h * w, h, w, bilinear, widened);
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
    const auto row_readers = bilinear ? readers_of(h) : std::vector<std::vector<Readers>>{};
    const auto column_readers = bilinear ? readers_of(w) : std::vector<std::vector<Readers>>{};
    // The columns gather_inner_columns leaves out, summed one by one from their readers.
    std::vector<std::int64_t> outer_columns;
    for (std::int64_t j = 0; j < w; ++j)
      if (j < 2 || j >= w - 1) outer_columns.push_back(j);
    at::parallel_for(0, planes, 1, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t p = begin; p < end; ++p)
        backward_plane(pg + p * 4 * h * w, pgx + p * h * w, h, w, bilinear, row_readers,
                       column_readers, outer_columns);
    });
    return {gx, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor upsample2x(const torch::Tensor& x, bool bilinear) {
  return Upsample2x::apply(x, bilinear);
}

bool upsample2x_applies(const torch::Tensor& x) {
  return x.is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 && x.numel() > 0 &&
         x.size(1) > 1;
}

namespace {

// A fixed pattern with full mantissas, so that any other rounding shows; torch's random generator
// is left alone, since the fits draw from it.
torch::Tensor pattern(std::vector<std::int64_t> sizes, std::uint32_t seed) {
  auto t = torch::empty(sizes);
  float* p = t.data_ptr<float>();
  for (std::int64_t i = 0; i < t.numel(); ++i) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = static_cast<float>(seed >> 8) / 16777216.0f - 0.5f;
  }
  return t;
}

bool bilinear_probe_matches() {
  try {
    const torch::AutoGradMode grad_on(true);
    const auto x = pattern({1, 3, 6, 7}, 1).requires_grad_(true);
    const auto g = pattern({1, 3, 12, 14}, 2);
    namespace F = torch::nn::functional;
    const auto options = F::InterpolateFuncOptions()
                             .scale_factor(std::vector<double>{2.0, 2.0})
                             .mode(torch::kBilinear)
                             .align_corners(false);
    const auto ours = upsample2x(x, /*bilinear=*/true);
    const auto theirs = F::interpolate(x, options);
    if (!torch::equal(ours, theirs)) return false;
    return torch::equal(torch::autograd::grad({ours}, {x}, {g})[0],
                        torch::autograd::grad({theirs}, {x}, {g})[0]);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

bool upsample2x_bilinear_is_libtorchs() {
  static const bool same = bilinear_probe_matches();
  return same;
}

bool upsample2x_allowed_by_environment() {
  const char* choice = std::getenv("DIP_UPSAMPLE");
  return choice == nullptr || std::strcmp(choice, "libtorch") != 0;
}

}  // namespace dip
