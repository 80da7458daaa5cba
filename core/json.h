// A small JSON value, reader and writer for our own data (Research JSON, stored facts, MCP
// messages). Specs go through extract/'s own reader (offsets, arena tree), not through this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/utf8.h"

namespace om {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;  // keeps insertion order

  Json() = default;
  Json(std::nullptr_t) {}                                     // NOLINT(google-explicit-constructor)
  Json(bool b) : v_(b) {}                                     // NOLINT(google-explicit-constructor)
  Json(double d) : v_(d) {}                                   // NOLINT(google-explicit-constructor)
  Json(int i) : v_(static_cast<double>(i)) {}                 // NOLINT(google-explicit-constructor)
  Json(long i) : v_(static_cast<double>(i)) {}                // NOLINT(google-explicit-constructor)
  Json(long long i) : v_(static_cast<double>(i)) {}           // NOLINT(google-explicit-constructor)
  Json(unsigned long i) : v_(static_cast<double>(i)) {}       // NOLINT(google-explicit-constructor)
  Json(unsigned long long i) : v_(static_cast<double>(i)) {}  // NOLINT(google-explicit-constructor)
  Json(std::string s) : v_(std::move(s)) {}                   // NOLINT(google-explicit-constructor)
  Json(std::string_view s) : v_(std::string(s)) {}            // NOLINT(google-explicit-constructor)
  Json(const char* s) : v_(std::string(s)) {}                 // NOLINT(google-explicit-constructor)
  Json(Array a) : v_(std::move(a)) {}                         // NOLINT(google-explicit-constructor)
  Json(Object o) : v_(std::move(o)) {}                        // NOLINT(google-explicit-constructor)

  static Json array() { return Json(Array{}); }
  /// An integer kept exact to 64 bits (the integer constructors store a double).
  static Json exact_integer(std::int64_t i) {
    Json j;
    j.v_ = i;
    return j;
  }
  static Json object() { return Json(Object{}); }
  /// A string, or null when `s` is empty (our structs use "" for JSON null).
  static Json str_or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

  [[nodiscard]] bool is_null() const { return v_.index() == 0; }
  [[nodiscard]] bool is_bool() const { return v_.index() == 1; }
  /// A number: a double, or an integer literal beyond 2^53 read exactly (a JSON-RPC id).
  [[nodiscard]] bool is_number() const { return v_.index() == 2 || v_.index() == 6; }
  [[nodiscard]] bool is_string() const { return v_.index() == 3; }
  [[nodiscard]] bool is_array() const { return v_.index() == 4; }
  [[nodiscard]] bool is_object() const { return v_.index() == 5; }

  [[nodiscard]] bool as_bool(bool fallback = false) const;
  [[nodiscard]] double as_number(double fallback = 0) const;
  /// The string value, or `fallback` for anything else.
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const Array& as_array() const;
  [[nodiscard]] const Object& as_object() const;
  Array& array_items();
  Object& object_items();

  /// Member lookup; a null Json when absent or not an object.
  [[nodiscard]] const Json& operator[](std::string_view key) const;
  /// Adds (or replaces) a member; turns a null into an object first.
  Json& set(std::string key, Json value);
  /// Appends to an array; turns a null into an array first.
  Json& push(Json value);

  /// Compact (indent < 0) or pretty JSON. Invalid UTF-8 in strings becomes U+FFFD.
  [[nodiscard]] std::string dump(int indent = -1) const;
  void dump_to(std::string& out, int indent, int level) const;

  /// Strict RFC 8259 parse, depth-bounded; errors name the byte offset.
  static Result<Json> parse(std::string_view text, std::size_t max_depth = 256);

 private:
  // Index 6: an integer literal a double would round (|n| > 2^53), kept exact and written back
  // as read; as_number() gives its nearest double.
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object, std::int64_t> v_{nullptr};
};

/// Appends `s` as a JSON string literal (quotes included), replacing invalid UTF-8.
void append_json_string(std::string& out, std::string_view s);

}  // namespace om
