// One benchmark case: runs the engine on a bench input against its ground truth and prints
// one Markdown table row (and the PSNR curve) for tests/bench/run to collect. Not a test.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "dip/restore.hpp"
#include "fit_geometry.hpp"
#include "hole_mask.hpp"
#include "hole_shape.hpp"
#include "image_io.hpp"
#include "memory.hpp"
#include "net_cost.hpp"
#include "noise_level.hpp"
#include "presets.hpp"
#include "tensor_image.hpp"

namespace {

struct Args {
  std::string task = "denoise", input, truth, hole, preset = "balanced", label, device = "cpu";
  std::vector<std::string> score_regions;  // extra masks (white = scored) with their own curves
  int factor = 2, iterations = 0, threads = 1, report_every = 25, max_iterations = 0, seed = 0;
  std::vector<double> targets;
  bool split = true;
  bool live = false;  // each PSNR point to stderr as it comes, so a long run killed midway keeps its curve
};

constexpr const char* kUsage =
    "usage: dip-bench --input IN --truth GT [--task denoise|inpaint|upscale] [--hole MASK]\n"
    "                 [--factor F] [--preset fast|balanced|paper] [--iterations N | --max-iterations N]\n"
    "                 [--threads T] [--seed S] [--report-every N] [--targets dB,dB,...] [--label TEXT]\n"
    "                 [--device cpu|cuda]  (cuda: the fit and the matrix-product ceiling on the GPU)\n"
    "                 [--score-region MASK]...   (each: a PSNR curve over the mask's white pixels)\n"
    "                 [--split yes|no]   (no: never one tile per core, fit the whole image)\n"
    "                 [--live yes|no]    (yes: print each PSNR point, with the data term, to stderr as it comes)\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--help" || k == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) throw UsageError("option " + k + " needs a value");
    const std::string v = argv[i + 1];
    if (k == "--task") a.task = v;
    else if (k == "--input") a.input = v;
    else if (k == "--truth") a.truth = v;
    else if (k == "--hole") a.hole = v;
    else if (k == "--preset") a.preset = v;
    else if (k == "--label") a.label = v;
    else if (k == "--device") a.device = v;
    else if (k == "--split") a.split = v != "no";
    else if (k == "--live") a.live = v == "yes";
    else if (k == "--score-region") a.score_regions.push_back(v);
    else if (k == "--factor") a.factor = std::stoi(v);
    else if (k == "--iterations") a.iterations = std::stoi(v);
    else if (k == "--max-iterations") a.max_iterations = std::stoi(v);
    else if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--seed") a.seed = std::stoi(v);
    else if (k == "--report-every") a.report_every = std::stoi(v);
    else if (k == "--targets") {
      std::stringstream s(v);
      std::string t;
      while (std::getline(s, t, ',')) a.targets.push_back(std::stod(t));
    } else throw UsageError("unknown option " + k);
  }
  if (a.input.empty() || a.truth.empty()) throw UsageError("--input and --truth are required");
  if (a.task == "inpaint" && a.hole.empty()) throw UsageError("--task inpaint needs --hole");
  if (a.device != "cpu" && a.device != "cuda") throw UsageError("--device is cpu or cuda");
  if (a.device == "cuda" && !dip::cuda_available())
    throw std::runtime_error("--device cuda: this build's LibTorch or this machine has no usable CUDA");
  return a;
}

// Best of a few large float32 matrix products at the same thread count, or on the GPU: the
// ceiling the net's GFLOP/s is compared with. On a GPU the products are larger (a 1024 one
// is all launch overhead there) and item() waits for each to finish.
double matmul_gflops(const torch::Device& device) {
  const int64_t n = device.is_cuda() ? 8192 : 1024;
  const auto options = torch::TensorOptions().device(device);
  const auto a = torch::rand({n, n}, options), b = torch::rand({n, n}, options);
  torch::mm(a, b).sum().item<float>();  // warm-up: kernel selection, first allocation
  double best = 0.0;
  for (int i = 0; i < 6; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    torch::mm(a, b).sum().item<float>();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 2.0 * double(n) * n * n / s / 1e9);
  }
  return best;
}

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int bench(const Args& a);

}  // namespace

int main(int argc, char** argv) {
  dip::ensure_passive_openmp(argv);
  dip::tune_process_allocator();
  try {
    return bench(parse(argc, argv));
  } catch (const UsageError& e) {
    std::cerr << "dip-bench: " << e.what() << "\n" << kUsage;
  } catch (const std::exception& e) {
    std::cerr << "dip-bench: " << e.what() << "\n";
  }
  return 1;
}

namespace {

int bench(const Args& a) {
  at::set_num_threads(a.threads);
  dip::Options o;
  o.task = a.task == "inpaint" ? dip::Task::Inpaint : a.task == "upscale" ? dip::Task::Upscale : dip::Task::Denoise;
  o.factor = a.factor;
  if (!dip::parse_preset(a.preset, &o.preset)) throw UsageError("unknown preset " + a.preset);
  o.iterations = a.iterations;
  o.max_iterations = a.max_iterations;
  o.threads = a.threads;
  o.report_every = a.report_every;
  o.seed = static_cast<std::uint64_t>(a.seed);
  o.split_for_cores = a.split;
  o.device = a.device;

  const dip::Image input = dip::cli::read_image(a.input).image;
  const dip::Image truth = dip::cli::read_image(a.truth).image;
  // Checked before the run, not found out at its first report minutes in.
  const int scale = o.task == dip::Task::Upscale ? o.factor : 1;
  if (truth.width != input.width * scale || truth.height != input.height * scale ||
      truth.channels != input.channels)
    throw std::runtime_error("the truth (" + std::to_string(truth.width) + "x" + std::to_string(truth.height) + ", " +
                     std::to_string(truth.channels) + " channels) does not match the result (" +
                     std::to_string(input.width * scale) + "x" + std::to_string(input.height * scale) + ", " +
                     std::to_string(input.channels) + " channels)");
  dip::Mask known, hole_region;
  if (o.task == dip::Task::Inpaint) {
    known = dip::cli::mask_from_hole_image(dip::cli::read_image(a.hole).image, a.hole, input.width, input.height);
    hole_region = known;
    for (float& k : hole_region.known) k = 1.0f - k;
  }
  std::vector<dip::Mask> regions;
  for (const auto& path : a.score_regions) {
    regions.push_back(dip::cli::mask_from_hole_image(dip::cli::read_image(path).image, path, truth.width, truth.height));
    for (float& k : regions.back().known) k = 1.0f - k;
  }
  const bool wide_hole = o.task == dip::Task::Inpaint &&
                         dip::hole_reaches_beyond(dip::mask_to_tensor(known), dip::kWideHoleDepth);
  const auto plan = dip::plan_for(o.task, o.factor, o.preset, input.colour_channels(), wide_hole);
  const auto g = dip::fit_geometry(o.task, o.factor, input.width, input.height, plan.net);
  // Tiles fitted at the same time (MemoryPlan::workers): the columns count one round, an
  // iteration of every running tile, so they compare with one fit of the whole image.
  const dip::MemoryPlan layout = dip::plan_memory(input.width, input.height, input.channels, o);
  const int at_once = layout.tiled() ? layout.workers : 1;
  const auto tile = dip::fit_geometry(o.task, o.factor, layout.tile_width, layout.tile_height, plan.net);
  const double flops = at_once * dip::iteration_flops(plan.net, tile.output_height, tile.output_width);
  const double peak = matmul_gflops(a.device == "cuda" ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU));

  std::vector<double> interval_s;
  std::vector<std::pair<int, double>> curve, hole_curve;  // iteration, PSNR (whole, hole)
  std::vector<std::vector<std::pair<int, double>>> region_curves(regions.size());
  std::vector<double> target_time(a.targets.size(), NAN);
  int first_it = 0, last_it = 0;
  double first_t = 0.0, last_t = 0.0, best = -1.0;
  const auto start = std::chrono::steady_clock::now();
  const dip::Result r = dip::restore(input, o.task == dip::Task::Inpaint ? &known : nullptr, o,
      [&](const dip::Progress& p) {
        if (p.iteration > last_it && last_it > 0)
          interval_s.push_back((p.elapsed_s - last_t) / (p.iteration - last_it));
        if (last_it == 0) {
          first_it = p.iteration;
          first_t = p.elapsed_s;
        }
        last_it = p.iteration;
        last_t = p.elapsed_s;
        if (p.estimate) {
          const double q = dip::psnr(*p.estimate, truth);
          curve.emplace_back(p.iteration, q);
          if (o.task == dip::Task::Inpaint)
            hole_curve.emplace_back(p.iteration, dip::psnr(*p.estimate, truth, &hole_region));
          for (std::size_t i = 0; i < regions.size(); ++i)
            region_curves[i].emplace_back(p.iteration, dip::psnr(*p.estimate, truth, &regions[i]));
          best = std::max(best, q);
          const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          for (std::size_t i = 0; i < a.targets.size(); ++i)
            if (std::isnan(target_time[i]) && q >= a.targets[i]) target_time[i] = wall;
          if (a.live) {
            std::cerr << "point " << p.iteration << " " << std::fixed << std::setprecision(2) << q;
            if (!hole_curve.empty()) std::cerr << " hole " << hole_curve.back().second;
            std::cerr << " loss " << std::scientific << std::setprecision(4) << p.loss << std::fixed;
            std::cerr << " at " << std::setprecision(0) << wall << " s" << std::endl;
          }
        }
        return dip::Reply{dip::Action::Continue, true};
      });
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double final_psnr = dip::psnr(r.image, truth);
  const double hole_psnr = o.task == dip::Task::Inpaint ? dip::psnr(r.image, truth, &hole_region) : NAN;
  best = std::max(best, final_psnr);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  // Tiles fitted at once report their summed iterations as each reaches a report, so the
  // intervals between reports alternate between near zero and a whole round: their median
  // is meaningless (0.035 and 0.131 s for two runs of the same wall time). There the mean
  // over the run is taken; a single fit keeps the median, which ignores the slow intervals
  // that carry an estimate's scoring.
  const double spi = at_once > 1 && last_it > first_it
                         ? (last_t - first_t) / (last_it - first_it) * at_once
                         : median(interval_s) * at_once;

  // PSNR to 0.01 dB: the stop criterion is a 0.5 dB gap, and three significant digits hid
  // up to 0.1 dB of it.
  const auto db = [](double v) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(2) << v;
    return text.str();
  };
  std::ostringstream row;
  row.precision(3);
  row << "| " << (a.label.empty() ? a.input : a.label) << " | " << a.preset << " | " << a.threads
      << " | " << input.width << "x" << input.height << " | " << r.iterations
      << (o.iterations == 0 ? (r.stopped_by_rule ? " (rule)" : " (cap)") : "")
      << (r.tiles > 1 ? " over " + std::to_string(r.tiles) + " tiles, " + std::to_string(at_once) + " at once" : std::string()) << " | " << spi
      << " | " << flops / 1e9 << " | " << flops / spi / 1e9 << " (" << int(100.0 * flops / spi / 1e9 / peak)
      << " % of " << int(peak) << ") | " << db(final_psnr);
  if (!std::isnan(hole_psnr)) row << " (hole " << db(hole_psnr) << ")";
  row << " | " << db(best) << " | " << wall << " | ";
  for (std::size_t i = 0; i < a.targets.size(); ++i)
    row << a.targets[i] << " dB: " << (std::isnan(target_time[i]) ? std::string("-") : std::to_string(int(target_time[i])) + " s") << "; ";
  row << " | " << usage.ru_maxrss / 1024 << " MiB |";
  std::cout << row.str() << "\n";
  const std::size_t estimate = layout.tiled() ? layout.tile_bytes * static_cast<std::size_t>(at_once)
                                              : dip::fit_bytes(plan.net, g.output_height, g.output_width);
  std::cerr << "memory: estimated " << estimate / (1 << 20)
            << " MiB, peak RSS " << usage.ru_maxrss / 1024 << " MiB\n";
  std::cerr << "curve:";
  for (const auto& [it, q] : curve) std::cerr << " " << it << ":" << std::fixed << std::setprecision(2) << q;
  std::cerr << "\n";
  if (!hole_curve.empty()) {
    std::cerr << "hole curve:";
    for (const auto& [it, q] : hole_curve) std::cerr << " " << it << ":" << std::fixed << std::setprecision(2) << q;
    std::cerr << "\n";
  }
  for (std::size_t i = 0; i < regions.size(); ++i) {
    std::cerr << "region " << a.score_regions[i] << " curve:";
    for (const auto& [it, q] : region_curves[i]) std::cerr << " " << it << ":" << std::fixed << std::setprecision(2) << q;
    std::cerr << " returned:" << dip::psnr(r.image, truth, &regions[i]) << "\n";
  }
  std::cerr << "returned: iteration " << r.best_iteration << "\n";
  if (o.task == dip::Task::Denoise) {
    // What the discrepancy stop held the fit against, beside the noise actually added.
    double added = 0.0;
    for (std::size_t i = 0; i < input.data.size(); ++i)
      added += double(input.data[i] - truth.data[i]) * (input.data[i] - truth.data[i]);
    std::cerr << "noise level: estimated " << std::setprecision(4) << dip::estimate_noise_level(input)
              << ", added " << std::sqrt(added / double(input.data.size())) << " (0-1 scale)\n";
  }
  return 0;
}

}  // namespace
