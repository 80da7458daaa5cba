// JSON string escapes (RFC 8259 section 7) decoded to UTF-8, for the spec tree's JSON reader.
#pragma once

#include <cstddef>
#include <string_view>

namespace om::extract::detail {

/// Decodes the escapes of a JSON string's contents (no quotes) into `out`, which has room for
/// `raw.size()` bytes (a decoded string is never longer); returns the decoded size, or -1 for a
/// bad escape or a lone surrogate.
[[nodiscard]] std::ptrdiff_t decode_json_escapes(std::string_view raw, char* out);

}  // namespace om::extract::detail
