// UTF-8: encoding a code point, measuring and checking sequences, cutting on a boundary. The one
// place that knows the byte patterns (JSON escapes, HTML entities and the JSON writer use it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace om {

/// Writes `cp` (at most U+10FFFF) as 1-4 bytes at `out`; returns how many.
std::size_t encode_utf8(char* out, char32_t cp);
/// Appends `cp` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);
/// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, surrogates or
/// code points above U+10FFFF), or 0 if there is none.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
/// Whether all of `s` is well-formed UTF-8. YAML input is checked first: libfyaml 0.7 loops on
/// some malformed bytes.
[[nodiscard]] bool is_valid_utf8(std::string_view s);
/// The longest prefix of `s` of at most `max_bytes` that does not cut a sequence.
[[nodiscard]] std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace om
