// Notices that GIMP has gone while a fit runs (it quit, was killed or crashed). GIMP starts each
// plug-in as its own child; once it is gone the plug-in is re-parented, nobody is left to take
// the result, and libgimp would only find out at its next call, possibly hours later, then
// exit() with the fit still running on another thread. The front ends poll this between
// iterations and cancel instead, so the plug-in ends within one iteration, cleanly.
#pragma once

#include <unistd.h>

namespace dip::front {

class HostWatch {
 public:
  HostWatch() : host_(getppid()) {}
  bool host_gone() const { return getppid() != host_; }

 private:
  pid_t host_;
};

}  // namespace dip::front
