// store: full-text search over cached document text (SQLite FTS5, bm25 ranking). User words
// become quoted FTS5 string tokens, so FTS syntax in them ("NEAR(", OR, *, ^, :) is just text.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "core/findings_json.h"
#include "core/json.h"
#include "store/detail/index_terms.h"
#include "store/detail/sqlite.h"
#include "store/index_terms.h"
#include "store/store.h"

namespace om::store {
namespace detail {
namespace {

constexpr std::size_t kMaxSearchLimit = 1000;

bool is_separator(unsigned char c) {
  return c <= ' ' || c == 0x7f;
}

// A word is searchable when the tokenizer can make a token of it: an ASCII letter or digit, or
// any non-ASCII byte (unicode61 keeps non-ASCII letters).
bool is_searchable(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x80 || std::isalnum(c) != 0;
  });
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_separator(static_cast<unsigned char>(text[i]))) {
      ++i;
    }
    std::size_t end = i;
    while (end < text.size() && !is_separator(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    if (end > i && is_searchable(text.substr(i, end - i))) {
      words.push_back(text.substr(i, end - i));
    }
    i = end;
  }
  return words;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<std::string> fts_query(std::string_view words, std::string_view joiner) {
  const auto kept = split_words(words);
  if (kept.empty()) {
    return Error{ErrorCode::kConfig, "search: no words to search for in \"" +
                                         std::string(utf8_prefix(words, 80)) + "\""};
  }
  if (kept.size() > kMaxSearchWords) {
    return Error{ErrorCode::kConfig, "search: too many words (" + std::to_string(kept.size()) +
                                         "; at most " + std::to_string(kMaxSearchWords) + ")"};
  }
  std::string query;
  for (const auto word : kept) {
    if (!query.empty()) {
      query += joiner;
    }
    query += '"';
    for (const char c : word) {
      query += c;
      if (c == '"') {
        query += '"';  // FTS5 strings escape a double quote by doubling it
      }
    }
    query += '"';
  }
  return query;
}

std::vector<std::string> search_words(std::string_view words) {
  std::vector<std::string> out;
  for (const auto word : split_words(words)) {
    out.push_back(lower_ascii(word));
  }
  return out;
}

}  // namespace detail

namespace {

using detail::Query;
using detail::Sql;

struct RawHit {
  std::int64_t id = 0;
  SearchHit hit;
};

Result<std::vector<RawHit>> run_search(Repository::Impl& impl, const SourceId& source,
                                       const std::string& match, std::size_t limit) {
  auto stmt = impl.statement(Sql::kSearch);
  if (!stmt) {
    return stmt.error();
  }
  std::vector<RawHit> hits;
  Query q(*stmt);
  q.bind(1, match).bind(2, source).bind(3, static_cast<std::int64_t>(limit));
  int rc = SQLITE_ROW;
  while ((rc = q.step()) == SQLITE_ROW) {
    hits.push_back(RawHit{q.integer(0), SearchHit{q.text(1), q.text(2), {}, q.real(3)}});
  }
  if (rc != SQLITE_DONE) {
    return impl.error("search " + source + " for " + match);
  }
  return hits;
}

template <typename Facts>
void add_evidence(const std::vector<Facts>& facts, std::vector<const Evidence*>& out) {
  for (const auto& fact : facts) {
    for (const auto& evidence : fact.evidence) {
      out.push_back(&evidence);
    }
  }
}

// The locator of the evidence whose quote (or locator) holds the most words; "" if none does.
std::string best_locator(const Findings& f, const std::vector<std::string>& words) {
  std::vector<const Evidence*> all;
  add_evidence(f.base_urls, all);
  add_evidence(f.api_versions, all);
  add_evidence(f.auth, all);
  add_evidence(f.pagination, all);
  add_evidence(f.entities, all);
  add_evidence(f.rate_limits, all);
  add_evidence(f.sdks, all);
  add_evidence(f.conflicts, all);
  std::string best;
  std::size_t best_score = 0;
  for (const Evidence* evidence : all) {
    const std::string haystack = detail::lower_ascii(evidence->quote + "\n" + evidence->locator);
    const auto score = static_cast<std::size_t>(std::count_if(
        words.begin(), words.end(),
        [&](const std::string& word) { return haystack.find(word) != std::string::npos; }));
    if (score > best_score && !evidence->locator.empty()) {
      best_score = score;
      best = evidence->locator;
    }
  }
  return best;
}

Result<std::string> locator_for(Repository::Impl& impl, std::int64_t id,
                                const std::vector<std::string>& words) {
  auto stmt = impl.statement(Sql::kFacts);
  if (!stmt) {
    return stmt.error();
  }
  Query q(*stmt);
  const int rc = q.bind(1, id).step();
  if (rc == SQLITE_DONE) {
    return std::string();
  }
  if (rc != SQLITE_ROW) {
    return impl.error("read facts for search");
  }
  auto facts = findings_from_json_text(q.text(0));
  if (!facts) {
    return std::string();  // the hit stands without a locator
  }
  return best_locator(facts.value(), words);
}

struct WaitingText {
  std::int64_t id = 0;
  std::string text;
};

// The source's next texts waiting for the index after document `after`, in stored order: at
// most kIndexBatch, and no more once they reach kIndexBatchBytes.
Result<std::vector<WaitingText>> waiting_texts(Repository::Impl& impl, const SourceId& source,
                                               std::int64_t after) {
  auto stmt = impl.statement(Sql::kUnindexed);
  if (!stmt) {
    return stmt.error();
  }
  std::vector<WaitingText> out;
  std::size_t bytes = 0;
  Query q(*stmt);
  q.bind(1, source).bind(2, after).bind(3, static_cast<std::int64_t>(kIndexBatch));
  int rc = SQLITE_ROW;
  while (bytes < kIndexBatchBytes && (rc = q.step()) == SQLITE_ROW) {
    out.push_back(WaitingText{q.integer(0), q.text(1)});
    bytes += out.back().text.size();
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    return impl.error("read the texts of " + source + " waiting for the index");
  }
  return out;
}

std::vector<std::string> terms_of(const std::vector<WaitingText>& texts) {
  std::vector<std::string> terms;
  terms.reserve(texts.size());
  for (const WaitingText& t : texts) {
    terms.push_back(index_terms(t.text));
  }
  return terms;
}

// Moves `texts` into the index in one transaction, each with its terms. The insert reads the
// text again inside the transaction: terms of a text changed since are not used (PendingTerms).
Status index_batch(Repository::Impl& impl, const SourceId& source,
                   const std::vector<WaitingText>& texts, const std::vector<std::string>& terms) {
  auto tx = detail::WriteTransaction::begin(impl, "index the texts of " + source);
  if (!tx) {
    return tx.error();
  }
  auto index = impl.statement(Sql::kIndexText);
  if (!index) {
    return index.error();
  }
  auto drop = impl.statement(Sql::kDropText);
  if (!drop) {
    return drop.error();
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const detail::PendingTerms pending(terms[i]);
    if (Query(*index).bind(1, texts[i].id).step() != SQLITE_DONE ||
        Query(*drop).bind(1, texts[i].id).step() != SQLITE_DONE) {
      return impl.error("index the text of document " + std::to_string(texts[i].id) + " of " +
                        source);
    }
  }
  return tx->commit();
}

}  // namespace

Result<std::uint64_t> Repository::unindexed_texts(const SourceId& source) {
  auto stmt = impl_->statement(Sql::kUnindexedCount);
  if (!stmt) {
    return stmt.error();
  }
  Query q(*stmt);
  if (q.bind(1, source).step() != SQLITE_ROW) {
    return impl_->error("count the texts of " + source + " waiting for the index");
  }
  return static_cast<std::uint64_t>(q.integer(0));
}

Result<std::uint64_t> Repository::index_texts(const SourceId& source) {
  // Two batches at a time: another thread makes the next one's terms (SQLite's tokenizer, ~half
  // the cost) while this one writes the current one into the index.
  auto first = waiting_texts(*impl_, source, 0);
  if (!first) {
    return first.error();
  }
  std::vector<WaitingText> next = std::move(*first);
  std::future<std::vector<std::string>> next_terms;  // declared last: ends (waits) first
  if (!next.empty()) {
    next_terms = std::async(std::launch::async, terms_of, std::cref(next));
  }
  std::uint64_t indexed = 0;
  while (!next.empty()) {
    auto after = waiting_texts(*impl_, source, next.back().id);
    if (!after) {
      return after.error();
    }
    std::vector<std::string> terms = next_terms.get();
    const std::vector<WaitingText> current = std::exchange(next, std::move(*after));
    if (!next.empty()) {
      next_terms = std::async(std::launch::async, terms_of, std::cref(next));
    }
    if (auto written = index_batch(*impl_, source, current, terms); !written) {
      return written.error();
    }
    indexed += current.size();
  }
  return indexed;
}

Result<std::vector<SearchHit>> Repository::search(const SourceId& source, std::string_view words,
                                                  std::size_t limit) {
  if (limit == 0) {
    return Error{ErrorCode::kConfig, "search: the limit must be at least 1"};
  }
  limit = std::min(limit, detail::kMaxSearchLimit);
  auto all_words = detail::fts_query(words, " ");
  if (!all_words) {
    return all_words.error();
  }
  if (!impl_->read_only) {
    if (auto indexed = index_texts(source); !indexed) {
      return indexed.error();
    }
  }
  auto hits = run_search(*impl_, source, *all_words, limit);
  const auto lowered = detail::search_words(words);
  if (hits && hits->empty() && lowered.size() > 1) {
    auto any_word = detail::fts_query(words, " OR ");
    if (!any_word) {
      return any_word.error();
    }
    hits = run_search(*impl_, source, *any_word, limit);
  }
  if (!hits) {
    return hits.error();
  }
  std::vector<SearchHit> out;
  for (auto& raw : *hits) {
    auto locator = locator_for(*impl_, raw.id, lowered);
    if (!locator) {
      return locator.error();
    }
    raw.hit.locator = std::move(*locator);
    out.push_back(std::move(raw.hit));
  }
  return out;
}

}  // namespace om::store
