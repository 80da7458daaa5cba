// JsonReader: RFC 8259 syntax as Json::parse reads it (same escapes, same replacement of lone
// surrogates), values delivered to the caller instead of built into a tree.
#include "core/json_reader.h"

#include <cstdlib>

#include "core/json_escape.h"

namespace om {

void JsonReader::fail(std::string_view what) {
  if (error_.empty()) {
    error_ = std::string(what) + " at byte " + std::to_string(pos_);
  }
  pos_ = s_.size();  // nothing more is read
}

void JsonReader::skip_ws() {
  while (pos_ < s_.size() &&
         (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
    ++pos_;
  }
}

char JsonReader::peek() {
  skip_ws();
  return pos_ < s_.size() ? s_[pos_] : '\0';
}

bool JsonReader::enter(char open) {
  if (peek() != open) {
    skip();
    return false;
  }
  if (depth_ >= max_depth_) {
    fail("nesting deeper than " + std::to_string(max_depth_));
    return false;
  }
  ++pos_;
  ++depth_;
  return true;
}

bool JsonReader::close(char c) {
  if (peek() != c) {
    return false;
  }
  ++pos_;
  return true;
}

bool JsonReader::key() {
  if (peek() != '"') {
    fail("expected a member name");
    return false;
  }
  key_.clear();
  if (!read_string(key_)) {
    return false;
  }
  if (!close(':')) {
    fail("expected ':'");
    return false;
  }
  return true;
}

void JsonReader::string(std::string& out) {
  out.clear();
  if (peek() == '"') {
    read_string(out);
  } else {
    skip();
  }
}

void JsonReader::string_items(std::vector<std::string>& out) {
  items([this, &out] {
    if (peek() == '"') {
      read_string(out.emplace_back());
    } else {
      skip();
    }
  });
}

double JsonReader::number(double fallback) {
  const char c = peek();
  double d = fallback;
  if (c == '-' || (c >= '0' && c <= '9')) {
    return read_number(d) ? d : fallback;
  }
  skip();
  return fallback;
}

std::optional<double> JsonReader::optional_number() {
  const char c = peek();
  double d = 0;
  if ((c == '-' || (c >= '0' && c <= '9')) && read_number(d)) {
    return d;
  }
  if (c != '-' && (c < '0' || c > '9')) {
    skip();
  }
  return std::nullopt;
}

bool JsonReader::boolean() {
  const char c = peek();
  if (c == 't') {
    return literal("true");
  }
  if (c == 'f') {
    literal("false");
    return false;
  }
  skip();
  return false;
}

// NOLINTNEXTLINE(misc-no-recursion): bounded by max_depth_ through enter()
void JsonReader::skip() {
  switch (peek()) {
    case '{':
      members([this](std::string_view /*key*/) { skip(); });
      return;
    case '[':
      items([this] { skip(); });
      return;
    case '"': {
      ++pos_;  // a string passed over: only its end and its escapes matter
      while (pos_ < s_.size()) {
        const char c = s_[pos_];
        if (c == '"') {
          ++pos_;
          return;
        }
        if (static_cast<unsigned char>(c) < 0x20) {
          fail("control character in string");
          return;
        }
        pos_ += c == '\\' ? 2 : 1;
      }
      fail("unterminated string");
      return;
    }
    case 't':
      literal("true");
      return;
    case 'f':
      literal("false");
      return;
    case 'n':
      literal("null");
      return;
    case '\0':
      fail("unexpected end of input");
      return;
    default: {
      double d = 0;
      read_number(d);
      return;
    }
  }
}

bool JsonReader::finish() {
  skip_ws();
  if (ok() && pos_ != s_.size()) {
    fail("unexpected data after the JSON value");
  }
  return ok();
}

bool JsonReader::literal(std::string_view word) {
  if (s_.substr(pos_, word.size()) != word) {
    fail("invalid literal");
    return false;
  }
  pos_ += word.size();
  return true;
}

bool JsonReader::read_string(std::string& out) {
  if (const char* e = read_json_string(s_, pos_, out)) {
    fail(e);
    return false;
  }
  return true;
}

bool JsonReader::read_number(double& out) {
  const std::size_t start = pos_;
  if (pos_ < s_.size() && s_[pos_] == '-') {
    ++pos_;
  }
  auto digits = [this] {
    std::size_t n = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      ++pos_;
      ++n;
    }
    return n;
  };
  if (digits() == 0) {
    fail("invalid value");
    return false;
  }
  if (pos_ < s_.size() && s_[pos_] == '.') {
    ++pos_;
    if (digits() == 0) {
      fail("invalid number");
      return false;
    }
  }
  if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
      ++pos_;
    }
    if (digits() == 0) {
      fail("invalid number");
      return false;
    }
  }
  const std::string num(s_.substr(start, pos_ - start));
  out = std::strtod(num.c_str(), nullptr);
  return true;
}

}  // namespace om
