// Process set-up a front end does first thing in main(), before any library spins up threads.
#pragma once

namespace dip::front {

// LibTorch's OpenMP threads spin at every barrier by default. Inside GIMP they share the cores
// with GIMP's own GEGL threads (and whatever else the user runs): with spinning threads one
// descheduled thread stalls every barrier, and a fit ran 30-50 times slower on a busy 2-core
// machine (2.7 s instead of 0.08 s per iteration). libgomp reads OMP_WAIT_POLICY only when it
// is loaded, before main(), so when the user has not chosen a policy this sets PASSIVE and
// re-executes the program with the same arguments (and open file descriptors, which carry
// GIMP's plug-in protocol). Returns normally when nothing had to be done or exec failed.
void ensure_passive_openmp(char** argv);

}  // namespace dip::front
