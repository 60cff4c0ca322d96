#include "fitter.hpp"

#include <chrono>
#include <cmath>

#include <ATen/CPUGeneratorImpl.h>

#include "bf16_conv.hpp"
#include "energy.hpp"
#include "flat_adam.hpp"
#include "intl.hpp"
#include "stopping.hpp"
#include "winograd_conv.hpp"

namespace dip {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

Fitter::Fitter(const FitPlan& plan, const Degradation& degradation,
               torch::IntArrayRef output_shape, torch::Device device, torch::Tensor base)
    : plan_(plan), degradation_(degradation), device_(device), base_(std::move(base)) {
  SkipNetConfig net = plan_.net;
  net.winograd = net.winograd && winograd_allowed_by_environment();
  net.bf16 = net.bf16 && device_.is_cpu() && bf16_allowed_by_environment();
  net_ = SkipNet(net);
  z_ = torch::empty({1, plan_.net.input_channels, output_shape[2], output_shape[3]});
}

FitOutcome Fitter::run(const FitRequest& request, const FitCallback& callback,
                       const StopToken* stop) {
  const auto start = Clock::now();
  // One generator for everything random in the run (weights, z, jitter): the seed alone decides.
  auto generator = at::make_generator<at::CPUGeneratorImpl>(request.seed);
  net_->initialise(generator);
  z_.uniform_(0.0, 1.0, generator).mul_(plan_.input_scale);
  net_->to(device_);
  const auto z = z_.to(device_);

  FlatAdam optimiser(net_->parameters(), plan_.learning_rate);
  saved_ = optimiser.flat_parameters().clone();
  const Energy energy(degradation_, request.tv_weight);
  const bool automatic = request.iterations == 0;
  const int cap = request.max_iterations > 0 ? std::min(request.max_iterations, plan_.iterations)
                                            : plan_.iterations;
  const int total = automatic ? cap : request.iterations;
  const int report_every = std::max(1, request.report_every);
  const int check_every = std::max(1, plan_.check_every);

  // Buffers reused every iteration. The jitter is drawn on the CPU with the run's generator so
  // that a seed reproduces a run bit for bit; on CUDA it comes from the device's generator.
  const bool on_cpu = device_.is_cpu();
  auto jitter = torch::empty_like(z);
  auto input = z.clone();
  torch::Tensor average, last_output, last_data_term;
  VarianceStop rule(plan_.stop,
                    plan_.stop.watch_unobserved ? degradation_.unobserved() : torch::Tensor());
  const DiscrepancyStop discrepancy(plan_.stop, request.noise_variance);

  FitOutcome outcome;
  double last_good_loss = std::numeric_limits<double>::infinity();
  bool want_estimate = false;

  const bool averaging = plan_.average_outputs || (automatic && plan_.average_when_automatic);
  auto current_estimate = [&]() -> const torch::Tensor& {
    return averaging ? average : last_output;
  };

  int it = 0;
  for (; it < total; ++it) {
    request.fault.before_iteration(it);
    if (stop) {
      const Action action = stop->requested();
      if (action == Action::Cancel) throw Cancelled();
      if (action == Action::StopAndKeep && last_output.defined()) {
        outcome.stopped_by_user = true;
        break;
      }
    }
    if (plan_.input_jitter > 0.0f) {
      if (on_cpu)
        jitter.normal_(0.0, plan_.input_jitter, generator);
      else
        jitter.normal_(0.0, plan_.input_jitter);
      input.copy_(z).add_(jitter);
    }

    const auto output = base_.defined() ? net_->forward(input).add_(base_) : net_->forward(input);
    const auto terms = energy(output);
    optimiser.zero_grad();
    terms.total.backward();
    optimiser.step();

    {
      torch::NoGradGuard no_grad;
      last_output = output.detach();
      last_data_term = terms.data.detach();
      if (averaging) {
        if (!average.defined())
          average = last_output.clone();
        else {
          const double decay = plan_.average_warmup
                                   ? std::min(plan_.average_decay, (1.0 + it) / (10.0 + it))
                                   : plan_.average_decay;
          average.mul_(decay).add_(last_output, 1.0 - decay);
        }
      }
      if (automatic) rule.observe(last_output, current_estimate(), it);
    }

    const int done = it + 1;
    const bool check = done % check_every == 0 || done == total;
    const bool reporting = callback && (done % report_every == 0 || done == total);
    if (!check && !reporting) continue;

    // The only host read of the loop, at checks and reports.
    const double loss = last_data_term.item<double>();
    outcome.final_loss = loss;
    if (check) {
      if (plan_.backtrack &&
          (!std::isfinite(loss) || loss > plan_.backtrack_ratio * last_good_loss)) {
        torch::NoGradGuard no_grad;
        optimiser.flat_parameters().copy_(saved_);
      } else if (std::isfinite(loss)) {
        last_good_loss = loss;
        torch::NoGradGuard no_grad;
        if (plan_.backtrack) saved_.copy_(optimiser.flat_parameters());
      }
      bool close_enough = false;
      if (automatic && discrepancy.due(it)) {
        torch::NoGradGuard no_grad;
        close_enough = discrepancy.should_stop(degradation_.data_term(current_estimate()), it);
      }
      if (automatic && (rule.should_stop(it) || close_enough)) {
        outcome.stopped_by_rule = true;
        ++it;
        break;
      }
    }
    if (reporting) {
      FitReport report;
      report.iteration = done;
      report.total = total;
      report.automatic = automatic;
      report.loss = loss;
      report.elapsed_s = seconds_since(start);
      report.eta_s = report.elapsed_s / done * (total - done);
      if (want_estimate) report.estimate = &current_estimate();
      const Reply reply = callback(report);
      want_estimate = reply.want_estimate;
      if (reply.action == Action::Cancel) throw Cancelled();
      if (reply.action == Action::StopAndKeep) {
        outcome.stopped_by_user = true;
        ++it;
        break;
      }
    }
  }

  outcome.iterations = it;
  if (!last_output.defined()) throw Error(N_("the fit ended before its first iteration"));
  outcome.estimate = current_estimate();
  if (automatic && !outcome.stopped_by_user) {
    rule.should_stop(it);  // syncs the best iteration
    if (plan_.stop.return_minimum && rule.has_best() && it > plan_.stop.warmup) {
      outcome.estimate = rule.best();
      outcome.best_iteration = rule.best_iteration() + 1;
    } else {
      outcome.best_iteration = it;
    }
  } else {
    outcome.best_iteration = it;
  }
  if (outcome.final_loss == 0.0) outcome.final_loss = last_data_term.item<double>();
  outcome.seconds = seconds_since(start);
  return outcome;
}

}  // namespace dip
