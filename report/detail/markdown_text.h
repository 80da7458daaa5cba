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

/// One of our own sentences, which may name document identifiers in `code spans` (a stop
/// condition, a truncation risk, a note): the spans stay code when they hold no backtick, `<`,
/// `>` or `|`, and everything else is escaped as md_text does, so the sentence renders as meant
/// (no literal backticks) and document text in it still cannot inject anything (issue #19).
[[nodiscard]] std::string md_sentence(std::string_view s, std::size_t max_bytes = 400);

}  // namespace om::report::detail
