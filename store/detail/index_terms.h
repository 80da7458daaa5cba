// store internals: the tokenizer that hands index_terms()' terms to FTS5 on a writable
// connection.
#pragma once

#include <cstdint>
#include <string_view>

#include <sqlite3.h>

namespace om::store::detail {

/// Registers on `db` a tokenizer named `porter` that shadows SQLite's own (FTS5 takes the newest
/// of a name) and calls it for every text it holds no terms for: the schema and the file stay
/// those of plain SQLite. Call before the full-text index is first used on `db`. Only speed is
/// at stake: when FTS5 is unavailable nothing changes.
void replay_index_terms(sqlite3* db);

/// While alive, inserting into the index on this thread a text that `terms` were made from
/// (index_terms(): they name its length and hash) takes them instead of tokenizing. Any other
/// text is tokenized as ever.
class PendingTerms {
 public:
  explicit PendingTerms(std::string_view terms);
  PendingTerms(const PendingTerms&) = delete;
  PendingTerms& operator=(const PendingTerms&) = delete;
  PendingTerms(PendingTerms&&) = delete;
  PendingTerms& operator=(PendingTerms&&) = delete;
  ~PendingTerms();
};

/// How many texts this process has indexed from their terms instead of tokenizing (for tests).
std::uint64_t replayed_texts();

}  // namespace om::store::detail
