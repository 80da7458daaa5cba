// JSON reader and writer for our own data (RFC 8259), with a depth bound and UTF-8 repair.
#include "core/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/json_escape.h"
#include "core/utf8.h"

namespace om {
namespace {

const Json& null_json() {
  static const Json kNull;
  return kNull;
}
const std::string& empty_string() {
  static const std::string kEmpty;
  return kEmpty;
}

void append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
    out += buf;
    return;
  }
  // Shortest text that reads back to the same double (0.95, not 0.94999999999999996).
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, res.ptr);
}

void newline(std::string& out, int indent, int level) {
  if (indent < 0) {
    return;
  }
  out += '\n';
  out.append(static_cast<std::size_t>(indent * level), ' ');
}

class Parser {
 public:
  Parser(std::string_view text, std::size_t max_depth) : s_(text), max_depth_(max_depth) {}

  Result<Json> run() {
    Json v;
    if (!value(v, 0)) {
      return Error{ErrorCode::kParse, error_};
    }
    skip_ws();
    if (pos_ != s_.size()) {
      return Error{ErrorCode::kParse,
                   "unexpected data after the JSON value at byte " + std::to_string(pos_)};
    }
    return v;
  }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) {
      error_ = what + " at byte " + std::to_string(pos_);
    }
    return false;
  }
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) {
      return fail("invalid literal");
    }
    pos_ += word.size();
    return true;
  }

  // NOLINTNEXTLINE(misc-no-recursion): bounded by max_depth_
  bool value(Json& out, std::size_t depth) {
    if (depth > max_depth_) {
      return fail("nesting deeper than " + std::to_string(max_depth_));
    }
    skip_ws();
    if (pos_ >= s_.size()) {
      return fail("unexpected end of input");
    }
    switch (s_[pos_]) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"': {
        std::string str;
        if (!string(str)) {
          return false;
        }
        out = Json(std::move(str));
        return true;
      }
      case 't':
        out = Json(true);
        return literal("true");
      case 'f':
        out = Json(false);
        return literal("false");
      case 'n':
        out = Json();
        return literal("null");
      default:
        return number(out);
    }
  }

  // NOLINTNEXTLINE(misc-no-recursion): bounded by max_depth_
  bool object(Json& out, std::size_t depth) {
    ++pos_;
    Json::Object members;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = Json(std::move(members));
      return true;
    }
    while (true) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        return fail("expected a member name");
      }
      std::string key;
      if (!string(key)) {
        return false;
      }
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        return fail("expected ':'");
      }
      ++pos_;
      Json v;
      if (!value(v, depth + 1)) {
        return false;
      }
      members.emplace_back(std::move(key), std::move(v));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        out = Json(std::move(members));
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  // NOLINTNEXTLINE(misc-no-recursion): bounded by max_depth_
  bool array(Json& out, std::size_t depth) {
    ++pos_;
    Json::Array items;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      out = Json(std::move(items));
      return true;
    }
    while (true) {
      Json v;
      if (!value(v, depth + 1)) {
        return false;
      }
      items.push_back(std::move(v));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        out = Json(std::move(items));
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  bool string(std::string& out) {
    if (const char* e = read_json_string(s_, pos_, out)) {
      return fail(e);
    }
    return true;
  }

  bool number(Json& out) {
    std::size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') {
      ++pos_;
    }
    auto digits = [&] {
      std::size_t n = 0;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
        ++pos_;
        ++n;
      }
      return n;
    };
    if (digits() == 0) {
      return fail("invalid value");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) {
        return fail("invalid number");
      }
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
        ++pos_;
      }
      if (digits() == 0) {
        return fail("invalid number");
      }
    }
    std::string num(s_.substr(start, pos_ - start));
    const double d = std::strtod(num.c_str(), nullptr);
    std::int64_t exact = 0;
    const char* end = num.data() + num.size();
    if (std::fabs(d) >= 9007199254740992.0 &&
        std::from_chars(num.data(), end, exact).ptr == end) {  // an integer a double would round
      out = Json::exact_integer(exact);
      return true;
    }
    out = Json(d);
    return true;
  }

  std::string_view s_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

bool Json::as_bool(bool fallback) const {
  return is_bool() ? std::get<1>(v_) : fallback;
}
double Json::as_number(double fallback) const {
  if (v_.index() == 6) {
    return static_cast<double>(std::get<6>(v_));
  }
  return is_number() ? std::get<2>(v_) : fallback;
}
const std::string& Json::as_string() const {
  return is_string() ? std::get<3>(v_) : empty_string();
}
const Json::Array& Json::as_array() const {
  static const Array kEmpty;
  return is_array() ? std::get<4>(v_) : kEmpty;
}
const Json::Object& Json::as_object() const {
  static const Object kEmpty;
  return is_object() ? std::get<5>(v_) : kEmpty;
}
Json::Array& Json::array_items() {
  if (!is_array()) {
    v_ = Array{};
  }
  return std::get<4>(v_);
}
Json::Object& Json::object_items() {
  if (!is_object()) {
    v_ = Object{};
  }
  return std::get<5>(v_);
}

const Json& Json::operator[](std::string_view key) const {
  if (!is_object()) {
    return null_json();
  }
  for (const auto& [k, v] : std::get<5>(v_)) {
    if (k == key) {
      return v;
    }
  }
  return null_json();
}

Json& Json::set(std::string key, Json value) {
  auto& members = object_items();
  for (auto& [k, v] : members) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  members.emplace_back(std::move(key), std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  array_items().push_back(std::move(value));
  return *this;
}

namespace {
/// Printable ASCII other than '"' and '\\': copied as it is.
bool is_plain_json_char(unsigned char c) {
  return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}
}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t run = i;  // runs of plain characters are appended at once
    while (run < s.size() && is_plain_json_char(static_cast<unsigned char>(s[run]))) {
      ++run;
    }
    out.append(s.data() + i, run - i);
    if (run == s.size()) {
      break;
    }
    i = run;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t len = utf8_sequence_length(s, i);
      if (len == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(s.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

// NOLINTNEXTLINE(misc-no-recursion): depth is that of a value we built
void Json::dump_to(std::string& out, int indent, int level) const {
  switch (v_.index()) {
    case 0:
      out += "null";
      break;
    case 1:
      out += std::get<1>(v_) ? "true" : "false";
      break;
    case 2:
      append_number(out, std::get<2>(v_));
      break;
    case 6:
      out += std::to_string(std::get<6>(v_));
      break;
    case 3:
      append_json_string(out, std::get<3>(v_));
      break;
    case 4: {
      const auto& a = std::get<4>(v_);
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) {
          out += ',';
        }
        newline(out, indent, level + 1);
        a[i].dump_to(out, indent, level + 1);
      }
      if (!a.empty()) {
        newline(out, indent, level);
      }
      out += ']';
      break;
    }
    default: {
      const auto& o = std::get<5>(v_);
      out += '{';
      for (std::size_t i = 0; i < o.size(); ++i) {
        if (i) {
          out += ',';
        }
        newline(out, indent, level + 1);
        append_json_string(out, o[i].first);
        out += indent < 0 ? ":" : ": ";
        o[i].second.dump_to(out, indent, level + 1);
      }
      if (!o.empty()) {
        newline(out, indent, level);
      }
      out += '}';
    }
  }
}

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

Result<Json> Json::parse(std::string_view text, std::size_t max_depth) {
  return Parser(text, max_depth).run();
}

}  // namespace om
