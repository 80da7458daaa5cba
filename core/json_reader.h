// A pull reader over JSON text for our own data read into structs (the stored facts): values are
// read where they stand, with no Json tree in between. Reads are lenient as Json's accessors
// are (a string read of a number gives "", a missing array is empty), and strict about syntax:
// the first syntax error stops the reader and error() names its byte offset.
//
//   JsonReader in(text);
//   Evidence e;
//   in.members([&](std::string_view key) {
//     if (key == "url") { in.string(e.url); } else { in.skip(); }
//   });
//   if (!in.finish()) { return Error{ErrorCode::kParse, in.error()}; }
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace om {

class JsonReader {
 public:
  explicit JsonReader(std::string_view text, std::size_t max_depth = 256)
      : s_(text), max_depth_(max_depth) {}

  /// Calls `on_member(key)` for each member of the object at the cursor; it must read the
  /// member's value (any read below, or skip()). Anything else is skipped.
  template <typename F>
  void members(F&& on_member) {
    if (!ok() || !enter('{')) {
      return;
    }
    if (close('}')) {
      leave();
      return;
    }
    do {
      if (!key()) {
        return;
      }
      on_member(std::string_view(key_));
    } while (ok() && next(','));
    if (ok() && !close('}')) {
      fail("expected ',' or '}'");
    }
    leave();
  }

  /// Calls `on_item()` for each item of the array at the cursor; it must read the item. Anything
  /// else is skipped.
  template <typename F>
  void items(F&& on_item) {
    if (!ok() || !enter('[')) {
      return;
    }
    if (close(']')) {
      leave();
      return;
    }
    do {
      on_item();
    } while (ok() && next(','));
    if (ok() && !close(']')) {
      fail("expected ',' or ']'");
    }
    leave();
  }

  /// The string at the cursor into `out` (replaced); "" for any other value.
  void string(std::string& out);
  /// The strings of the array at the cursor, appended to `out`; other items are skipped.
  void string_items(std::vector<std::string>& out);
  /// The number at the cursor, or `fallback` for any other value.
  [[nodiscard]] double number(double fallback);
  /// The number at the cursor, or nothing for any other value.
  [[nodiscard]] std::optional<double> optional_number();
  /// `true` or `false` at the cursor; false for any other value.
  [[nodiscard]] bool boolean();
  /// Passes over the value at the cursor.
  void skip();

  /// True when no error so far and only white space follows the value read.
  [[nodiscard]] bool finish();
  [[nodiscard]] bool ok() const { return error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  void fail(std::string_view what);
  void skip_ws();
  // The next non-space byte, or 0 at the end (the cursor stays on it).
  char peek();
  // At `open` ('{' or '['): consumes it and goes one level deeper; else skips the value.
  bool enter(char open);
  void leave() { --depth_; }
  // Consumes `c` when it is next.
  bool close(char c);
  bool next(char c) { return close(c); }
  // A member name and its ':' into key_.
  bool key();
  // The string at the cursor (on its '"') into `out`, appended.
  bool read_string(std::string& out);
  // The number at the cursor, parsed.
  bool read_number(double& out);
  bool literal(std::string_view word);

  std::string_view s_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  std::size_t pos_ = 0;
  std::string key_;
  std::string error_;
};

}  // namespace om
