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
      plan.stop.return_minimum = false;
      break;
  }
  plan.net.bf16 = true;  // where the CPU has native bfloat16 products (bf16_conv.hpp)
  return plan;
}

SkipNetConfig tapered(const std::vector<int>& channels, const std::vector<int>& skip,
                      Upsample upsample) {
  SkipNetConfig net;
  net.channels_down = net.channels_up = channels;
  net.channels_skip = skip;
  net.upsample = upsample;
  // Zero padding inside the convolution: torch 1.13's reflection-pad backward alone took ~12 %
  // of a light net's iteration, and the image is already mirror-padded to the net's grid.
  net.reflection_pad = false;
  return net;
}

// CPU presets. Most of an iteration's cost is at full resolution, so the first level is thin
// and the capacity sits in the deeper, 4x-smaller levels (measured on this CPU, 1 thread,
// 256x256: paper net 7.7 s, 5 x 32 channels 0.79 s, fast 0.63 s; at 800 iterations on a
// 128x128 denoise crop fast and 5 x 32 land within 0.2 dB of each other).
FitPlan light_plan(Task task, int factor, Preset preset) {
  FitPlan plan = paper_plan(task, factor);
  plan.average_warmup = true;
  const bool fast = preset == Preset::Fast;
  const std::vector<int> channels = fast ? std::vector<int>{16, 32, 64, 64, 64}
                                         : std::vector<int>{32, 64, 64, 128, 128};
  const std::vector<int> thin_skip{4, 4, 4, 4, 4};
  switch (task) {
    case Task::Denoise:
      plan.net = tapered(channels, thin_skip, Upsample::Bilinear);
      plan.iterations = fast ? 1500 : 3000;
      // Less jitter than the reference's 1/30 fits sooner and peaks about as high (astronaut256,
      // 1 thread, PSNR at iterations 1000 / 2000 / 2500): 1/30 26.07 / 28.53 / 29.05 (29.34 at
      // 3000, still rising), 1/45 27.18 / 28.98 / 29.18, 1/60 27.77 / 28.98 at 2000, while
      // 1/90 peaked at 28.77 near 1600 and then fitted the noise (README, Presets).
      plan.input_jitter = 1.0f / 45.0f;
      // The outputs' variance bottoms out before the averaged estimate peaks, so a denoising run
      // returns the averaged estimate when the rule ends it, `patience` iterations after that
      // minimum (the estimate at the minimum itself: chelsea 30.1 dB against 30.9 along the run,
      // balanced, 2 threads, one tile per core).
      plan.stop = StopRuleSettings{0.1, 200, 300, /*return_minimum=*/false};
      if (fast) {
        // The reference's input jitter (1/30 on z ~ U(0, 0.1)) keeps the thin net from fitting
        // the image for hundreds of iterations. On a 256x256 crop of the coffee bench (1 thread,
        // averaged estimate) it reached 24.4 dB at 400 iterations and 28.0 only at 1220; without
        // jitter, z ~ U(0, 1): 28.2 at 330, 29.2 at its peak near 730, where the stopping rule
        // takes over from the jitter in keeping the noise out (README, Presets).
        plan.input_jitter = 0.0f;
        plan.input_scale = 1.0f;
        // Without jitter the minimum comes even earlier (bench, 1 thread: minimum at 201-553,
        // peak at 410-850); the estimate at the stop was within 0.2 dB of the best on every
        // denoising bench input (README, Benchmarks).
      } else {
        // Under jitter that minimum is a poor guide to the peak (chelsea: at half its iteration;
        // astronaut256: 300 after it still 0.1 dB short and 30 % late), while the discrepancy
        // principle marks the peak itself (StopRuleSettings::discrepancy). The threshold is
        // one estimated noise variance, chosen from trace runs at sigma 10, 25 and 50
        // (balanced, 2 threads, one tile per core, no stop, each tile's distance to the noisy
        // input logged): against the best along each run, the stop came 0.00-0.55 dB short at
        // sigma 10 and 50 on astronaut256, camera256 and chelsea (0.64 in an actual run of
        // camera256 at sigma 10, the worst), where 0.95 of the estimate of before (the finest
        // wavelet band alone, which read light noise 6-13 % high) came 0.02-1.10 dB short
        // (README, Presets, The estimate and the threshold). The variance rule stays behind it
        // with a patience of 1000 iterations, for what the discrepancy misses: noise that is
        // not white (camera noise after demosaicing), which the wavelet bands read low, and
        // heavy clipped noise, which they read low too (coffee at sigma 50: it ended one tile).
        plan.stop.discrepancy = 1.0;
        plan.stop.patience = 1000;
      }
      break;
    case Task::Upscale:
      plan.net = tapered(channels, thin_skip, Upsample::Bilinear);
      plan.net.residual_scale = 0.1;
      plan.start_from_bicubic = true;
      plan.iterations = fast ? 1000 : 2000;
      plan.stop = StopRuleSettings{0.1, 200, fast ? 300 : 500};
      break;
    case Task::Inpaint:
      // Inpainting draws the fill from the full-resolution level, so it keeps that level wide
      // and mirrored: the tapered net lost 3 dB of hole PSNR in the GIMP end-to-end test
      // (21.9 dB against 25.0 for a flat fill, where 5 x 32 channels gave 27.0).
      plan.net = skip_net(5, fast ? 32 : 64, fast ? 16 : 32, Upsample::Nearest);
      // The raw output's fill wanders by about ±0.5 dB from one iteration to the next (the
      // input jitter): on the chelsea 40x40 block, 42.0-43.3 dB along 1200 iterations with no
      // trend after the first 100.
      plan.average_when_automatic = true;
      // Balanced's cap is where the fill stops getting better, since the hole's variance may not
      // say so: on the rocket text it kept falling to a 3000 cap while the fill peaked near
      // iteration 1220 and then lost 2.1 dB (balanced, 1 thread); at 1800, 0.4 dB. The scratches
      // gained 0.07 dB from 1800 to their best near 2150 (2 threads; README, Benchmarks).
      plan.iterations = fast ? 1200 : 1800;
      plan.stop = StopRuleSettings{0.1, 300, fast ? 300 : 600, /*return_minimum=*/true,
                                   /*watch_unobserved=*/true};
      break;
  }
  // The fast nets' convolutions are too thin for bfloat16 to matter: the whole iteration
  // went from 0.112 to 0.105-0.109 s (astronaut256 denoise, 1 thread, Zen 5), where most of
  // it is batch norm, activations and upsampling, against 1.4x for balanced.
  plan.net.bf16 = !fast;
  return plan;
}

// The reference's net for large holes (its "library" notebook): six levels, no skip connections,
// 5x5 downsampling filters, no input jitter. The text net's skip connections carry the input
// noise straight to the output, which inside a wide hole nothing corrects: on a 40x40
// selection in flat sky (a 120x120 crop of the 2 MP rocket photo, 200 iterations) the fast
// text net filled it with black (whole-crop PSNR 24.3 dB), this net with the sky (55.1 dB).
// It is lighter than the text nets (16 channels at full resolution), so their memory estimate
// covers it.
void use_wide_hole_net(FitPlan* plan, Preset preset) {
  SkipNetConfig& net = plan->net;
  net.channels_down = net.channels_up = {16, 32, 64, 128, 128, 128};
  net.channels_skip.assign(6, 0);
  net.filter_down = 5;
  net.need_1x1_up = false;
  net.upsample = Upsample::Nearest;
  net.reflection_pad = true;
  plan->input_jitter = 0.0f;
  // Without jitter the fill converges: on that crop it was within 1.5 dB of its 1200-iteration
  // PSNR by iteration 300 and then changed by far less than an 8-bit level.
  plan->stop.settled_spread = 0.5 / 255.0;
  // Its best fill often comes early, the smooth one, and later iterations add detail that is
  // mostly wrong. A 100-iteration warm-up instead of 300 (fast preset, 120x120 crops with a
  // 40x40 hole, 1 thread): tower 35.6 dB at 430 (rule) against 34.1 at the 1200 cap (best 35.7
  // in both); sky 54.8 at 110 against 56.1 at 310; horizon and chelsea unchanged (46.5, 34.9);
  // the whole chelsea bench image 43.8 at the cap either way. Every stop within 0.1 dB of its
  // run's best, against a 1.6 dB miss (README, Benchmarks).
  plan->stop.warmup = 100;
  // Float32 in every preset. Without jitter the fill settles by amounts near bfloat16's rounding
  // of the convolutions' operands, and the stop reads those small changes: balanced in bfloat16
  // returned the chelsea bench block 1.3 dB short of its best (42.5 against 43.8) and a 120x120
  // horizon crop 0.8 short, where float32 came within 0.2 dB on all five inputs and filled the
  // chelsea crop 1.0 dB and the horizon 3.1 dB better (0.04 s more per iteration there, 1 thread;
  // README, Benchmarks).
  net.bf16 = false;
  if (preset == Preset::Paper) return;
  // One net, so one stop for both light presets: balanced's text-net cap and patience (1800,
  // 600) only let the fill drift past its peak. On the chelsea bench block (1 thread) the fit
  // peaked at 44.70 dB near iteration 670 and fell to 43.4 by 1470, where the variance had its
  // last minimum: balanced returned 43.39 at the 1800 cap (1.31 short), while fast's 1200 and
  // 300 stopped at 850 and returned 44.59 from 542 (0.11 short); the same fit either way
  // (README, Benchmarks).
  plan->iterations = 1200;
  plan->stop.patience = 300;
}

}  // namespace

FitPlan plan_for(Task task, int factor, Preset preset, int colour_channels, bool wide_hole) {
  FitPlan plan = preset == Preset::Paper ? paper_plan(task, factor) : light_plan(task, factor, preset);
  if (task == Task::Inpaint && wide_hole) use_wide_hole_net(&plan, preset);
  plan.net.input_channels = 32;
  plan.net.output_channels = colour_channels;
  return plan;
}

}  // namespace dip
