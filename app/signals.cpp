// StopSignals: see signals.h. The handler only stores the signal number or, the second time,
// calls _exit (both async-signal-safe).
#include "app/signals.h"

#include <csignal>

#include <unistd.h>

namespace om::app {
namespace {

volatile std::sig_atomic_t g_received = 0;
struct sigaction g_old_int {};
struct sigaction g_old_term {};

extern "C" void on_stop_signal(int sig) {
  if (g_received != 0) {
    _exit(128 + sig);  // a second signal: the user insists
  }
  g_received = sig;
  static const char kSaid[] =
      "om-research: stopping: writing what was gathered (a second signal exits at once)\n";
  (void)!write(STDERR_FILENO, kSaid, sizeof kSaid - 1);
}

}  // namespace

StopSignals::StopSignals() {
  g_received = 0;
  struct sigaction action {};
  action.sa_handler = &on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

int StopSignals::received() {
  return g_received;
}

}  // namespace om::app
