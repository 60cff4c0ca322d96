#include "presets.hpp"

namespace dip {

namespace {

SkipNetConfig skip_net(int levels, int channels, int skip, Upsample upsample) {
  SkipNetConfig net;
  net.channels_down.assign(static_cast<std::size_t>(levels), channels);
  net.channels_up.assign(static_cast<std::size_t>(levels), channels);
  net.channels_skip.assign(static_cast<std::size_t>(levels), skip);
  net.upsample = upsample;
  return net;
}

// The reference notebooks' settings (NOTES section 1), kept so that figures compare.
FitPlan paper_plan(Task task, int factor) {
  FitPlan plan;
  plan.learning_rate = 0.01;
  plan.input_scale = 0.1f;
  plan.net.input_channels = 32;
  switch (task) {
    case Task::Denoise:
      plan.net = skip_net(5, 128, 4, Upsample::Bilinear);
      plan.input_jitter = 1.0f / 30.0f;
      plan.iterations = 3000;
      plan.average_outputs = true;
      plan.backtrack = true;
      break;
    case Task::Upscale:
      plan.net = skip_net(5, 128, 4, Upsample::Bilinear);
      plan.input_jitter = factor >= 8 ? 0.05f : 0.03f;
      plan.iterations = factor >= 8 ? 4000 : 2000;
      break;
    case Task::Inpaint:
      // The "kate" text-removal net: 128 skip channels, nearest upsampling.
      plan.net = skip_net(5, 128, 128, Upsample::Nearest);
      plan.input_jitter = 0.03f;
      plan.iterations = 6000;
      break;
  }
  return plan;
}

// First guesses for a CPU: the same architecture, thinner. Tuned by tests/bench.
FitPlan light_plan(Task task, int factor, Preset preset) {
  FitPlan plan = paper_plan(task, factor);
  plan.average_warmup = true;
  const bool fast = preset == Preset::Fast;
  const int channels = fast ? 32 : 64;
  switch (task) {
    case Task::Denoise:
      plan.net = skip_net(5, channels, 4, Upsample::Bilinear);
      plan.iterations = fast ? 1200 : 2400;
      plan.stop = StopRuleSettings{0.1, 200, fast ? 300 : 500};
      break;
    case Task::Upscale:
      plan.net = skip_net(5, channels, 4, Upsample::Bilinear);
      plan.iterations = fast ? 800 : 1600;
      plan.stop = StopRuleSettings{0.1, 200, fast ? 300 : 500};
      break;
    case Task::Inpaint:
      plan.net = skip_net(5, channels, fast ? 16 : 32, Upsample::Nearest);
      plan.iterations = fast ? 1000 : 2500;
      plan.stop = StopRuleSettings{0.1, 300, fast ? 300 : 600};
      break;
  }
  return plan;
}

}  // namespace

FitPlan plan_for(Task task, int factor, Preset preset, int colour_channels) {
  FitPlan plan = preset == Preset::Paper ? paper_plan(task, factor) : light_plan(task, factor, preset);
  plan.net.input_channels = 32;
  plan.net.output_channels = colour_channels;
  return plan;
}

}  // namespace dip
