// The bytes the HTML parser is given: see html_prepare.h.
#include "extract/detail/html_prepare.h"

#include <cstddef>

#include "core/text.h"

namespace om::extract::detail {
namespace {

// Tags nested deeper than this are dropped before parsing (html_prepare.h).
constexpr int kMaxNesting = 256;

bool is_void_or_optional_end(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area",  "base",   "br",       "col",   "embed", "hr",    "img",      "input", "link", "meta",
      "param", "source", "track",    "wbr",   "p",     "li",    "dt",       "dd",    "tr",   "td",
      "th",    "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb",    "rt",   "rp"};
  constexpr std::size_t kLongest = 8;  // "optgroup", "colgroup"
  if (name.size() > kLongest) {
    return false;
  }
  char lower[kLongest];
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view lowered(lower, name.size());
  for (auto n : kNames) {
    if (n == lowered) {
      return true;
    }
  }
  return false;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '!';
}

// Walks the tags of `html` as limit_nesting() counts them, calling `on_tag(lt, gt, keep)` for
// each one (`keep` false: it would nest deeper than kMaxNesting). An estimate (implied end tags are
// ignored), enough to keep gumbo linear on hostile input.
template <typename OnTag>
void walk_tags(std::string_view html, OnTag on_tag) {
  int depth = 0;
  int dropped = 0;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) {
      break;
    }
    bool closing = html[lt + 1] == '/';
    std::size_t name_start = lt + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() && is_name_char(html[name_end])) {
      ++name_end;
    }
    std::size_t gt = html.find('>', lt);
    if (name_end == name_start || gt == std::string_view::npos) {
      i = lt + 1;
      continue;
    }
    std::string_view name = html.substr(name_start, name_end - name_start);
    // <!-- comments -->, <!DOCTYPE> and <![CDATA[ ]]> open nothing.
    bool self_closing = html[gt - 1] == '/' || name.front() == '!' || is_void_or_optional_end(name);
    bool keep = true;
    if (self_closing) {
      // no depth change
    } else if (closing) {
      if (dropped > 0) {
        --dropped;
        keep = false;
      } else if (depth > 0) {
        --depth;
      }
    } else if (depth >= kMaxNesting) {
      ++dropped;
      keep = false;
    } else {
      ++depth;
    }
    on_tag(lt, gt, keep);
    i = gt + 1;
  }
}

// `html` without the start and end tags that would nest deeper than kMaxNesting (each becomes
// a space); nullopt when there is none, so that a usual page is parsed without a copy.
std::optional<std::string> limit_nesting(std::string_view html) {
  bool too_deep = false;
  walk_tags(html, [&](std::size_t, std::size_t, bool keep) { too_deep = too_deep || !keep; });
  if (!too_deep) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;  // html[0, copied) is in `out`
  walk_tags(html, [&](std::size_t lt, std::size_t gt, bool keep) {
    if (!keep) {
      out.append(html.substr(copied, lt - copied));
      out += ' ';
      copied = gt + 1;
    }
  });
  out.append(html.substr(copied));
  return out;
}

// `html` with each byte that starts no well-formed UTF-8 sequence as U+FFFD and each NUL as a
// space, or nullopt when it has neither: libxml2 would read the rest of a page with a bad byte as
// Latin-1, and ends its text at a NUL.
std::optional<std::string> repaired_utf8(std::string_view html) {
  if (html.find('\0') == std::string_view::npos && is_valid_utf8(html)) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '\0') {
      out += ' ';
      ++i;
    } else if (std::size_t n = utf8_sequence_length(html, i); n > 0) {
      out.append(html.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> prepared_for_parser(std::string_view html) {
  std::optional<std::string> limited = limit_nesting(html);
  if (auto repaired = repaired_utf8(limited ? std::string_view(*limited) : html)) {
    return repaired;
  }
  return limited;
}

}  // namespace om::extract::detail
