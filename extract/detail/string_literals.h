// Walking source code past its string literals ("...", '...' and `...`, with backslash escapes):
// shared by the SDK code scanners and the graphql-codegen reader.
#pragma once

#include <cstddef>
#include <string_view>

namespace om::extract::detail {

/// Steps over `code[i]` when it belongs to a string literal. Inside one (`quote` holds its
/// opening character) an escaped character is skipped and the closing quote ends it; outside, a
/// `"`, `'` or backtick opens one. True when `code[i]` was part of a literal: the caller skips it.
inline bool in_string_literal(std::string_view code, std::size_t& i, char& quote) {
  const char c = code[i];
  if (quote != 0) {
    if (c == '\\') {
      ++i;
    } else if (c == quote) {
      quote = 0;
    }
    return true;
  }
  if (c == '"' || c == '\'' || c == '`') {
    quote = c;
    return true;
  }
  return false;
}

}  // namespace om::extract::detail
