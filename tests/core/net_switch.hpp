// Runs a freshly initialised skip net once under one value of a DIP_* switch, for the tests
// that check a fused kernel against LibTorch's operators through the whole net: the same seeds
// every call, so two calls differ only by the switch.
#pragma once

#include <string>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "env_override.hpp"
#include "skip_net.hpp"

namespace dip {

struct NetRun {
  torch::Tensor output;
  std::vector<torch::Tensor> gradients;  // of the named parameters, in order
};

// forward on a side x side input of config.input_channels channels, then the backward pass of
// mean(output²), with the switch `name` set to `value` (nullptr: unset) while the net is made.
inline NetRun run_net_with(const char* name, const char* value, const SkipNetConfig& config,
                           std::int64_t side, const std::vector<std::string>& parameters) {
  const EnvOverride setting(name, value);
  SkipNet net(config);
  net->initialise(at::make_generator<at::CPUGeneratorImpl>(5));
  torch::manual_seed(6);
  const auto y = net->forward(torch::rand({1, config.input_channels, side, side}));
  y.square().mean().backward();
  NetRun run{y.detach(), {}};
  const auto named = net->named_parameters();
  for (const auto& p : parameters) run.gradients.push_back(named[p].grad().clone());
  return run;
}

}  // namespace dip
