// Where and how wide the fit runs: the torch device, the thread count.
#pragma once

#include <string>

#include <torch/types.h>

namespace dip {

// "cpu", "cuda" or "auto". Throws dip::Error for CUDA when the linked LibTorch or the machine
// has none, and for any other name.
torch::Device select_device(const std::string& name);

// 0 keeps one thread per core the machine reports.
void apply_thread_count(int threads);

}  // namespace dip
