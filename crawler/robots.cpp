// robots.txt parsing and matching per RFC 9309 (groups, longest match, Allow wins ties,
// '*' and '$'), in one forward pass over at most kRobotsMaxBytes.
#include "crawler/robots.h"

#include <cctype>
#include <cstdlib>

#include "core/text.h"
#include "core/url.h"

namespace om::crawler {
namespace {

struct Line {
  std::string key;  // lower-case
  std::string_view value;
};

std::optional<Line> split_line(std::string_view line) {
  if (auto hash = line.find('#'); hash != std::string_view::npos) {
    line = line.substr(0, hash);
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  Line out{to_lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1))};
  // Common misspellings the RFC lets parsers accept (2.2.4: "MAY be lenient").
  if (out.key == "useragent" || out.key == "user agent") {
    out.key = "user-agent";
  } else if (out.key == "dissallow" || out.key == "dissalow" || out.key == "disalow") {
    out.key = "disallow";
  }
  return out;
}

// A user-agent value matches our product token when its first token (letters, '_' and '-')
// equals it, case-insensitively ("om-research/1.0" matches "om-research").
bool agent_matches(std::string_view value, std::string_view product_token) {
  std::size_t n = 0;
  while (n < value.size() && (std::isalpha(static_cast<unsigned char>(value[n])) != 0 ||
                              value[n] == '_' || value[n] == '-')) {
    ++n;
  }
  return n > 0 && iequals(value.substr(0, n), product_token);
}

// State of the forward pass: which groups the current rules belong to.
struct ParseState {
  bool in_agent_lines = false;  // the previous record was a user-agent line
  bool group_is_ours = false;
  bool group_is_star = false;
  bool saw_ours = false;
  std::vector<RobotsRule> ours, star;
  std::optional<std::chrono::milliseconds> ours_delay, star_delay;
};

std::optional<std::chrono::milliseconds> parse_delay(std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(seconds >= 0) || seconds > 1e6) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

void take_line(const Line& line, std::string_view token, ParseState& st,
               std::vector<std::string>& sitemaps) {
  if (line.key == "user-agent") {
    if (!st.in_agent_lines) {
      st.group_is_ours = st.group_is_star = false;
    }
    st.in_agent_lines = true;
    if (agent_matches(line.value, token)) {
      st.group_is_ours = st.saw_ours = true;
    } else if (trim(line.value) == "*") {
      st.group_is_star = true;
    }
    return;
  }
  if (line.key == "sitemap") {
    sitemaps.emplace_back(line.value);
    return;  // not a group member: does not end the user-agent lines
  }
  st.in_agent_lines = false;
  if (line.key == "allow" || line.key == "disallow") {
    if (line.value.empty()) {
      return;  // "Disallow:" with no path allows everything: no rule
    }
    RobotsRule rule{line.key == "allow", normalize_percent_encoding(line.value)};
    if (st.group_is_ours) {
      st.ours.push_back(rule);
    }
    if (st.group_is_star) {
      st.star.push_back(std::move(rule));
    }
  } else if (line.key == "crawl-delay") {
    auto delay = parse_delay(line.value);
    if (st.group_is_ours && delay) {
      st.ours_delay = delay;
    }
    if (st.group_is_star && delay) {
      st.star_delay = delay;
    }
  }
}

}  // namespace

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  // Set of path positions the pattern prefix can end at (google/robotstxt's approach).
  std::vector<std::size_t> pos{0};
  std::vector<std::size_t> next;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '$' && i + 1 == pattern.size()) {
      return pos.back() == path.size();
    }
    next.clear();
    if (c == '*') {
      for (std::size_t p = pos.front(); p <= path.size(); ++p) {
        next.push_back(p);
      }
    } else {
      for (std::size_t p : pos) {
        if (p < path.size() && path[p] == c) {
          next.push_back(p + 1);
        }
      }
    }
    if (next.empty()) {
      return false;
    }
    pos.swap(next);
  }
  return true;
}

RobotsPolicy RobotsPolicy::parse(std::string_view body, std::string_view product_token) {
  body = body.substr(0, kRobotsMaxBytes);
  if (body.starts_with("\xEF\xBB\xBF")) {
    body.remove_prefix(3);
  }
  ParseState st;
  RobotsPolicy policy;
  while (!body.empty()) {
    auto end = body.find_first_of("\r\n");
    std::string_view raw = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (auto line = split_line(raw)) {
      take_line(*line, product_token, st, policy.sitemaps_);
    }
  }
  policy.rules_ = st.saw_ours ? std::move(st.ours) : std::move(st.star);
  policy.crawl_delay_ = st.saw_ours ? st.ours_delay : st.star_delay;
  return policy;
}

RobotsPolicy RobotsPolicy::allow_all() {
  return RobotsPolicy{};
}

RobotsPolicy RobotsPolicy::disallow_all() {
  RobotsPolicy policy;
  policy.disallow_all_ = true;
  return policy;
}

RobotsPolicy RobotsPolicy::from_response(int http_status, std::string_view body,
                                         std::string_view product_token) {
  if (http_status >= 200 && http_status < 300) {
    return parse(body, product_token);
  }
  // 429 is a 4xx but means "come back later": treat as unreachable, like Google does.
  if (http_status >= 400 && http_status < 500 && http_status != 429) {
    return allow_all();
  }
  return disallow_all();
}

bool RobotsPolicy::is_allowed(std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") {
    return true;
  }
  if (disallow_all_) {
    return false;
  }
  const std::string path = normalize_percent_encoding(path_and_query);
  std::size_t best_length = 0;
  bool allowed = true;
  bool matched = false;
  for (const RobotsRule& rule : rules_) {
    if (!robots_pattern_matches(rule.pattern, path)) {
      continue;
    }
    const std::size_t length = rule.pattern.size();
    if (!matched || length > best_length || (length == best_length && rule.allow)) {
      allowed = (length == best_length && matched) ? (allowed || rule.allow) : rule.allow;
      best_length = length;
      matched = true;
    }
  }
  return allowed;
}

}  // namespace om::crawler
