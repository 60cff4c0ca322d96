// Ctrl-C (SIGINT) and SIGTERM without a signal handler or global state: the signals are blocked
// in every thread and one thread waits for them with sigwait(), then asks the engine to cancel
// through its StopToken. A second signal ends the process at once.
#pragma once

#include <signal.h>

#include <atomic>
#include <thread>

#include "dip/restore.hpp"

namespace dip::cli {

class InterruptWatcher {
 public:
  // Construct before any other thread starts (LibTorch's pools included): threads inherit the
  // signal mask of the thread that starts them.
  explicit InterruptWatcher(dip::StopToken& stop);
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  // The signal that asked to stop, 0 if none.
  int signal_received() const { return received_.load(); }

 private:
  void wait_for_signals();

  dip::StopToken& stop_;
  sigset_t signals_{};
  std::atomic<int> received_{0};
  std::atomic<bool> closing_{false};
  std::thread thread_;
};

}  // namespace dip::cli
