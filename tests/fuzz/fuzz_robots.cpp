// libFuzzer target: robots.txt parsing and matching (RFC 9309, crawler/robots.h). Invariants:
// the parser and matcher never fail; /robots.txt is always allowed; parsing is deterministic;
// each rule's own pattern (without wildcards) is decided by a rule at least as long.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crawler/robots.h"

namespace {

std::string literal_prefix(std::string_view pattern) {
  std::size_t star = pattern.find_first_of("*$");
  return std::string(pattern.substr(0, star));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using om::crawler::RobotsPolicy;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  RobotsPolicy policy = RobotsPolicy::parse(body, "om-research");
  if (!policy.is_allowed("/robots.txt")) {
    std::abort();
  }
  RobotsPolicy again = RobotsPolicy::parse(body, "om-research");
  if (again.rules().size() != policy.rules().size() ||
      again.crawl_delay() != policy.crawl_delay() || again.sitemaps() != policy.sitemaps()) {
    std::abort();  // deterministic
  }
  for (const om::crawler::RobotsRule& rule : policy.rules()) {
    std::string path = literal_prefix(rule.pattern);
    if (!path.empty() && path.front() == '/') {
      bool allowed = policy.is_allowed(path);
      if (allowed != again.is_allowed(path)) {
        std::abort();
      }
      // A pattern with no wildcard matches its own text.
      if (path == rule.pattern && !om::crawler::robots_pattern_matches(rule.pattern, path)) {
        std::abort();
      }
    }
  }
  // The body's lines as paths: arbitrary text through the matcher.
  std::size_t pos = 0;
  for (int i = 0; i < 8 && pos < body.size(); ++i) {
    std::size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    (void)policy.is_allowed(line);
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  (void)RobotsPolicy::from_response(503, body, "om-research").is_allowed("/");
  return 0;
}
