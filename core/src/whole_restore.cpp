// One fit of the whole image: pads it to the net's grid, picks the degradation of the task,
// runs the Fitter and turns its tensor back into an image at the caller's size.
#include "whole_restore.hpp"

#include <memory>

#include <torch/nn/functional/upsampling.h>

#include "degradation.hpp"
#include "device.hpp"
#include "fault.hpp"
#include "fit_geometry.hpp"
#include "fitter.hpp"
#include "hole_shape.hpp"
#include "presets.hpp"
#include "tensor_image.hpp"

namespace dip {

namespace {

// PyTorch's bicubic (a = -0.75, half-pixel centres), clamped to the 0-1 range.
torch::Tensor bicubic_enlargement(const torch::Tensor& image, std::int64_t height, std::int64_t width) {
  namespace F = torch::nn::functional;
  return F::interpolate(image, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{height, width})
                                   .mode(torch::kBicubic)
                                   .align_corners(false))
      .clamp(0.0, 1.0);
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
  const auto big = bicubic_enlargement(alpha, out->height, out->width);
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

void finish_output(const Image& input, const Mask* known, const Options& options, Image* out) {
  carry_alpha(input, options, out);
  if (options.task == Task::Inpaint) composite_known(input, *known, out);
}

Result restore_whole(const Image& input, const Mask* known, const Options& options,
                     const ProgressCallback& progress, const StopToken* stop) {
  apply_thread_count(options.threads);
  const torch::Device device = select_device(options.device);

  const int colour = input.colour_channels();
  torch::Tensor known_pixels;
  if (options.task == Task::Inpaint) known_pixels = mask_to_tensor(*known).clamp(0.0, 1.0);
  const bool wide_hole = known_pixels.defined() && hole_reaches_beyond(known_pixels, kWideHoleDepth);
  const FitPlan plan = plan_for(options.task, options.factor, options.preset, colour, wide_hole);
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
          observed, reflect_pad(trusted_pixels(known_pixels), g.input_pad).to(device));
      break;
    case Task::Upscale:
      degradation = std::make_unique<LanczosDownsampler>(observed, factor);
      break;
  }

  auto to_image = [&](const torch::Tensor& padded) {
    Image out(out_w, out_h, input.channels);
    tensor_to_colour(crop(padded, g.output_pad), &out);
    finish_output(input, known, options, &out);
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

  torch::Tensor base;
  if (options.task == Task::Upscale && plan.start_from_bicubic)
    base = bicubic_enlargement(observed, g.output_height, g.output_width);
  Fitter fitter(plan, *degradation, {1, colour, g.output_height, g.output_width}, device, base);
  FitRequest request;
  request.iterations = options.iterations;
  request.max_iterations = options.max_iterations;
  request.tv_weight = options.tv_weight;
  request.report_every = options.report_every;
  request.seed = options.seed;
  if (options.task == Task::Denoise)
    request.noise_variance = static_cast<double>(options.noise_level) * options.noise_level;
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
