// Escaping of untrusted document text for the Markdown section: one line, no raw HTML, no
// heading, fence, table or link syntax (CommonMark 0.31 backslash escapes and entities).
#include "report/detail/markdown_text.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace om::report::detail {
namespace {

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// Newlines, tabs and other control bytes become single spaces; the result is trimmed.
std::string one_line(std::string_view s, std::size_t max_bytes) {
  std::string flat;
  flat.reserve(s.size());
  for (char c : s) {
    flat.push_back(is_control(static_cast<unsigned char>(c)) ? ' ' : c);
  }
  flat = squash_space(flat);
  if (flat.size() > max_bytes) {
    flat = clip_quote(flat, max_bytes);
    flat += "…";
  }
  return flat;
}

// Backslash escapes and entities for one line of text (already flattened).
std::string escape(std::string_view flat) {
  std::string out;
  out.reserve(flat.size() + flat.size() / 4);
  for (char c : flat) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '#':
      case '|':
      case '*':
      case '_':
      case '[':
      case ']':
      case '`':
      case '\\':
      case '~':
        out.push_back('\\');
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

bool codeable(std::string_view code) {
  return !code.empty() && code.find_first_of("`<>|") == std::string_view::npos;
}

// Escaped one-line text, or a code span, of `s` (not yet wrapped as Markdown).
std::string text_of(std::string_view s, std::size_t max_bytes) {
  return escape(one_line(s, max_bytes));
}

std::string code_of(std::string_view s, std::size_t max_bytes) {
  std::string flat = one_line(s, max_bytes);
  if (flat.empty()) {
    return {};
  }
  for (char c : s) {
    if (c == '`' || c == '<' || c == '>' || c == '|' || is_control(static_cast<unsigned char>(c))) {
      return text_of(s, max_bytes);
    }
  }
  return "`" + flat + "`";
}

std::string sentence_of(std::string_view s, std::size_t max_bytes) {
  const std::string flat = one_line(s, max_bytes);
  std::string out;
  std::size_t pos = 0;
  while (pos < flat.size()) {
    const std::size_t open = flat.find('`', pos);
    const std::size_t close = open == std::string::npos ? open : flat.find('`', open + 1);
    if (close == std::string::npos) {  // no (further) pair: the rest is text, backtick escaped
      out += escape(std::string_view(flat).substr(pos));
      break;
    }
    out += escape(std::string_view(flat).substr(pos, open - pos));
    const std::string_view code = std::string_view(flat).substr(open + 1, close - open - 1);
    if (codeable(code)) {
      out.append(1, '`').append(code).append(1, '`');
    } else {
      out += escape(std::string_view(flat).substr(open, close - open + 1));
    }
    pos = close + 1;
  }
  return out;
}

}  // namespace

Markdown Markdown::number(double d) {
  std::array<char, 32> buf{};
  if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 1e15) {
    std::snprintf(buf.data(), buf.size(), "%lld", static_cast<long long>(d));
  } else {
    std::snprintf(buf.data(), buf.size(), "%.2f", d);
  }
  return {Trusted{}, buf.data()};
}

Markdown Markdown::decimal2(double d) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.2f", d);
  return {Trusted{}, buf.data()};
}

Markdown Markdown::count(std::size_t n) {
  return {Trusted{}, std::to_string(n)};
}

Markdown md_text(std::string_view s, std::size_t max_bytes) {
  return {Markdown::Trusted{}, text_of(s, max_bytes)};
}

Markdown md_code(std::string_view s, std::size_t max_bytes) {
  return {Markdown::Trusted{}, code_of(s, max_bytes)};
}

Markdown md_sentence(std::string_view s, std::size_t max_bytes) {
  return {Markdown::Trusted{}, sentence_of(s, max_bytes)};
}

}  // namespace om::report::detail
