#include "interrupt_watcher.hpp"

#include <pthread.h>

#include <cstdio>
#include <cstdlib>

#include "intl.hpp"

namespace dip::cli {
namespace {

// Sent by the destructor to wake the waiting thread; a SIGUSR1 from outside is ignored.
constexpr int kWakeSignal = SIGUSR1;

}  // namespace

InterruptWatcher::InterruptWatcher(dip::StopToken& stop) : stop_(stop) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, kWakeSignal);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  thread_ = std::thread([this] { wait_for_signals(); });
}

InterruptWatcher::~InterruptWatcher() {
  closing_.store(true);
  pthread_kill(thread_.native_handle(), kWakeSignal);
  thread_.join();
}

void InterruptWatcher::wait_for_signals() {
  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals_, &signal_number) != 0) continue;
    if (signal_number == kWakeSignal) {
      if (closing_.load()) return;
      continue;
    }
    if (received_.exchange(signal_number) != 0) std::_Exit(128 + signal_number);
    stop_.cancel();
    std::fprintf(stderr, "\ndip-restore: %s\n",
                 _("cancelling (press Ctrl-C again to quit at once)"));
  }
}

}  // namespace dip::cli
