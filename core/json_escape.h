// One JSON string read, for both JSON readers (Json::parse in json.cpp and the pull reader in
// json_reader.cpp), so that they read escapes, surrogate pairs, lone surrogates (U+FFFD) and
// control characters alike.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace om {

/// Decodes the escape whose backslash is just before `s[pos]`, appends its UTF-8 to `out` and
/// moves `pos` past it. Returns nullptr, or the error ("bad escape", "short \u escape", ...) with
/// `pos` where reading stopped.
[[nodiscard]] const char* read_json_escape(std::string_view s, std::size_t& pos, std::string& out);

/// Reads the string whose opening quote is at `s[pos]`, appends its decoded text to `out` and
/// moves `pos` past the closing quote. Returns nullptr, or the error ("unterminated string",
/// "control character in string", an escape's) with `pos` where reading stopped.
[[nodiscard]] const char* read_json_string(std::string_view s, std::size_t& pos, std::string& out);

}  // namespace om
