// Times one 3x3 stride-1 convolution layer, forward and backward, by LibTorch's direct path,
// by the Winograd path and in bfloat16 (casts included), at the shapes the skip nets use; then
// batch norm with its LeakyReLU, LibTorch's modules against the fused kernel; 1x1 layers as
// LibTorch's convolution against one matrix product; reflection padding and the cast after it,
// LibTorch's against the fused pass; ×2 upsampling, torch's interpolate against upsample2x. Not
// a test: it picks where winograd_pays_off() draws its line and whether bf16_conv2d, the fused
// batch norm, pointwise_conv2d, reflect_pad and upsample2x pay.
//   conv-bench [threads] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "dip/restore.hpp"
#include "batch_norm_act.hpp"
#include "bf16_conv.hpp"
#include "pointwise_conv.hpp"
#include "reflect_pad.hpp"
#include "upsample2x.hpp"
#include "winograd_conv.hpp"

namespace {

template <typename Layer>
double seconds_per_pass(Layer layer, int repeats) {
  std::vector<double> times;
  for (int i = 0; i < repeats + 1; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    layer();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin() + 1, times.end());  // the first pass warms caches and allocator
  return times[1 + repeats / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  dip::tune_process_allocator();  // as every fit does: no page faults on the big tensors
  at::set_num_threads(threads);
  torch::manual_seed(1);
  struct Shape { int c, k, side; };
  const std::vector<Shape> shapes = {{132, 128, 256}, {128, 128, 128}, {132, 128, 128},
                                     {128, 128, 64},  {128, 128, 32},  {128, 128, 16},
                                     {36, 32, 256},   {16, 16, 256},   {64, 64, 128},
                                     {68, 64, 64},    {64, 64, 32},    {32, 32, 256},
                                     {36, 32, 128},   {64, 64, 256}};
  std::printf("| C→K | side | direct s | Winograd s | speed-up | bf16 s | speed-up |\n"
              "|---|---|---|---|---|---|---|\n");
  for (const auto& s : shapes) {
    auto x = torch::randn({1, s.c, s.side + 2, s.side + 2}).requires_grad_(true);
    auto w = (torch::randn({s.k, s.c, 3, 3}) * 0.05).requires_grad_(true);
    auto b = torch::zeros({s.k}).requires_grad_(true);
    const auto g = torch::randn({1, s.k, s.side, s.side});
    auto pass = [&](bool winograd) {
      auto y = winograd ? dip::winograd_conv3x3(x, w, b, 0, dip::Border::Zero) : torch::conv2d(x, w, b);
      y.backward(g);
    };
    auto bf16 = [&] { dip::bf16_conv2d(x, w, b, 1, 0).backward(g); };
    const double direct = seconds_per_pass([&] { pass(false); }, repeats);
    const double wino = seconds_per_pass([&] { pass(true); }, repeats);
    const double half = seconds_per_pass(bf16, repeats);
    std::printf("| %d→%d | %d | %.4f | %.4f | %.2f | %.4f | %.2f |\n", s.c, s.k, s.side, direct, wino, direct / wino, half, direct / half);
    std::fflush(stdout);
  }

  namespace F = torch::nn::functional;
  std::printf("\n| channels | side | LibTorch batch norm + LeakyReLU s | fused s | speed-up |\n"
              "|---|---|---|---|---|\n");
  struct Plane { int c, side; };
  for (const auto& p : std::vector<Plane>{{128, 256}, {64, 256}, {32, 256}, {16, 256}, {128, 128}, {128, 32}}) {
    auto x = torch::randn({1, p.c, p.side, p.side}).requires_grad_(true);
    const auto g = torch::randn_like(x);
    torch::nn::BatchNorm2d bn(p.c);
    const double modules = seconds_per_pass([&] {
      F::leaky_relu(bn->forward(x), F::LeakyReLUFuncOptions().negative_slope(0.2).inplace(true)).backward(g);
    }, repeats);
    const double fused = seconds_per_pass([&] { dip::batch_norm_leaky_relu(x, *bn, 0.2).backward(g); }, repeats);
    std::printf("| %d | %d | %.5f | %.5f | %.2f |\n", p.c, p.side, modules, fused, modules / fused);
    std::fflush(stdout);
  }

  std::printf("\n| 1x1 C→K | side | operands | LibTorch convolution s | matrix product s | speed-up |\n"
              "|---|---|---|---|---|---|\n");
  for (const bool half : {true, false})
    for (const auto& s : std::vector<Shape>{{32, 4, 256}, {128, 4, 128}, {128, 128, 256}, {128, 128, 128},
                                            {128, 3, 256}, {16, 16, 256}, {64, 64, 64}}) {
      auto x = torch::randn({1, s.c, s.side, s.side}).requires_grad_(true);
      auto w = (torch::randn({s.k, s.c, 1, 1}) * 0.05).requires_grad_(true);
      auto b = torch::zeros({s.k}).requires_grad_(true);
      const auto g = torch::randn({1, s.k, s.side, s.side});
      const auto type = half ? torch::kBFloat16 : torch::kFloat;
      const double conv = seconds_per_pass([&] {
        (half ? dip::bf16_conv2d(x, w, b, 1, 0) : torch::conv2d(x, w, b)).backward(g);
      }, repeats);
      const double product = seconds_per_pass([&] { dip::pointwise_conv2d(x, w, b, type).backward(g); }, repeats);
      std::printf("| %d→%d | %d | %s | %.5f | %.5f | %.2f |\n", s.c, s.k, s.side, half ? "bfloat16" : "float32",
                  conv, product, conv / product);
      std::fflush(stdout);
    }

  std::printf("\n| reflection pad 1 | side | into | LibTorch pad (+ cast) s | fused s | speed-up |\n"
              "|---|---|---|---|---|---|\n");
  for (const bool half : {true, false})
    for (const auto& p : std::vector<Plane>{{132, 256}, {128, 256}, {32, 256}, {128, 128}, {16, 256}}) {
      auto x = torch::randn({1, p.c, p.side, p.side}).requires_grad_(true);
      const auto type = half ? torch::kBFloat16 : torch::kFloat;
      const auto g = torch::randn({1, p.c, p.side + 2, p.side + 2}).to(type);
      const double libtorch = seconds_per_pass([&] {
        F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReflect)).to(type).backward(g);
      }, repeats);
      const double fused = seconds_per_pass([&] { dip::reflect_pad(x, 1, type).backward(g); }, repeats);
      std::printf("| %d | %d | %s | %.5f | %.5f | %.2f |\n", p.c, p.side, half ? "bfloat16" : "float32",
                  libtorch, fused, libtorch / fused);
      std::fflush(stdout);
    }

  std::printf("\n| ×2 upsampling | channels | side in | torch interpolate s | upsample2x s | speed-up |\n"
              "|---|---|---|---|---|---|\n");
  for (const bool bilinear : {true, false})
    for (const auto& p : std::vector<Plane>{{128, 128}, {128, 64}, {64, 128}, {32, 128}, {16, 128}}) {
      auto x = torch::randn({1, p.c, p.side, p.side}).requires_grad_(true);
      const auto g = torch::randn({1, p.c, 2 * p.side, 2 * p.side});
      auto options = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0});
      if (bilinear) options.mode(torch::kBilinear).align_corners(false);
      else options.mode(torch::kNearest);
      const double libtorch = seconds_per_pass([&] { F::interpolate(x, options).backward(g); }, repeats);
      const double fused = seconds_per_pass([&] { dip::upsample2x(x, bilinear).backward(g); }, repeats);
      std::printf("| %s | %d | %d | %.5f | %.5f | %.2f |\n", bilinear ? "bilinear" : "nearest", p.c, p.side,
                  libtorch, fused, libtorch / fused);
      std::fflush(stdout);
    }
}
