// Everything a fit needs besides the image: the net, its input, the optimiser, the iteration
// budget and the output rule, per task and preset.
#pragma once

#include "dip/restore.hpp"
#include "skip_net.hpp"

namespace dip {

struct StopRuleSettings {
  double alpha = 0.1;   // ES-EMV: weight of the newest output in the moving mean and variance
  int warmup = 100;     // iterations before a variance minimum may count
  int patience = 1000;  // iterations without a new minimum before stopping
  // What an automatic run returns: the estimate at the variance minimum (ES-EMV), or the
  // estimate when the run ends (the paper preset's inpainting, as the reference returns it).
  bool return_minimum = true;
  // Measure the variance only where the observation does not pin the output down (inpainting:
  // the hole). Over the whole image the known pixels, fitted ever more closely, dominate it and
  // its minimum says nothing about the fill: see README, Benchmarks.
  bool watch_unobserved = false;
  // Stop as soon as the outputs' spread (the square root of the moving variance) is below this,
  // on the 0-1 scale: a fit without input jitter converges instead of wandering, its variance
  // keeps falling to the cap, and once the outputs move by less than half an 8-bit level more
  // iterations change nothing a user can see. 0 = off.
  double settled_spread = 0.0;
  // Denoising, the discrepancy principle (Morozov): stop once the returned estimate is as close
  // to the noisy input as this fraction of the noise's variance. An estimate that stayed clear
  // of the noise would sit one noise variance away; a fit that gets closer is taking the noise
  // in. Under input jitter the outputs' variance minimum comes at half the PSNR peak's
  // iteration or less, while this fraction marks the peak itself (README, Presets). 0 = off;
  // the variance rule still ends runs this never triggers (an image without noise).
  double discrepancy = 0.0;
};

struct FitPlan {
  SkipNetConfig net;
  float input_scale = 0.1f;     // z ~ U(0, 1) * input_scale, as the reference code draws it
  float input_jitter = 0.0f;    // reg_noise_std: z + N(0, jitter^2) fresh every iteration
  double learning_rate = 0.01;
  int iterations = 1000;        // automatic runs: the cap; explicit runs use the caller's count
  bool average_outputs = false; // return the exponential average of outputs (denoising)
  // The same, in automatic runs only (inpainting in the light presets): at the plateau an
  // automatic run reaches, the raw fill wanders by about ±0.5 dB between iterations and the
  // average is the steady fill; early in a short explicit run the average lags a fill that
  // is still improving (GIMP 3 end-to-end test, 300 iterations: 24.0 dB against a raw fill
  // that beat the flat fill's 25.0).
  bool average_when_automatic = false;
  double average_decay = 0.99;
  // Ramp the decay up as (1 + t) / (10 + t) (TensorFlow's EMA with num_updates): the reference's
  // fixed 0.99 from the first iteration keeps early, blurry outputs in the average for hundreds
  // of iterations, which short CPU runs cannot afford.
  bool average_warmup = false;
  bool backtrack = false;       // undo a loss blow-up by going back to the last good weights
  double backtrack_ratio = 3.1623;  // loss x 10^(5/10): the reference's 5 dB drop
  // Iterations between the loss checks that backtracking and the stopping rule act on. Fixed
  // here, not tied to the progress reports: how often a front end shows progress (every
  // iteration in the GIMP dialog, every 10 in batch runs and the CLI) must not change the result.
  int check_every = 10;
  // Upscaling: the net fits a correction to the bicubic enlargement of the input instead of
  // the whole image (net.residual_scale > 0), so the first estimate is already the classical
  // answer and every iteration is spent on what it lacks. Measured on the bench: see README,
  // Presets.
  bool start_from_bicubic = false;
  StopRuleSettings stop;
};

// Inpainting holes that reach further than this from every known pixel get the reference's
// large-hole net (see presets.cpp). At 7 px deep both nets were measured over six seeds (fast
// preset, automatic stop, hole PSNR): on a compact blemish (a 20x16 ellipse) the text net
// failed on two seeds (18.2 and 25.7 dB, a red blob in the hole; 29.0-29.3 on the others) and
// the large-hole net gave 29.1-30.2 on all six; on the demo's bold date stamp the text net did
// better (35.0-36.2 dB against 31.6-33.5) but the large-hole net never failed. 40x40 selections
// (20 px deep) filled 3-31 dB better with the large-hole net. A sure fill over a better one.
inline constexpr int kWideHoleDepth = 6;

// `wide_hole`: inpainting only, hole_reaches_beyond(known, kWideHoleDepth).
FitPlan plan_for(Task task, int factor, Preset preset, int colour_channels, bool wide_hole = false);

}  // namespace dip
