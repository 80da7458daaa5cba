// robots.txt per RFC 9309: our own parser and matcher (no I/O), plus the rule for what an
// unavailable (4xx) or unreachable (5xx, network error) robots.txt means.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace om::crawler {

/// RFC 9309 2.5: crawlers must parse at least 500 KiB; we read and parse this much.
inline constexpr std::size_t kRobotsMaxBytes = std::size_t{512} * 1024;

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // percent-encoding normalised; may hold '*' and a final '$'
};

/// The rules of robots.txt that apply to one user agent.
class RobotsPolicy {
 public:
  /// Parses `body` (first kRobotsMaxBytes only) and keeps the groups for `product_token`
  /// (matched case-insensitively, RFC 9309 2.2.1), else the `*` groups, else allows all.
  static RobotsPolicy parse(std::string_view body, std::string_view product_token);
  /// 4xx: "unavailable", everything is allowed (RFC 9309 2.3.1.3).
  static RobotsPolicy allow_all();
  /// 5xx or network failure: "unreachable", everything is disallowed (RFC 9309 2.3.1.4).
  static RobotsPolicy disallow_all();
  /// What robots.txt with this HTTP status (0 = no response) means for the crawl.
  static RobotsPolicy from_response(int http_status, std::string_view body,
                                    std::string_view product_token);

  /// Whether `path_and_query` may be fetched: the longest matching pattern wins and Allow
  /// wins ties; "/robots.txt" itself is always allowed.
  [[nodiscard]] bool is_allowed(std::string_view path_and_query) const;
  /// Crawl-delay of the matched group, if any (a common extension, not part of RFC 9309).
  [[nodiscard]] std::optional<std::chrono::milliseconds> crawl_delay() const {
    return crawl_delay_;
  }
  /// Sitemap: lines (they apply to every agent).
  [[nodiscard]] const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  [[nodiscard]] const std::vector<RobotsRule>& rules() const { return rules_; }

 private:
  std::vector<RobotsRule> rules_;
  std::optional<std::chrono::milliseconds> crawl_delay_;
  std::vector<std::string> sitemaps_;
  bool disallow_all_ = false;
};

/// Whether robots `pattern` ('*' any run of bytes, final '$' end anchor) matches the start
/// of `path`. Linear in |pattern| x |path|, no backtracking.
[[nodiscard]] bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace om::crawler
