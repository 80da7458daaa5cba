// SIGINT and SIGTERM for a research run: the first asks the run to stop fetching and write what
// it gathered (marked partial); a second one exits at once.
#pragma once

namespace om::app {

/// Installs the handlers for its lifetime (one at a time; the previous handlers come back).
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  StopSignals(StopSignals&&) = delete;
  StopSignals& operator=(StopSignals&&) = delete;

  /// The first signal received (SIGINT or SIGTERM), 0 for none yet. Safe from any thread.
  [[nodiscard]] static int received();
};

}  // namespace om::app
