// Where and how wide the fit runs: the torch device, the thread count.
#pragma once

#include <string>

#include <torch/types.h>

namespace dip {

// "cpu", "cuda" or "auto". Throws dip::Error for CUDA when the linked LibTorch or the machine
// has none, and for any other name.
torch::Device select_device(const std::string& name);

// True where `name` means the CPU: "cpu", or "auto" with no CUDA. Never throws, unlike
// select_device: the memory plan asks before the device is checked.
bool names_cpu(const std::string& name);

// Options::threads as a count: 0 is one thread per core the machine reports.
int thread_count(int threads);

// Sets LibTorch's intra-op threads to thread_count(threads).
void apply_thread_count(int threads);

}  // namespace dip
