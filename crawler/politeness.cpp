// Politeness slots, Retry-After and HTTP-date parsing, retry backoff. No I/O, no sleeps.
#include "crawler/politeness.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "core/text.h"

namespace om::crawler {

Politeness::Politeness(const CrawlOptions& options, std::uint64_t seed)
    : delay_(options.delay),
      max_crawl_delay_(options.max_crawl_delay),
      per_host_(std::max(1, options.per_host_concurrency)),
      rng_(seed) {}

std::optional<SteadyTime> Politeness::next_ready(const std::string& host, SteadyTime now) const {
  auto it = slots_.find(host);
  if (it == slots_.end()) {
    return now;
  }
  if (it->second.in_flight >= per_host_) {
    return std::nullopt;
  }
  return std::max(now, it->second.not_before);
}

Millis Politeness::jittered(Millis base) {
  if (base.count() <= 0) {
    return Millis{0};
  }
  // The delay is a floor: jitter only adds (1x-1.5x), so "1 s between requests" always holds
  // (a log of the server proves it; bench/crawl_bench.sh checks nginx's). Scrapy's 0.5x-1.5x
  // would let two requests come 0.5 s apart.
  std::uniform_real_distribution<double> factor(1.0, 1.5);
  return Millis(static_cast<long long>(static_cast<double>(base.count()) * factor(rng_)));
}

void Politeness::on_start(const std::string& host, SteadyTime now) {
  Slot& slot = slots_[host];
  ++slot.in_flight;
  slot.last_start = now;
  const Millis base = std::max(delay_, slot.crawl_delay);
  slot.not_before = std::max(slot.not_before, now + jittered(base));
}

void Politeness::on_finish(const std::string& host) {
  auto it = slots_.find(host);
  if (it != slots_.end() && it->second.in_flight > 0) {
    --it->second.in_flight;
  }
}

void Politeness::set_crawl_delay(const std::string& host, Millis delay) {
  Slot& slot = slots_[host];
  slot.crawl_delay = std::clamp(delay, Millis{0}, max_crawl_delay_);
  // It holds from the request that brought it (robots.txt): the next one waits the whole delay.
  if (slot.last_start) {
    slot.not_before = std::max(slot.not_before, *slot.last_start + slot.crawl_delay);
  }
}

void Politeness::defer(const std::string& host, SteadyTime until) {
  Slot& slot = slots_[host];
  slot.not_before = std::max(slot.not_before, until);
}

int Politeness::in_flight(const std::string& host) const {
  auto it = slots_.find(host);
  return it == slots_.end() ? 0 : it->second.in_flight;
}

bool is_retryable_status(int http_status) {
  return http_status == 408 || http_status == 429 || (http_status >= 500 && http_status < 600);
}

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

std::optional<int> to_int(std::string_view s) {
  if (s.empty() || s.size() > 9) {
    return std::nullopt;
  }
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

struct DateParts {
  int day = -1, month = -1, year = -1, hour = -1, minute = -1, second = -1;
};

bool take_time(std::string_view tok, DateParts& d) {
  auto parts = split(tok, ':');
  if (parts.size() != 3) {
    return false;
  }
  auto h = to_int(parts[0]), m = to_int(parts[1]), s = to_int(parts[2]);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) {
    return false;
  }
  d.hour = *h, d.minute = *m, d.second = *s;
  return true;
}

// Token by token, so one routine reads all three RFC 9110 date formats.
bool take_token(std::string_view tok, DateParts& d) {
  if (tok.find(':') != std::string_view::npos) {
    return take_time(tok, d);
  }
  const std::string lower = to_lower(tok);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (lower == kMonths[m]) {
      d.month = static_cast<int>(m) + 1;
      return true;
    }
  }
  if (auto v = to_int(tok)) {
    if (tok.size() <= 2 && d.day < 0) {
      d.day = *v;
    } else if (d.year < 0) {
      d.year = tok.size() == 2 ? (*v < 70 ? 2000 + *v : 1900 + *v) : *v;
    } else {
      return false;
    }
    return true;
  }
  return lower == "gmt" || lower == "utc" || (lower.size() >= 3 && lower.size() <= 9);  // weekday
}

}  // namespace

std::optional<Clock::time_point> parse_http_date(std::string_view value) {
  DateParts d;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || value[i] == ' ' || value[i] == ',' || value[i] == '-') {
      if (i > start && !take_token(value.substr(start, i - start), d)) {
        return std::nullopt;
      }
      start = i + 1;
    }
  }
  if (d.day < 1 || d.month < 1 || d.year < 1970 || d.hour < 0) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(d.year),
                                        std::chrono::month(static_cast<unsigned>(d.month)),
                                        std::chrono::day(static_cast<unsigned>(d.day))};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return std::chrono::sys_days(ymd) + std::chrono::hours(d.hour) + std::chrono::minutes(d.minute) +
         std::chrono::seconds(d.second);
}

std::optional<Millis> parse_retry_after(std::string_view value, Clock::time_point now) {
  value = trim(value);
  if (auto seconds = to_int(value)) {
    return std::chrono::duration_cast<Millis>(std::chrono::seconds(*seconds));
  }
  auto date = parse_http_date(value);
  if (!date) {
    return std::nullopt;
  }
  return *date <= now ? Millis{0} : std::chrono::duration_cast<Millis>(*date - now);
}

Millis retry_backoff(int attempt, double jitter, Millis base, Millis cap) {
  const double exp = std::ldexp(1.0, std::clamp(attempt - 1, 0, 20));
  const double ms = static_cast<double>(base.count()) * exp * std::clamp(jitter, 0.5, 1.5);
  return std::min(cap, Millis(static_cast<long long>(std::min(ms, 1e12))));
}

}  // namespace om::crawler
