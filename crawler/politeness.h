// Per-host politeness and retry policy (STYLE.md 2.4): concurrency caps, jittered delays,
// robots Crawl-delay, Retry-After (RFC 9110 10.2.3) and capped backoff. Pure: `now` is a parameter.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/types.h"
#include "crawler/crawler.h"

namespace om::crawler {

using SteadyTime = std::chrono::steady_clock::time_point;
using Millis = std::chrono::milliseconds;

/// Per-host request slots: when may the next request to a host start?
class Politeness {
 public:
  Politeness(const CrawlOptions& options, std::uint64_t seed);

  /// Earliest time a request to `host` may start; nullopt while the host is at its
  /// concurrency cap (wait for a completion). A time <= now means "start now".
  [[nodiscard]] std::optional<SteadyTime> next_ready(const std::string& host, SteadyTime now) const;
  /// A request to `host` starts now: takes a slot and draws the next jittered delay.
  void on_start(const std::string& host, SteadyTime now);
  /// A request to `host` finished: frees its slot.
  void on_finish(const std::string& host);
  /// robots.txt Crawl-delay for `host` (capped); replaces the configured delay when longer.
  void set_crawl_delay(const std::string& host, Millis delay);
  /// Retry-After / backoff: no request to `host` starts before `until`.
  void defer(const std::string& host, SteadyTime until);
  [[nodiscard]] int in_flight(const std::string& host) const;

 private:
  struct Slot {
    int in_flight = 0;
    SteadyTime not_before{};
    Millis crawl_delay{0};
    std::optional<SteadyTime> last_start;  // of the host's latest request
  };
  Millis jittered(Millis base);

  Millis delay_;
  Millis max_crawl_delay_;
  int per_host_;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, Slot> slots_;
};

/// Whether a response status is worth retrying: 408, 429 and 5xx.
[[nodiscard]] bool is_retryable_status(int http_status);

/// Parses a Retry-After value: delay-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime),
/// relative to `now`; a date in the past gives zero. nullopt when unparsable.
[[nodiscard]] std::optional<Millis> parse_retry_after(std::string_view value,
                                                      Clock::time_point now);

/// Parses an HTTP-date (RFC 9110 5.6.7) to a time point; nullopt when unparsable.
[[nodiscard]] std::optional<Clock::time_point> parse_http_date(std::string_view value);

/// Backoff before retry number `attempt` (1-based): base * 2^(attempt-1) scaled by `jitter`
/// (0.5..1.5), capped.
[[nodiscard]] Millis retry_backoff(int attempt, double jitter, Millis base, Millis cap);

}  // namespace om::crawler
