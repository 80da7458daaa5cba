// Small string helpers shared by every module (ASCII-only case folding).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace om {

[[nodiscard]] std::string to_lower(std::string_view s);
[[nodiscard]] std::string to_upper(std::string_view s);
[[nodiscard]] std::string_view trim(std::string_view s);
/// `s` without a leading UTF-8 byte-order mark (EF BB BF), if it has one.
[[nodiscard]] std::string_view strip_bom(std::string_view s);
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);
[[nodiscard]] bool icontains(std::string_view haystack, std::string_view needle);
[[nodiscard]] std::vector<std::string_view> split(std::string_view s, char sep);
/// Collapses runs of white space to one space and trims; for quotes and one-line summaries.
[[nodiscard]] std::string squash_space(std::string_view s);
/// At most `max_bytes` of `s` on a UTF-8 boundary (evidence quotes: 240).
[[nodiscard]] std::string clip_quote(std::string_view s, std::size_t max_bytes = 240);
/// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points
/// above U+10FFFF). YAML input is checked first: libfyaml 0.7 loops on some malformed bytes.
[[nodiscard]] bool is_valid_utf8(std::string_view s);
/// The value of a hexadecimal digit (either case), or -1.
[[nodiscard]] int hex_digit_value(char c);

}  // namespace om
