// Small string helpers shared by every module (ASCII-only case folding).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"  // the UTF-8 helpers come with the text ones

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
/// squash_space() of `s`, written over `s` (its capacity kept for reuse).
void squash_space_in_place(std::string& s);
/// At most `max_bytes` of `s` on a UTF-8 boundary (evidence quotes: 240).
[[nodiscard]] std::string clip_quote(std::string_view s, std::size_t max_bytes = 240);
/// The value of a hexadecimal digit (either case), or -1.
[[nodiscard]] int hex_digit_value(char c);
/// Lower-case ASCII letters and digits only: "GitHub v3 REST API" -> "githubv3restapi".
[[nodiscard]] std::string fold_alnum(std::string_view s);
/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
/// The `k` candidates nearest to `target` by edit_distance (closest first, ties by text).
[[nodiscard]] std::vector<std::string> nearest(std::string_view target,
                                               const std::vector<std::string>& candidates,
                                               std::size_t k);

}  // namespace om
