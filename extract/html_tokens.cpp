// The HTML scanner's tokens: see html_tokens.h.
#include "extract/detail/html_tokens.h"

#include <cstring>

#include "core/text.h"
#include "extract/detail/html_oracle.h"

namespace om::extract::detail {
namespace {

// An attribute value's text with its references decoded, appended to `values`.
bool append_decoded(std::string_view raw, std::string& values) {
  for (std::size_t k = 0; k < raw.size();) {
    const char c = raw[k];
    if (static_cast<unsigned char>(c) < 0x20 && !html_is_blank(c)) {
      return false;
    }
    if (c != '&') {
      values += c;
      ++k;
      continue;
    }
    char buf[4];
    std::size_t n = 0;
    const std::size_t used = html_reference(raw.substr(k), buf, n);
    if (used == 0) {
      return false;
    }
    values.append(buf, n);
    k += used;
  }
  return true;
}

}  // namespace

// Whether `s` (valid UTF-8) holds only characters XML allows: no control byte but blanks, no
// U+FFFE or U+FFFF.
bool has_only_xml_chars(std::string_view s) {
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (html_is_dropped_at(s, k)) {
      return false;
    }
  }
  return true;
}

// A character or entity reference at the start of `s` (or a '&' that starts none): its bytes
// used (0: not one the scanner decodes as libxml2 does) and its UTF-8 in `out` (`n` bytes).
std::size_t html_reference(std::string_view s, char* out, std::size_t& n) {
  n = 0;
  if (s.size() < 2 || (s[1] != '#' && !html_is_letter(s[1]))) {
    out[0] = '&';  // a '&' that starts no reference is text
    n = 1;
    return 1;
  }
  if (s[1] == '#') {
    std::size_t k = 2;
    const bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
    k += hex ? 1 : 0;
    std::uint32_t v = 0;
    const std::size_t digits_from = k;
    while (k < s.size() && k - digits_from < 8) {
      const int d = hex ? hex_digit_value(s[k]) : html_is_digit(s[k]) ? s[k] - '0' : -1;
      if (d < 0) {
        break;
      }
      v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      ++k;
    }
    if (k == digits_from || k >= s.size() || s[k] != ';' || !html_is_xml_char(v)) {
      return 0;
    }
    n = encode_utf8(out, v);
    return k + 1;
  }
  if (html_is_letter(s[1])) {
    std::size_t k = 1;
    while (k < s.size() && (html_is_letter(s[k]) || html_is_digit(s[k])) && k < kMaxHtmlName) {
      ++k;
    }
    if (k >= s.size() || s[k] != ';') {
      return 0;
    }
    const std::uint32_t v = named_reference(s.substr(1, k - 1));
    if (v == 0 || !html_is_xml_char(v)) {
      return 0;
    }
    n = encode_utf8(out, v);
    return k + 1;
  }
  return 0;
}

bool read_html_attribute(std::string_view s, std::size_t& i, std::string& values,
                         std::vector<HtmlAttrSpan>& spans) {
  HtmlAttrSpan a;
  a.name = values.size();
  while (i < s.size() && html_is_name_char(s[i])) {
    values += html_lower(s[i]);
    ++i;
  }
  a.name_len = values.size() - a.name;
  if (a.name_len >= kMaxHtmlName) {
    return false;
  }
  std::size_t j = i;
  while (j < s.size() && html_is_blank(s[j])) {
    ++j;
  }
  a.value = values.size();
  if (j < s.size() && s[j] == '=') {
    ++j;
    while (j < s.size() && html_is_blank(s[j])) {
      ++j;
    }
    if (j >= s.size()) {
      return false;
    }
    std::string_view raw;
    if (s[j] == '"' || s[j] == '\'') {
      const std::size_t close = s.find(s[j], j + 1);
      if (close == std::string_view::npos) {
        return false;
      }
      raw = s.substr(j + 1, close - j - 1);
      j = close + 1;
      if (j < s.size() && !html_is_blank(s[j]) && s[j] != '>' && s[j] != '/') {
        return false;
      }
    } else {
      const std::size_t from = j;
      while (j < s.size() && !html_is_blank(s[j]) && s[j] != '>') {
        if (std::strchr("\"'<=`", s[j]) != nullptr) {
          return false;
        }
        ++j;
      }
      raw = s.substr(from, j - from);
    }
    if (!append_decoded(raw, values)) {
      return false;
    }
    i = j;
  }
  a.value_len = values.size() - a.value;
  // libxml2 keeps the first of attributes of the same name.
  const std::string_view name = std::string_view(values).substr(a.name, a.name_len);
  for (const HtmlAttrSpan& b : spans) {
    if (std::string_view(values).substr(b.name, b.name_len) == name) {
      return true;
    }
  }
  spans.push_back(a);
  return true;
}

}  // namespace om::extract::detail
