#include "device.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>

#include <thread>

#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include "dip/restore.hpp"
#include "intl.hpp"

namespace dip {

torch::Device select_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda" || name == "auto") {
    if (torch::cuda::is_available()) return torch::Device(torch::kCUDA, 0);
    if (name == "auto") return torch::kCPU;
    throw Error(
        N_("CUDA was asked for, but this build of LibTorch or this machine has no usable CUDA "
           "device; use --device cpu"));
  }
  throw Error(N_("unknown device '%s' (expected cpu, cuda or auto)"), {name});
}

bool names_cpu(const std::string& name) {
  return name == "cpu" || (name == "auto" && !torch::cuda::is_available());
}

int thread_count(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void apply_thread_count(int threads) {
  const int n = thread_count(threads);
  if (at::get_num_threads() != n) at::set_num_threads(n);
}

bool cuda_available() { return torch::cuda::is_available(); }

void tune_process_allocator() {
  // Tensors of a fit are megabytes each and are freed and re-made every iteration. By default
  // glibc serves them with mmap and returns them on free, so every iteration page-faults them
  // back in: keep them on the heap and never trim it mid-run.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

void ensure_passive_openmp(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed: carry on with spinning threads rather than not at all.
}

}  // namespace dip
