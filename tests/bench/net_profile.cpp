// Where an iteration's time goes: runs a preset's net (forward, loss, backward, Adam step) on
// a random input under LibTorch's profiler and writes a Chrome trace that tests/bench/profile
// sums per operator. Not a test.
//   net-profile TASK PRESET SIDE THREADS ITERATIONS TRACE.json
#include <cstdlib>
#include <iostream>
#include <string>

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include "dip/restore.hpp"
#include "presets.hpp"
#include "skip_net.hpp"
#include "winograd_conv.hpp"

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: net-profile denoise|inpaint|upscale fast|balanced|paper SIDE THREADS ITERATIONS TRACE.json\n";
    return 2;
  }
  dip::ensure_passive_openmp(argv);
  dip::tune_process_allocator();
  const std::string task = argv[1], preset_name = argv[2];
  const int side = std::atoi(argv[3]), iterations = std::atoi(argv[5]);
  at::set_num_threads(std::atoi(argv[4]));
  dip::Preset preset{};
  if (!dip::parse_preset(preset_name, &preset)) return 2;
  const auto t = task == "inpaint" ? dip::Task::Inpaint : task == "upscale" ? dip::Task::Upscale : dip::Task::Denoise;
  auto config = dip::plan_for(t, 4, preset, 3).net;
  config.winograd = dip::winograd_allowed_by_environment();
  torch::manual_seed(1);
  dip::SkipNet net(config);
  torch::optim::Adam adam(net->parameters(), 0.01);
  const auto z = torch::rand({1, config.input_channels, side, side}) * 0.1;
  const auto target = torch::rand({1, 3, side, side});
  auto step = [&] {
    adam.zero_grad();
    const auto loss = torch::mse_loss(net->forward(z + torch::randn_like(z) * 0.03), target);
    loss.backward();
    adam.step();
  };
  step();  // warm-up: first-touch allocations, oneDNN primitive creation
  {
    torch::autograd::profiler::RecordProfile profile{std::string(argv[6])};
    for (int i = 0; i < iterations; ++i) step();
  }
  return 0;
}
