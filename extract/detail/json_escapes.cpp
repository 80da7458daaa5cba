// JSON string escapes (RFC 8259 section 7) decoded to UTF-8, for the spec tree's JSON reader.
#include "extract/detail/json_escapes.h"

#include "core/text.h"

namespace om::extract::detail {
namespace {

/// The four hex digits at `at` as a code unit, or -1.
long hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) {
    return -1;
  }
  long unit = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const int digit = hex_digit_value(s[i]);
    if (digit < 0) {
      return -1;
    }
    unit = unit * 16 + digit;
  }
  return unit;
}

}  // namespace

std::ptrdiff_t decode_json_escapes(std::string_view raw, char* out) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out[n++] = raw[i];
      continue;
    }
    if (++i >= raw.size()) {
      return -1;
    }
    char c = raw[i];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        break;
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'u': {
        long cp = hex4(raw, i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {  // high surrogate: a low one must follow
          const long low =
              i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' ? hex4(raw, i + 3) : -1;
          if (low < 0xDC00 || low > 0xDFFF) {
            return -1;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
          return -1;
        }
        n += encode_utf8(out + n, static_cast<char32_t>(cp));
        continue;
      }
      default:
        return -1;
    }
    out[n++] = c;
  }
  return static_cast<std::ptrdiff_t>(n);
}

}  // namespace om::extract::detail
