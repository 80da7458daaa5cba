// Untrusted text -> inert Markdown (DESIGN.md: quoted text "can never inject headings, markers,
// HTML or instructions into the brief"). Output is always one line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace om::report::detail {

/// Escaped inline text: newlines and control characters become spaces, `<` `>` `&` become
/// entities, and Markdown punctuation (`#` `|` `*` `_` `[` `]` backtick `\` `~`) gets a
/// backslash. Clipped to `max_bytes` on a UTF-8 boundary (with "…").
[[nodiscard]] std::string md_text(std::string_view s, std::size_t max_bytes = 400);

/// A one-backtick code span for identifiers (paths, URLs, names); falls back to md_text when
/// `s` holds a backtick, `<`, `>`, `|` or a control character, so no raw HTML or fence appears.
[[nodiscard]] std::string md_code(std::string_view s, std::size_t max_bytes = 400);

}  // namespace om::report::detail
