// Unit tests for politeness slots, Retry-After parsing and retry backoff; time is a parameter.
#include "crawler/politeness.h"

#include <doctest/doctest.h>

using namespace om::crawler;
using namespace std::chrono_literals;

namespace {
CrawlOptions options_with(Millis delay, int per_host) {
  CrawlOptions o;
  o.delay = delay;
  o.per_host_concurrency = per_host;
  return o;
}
}  // namespace

TEST_CASE("politeness: one request per host at a time, then a jittered delay") {
  Politeness p(options_with(1000ms, 1), 7);
  const SteadyTime t0{};
  CHECK(p.next_ready("a.test", t0) == t0);
  p.on_start("a.test", t0);
  CHECK_FALSE(p.next_ready("a.test", t0 + 10ms).has_value());  // at its cap
  CHECK(p.next_ready("b.test", t0) == t0);                     // other hosts are independent
  p.on_finish("a.test");
  auto ready = p.next_ready("a.test", t0 + 10ms);
  REQUIRE(ready);
  CHECK(*ready >= t0 + 1000ms);  // the delay is a floor
  CHECK(*ready <= t0 + 1500ms);
}

TEST_CASE("politeness: jitter stays within 1x to 1.5x of the delay, never below it") {
  Politeness p(options_with(100ms, 1), 42);
  SteadyTime now{};
  Millis low{1000}, high{0};
  for (int i = 0; i < 200; ++i) {
    p.on_start("h", now);
    p.on_finish("h");
    const auto wait = std::chrono::duration_cast<Millis>(*p.next_ready("h", now) - now);
    low = std::min(low, wait), high = std::max(high, wait);
    now += wait;
  }
  CHECK(low >= 100ms);
  CHECK(high <= 150ms);
  CHECK(high - low > 25ms);  // it really is jittered
}

TEST_CASE("politeness: robots Crawl-delay is capped at 30 s and Retry-After defers") {
  Politeness p(options_with(0ms, 2), 1);
  const SteadyTime t0{};
  p.set_crawl_delay("h", 3600s);
  p.on_start("h", t0);
  CHECK(*p.next_ready("h", t0) <= t0 + 45s);  // 30 s x 1.5 at most
  CHECK(*p.next_ready("h", t0) >= t0 + 15s);
  p.defer("g", t0 + 120s);
  CHECK(*p.next_ready("g", t0) == t0 + 120s);
  CHECK(*p.next_ready("g", t0 + 200s) == t0 + 200s);
}

TEST_CASE("politeness: a Crawl-delay learnt from robots.txt holds from the robots.txt request") {
  Politeness p(options_with(1000ms, 1), 3);
  const SteadyTime t0{};
  p.on_start("h", t0);  // the robots.txt request, with the default 1 s delay
  p.on_finish("h");
  p.set_crawl_delay("h", 2000ms);  // its answer asks for 2 s
  CHECK(*p.next_ready("h", t0 + 100ms) >= t0 + 2000ms);
}

TEST_CASE("retry: only 408, 429 and 5xx are retried") {
  CHECK(is_retryable_status(408));
  CHECK(is_retryable_status(429));
  CHECK(is_retryable_status(503));
  CHECK_FALSE(is_retryable_status(404));
  CHECK_FALSE(is_retryable_status(304));
  CHECK_FALSE(is_retryable_status(200));
}

TEST_CASE("retry: Retry-After is read as seconds or as any HTTP-date format") {
  const auto now = *parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(parse_retry_after("120", now) == Millis(120000));
  CHECK(parse_retry_after(" 0 ", now) == Millis(0));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now) == Millis(60000));
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now) == Millis(10000));
  CHECK(parse_retry_after("Sun Nov  6 08:49:39 1994", now) == Millis(2000));
  CHECK(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now) == Millis(0));  // past
  CHECK_FALSE(parse_retry_after("soon", now).has_value());
  CHECK_FALSE(parse_retry_after("-5", now).has_value());
}

TEST_CASE("retry: backoff doubles, is jittered and capped") {
  CHECK(retry_backoff(1, 1.0, 1000ms, 30s) == 1000ms);
  CHECK(retry_backoff(2, 1.0, 1000ms, 30s) == 2000ms);
  CHECK(retry_backoff(2, 0.5, 1000ms, 30s) == 1000ms);
  CHECK(retry_backoff(10, 1.5, 1000ms, 30s) == 30s);
}
