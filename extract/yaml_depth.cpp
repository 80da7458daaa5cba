// scan_flow_depth: see detail/yaml_depth.h.
#include "extract/detail/yaml_depth.h"

namespace om::extract::detail {
namespace {

/// Whether position `i` of `s` is where a node may start in block context: only spaces before it
/// on its line, or right after "- ", ": " or "? " (with any spaces between).
bool node_start(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j > 0 && s[j - 1] == ' ') {
    --j;
  }
  if (j == 0 || s[j - 1] == '\n') {
    return true;
  }
  if (j == i) {
    return false;  // no space before it: "a[1]" is plain text
  }
  const char c = s[j - 1];
  return c == '-' || c == ':' || c == '?';
}

/// The index just past a quoted scalar starting at `i` (`'` doubles itself, `"` escapes with \).
std::size_t skip_quoted(std::string_view s, std::size_t i) {
  const char quote = s[i];
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (quote == '"' && s[j] == '\\') {
      ++j;
    } else if (s[j] == quote) {
      if (quote == '\'' && j + 1 < s.size() && s[j + 1] == '\'') {
        ++j;
        continue;
      }
      return j + 1;
    }
  }
  return s.size();
}

}  // namespace

FlowDepth scan_flow_depth(std::string_view s, std::uint32_t limit) {
  FlowDepth out;
  std::uint32_t depth = 0;
  std::size_t line = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
    } else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n')) {
      while (i + 1 < s.size() && s[i + 1] != '\n') {
        ++i;  // a comment, to the end of its line
      }
    } else if ((c == '"' || c == '\'') && (depth > 0 || node_start(s, i))) {
      for (std::size_t end = skip_quoted(s, i); i + 1 < end; ++i) {
        line += s[i + 1] == '\n' ? 1 : 0;
      }
    } else if ((c == '[' || c == '{') && (depth > 0 || node_start(s, i))) {
      if (++depth > out.max_depth) {
        out.max_depth = depth;
      }
      if (depth > limit) {
        out.line = line;
        return out;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return out;
}

}  // namespace om::extract::detail
