// The tokens the HTML scanner reads (html_events.cpp): characters as libxml2 classes them,
// character and entity references, attributes. Internal to extract/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace om::extract::detail {

/// libxml2 reads longer names differently (it cuts them): the scanner declines them.
inline constexpr std::size_t kMaxHtmlName = 100;

inline bool html_is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline bool html_is_digit(char c) {
  return c >= '0' && c <= '9';
}

// libxml2's HTML names: a letter, '_', ':' or '.', then those, digits and '-'.
inline bool html_is_name_char(char c) {
  return html_is_letter(c) || html_is_digit(c) || c == '_' || c == ':' || c == '.' || c == '-';
}

// libxml2's blanks (IS_BLANK_CH).
constexpr bool html_is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

inline char html_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A character reference's value that libxml2 turns into text (XML's Char production).
inline bool html_is_xml_char(std::uint32_t v) {
  return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
         (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

inline bool html_is_noncharacter_at(std::string_view s, std::size_t k) {
  return static_cast<unsigned char>(s[k]) == 0xEF && k + 2 < s.size() &&
         static_cast<unsigned char>(s[k + 1]) == 0xBF &&
         (static_cast<unsigned char>(s[k + 2]) & 0xFE) == 0xBE;  // U+FFFE, U+FFFF
}

// A byte at `s[k]` that starts a character libxml2 drops: a control byte but blanks, U+FFFE,
// U+FFFF.
inline bool html_is_dropped_at(std::string_view s, std::size_t k) {
  const auto c = static_cast<unsigned char>(s[k]);
  return (c < 0x20 && !html_is_blank(static_cast<char>(c))) || html_is_noncharacter_at(s, k);
}

// The bytes at which text needs a closer look: '&', control bytes but blanks, and 0xEF (U+FFFE
// and U+FFFF begin with it).
inline constexpr std::array<bool, 256> kHtmlTextStop = [] {
  std::array<bool, 256> stop{};
  for (int c = 0; c < 0x20; ++c) {
    stop[static_cast<std::size_t>(c)] = !html_is_blank(static_cast<char>(c));
  }
  stop['&'] = true;
  stop[0xEF] = true;
  return stop;
}();

/// `s` (valid UTF-8) holds only characters XML allows: no control byte but blanks, no U+FFFE or
/// U+FFFF (libxml2 drops the others).
[[nodiscard]] bool has_only_xml_chars(std::string_view s);

/// A character or entity reference at the start of `s` (or a '&' that starts none): its bytes
/// used (0: not one the scanner decodes as libxml2 does) and its UTF-8 in `out` (`n` bytes).
[[nodiscard]] std::size_t html_reference(std::string_view s, char* out, std::size_t& n);

/// One attribute of a start tag, its name and decoded value kept in a tag's `values` buffer.
struct HtmlAttrSpan {
  std::size_t name = 0, name_len = 0, value = 0, value_len = 0;
};

/// Reads the attribute at `s[i]` (its name's first character checked by the caller) into
/// `values` and, unless one of its name came first (libxml2 keeps the first), `spans`; moves `i`
/// past it. False when libxml2 might read it otherwise.
[[nodiscard]] bool read_html_attribute(std::string_view s, std::size_t& i, std::string& values,
                                       std::vector<HtmlAttrSpan>& spans);

}  // namespace om::extract::detail
