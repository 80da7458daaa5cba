// store tests: terms made by index_terms() on any thread build the full-text index that
// SQLite's tokenizer builds, and are used only for the text they were made from.
#include "store/index_terms.h"

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store/detail/index_terms.h"
#include "store/detail/sqlite.h"
#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::check_index;
using testing::open_ok;
using testing::raw_exec;
using testing::sample_document;
using testing::sample_extraction;
using testing::TempDir;

// Rows of one query over a raw connection (SQLite's own tokenizers only), cells joined by '|'.
std::vector<std::string> raw_rows(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  detail::Db owner(db);
  sqlite3_stmt* raw = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  detail::Stmt stmt(raw);
  std::vector<std::string> rows;
  int rc = 0;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(raw); ++c) {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(raw, c));
      row.append(bytes != nullptr ? bytes : "",
                 static_cast<std::size_t>(sqlite3_column_bytes(raw, c)));
      row += '|';
    }
    rows.push_back(std::move(row));
  }
  REQUIRE_MESSAGE(rc == SQLITE_DONE, sqlite3_errmsg(db));
  return rows;
}

const std::vector<std::string> kTexts = {
    "Authentication: send the header Authorization: Bearer TOKEN. Running runs ran quickly.",
    "Pagination uses cursors; the next_cursor field is empty on the last page. Café naïve "
    "résumé ÜBER straße, 東京 and emoji \xF0\x9F\x98\x80 stay searchable.",
    "Rate limits: 100 requests per minute per token; responses carry X-RateLimit-Remaining.",
};

TEST_CASE("index terms: index_texts' replayed terms build the index SQLite's tokenizer builds") {
  TempDir dir;
  for (const char* name : {"terms.db", "plain.db"}) {
    Repository repo = open_ok(dir.file(name));
    for (std::size_t i = 0; i < kTexts.size(); ++i) {
      const std::string url = "https://docs.example.com/" + std::to_string(i);
      REQUIRE(
          repo.save(sample_document("docs", url, "<p>page</p>"), sample_extraction(url, kTexts[i]))
              .ok());
    }
  }
  const std::uint64_t replayed = detail::replayed_texts();
  REQUIRE(open_ok(dir.file("terms.db")).index_texts("docs").value() == kTexts.size());
  CHECK(detail::replayed_texts() == replayed + kTexts.size());  // none tokenized on the writer
  // The same move through a raw connection, one statement a document in one transaction as
  // index_texts() does (the index's segments follow its statements): SQLite's own porter
  // tokenizes every text.
  std::string move = "BEGIN;";
  for (std::size_t i = 0; i < kTexts.size(); ++i) {
    move +=
        "INSERT INTO document_fts(rowid, url, text) SELECT d.id, d.url, t.text FROM document d"
        " JOIN document_text t ON t.document_id = d.id ORDER BY d.id LIMIT 1;"
        "DELETE FROM document_text WHERE document_id = (SELECT min(document_id) FROM "
        "document_text);";
  }
  raw_exec(dir.file("plain.db"), (move + "COMMIT;").c_str());
  CHECK(raw_rows(dir.file("plain.db"), "SELECT * FROM document_text").empty());
  const char* index = "SELECT id, block FROM document_fts_data ORDER BY id";
  CHECK(raw_rows(dir.file("terms.db"), index) == raw_rows(dir.file("plain.db"), index));
  check_index(dir.file("terms.db"));
  Repository repo = open_ok(dir.file("terms.db"));
  CHECK(repo.search("docs", "running")->size() == 1);  // porter: "run"
  CHECK(repo.search("docs", "cafe")->size() == 1);     // diacritics removed
  CHECK(repo.search("docs", "東京")->size() == 1);
}

TEST_CASE("index terms: the same on every thread") {
  const std::string here = index_terms(kTexts[1]);
  std::string there;
  std::thread([&] { there = index_terms(kTexts[1]); }).join();
  CHECK_FALSE(here.empty());
  CHECK(here == there);
  CHECK(index_terms("") == "");
  // A text over the bound gets none (the writer tokenizes it); one at the bound does.
  std::string big(kMaxTermsText, 'a');
  for (std::size_t i = 7; i < big.size(); i += 8) {
    big[i] = ' ';
  }
  CHECK_FALSE(index_terms(big).empty());
  big += " b";
  CHECK(index_terms(big).empty());
}

TEST_CASE("index terms: terms of another text are never used") {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(":memory:", &raw) == SQLITE_OK);
  detail::Db db(raw);
  detail::replay_index_terms(raw);
  REQUIRE(sqlite3_exec(raw,
                       "CREATE VIRTUAL TABLE f USING fts5(text, tokenize = 'porter unicode61 "
                       "remove_diacritics 2')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  const auto insert = [&](const std::string& text, const std::string& terms) {
    const detail::PendingTerms pending(terms);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "INSERT INTO f(text) VALUES(?1)", -1, &stmt, nullptr) ==
            SQLITE_OK);
    detail::Stmt owner(stmt);
    sqlite3_bind_text(stmt, 1, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    REQUIRE(sqlite3_step(stmt) == SQLITE_DONE);
  };
  const auto count = [&](const char* word) {
    const std::string sql = std::string("SELECT count(*) FROM f WHERE f MATCH '") + word + "'";
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    detail::Stmt owner(stmt);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    return sqlite3_column_int(stmt, 0);
  };
  const std::uint64_t replayed = detail::replayed_texts();
  insert(kTexts[0], index_terms(kTexts[2]));  // terms made from another text
  CHECK(detail::replayed_texts() == replayed);
  CHECK(count("authorization") == 1);         // kTexts[0], tokenized
  CHECK(count("minute") == 0);                // nothing of kTexts[2]
  insert(kTexts[1], index_terms(kTexts[1]));  // its own terms
  CHECK(detail::replayed_texts() == replayed + 1);
  CHECK(count("cursors") == 1);
  CHECK(sqlite3_exec(raw, "INSERT INTO f(f, rank) VALUES('integrity-check', 1)", nullptr, nullptr,
                     nullptr) == SQLITE_OK);
}

}  // namespace
}  // namespace om::store
