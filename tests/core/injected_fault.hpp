// Sets DIP_FAULT (the engine's testing hook, core/src/fault.hpp) for the scope of one test.
// restore() reads it when a run starts, so the scope must cover the run's start.
#pragma once

#include <cstdlib>

namespace dip::test {

class InjectedFault {
 public:
  explicit InjectedFault(const char* spec) { setenv("DIP_FAULT", spec, 1); }
  ~InjectedFault() { unsetenv("DIP_FAULT"); }
  InjectedFault(const InjectedFault&) = delete;
  InjectedFault& operator=(const InjectedFault&) = delete;
};

}  // namespace dip::test
