// The engine's stop hooks: CrawlOptions::should_stop and max_duration, polled on the loop.
#include <chrono>

#include "crawler/detail/engine.h"

namespace om::crawler::detail {

using SteadyClock = std::chrono::steady_clock;

bool Engine::arm_stop_hooks() {
  if (!options_.should_stop && options_.max_duration.count() <= 0) {
    return true;
  }
  if (stop_requested()) {
    stats_.stopped = true;
    stats_.dropped += frontier_.clear();
    return false;
  }
  loop_.every(options_.stop_poll_interval, [this] { check_stop(); });
  return true;
}

bool Engine::stop_requested() const {
  if (options_.max_duration.count() > 0 && SteadyClock::now() - started_ >= options_.max_duration) {
    return true;
  }
  try {
    return options_.should_stop && options_.should_stop();
  } catch (...) {  // a hook that throws asks for nothing
    return false;
  }
}

void Engine::check_stop() {
  if (!stop_requested()) {
    finish_if_idle();  // the tick keeps the loop busy: it must see the end of the crawl too
    return;
  }
  stats_.stopped = true;
  stats_.dropped += frontier_.clear();
  loop_.stop();  // transfers in flight are abandoned: the loop's destructor removes them
}

bool Engine::idle() const {
  return in_flight_ == 0 && (frontier_.empty() || fatal_);
}

void Engine::finish_if_idle() {
  if (idle()) {
    loop_.stop();
  }
}

}  // namespace om::crawler::detail
