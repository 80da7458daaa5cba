// The HTML scanner's tokens: see html_tokens.h.
#include "extract/detail/html_tokens.h"

#include <cstring>

#include "extract/detail/html_oracle.h"

namespace om::extract::detail {
namespace {

std::size_t encode_utf8(std::uint32_t v, char* out) {
  if (v < 0x80) {
    out[0] = static_cast<char>(v);
    return 1;
  }
  if (v < 0x800) {
    out[0] = static_cast<char>(0xC0 | (v >> 6));
    out[1] = static_cast<char>(0x80 | (v & 0x3F));
    return 2;
  }
  if (v < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (v >> 12));
    out[1] = static_cast<char>(0x80 | ((v >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (v & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (v >> 18));
  out[1] = static_cast<char>(0x80 | ((v >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((v >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (v & 0x3F));
  return 4;
}

// An attribute value's text with its references decoded, appended to `values_`.
bool append_decoded(std::string_view raw, std::string& values_) {
  for (std::size_t k = 0; k < raw.size();) {
    const char c = raw[k];
    if (static_cast<unsigned char>(c) < 0x20 && !html_is_blank(c)) {
      return false;
    }
    if (c != '&') {
      values_ += c;
      ++k;
      continue;
    }
    char buf[4];
    std::size_t n = 0;
    const std::size_t used = html_reference(raw.substr(k), buf, n);
    if (used == 0) {
      return false;
    }
    values_.append(buf, n);
    k += used;
  }
  return true;
}

}  // namespace

// Whether `s` (valid UTF-8) holds only characters XML allows: no control byte but blanks, no
// U+FFFE or U+FFFF.
bool has_only_xml_chars(std::string_view s) {
  for (std::size_t k = 0; k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if ((c < 0x20 && !html_is_blank(static_cast<char>(c))) || html_is_noncharacter_at(s, k)) {
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
      const char d = s[k];
      if (html_is_digit(d)) {
        v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d - '0');
      } else if (hex && html_lower(d) >= 'a' && html_lower(d) <= 'f') {
        v = v * 16 + static_cast<std::uint32_t>(html_lower(d) - 'a' + 10);
      } else {
        break;
      }
      ++k;
    }
    if (k == digits_from || k >= s.size() || s[k] != ';' || !html_is_xml_char(v)) {
      return 0;
    }
    n = encode_utf8(v, out);
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
    n = encode_utf8(v, out);
    return k + 1;
  }
  return 0;
}

bool read_html_attribute(std::string_view s_, std::size_t& i_, std::string& values_,
                         std::vector<HtmlAttrSpan>& spans_) {
  HtmlAttrSpan a;
  a.name = values_.size();
  while (i_ < s_.size() && html_is_name_char(s_[i_])) {
    values_ += html_lower(s_[i_]);
    ++i_;
  }
  a.name_len = values_.size() - a.name;
  if (a.name_len >= kMaxHtmlName) {
    return false;
  }
  std::size_t j = i_;
  while (j < s_.size() && html_is_blank(s_[j])) {
    ++j;
  }
  a.value = values_.size();
  if (j < s_.size() && s_[j] == '=') {
    ++j;
    while (j < s_.size() && html_is_blank(s_[j])) {
      ++j;
    }
    if (j >= s_.size()) {
      return false;
    }
    std::string_view raw;
    if (s_[j] == '"' || s_[j] == '\'') {
      const std::size_t close = s_.find(s_[j], j + 1);
      if (close == std::string_view::npos) {
        return false;
      }
      raw = s_.substr(j + 1, close - j - 1);
      j = close + 1;
      if (j < s_.size() && !html_is_blank(s_[j]) && s_[j] != '>' && s_[j] != '/') {
        return false;
      }
    } else {
      const std::size_t from = j;
      while (j < s_.size() && !html_is_blank(s_[j]) && s_[j] != '>') {
        if (std::strchr("\"'<=`", s_[j]) != nullptr) {
          return false;
        }
        ++j;
      }
      raw = s_.substr(from, j - from);
    }
    if (!append_decoded(raw, values_)) {
      return false;
    }
    i_ = j;
  }
  a.value_len = values_.size() - a.value;
  // libxml2 keeps the first of attributes of the same name.
  const std::string_view name = std::string_view(values_).substr(a.name, a.name_len);
  for (const HtmlAttrSpan& b : spans_) {
    if (std::string_view(values_).substr(b.name, b.name_len) == name) {
      return true;
    }
  }
  spans_.push_back(a);
  return true;
}

}  // namespace om::extract::detail
