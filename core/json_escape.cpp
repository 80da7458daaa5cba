// read_json_escape: see json_escape.h.
#include "core/json_escape.h"

#include "core/utf8.h"

namespace om {
namespace {

const char* hex4(std::string_view s, std::size_t& pos, unsigned& cp) {
  if (pos + 4 > s.size()) {
    return "short \\u escape";
  }
  cp = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = s[pos++];
    cp <<= 4;
    if (c >= '0' && c <= '9') {
      cp |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      cp |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      cp |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      return "bad \\u escape";
    }
  }
  return nullptr;
}

}  // namespace

const char* read_json_escape(std::string_view s, std::size_t& pos, std::string& out) {
  if (pos >= s.size()) {
    return "unterminated escape";
  }
  const char c = s[pos++];
  switch (c) {
    case '"':
    case '\\':
    case '/':
      out += c;
      return nullptr;
    case 'b':
      out += '\b';
      return nullptr;
    case 'f':
      out += '\f';
      return nullptr;
    case 'n':
      out += '\n';
      return nullptr;
    case 'r':
      out += '\r';
      return nullptr;
    case 't':
      out += '\t';
      return nullptr;
    case 'u': {
      unsigned cp = 0;
      if (const char* e = hex4(s, pos, cp)) {
        return e;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF && s.substr(pos, 2) == "\\u") {
        pos += 2;
        unsigned lo = 0;
        if (const char* e = hex4(s, pos, lo)) {
          return e;
        }
        cp =
            lo >= 0xDC00 && lo <= 0xDFFF ? 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00) : 0xFFFD;
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;  // a lone surrogate
      }
      append_utf8(out, cp);
      return nullptr;
    }
    default:
      return "bad escape";
  }
}

const char* read_json_string(std::string_view s, std::size_t& pos, std::string& out) {
  ++pos;
  while (pos < s.size()) {
    std::size_t run = pos;  // plain characters are appended a run at a time
    while (run < s.size() && s[run] != '"' && s[run] != '\\' &&
           static_cast<unsigned char>(s[run]) >= 0x20) {
      ++run;
    }
    out.append(s.data() + pos, run - pos);
    pos = run;
    if (pos >= s.size()) {
      break;
    }
    if (s[pos] == '"') {
      ++pos;
      return nullptr;
    }
    if (s[pos] != '\\') {
      return "control character in string";
    }
    ++pos;
    if (const char* e = read_json_escape(s, pos, out)) {
      return e;
    }
  }
  return "unterminated string";
}

}  // namespace om
