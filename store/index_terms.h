// store: the full-text index's terms of a text, computed on another thread than the connection
// that writes the index (Repository::index_texts makes the next batch's while it writes one). The
// writing connection hands them to SQLite's FTS5 in place of tokenizing; they come from the
// tokenizer the index is declared with (SQLite's own `porter unicode61 remove_diacritics 2`, one
// instance per thread), so the index is the one tokenizing builds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace om::store {

/// Texts longer than this get no terms: the writing connection tokenizes them. Terms are ~1.5x
/// their text and are held with it until written; a page's text is tens of KB, a spec's or a
/// big page's can be tens of MB.
inline constexpr std::size_t kMaxTermsText = std::size_t{1} << 20;

/// The index terms of `text`, serialised for detail::PendingTerms. Empty for an empty text or
/// one over kMaxTermsText, and when the tokenizer is unavailable: the writing connection then
/// tokenizes. Safe on any thread.
[[nodiscard]] std::string index_terms(std::string_view text);

}  // namespace om::store
