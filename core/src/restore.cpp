// restore(): checks the request, pads the image to the net's grid, picks the degradation of
// the task, runs the Fitter and turns its tensor back into an image at the caller's size.
#include "dip/restore.hpp"

#include <cmath>
#include <memory>
#include <sstream>

#include <torch/nn/functional/upsampling.h>

#include "degradation.hpp"
#include "device.hpp"
#include "fit_geometry.hpp"
#include "fitter.hpp"
#include "intl.hpp"
#include "memory.hpp"
#include "presets.hpp"
#include "tensor_image.hpp"

namespace dip {

namespace {

std::string gibibytes(std::size_t bytes) {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return s.str();
}

bool finite_in(const std::vector<float>& values) {
  for (float v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

// Alpha is not restored: it goes through unchanged, or resized smoothly for upscaling.
void carry_alpha(const Image& input, const Options& options, Image* out) {
  if (!input.has_alpha()) return;
  const int a_in = input.channels - 1, a_out = out->channels - 1;
  if (options.task != Task::Upscale) {
    for (std::size_t i = 0; i < input.pixel_count(); ++i)
      out->data[i * out->channels + a_out] = input.data[i * input.channels + a_in];
    return;
  }
  auto alpha = torch::empty({1, 1, input.height, input.width});
  auto a = alpha.accessor<float, 4>();
  for (int y = 0; y < input.height; ++y)
    for (int x = 0; x < input.width; ++x) a[0][0][y][x] = input.at(x, y, a_in);
  namespace F = torch::nn::functional;
  const auto big = F::interpolate(alpha, F::InterpolateFuncOptions()
                                             .size(std::vector<int64_t>{out->height, out->width})
                                             .mode(torch::kBicubic)
                                             .align_corners(false))
                       .clamp(0.0, 1.0);
  const auto b = big.accessor<float, 4>();
  for (int y = 0; y < out->height; ++y)
    for (int x = 0; x < out->width; ++x) out->at(x, y, a_out) = b[0][0][y][x];
}

// Known pixels come back exactly as they were; the net's pixels fill the hole through the
// (possibly soft) mask.
void composite_known(const Image& input, const Mask& known, Image* out) {
  const int cc = input.colour_channels();
  for (std::size_t i = 0; i < input.pixel_count(); ++i) {
    const float k = known.known[i];
    if (k <= 0.0f) continue;
    for (int c = 0; c < cc; ++c) {
      float& o = out->data[i * out->channels + c];
      const float x0 = input.data[i * input.channels + c];
      o = k >= 1.0f ? x0 : k * x0 + (1.0f - k) * o;
    }
  }
}

}  // namespace


void validate(const Image& input, const Mask* known, const Options& options) {
  if (input.channels < 1 || input.channels > 4)
    throw Error(N_("the image must have 1 to 4 channels (grey, grey + alpha, RGB, RGBA)"));
  if (input.width <= 0 || input.height <= 0 ||
      input.data.size() != input.pixel_count() * static_cast<std::size_t>(input.channels))
    throw Error(N_("the image is empty or its pixel buffer does not match its size"));
  const int min_side = minimum_side(options.task);
  if (input.width < min_side || input.height < min_side) {
    std::ostringstream s;
    s << "the image is too small (" << input.width << "x" << input.height << "); "
      << task_name(options.task) << " needs at least " << min_side << "x" << min_side << " pixels";
    throw Error(s.str());
  }
  if (!finite_in(input.data)) throw Error(N_("the image contains NaN or infinite values"));
  if (options.task == Task::Upscale && !is_supported_factor(options.factor))
    throw Error("unsupported upscaling factor " + std::to_string(options.factor) +
                " (supported: 2, 3, 4, 8)");
  if (options.iterations < 0) throw Error(N_("iterations must be 0 (automatic) or positive"));
  if (options.iterations > 1000000) throw Error(N_("iterations must be at most 1000000"));
  if (options.max_iterations < 0) throw Error(N_("the iteration cap must be 0 (the preset's) or positive"));
  if (!std::isfinite(options.tv_weight) || options.tv_weight < 0.0f)
    throw Error(N_("the TV weight must be a finite number >= 0"));
  if (options.threads < 0 || options.threads > 1024) throw Error(N_("threads must be between 0 and 1024"));
  if (options.report_every < 1) throw Error(N_("the report interval must be at least 1 iteration"));
  if (options.device != "cpu" && options.device != "cuda" && options.device != "auto")
    throw Error("unknown device '" + options.device + "' (expected cpu, cuda or auto)");
  if (options.task == Task::Inpaint) {
    if (!known) throw Error(N_("inpainting needs a mask of the region to restore"));
    if (known->width != input.width || known->height != input.height ||
        known->known.size() != input.pixel_count()) {
      std::ostringstream s;
      s << "the mask is " << known->width << "x" << known->height << " but the image is "
        << input.width << "x" << input.height;
      throw Error(s.str());
    }
    if (!finite_in(known->known)) throw Error(N_("the mask contains NaN or infinite values"));
    if (!known->has_hole()) throw Error(N_("the mask marks nothing to restore"));
    double known_sum = 0.0;
    for (float k : known->known) known_sum += std::clamp(k, 0.0f, 1.0f);
    if (known_sum < 0.01 * static_cast<double>(input.pixel_count()))
      throw Error(
          N_("the region to restore covers (almost) the whole image: there are no known pixels "
             "around it to learn from"));
  }
  const std::size_t need = estimate_memory(input.width, input.height, input.channels, options);
  const std::size_t budget = options.memory_budget ? options.memory_budget : available_memory();
  if (budget && need > budget)
    throw Error("this fit needs about " + gibibytes(need) + " of memory but only " +
                gibibytes(budget) + " is available; use a smaller region or the fast preset");
}

std::size_t estimate_memory(int width, int height, int channels, const Options& options) {
  const int colour = (channels == 2 || channels == 4) ? channels - 1 : channels;
  const FitPlan plan = plan_for(options.task, options.factor, options.preset, colour);
  const FitGeometry g = fit_geometry(options.task, options.factor, width, height, plan.net);
  return fit_bytes(plan.net, g.output_height, g.output_width);
}

Result restore(const Image& input, const Mask* known, const Options& options,
               const ProgressCallback& progress, const StopToken* stop) {
  validate(input, known, options);
  apply_thread_count(options.threads);
  const torch::Device device = select_device(options.device);

  const int colour = input.colour_channels();
  const FitPlan plan = plan_for(options.task, options.factor, options.preset, colour);
  const FitGeometry g = fit_geometry(options.task, options.factor, input.width, input.height, plan.net);
  const int factor = options.task == Task::Upscale ? options.factor : 1;
  const int out_w = input.width * factor, out_h = input.height * factor;

  const auto observed = reflect_pad(colour_to_tensor(input), g.input_pad).to(device);
  std::unique_ptr<Degradation> degradation;
  switch (options.task) {
    case Task::Denoise:
      degradation = std::make_unique<Identity>(observed);
      break;
    case Task::Inpaint:
      degradation = std::make_unique<MaskProduct>(
          observed, reflect_pad(mask_to_tensor(*known), g.input_pad).clamp(0.0, 1.0).to(device));
      break;
    case Task::Upscale:
      degradation = std::make_unique<LanczosDownsampler>(observed, factor);
      break;
  }

  auto to_image = [&](const torch::Tensor& padded) {
    Image out(out_w, out_h, input.channels);
    tensor_to_colour(crop(padded, g.output_pad), &out);
    carry_alpha(input, options, &out);
    if (options.task == Task::Inpaint) composite_known(input, *known, &out);
    return out;
  };

  FitCallback on_report;
  if (progress) {
    on_report = [&](const FitReport& r) {
      Progress p;
      p.iteration = r.iteration;
      p.total = r.total;
      p.automatic = r.automatic;
      p.loss = r.loss;
      p.elapsed_s = r.elapsed_s;
      p.eta_s = r.eta_s;
      Image estimate;
      if (r.estimate) {
        estimate = to_image(*r.estimate);
        p.estimate = &estimate;
      }
      return progress(p);
    };
  }

  Fitter fitter(plan, *degradation, {1, colour, g.output_height, g.output_width}, device);
  FitRequest request;
  request.iterations = options.iterations;
  request.max_iterations = options.max_iterations;
  request.tv_weight = options.tv_weight;
  request.report_every = options.report_every;
  request.seed = options.seed;
  request.fault = FaultPlan::from_environment();
  const FitOutcome outcome = fitter.run(request, on_report, stop);

  Result result;
  result.image = to_image(outcome.estimate);
  result.iterations = outcome.iterations;
  result.best_iteration = outcome.best_iteration;
  result.stopped_by_rule = outcome.stopped_by_rule;
  result.stopped_by_user = outcome.stopped_by_user;
  result.seconds = outcome.seconds;
  result.final_loss = outcome.final_loss;
  return result;
}

}  // namespace dip
