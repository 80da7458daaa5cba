// Whether two base URLs agree (report/merge.cpp's base-URL conflicts): server templates such as
// "https://{region}.x.com" are wildcards, and one path may extend the other.
#include "report/detail/url_match.h"

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "report/detail/ordering.h"

namespace om::report::detail {
namespace {

// Wildcard match where '*' (a "{var}" template) matches any run of characters.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::string templates_to_stars(std::string_view s) {
  std::string out;
  bool in_var = false;
  for (char c : s) {
    if (c == '{') {
      in_var = true;
      out += '*';
    } else if (c == '}') {
      in_var = false;
    } else if (!in_var) {
      out += c;
    }
  }
  return out;
}

bool part_match(std::string_view a, std::string_view b) {
  std::string x = templates_to_stars(a);
  std::string y = templates_to_stars(b);
  return glob_match(x, y) || glob_match(y, x);
}

// Same host (templates as wildcards) and one path a prefix of the other, segment by segment:
// "https://api.x.com" and "https://api.x.com/v1" agree; "https://{region}.x.com" fits "us".
}  // namespace

bool urls_agree(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& url) {
    std::string n = url_match_key(url);
    std::size_t scheme = n.find("://");
    std::string_view rest =
        std::string_view(n).substr(scheme == std::string::npos ? 0 : scheme + 3);
    std::vector<std::string> out;
    for (auto seg : split(rest.substr(0, rest.find('?')), '/')) {
      out.emplace_back(seg);
    }
    return out;
  };
  std::vector<std::string> x = parts(a);
  std::vector<std::string> y = parts(b);
  std::size_t n = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!part_match(x[i], y[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace om::report::detail
