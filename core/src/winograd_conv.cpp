#include "winograd_conv.hpp"

#include "autograd_function_warnings.hpp"  // before LibTorch's autograd headers

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/autograd.h>

namespace dip {
namespace {

// F(4x4, 3x3) with the interpolation points 0, ±1, ±2, ∞ (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", 2016): Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A over 6x6 input tiles
// that overlap by 2. The 1-D transforms below are Bᵀ, B, Aᵀ and A written out: most of their
// entries are 0 or ±1, and each works on n tiles (or pixels) at once so the loops vectorise.
constexpr int kTile = 6, kOut = 4, kTaps = 3;
constexpr int kPoints = kTile * kTile;
constexpr float kG[kTile][kTaps] = {{1.f / 4, 0, 0},
                                    {-1.f / 6, -1.f / 6, -1.f / 6},
                                    {-1.f / 6, 1.f / 6, -1.f / 6},
                                    {1.f / 24, 1.f / 12, 1.f / 6},
                                    {1.f / 24, -1.f / 12, 1.f / 6},
                                    {0, 0, 1}};

using In6 = const float* const (&)[kTile];
using Out6 = float* const (&)[kTile];
using In4 = const float* const (&)[kOut];
using Out4 = float* const (&)[kOut];

// out = Bᵀ in, Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0;
//                    0 2 -1 -2 1 0; 0 4 0 -5 0 1]
void input_1d(In6 in, Out6 out, std::int64_t n) {
  const float *__restrict i0 = in[0], *__restrict i1 = in[1], *__restrict i2 = in[2],
              *__restrict i3 = in[3], *__restrict i4 = in[4], *__restrict i5 = in[5];
  float *__restrict o0 = out[0], *__restrict o1 = out[1], *__restrict o2 = out[2],
        *__restrict o3 = out[3], *__restrict o4 = out[4], *__restrict o5 = out[5];
  for (std::int64_t l = 0; l < n; ++l) {
    o0[l] = 4.f * i0[l] - 5.f * i2[l] + i4[l];
    o1[l] = (i3[l] + i4[l]) - 4.f * (i1[l] + i2[l]);
    o2[l] = (i4[l] - i3[l]) + 4.f * (i1[l] - i2[l]);
    o3[l] = (i4[l] - i2[l]) + 2.f * (i3[l] - i1[l]);
    o4[l] = (i4[l] - i2[l]) - 2.f * (i3[l] - i1[l]);
    o5[l] = 4.f * i1[l] - 5.f * i3[l] + i5[l];
  }
}

// out = B in: the input transform's transpose, for the gradient of the input.
void input_1d_transposed(In6 in, Out6 out, std::int64_t n) {
  const float *__restrict v0 = in[0], *__restrict v1 = in[1], *__restrict v2 = in[2],
              *__restrict v3 = in[3], *__restrict v4 = in[4], *__restrict v5 = in[5];
  float *__restrict o0 = out[0], *__restrict o1 = out[1], *__restrict o2 = out[2],
        *__restrict o3 = out[3], *__restrict o4 = out[4], *__restrict o5 = out[5];
  for (std::int64_t l = 0; l < n; ++l) {
    o0[l] = 4.f * v0[l];
    o1[l] = 4.f * (v2[l] - v1[l] + v5[l]) + 2.f * (v4[l] - v3[l]);
    o2[l] = -5.f * v0[l] - 4.f * (v1[l] + v2[l]) - (v3[l] + v4[l]);
    o3[l] = (v1[l] - v2[l]) + 2.f * (v3[l] - v4[l]) - 5.f * v5[l];
    o4[l] = v0[l] + v1[l] + v2[l] + v3[l] + v4[l];
    o5[l] = v5[l];
  }
}

// out = Aᵀ in, Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
void output_1d(In6 in, Out4 out, std::int64_t n) {
  const float *__restrict m0 = in[0], *__restrict m1 = in[1], *__restrict m2 = in[2],
              *__restrict m3 = in[3], *__restrict m4 = in[4], *__restrict m5 = in[5];
  float *__restrict o0 = out[0], *__restrict o1 = out[1], *__restrict o2 = out[2],
        *__restrict o3 = out[3];
  for (std::int64_t l = 0; l < n; ++l) {
    const float sum12 = m1[l] + m2[l], dif12 = m1[l] - m2[l];
    const float sum34 = m3[l] + m4[l], dif34 = m3[l] - m4[l];
    o0[l] = m0[l] + sum12 + sum34;
    o1[l] = dif12 + 2.f * dif34;
    o2[l] = sum12 + 4.f * sum34;
    o3[l] = dif12 + 8.f * dif34 + m5[l];
  }
}

// out = A in: the output transform's transpose, for the gradient of the products.
void output_1d_transposed(In4 in, Out6 out, std::int64_t n) {
  const float *__restrict g0 = in[0], *__restrict g1 = in[1], *__restrict g2 = in[2],
              *__restrict g3 = in[3];
  float *__restrict o0 = out[0], *__restrict o1 = out[1], *__restrict o2 = out[2],
        *__restrict o3 = out[3], *__restrict o4 = out[4], *__restrict o5 = out[5];
  for (std::int64_t l = 0; l < n; ++l) {
    const float even = g0[l] + g2[l], odd = g1[l] + g3[l];
    o0[l] = g0[l];
    o1[l] = even + odd;
    o2[l] = even - odd;
    const float even4 = g0[l] + 4.f * g2[l], odd8 = 2.f * g1[l] + 8.f * g3[l];
    o3[l] = even4 + odd8;
    o4[l] = even4 - odd8;
    o5[l] = g3[l];
  }
}

// Sizes of one problem: input H x W with `pad` pixels of border (zeros or mirrored) around,
// output OH x OW in TH x TW tiles. Tiles that reach past the bordered input read zeros.
struct Geometry {
  std::int64_t channels, height, width, pad, out_height, out_width, tiles_y, tiles_x;
  bool reflect;
  std::int64_t tiles() const { return tiles_y * tiles_x; }
  // Width of a row of tiles' input, including what the last tile reads past the image.
  std::int64_t span() const { return kOut * tiles_x + 2; }
  // The input row or column a bordered coordinate reads, or -1 for a zero.
  static std::int64_t source(std::int64_t bordered, std::int64_t pad, std::int64_t size, bool reflect) {
    std::int64_t i = bordered - pad;
    if (bordered >= size + 2 * pad) return -1;
    if (i < 0) i = reflect ? -i : -1;
    else if (i >= size) i = reflect ? 2 * (size - 1) - i : -1;
    return i;
  }
  std::int64_t source_row(std::int64_t y) const { return source(y, pad, height, reflect); }
  std::int64_t source_column(std::int64_t x) const { return source(x, pad, width, reflect); }
};

Geometry geometry_of(std::int64_t channels, std::int64_t height, std::int64_t width,
                     std::int64_t pad, bool reflect) {
  Geometry g{};
  g.channels = channels;
  g.height = height;
  g.width = width;
  g.pad = pad;
  g.reflect = reflect;
  g.out_height = g.height + 2 * pad - 2;
  g.out_width = g.width + 2 * pad - 2;
  g.tiles_y = (g.out_height + kOut - 1) / kOut;
  g.tiles_x = (g.out_width + kOut - 1) / kOut;
  return g;
}

// V[p][c][t] = (Bᵀ d B)[p] for every channel c and tile t. The border is made here, while
// the rows are gathered, rather than by a padded copy: the copy and its backward pass cost
// more than the transform.
torch::Tensor transform_input(const torch::Tensor& x, const Geometry& g) {
  auto v = torch::empty({kPoints, g.channels, g.tiles()}, x.options());
  const float* src = x.data_ptr<float>();
  float* dst = v.data_ptr<float>();
  const std::int64_t span = g.span(), tw = g.tiles_x, plane = v.stride(0);
  at::parallel_for(0, g.channels * g.tiles_y, 1, [&](std::int64_t begin, std::int64_t end) {
    std::vector<float> buffer(static_cast<std::size_t>(2 * kTile * span + kTile * tw));
    float* rows = buffer.data();                  // 6 input rows of the tile row
    float* vert = rows + kTile * span;            // the same after the vertical transform
    float* lanes = vert + kTile * span;           // one vertical row regrouped per tile column
    for (std::int64_t job = begin; job < end; ++job) {
      const std::int64_t c = job / g.tiles_y, ty = job % g.tiles_y;
      for (int a = 0; a < kTile; ++a) {
        float* row = rows + a * span;
        const std::int64_t y = g.source_row(kOut * ty + a);
        std::fill(row, row + span, 0.f);
        if (y < 0) continue;
        const float* line = src + (c * g.height + y) * g.width;
        std::copy(line, line + g.width, row + g.pad);
        for (std::int64_t x = 0; x < g.pad; ++x) {  // the left and right borders
          const std::int64_t left = g.source_column(x), right = g.source_column(g.width + g.pad + x);
          row[x] = left < 0 ? 0.f : line[left];
          row[g.width + g.pad + x] = right < 0 ? 0.f : line[right];
        }
      }
      const float* in[kTile];
      float* vo[kTile];
      for (int a = 0; a < kTile; ++a) {
        in[a] = rows + a * span;
        vo[a] = vert + a * span;
      }
      input_1d(in, vo, span);
      for (int i = 0; i < kTile; ++i) {
        const float* vrow = vert + i * span;
        for (int b = 0; b < kTile; ++b)
          for (std::int64_t tx = 0; tx < tw; ++tx) lanes[b * tw + tx] = vrow[kOut * tx + b];
        const float* lin[kTile];
        float* lout[kTile];
        for (int j = 0; j < kTile; ++j) {
          lin[j] = lanes + j * tw;
          lout[j] = dst + (i * kTile + j) * plane + c * g.tiles() + ty * tw;
        }
        input_1d(lin, lout, tw);
      }
    }
  });
  return v;
}

// U[p][k][c] = (G g Gᵀ)[p] for every filter.
torch::Tensor transform_weight(const torch::Tensor& w) {
  const std::int64_t k_count = w.size(0), c_count = w.size(1);
  auto u = torch::empty({kPoints, k_count, c_count}, w.options());
  const float* src = w.data_ptr<float>();
  float* dst = u.data_ptr<float>();
  at::parallel_for(0, k_count * c_count, 64, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t kc = begin; kc < end; ++kc) {
      const float* g = src + kc * kTaps * kTaps;
      float tmp[kTile][kTaps];
      for (int i = 0; i < kTile; ++i)
        for (int b = 0; b < kTaps; ++b) {
          float acc = 0.f;
          for (int a = 0; a < kTaps; ++a) acc += kG[i][a] * g[a * kTaps + b];
          tmp[i][b] = acc;
        }
      for (int i = 0; i < kTile; ++i)
        for (int j = 0; j < kTile; ++j) {
          float acc = 0.f;
          for (int b = 0; b < kTaps; ++b) acc += tmp[i][b] * kG[j][b];
          dst[(i * kTile + j) * k_count * c_count + kc] = acc;
        }
    }
  });
  return u;
}

// gW[k][c] = Gᵀ gU[k][c] G: the weight transform's transpose.
torch::Tensor transform_weight_backward(const torch::Tensor& gu, std::int64_t k_count,
                                        std::int64_t c_count) {
  auto gw = torch::empty({k_count, c_count, kTaps, kTaps}, gu.options());
  const float* src = gu.data_ptr<float>();
  float* dst = gw.data_ptr<float>();
  at::parallel_for(0, k_count * c_count, 64, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t kc = begin; kc < end; ++kc) {
      float tmp[kTaps][kTile];
      for (int a = 0; a < kTaps; ++a)
        for (int j = 0; j < kTile; ++j) {
          float acc = 0.f;
          for (int i = 0; i < kTile; ++i)
            acc += kG[i][a] * src[(i * kTile + j) * k_count * c_count + kc];
          tmp[a][j] = acc;
        }
      for (int a = 0; a < kTaps; ++a)
        for (int b = 0; b < kTaps; ++b) {
          float acc = 0.f;
          for (int j = 0; j < kTile; ++j) acc += tmp[a][j] * kG[j][b];
          dst[kc * kTaps * kTaps + a * kTaps + b] = acc;
        }
    }
  });
  return gw;
}

// y[k] = Aᵀ m A per tile, cropped to the output and offset by the bias.
torch::Tensor transform_output(const torch::Tensor& m, const torch::Tensor& bias, const Geometry& g,
                               std::int64_t k_count) {
  auto y = torch::empty({1, k_count, g.out_height, g.out_width}, m.options());
  const float* src = m.data_ptr<float>();
  const float* b = bias.defined() ? bias.data_ptr<float>() : nullptr;
  float* dst = y.data_ptr<float>();
  const std::int64_t tw = g.tiles_x, plane = m.stride(0), wide = kOut * tw;
  at::parallel_for(0, k_count * g.tiles_y, 1, [&](std::int64_t begin, std::int64_t end) {
    std::vector<float> buffer(static_cast<std::size_t>((kTile + 1 + kOut) * kOut * tw));
    float* horiz = buffer.data();              // [i][jj][tx]
    float* vert = horiz + kTile * kOut * tw;   // [ii][tx] for one jj
    float* rows = vert + kOut * tw;            // [ii][x]: four output rows
    for (std::int64_t job = begin; job < end; ++job) {
      const std::int64_t k = job / g.tiles_y, ty = job % g.tiles_y;
      for (int i = 0; i < kTile; ++i) {
        const float* in[kTile];
        float* out[kOut];
        for (int j = 0; j < kTile; ++j) in[j] = src + (i * kTile + j) * plane + k * g.tiles() + ty * tw;
        for (int jj = 0; jj < kOut; ++jj) out[jj] = horiz + (i * kOut + jj) * tw;
        output_1d(in, out, tw);
      }
      for (int jj = 0; jj < kOut; ++jj) {
        const float* in[kTile];
        float* out[kOut];
        for (int i = 0; i < kTile; ++i) in[i] = horiz + (i * kOut + jj) * tw;
        for (int ii = 0; ii < kOut; ++ii) out[ii] = vert + ii * tw;
        output_1d(in, out, tw);
        for (int ii = 0; ii < kOut; ++ii)
          for (std::int64_t tx = 0; tx < tw; ++tx) rows[ii * wide + kOut * tx + jj] = vert[ii * tw + tx];
      }
      const float offset = b ? b[k] : 0.f;
      for (int ii = 0; ii < kOut; ++ii) {
        const std::int64_t yy = kOut * ty + ii;
        if (yy >= g.out_height) break;
        float* line = dst + (k * g.out_height + yy) * g.out_width;
        const float* row = rows + ii * wide;
        for (std::int64_t x = 0; x < g.out_width; ++x) line[x] = row[x] + offset;
      }
    }
  });
  return y;
}

// gM[p][k][t] = (A gY Aᵀ)[p]: the output transform's transpose; gY is zero past the output.
torch::Tensor transform_output_backward(const torch::Tensor& gy, const Geometry& g,
                                        std::int64_t k_count) {
  auto gm = torch::empty({kPoints, k_count, g.tiles()}, gy.options());
  const float* src = gy.data_ptr<float>();
  float* dst = gm.data_ptr<float>();
  const std::int64_t tw = g.tiles_x, plane = gm.stride(0), wide = kOut * tw;
  at::parallel_for(0, k_count * g.tiles_y, 1, [&](std::int64_t begin, std::int64_t end) {
    std::vector<float> buffer(static_cast<std::size_t>((2 * kOut + kTile) * kOut * tw));
    float* rows = buffer.data();               // [ii][x], zero past the output
    float* lanes = rows + kOut * wide;         // [ii][jj][tx]
    float* vert = lanes + kOut * kOut * tw;    // [a][jj][tx]
    for (std::int64_t job = begin; job < end; ++job) {
      const std::int64_t k = job / g.tiles_y, ty = job % g.tiles_y;
      for (int ii = 0; ii < kOut; ++ii) {
        float* row = rows + ii * wide;
        const std::int64_t yy = kOut * ty + ii;
        if (yy < g.out_height) {
          const float* line = src + (k * g.out_height + yy) * g.out_width;
          std::copy(line, line + g.out_width, row);
          std::fill(row + g.out_width, row + wide, 0.f);
        } else {
          std::fill(row, row + wide, 0.f);
        }
        for (int jj = 0; jj < kOut; ++jj) {
          float* lane = lanes + (ii * kOut + jj) * tw;
          for (std::int64_t tx = 0; tx < tw; ++tx) lane[tx] = row[kOut * tx + jj];
        }
      }
      for (int jj = 0; jj < kOut; ++jj) {
        const float* in[kOut];
        float* out[kTile];
        for (int ii = 0; ii < kOut; ++ii) in[ii] = lanes + (ii * kOut + jj) * tw;
        for (int a = 0; a < kTile; ++a) out[a] = vert + (a * kOut + jj) * tw;
        output_1d_transposed(in, out, tw);
      }
      for (int a = 0; a < kTile; ++a) {
        const float* in[kOut];
        float* out[kTile];
        for (int jj = 0; jj < kOut; ++jj) in[jj] = vert + (a * kOut + jj) * tw;
        for (int b = 0; b < kTile; ++b) out[b] = dst + (a * kTile + b) * plane + k * g.tiles() + ty * tw;
        output_1d_transposed(in, out, tw);
      }
    }
  });
  return gm;
}

// gx = Σ over tiles of B gV Bᵀ, added where the tiles overlap; one channel per job, so no two
// threads add to the same pixel.
torch::Tensor transform_input_backward(const torch::Tensor& gv, const Geometry& g,
                                       const torch::TensorOptions& options) {
  auto gx = torch::zeros({1, g.channels, g.height, g.width}, options);
  const float* src = gv.data_ptr<float>();
  float* dst = gx.data_ptr<float>();
  const std::int64_t span = g.span(), tw = g.tiles_x, plane = gv.stride(0);
  at::parallel_for(0, g.channels, 1, [&](std::int64_t begin, std::int64_t end) {
    std::vector<float> buffer(static_cast<std::size_t>(2 * kTile * kTile * tw + 2 * kTile * span));
    float* lanes = buffer.data();                 // [j][b][tx] for one i
    float* rows = lanes + kTile * kTile * tw;     // [i][x]: horizontal transform, tiles added
    float* vert = rows + kTile * span;            // [a][x]
    for (std::int64_t c = begin; c < end; ++c) {
      for (std::int64_t ty = 0; ty < g.tiles_y; ++ty) {
        for (int i = 0; i < kTile; ++i) {
          const float* in[kTile];
          float* out[kTile];
          for (int j = 0; j < kTile; ++j) in[j] = src + (i * kTile + j) * plane + c * g.tiles() + ty * tw;
          for (int b = 0; b < kTile; ++b) out[b] = lanes + b * tw;
          input_1d_transposed(in, out, tw);
          float* row = rows + i * span;
          std::fill(row, row + span, 0.f);
          for (int b = 0; b < kTile; ++b)
            for (std::int64_t tx = 0; tx < tw; ++tx) row[kOut * tx + b] += lanes[b * tw + tx];
        }
        const float* in[kTile];
        float* out[kTile];
        for (int i = 0; i < kTile; ++i) in[i] = rows + i * span;
        for (int a = 0; a < kTile; ++a) out[a] = vert + a * span;
        input_1d_transposed(in, out, span);
        for (int a = 0; a < kTile; ++a) {
          const std::int64_t y = g.source_row(kOut * ty + a);
          if (y < 0) continue;
          float* line = dst + (c * g.height + y) * g.width;
          const float* row = vert + a * span;
          for (std::int64_t x = 0; x < g.width; ++x) line[x] += row[g.pad + x];
          for (std::int64_t x = 0; x < g.pad; ++x) {  // the borders' gradient goes to their sources
            const std::int64_t left = g.source_column(x), right = g.source_column(g.width + g.pad + x);
            if (left >= 0) line[left] += row[x];
            if (right >= 0) line[right] += row[g.width + g.pad + x];
          }
        }
      }
    }
  });
  return gx;
}

class WinogradConv3x3 : public torch::autograd::Function<WinogradConv3x3> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, const torch::Tensor& bias,
                               std::int64_t pad, bool reflect) {
    const auto input = x.contiguous();
    const Geometry g = geometry_of(input.size(1), input.size(2), input.size(3), pad, reflect);
    const auto v = transform_input(input, g);
    const auto u = transform_weight(weight.contiguous());
    const auto m = torch::bmm(u, v);
    ctx->save_for_backward({v, u});
    ctx->saved_data["pad"] = pad;
    ctx->saved_data["reflect"] = reflect;
    ctx->saved_data["height"] = g.height;
    ctx->saved_data["width"] = g.width;
    ctx->saved_data["has_bias"] = bias.numel() > 0;
    return transform_output(m, bias.numel() > 0 ? bias : torch::Tensor(), g, weight.size(0));
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& v = saved[0];
    const auto& u = saved[1];
    const auto gy = grads[0].contiguous();
    const std::int64_t k_count = u.size(1), c_count = u.size(2);
    const Geometry g = geometry_of(c_count, ctx->saved_data["height"].toInt(),
                                   ctx->saved_data["width"].toInt(), ctx->saved_data["pad"].toInt(),
                                   ctx->saved_data["reflect"].toBool());

    const auto gm = transform_output_backward(gy, g, k_count);
    torch::Tensor gx, gw, gb;
    if (ctx->needs_input_grad(0))
      gx = transform_input_backward(torch::bmm(u.transpose(1, 2), gm), g, gy.options());
    if (ctx->needs_input_grad(1))
      gw = transform_weight_backward(torch::bmm(gm, v.transpose(1, 2)).contiguous(), k_count,
                                     c_count);
    if (ctx->saved_data["has_bias"].toBool() && ctx->needs_input_grad(2))
      gb = gy.sum({0, 2, 3});
    return {gx, gw, gb, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor winograd_conv3x3(const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, int pad, Border border) {
  // Autograd functions take no undefined tensors: no bias travels as an empty one.
  const auto b = bias.defined() ? bias : torch::empty({0}, weight.options());
  return WinogradConv3x3::apply(x, weight, b, static_cast<std::int64_t>(pad),
                                border == Border::Reflect);
}

bool winograd_pays_off(std::int64_t channels, std::int64_t filters, std::int64_t out_height,
                       std::int64_t out_width) {
  // conv-bench, 2 threads: 2.2x at 132->128 on 256², 1.6-1.8x at 128 channels on 128², about
  // even at 64², slower below (the products get too small for the BLAS) and with fewer than
  // 64 channels (the transforms' memory traffic outweighs the saved multiplies).
  return std::min(channels, filters) >= 64 && out_height * out_width >= 64 * 64;
}

bool winograd_allowed_by_environment() {
  const char* choice = std::getenv("DIP_CONVOLUTION");
  if (choice != nullptr && std::strcmp(choice, "direct") == 0) return false;
  if (choice != nullptr && std::strcmp(choice, "winograd") == 0) return true;
  // Where the CPU has AVX-512, oneDNN's direct convolution uses it and Debian's OpenBLAS, which
  // runs the Winograd products, gains less: on a Zen 5 (conv-bench, 2 threads) the Winograd
  // path was slower on every layer (0.55-0.96x), and the paper net took 0.762-0.827 s per
  // iteration with it against 0.675-0.711 s without. On a Zen 1 (AVX2) it won 1.6x (README).
#if defined(__x86_64__) || defined(__i386__)
  return !__builtin_cpu_supports("avx512f");
#else
  return true;  // measured on x86 only
#endif
}

}  // namespace dip
