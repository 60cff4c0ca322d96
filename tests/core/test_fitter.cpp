// The loop itself, with nets small enough to run hundreds of iterations in a second or two.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "fitter.hpp"
#include "noise_level.hpp"
#include "tensor_image.hpp"
#include "test_images.hpp"

namespace dip {
namespace {

FitPlan tiny_plan() {
  FitPlan plan;
  plan.net.channels_down = plan.net.channels_up = {16, 16, 16};
  plan.net.channels_skip = {4, 4, 4};
  plan.net.input_channels = 8;
  plan.input_jitter = 1.0f / 30.0f;
  plan.average_outputs = true;
  plan.average_warmup = true;
  plan.iterations = 3000;
  plan.stop = StopRuleSettings{0.1, 50, 150};
  return plan;
}

double psnr_of(const torch::Tensor& estimate, const Image& truth) {
  Image out(truth.width, truth.height, truth.channels);
  tensor_to_colour(estimate, &out);
  return psnr(out, truth);
}

// A smooth 32x32 image under white noise of sigma 0.1, clipped to 0-1.
struct NoisyImage {
  Image clean = test::smooth_image(32, 32);
  Identity a{(colour_to_tensor(clean) +
              torch::randn({1, 3, 32, 32}, at::make_generator<at::CPUGeneratorImpl>(5)) * 0.1)
                 .clamp(0.0, 1.0)};
  Image noisy = observed();

 private:
  Image observed() const {
    Image out(32, 32, 3);
    tensor_to_colour(a.observed(), &out);
    return out;
  }
};

TEST(Fitter, AutomaticStopEndsANoisyFitNearItsBest) {
  const NoisyImage n;
  const Image &clean = n.clean, &noisy = n.noisy;
  const Identity& a = n.a;

  Fitter fitter(tiny_plan(), a, {1, 3, 32, 32}, torch::kCPU);
  FitRequest request;
  request.report_every = 10;
  request.seed = 1;
  double best_seen = 0.0;
  const FitOutcome outcome = fitter.run(
      request,
      [&](const FitReport& r) {
        if (r.estimate) best_seen = std::max(best_seen, psnr_of(*r.estimate, clean));
        return Reply{Action::Continue, true};
      },
      nullptr);
  const double returned = psnr_of(outcome.estimate, clean);
  EXPECT_TRUE(outcome.stopped_by_rule);
  EXPECT_LT(outcome.iterations, 3000);
  EXPECT_GT(returned, psnr(noisy, clean) + 3.0);
  EXPECT_GT(returned, best_seen - 1.0) << "best along the run " << best_seen;
}

// The discrepancy principle alone (the variance rule made too patient to act): the fit ends once
// its estimate is within 0.9 noise variances of the noisy input, near its best.
TEST(Fitter, DiscrepancyStopEndsANoisyFitNearItsBest) {
  const NoisyImage n;
  const Image &clean = n.clean, &noisy = n.noisy;
  const Identity& a = n.a;
  FitPlan plan = tiny_plan();
  plan.stop.patience = 100000;
  plan.stop.discrepancy = 0.9;
  const double noise_variance = estimate_noise_level(noisy) * estimate_noise_level(noisy);

  auto run = [&](double variance, double* best_seen, double* distance) {
    Fitter fitter(plan, a, {1, 3, 32, 32}, torch::kCPU);
    FitRequest request;
    request.report_every = 10;
    request.seed = 1;
    request.noise_variance = variance;
    const FitOutcome outcome = fitter.run(
        request,
        [&](const FitReport& r) {
          if (r.estimate) *best_seen = std::max(*best_seen, psnr_of(*r.estimate, clean));
          return Reply{Action::Continue, true};
        },
        nullptr);
    *distance = a.data_term(outcome.estimate).item<double>();
    return outcome;
  };
  double best_seen = 0.0, distance = 0.0;
  const FitOutcome outcome = run(noise_variance, &best_seen, &distance);
  const double returned = psnr_of(outcome.estimate, clean);
  EXPECT_TRUE(outcome.stopped_by_rule);
  EXPECT_LT(outcome.iterations, 3000);
  EXPECT_LE(distance, 0.9 * noise_variance);
  EXPECT_GT(returned, psnr(noisy, clean) + 3.0);
  EXPECT_GT(returned, best_seen - 1.0) << "best along the run " << best_seen;

  // Without a noise level nothing but the cap ends it, and going on past the discrepancy stop
  // gains little.
  plan.iterations = outcome.iterations + 300;
  double best_longer = 0.0;
  const FitOutcome uncapped = run(0.0, &best_longer, &distance);
  EXPECT_FALSE(uncapped.stopped_by_rule);
  EXPECT_EQ(uncapped.iterations, plan.iterations);
  EXPECT_GT(returned, best_longer - 1.0) << "best along a run 300 iterations longer";
}

// Inpainting's plans return the estimate at the end of an automatic run, not the one at the
// variance minimum: the last report's estimate must be what comes back, bit for bit.
TEST(Fitter, AutomaticRunCanReturnTheLastEstimate) {
  const Identity a(colour_to_tensor(test::smooth_image(16, 16)));
  FitPlan plan = tiny_plan();
  plan.iterations = 120;  // the cap comes before the rule's patience can run out
  plan.stop.return_minimum = false;
  Fitter fitter(plan, a, {1, 3, 16, 16}, torch::kCPU);
  FitRequest request;
  request.report_every = 10;
  torch::Tensor last;
  const FitOutcome outcome = fitter.run(
      request,
      [&](const FitReport& r) {
        if (r.estimate) last = r.estimate->clone();
        return Reply{Action::Continue, true};
      },
      nullptr);
  EXPECT_EQ(outcome.iterations, 120);
  EXPECT_EQ(outcome.best_iteration, 120);
  ASSERT_TRUE(last.defined());
  EXPECT_TRUE(torch::equal(outcome.estimate, last));
}

TEST(Fitter, ExplicitIterationCountIsRunExactly) {
  const Identity a(colour_to_tensor(test::smooth_image(16, 16)));
  FitPlan plan = tiny_plan();
  Fitter fitter(plan, a, {1, 3, 16, 16}, torch::kCPU);
  FitRequest request;
  request.iterations = 37;
  request.report_every = 10;
  int reports = 0;
  const FitOutcome outcome = fitter.run(request, [&](const FitReport&) { ++reports; return Reply{}; }, nullptr);
  EXPECT_EQ(outcome.iterations, 37);
  EXPECT_EQ(reports, 4);  // 10, 20, 30 and the last
  EXPECT_FALSE(outcome.stopped_by_rule);
}

// A blow-up is simulated by scrambling the weights at iteration 50: with backtracking the next
// check sees the jump and goes back to the weights saved at iteration 50.
std::vector<double> losses_after_scramble(bool backtrack) {
  const Identity a(colour_to_tensor(test::smooth_image(16, 16)));
  FitPlan plan = tiny_plan();
  plan.backtrack = backtrack;
  plan.check_every = 1;
  plan.average_outputs = false;
  Fitter fitter(plan, a, {1, 3, 16, 16}, torch::kCPU);
  FitRequest request;
  request.iterations = 60;
  request.report_every = 1;
  std::vector<double> losses;
  fitter.run(request, [&](const FitReport& r) {
    losses.push_back(r.loss);
    if (r.iteration == 50) {
      torch::NoGradGuard no_grad;
      auto gen = at::make_generator<at::CPUGeneratorImpl>(9);
      for (auto& p : fitter.net()->parameters()) p.add_(torch::randn(p.sizes(), gen) * 2.0);
    }
    return Reply{};
  }, nullptr);
  return losses;
}

TEST(Fitter, BacktrackingUndoesABlowUp) {
  const auto guarded = losses_after_scramble(true);
  const auto unguarded = losses_after_scramble(false);
  ASSERT_EQ(guarded.size(), 60u);
  const double before = guarded[49];
  EXPECT_GT(guarded[50], 3.0 * before);     // the scrambled weights were seen...
  EXPECT_LT(guarded[52], 1.5 * before);     // ...and undone at once
  EXPECT_GT(unguarded[52], 3.0 * unguarded[49]);  // without backtracking they are not
}

// How often a front end asks for progress is a display matter: the GIMP dialog reports every
// iteration, batch runs and the CLI every 10. The result must not depend on it.
FitOutcome automatic_run(int report_every) {
  auto noisy = colour_to_tensor(test::smooth_image(16, 16));
  noisy.add_(torch::randn(noisy.sizes(), at::make_generator<at::CPUGeneratorImpl>(5)) * 0.1);
  const Identity a(noisy.clamp(0.0, 1.0));
  FitPlan plan = tiny_plan();
  plan.backtrack = true;
  Fitter fitter(plan, a, {1, 3, 16, 16}, torch::kCPU);
  FitRequest request;
  request.report_every = report_every;
  request.seed = 3;
  return fitter.run(request, [](const FitReport&) { return Reply{}; }, nullptr);
}

TEST(Fitter, ReportIntervalDoesNotChangeTheResult) {
  const FitOutcome every = automatic_run(1);
  const FitOutcome sparse = automatic_run(7);
  EXPECT_TRUE(every.stopped_by_rule);
  EXPECT_EQ(every.iterations, sparse.iterations);
  EXPECT_EQ(every.best_iteration, sparse.best_iteration);
  EXPECT_EQ(every.stopped_by_rule, sparse.stopped_by_rule);
  EXPECT_TRUE(torch::equal(every.estimate, sparse.estimate));
}

}  // namespace
}  // namespace dip
