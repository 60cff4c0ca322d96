#include "process_env.hpp"

#include <cstdlib>

#include <unistd.h>

namespace dip::front {

void ensure_passive_openmp(char** argv) {
#ifdef __linux__
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed: carry on with spinning threads rather than not at all.
#else
  (void)argv;
#endif
}

}  // namespace dip::front
