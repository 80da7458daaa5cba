// store tests: terms made by index_terms() on any thread build the full-text index that
// tokenizing on the writer builds, and are used only for the text they were made from.
#include "store/index_terms.h"

#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store/detail/sqlite.h"
#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::sample_document;
using testing::sample_extraction;
using testing::TempDir;

Repository open_ok(const std::string& path) {
  auto repo = Repository::open(path);
  REQUIRE_MESSAGE(repo.ok(), (repo.ok() ? "" : repo.error().message));
  return std::move(repo).value();
}

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

// FTS5 tokenizes every stored text again with SQLite's own porter and compares with the index.
void check_integrity(const std::string& path) {
  CHECK(raw_rows(path, "INSERT INTO document_fts(document_fts, rank) VALUES('integrity-check', 1)")
            .empty());
}

const std::vector<std::string> kTexts = {
    "Authentication: send the header Authorization: Bearer TOKEN. Running runs ran quickly.",
    "Pagination uses cursors; the next_cursor field is empty on the last page. Café naïve "
    "résumé ÜBER straße, 東京 and emoji \xF0\x9F\x98\x80 stay searchable.",
    "Rate limits: 100 requests per minute per token; responses carry X-RateLimit-Remaining.",
};

TEST_CASE("index terms: replayed terms build the same index as tokenizing on the writer") {
  TempDir dir;
  for (const bool with_terms : {false, true}) {
    Repository repo = open_ok(dir.file(with_terms ? "terms.db" : "plain.db"));
    for (std::size_t i = 0; i < kTexts.size(); ++i) {
      const std::string url = "https://docs.example.com/" + std::to_string(i);
      Extraction ex = sample_extraction(url, kTexts[i]);
      if (with_terms) {
        ex.index_terms = index_terms(ex.text);
        REQUIRE_FALSE(ex.index_terms.empty());
      }
      REQUIRE(repo.save(sample_document("docs", url, "<p>page</p>"), ex).ok());
    }
  }
  const char* index = "SELECT id, block FROM document_fts_data ORDER BY id";
  CHECK(raw_rows(dir.file("terms.db"), index) == raw_rows(dir.file("plain.db"), index));
  check_integrity(dir.file("terms.db"));
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
  TempDir dir;
  const std::string path = dir.file("k.db");
  {
    Repository repo = open_ok(path);
    Extraction ex = sample_extraction("https://docs.example.com/a", kTexts[0]);
    ex.index_terms = index_terms(kTexts[2]);  // made from another text
    REQUIRE(repo.save(sample_document("docs", "https://docs.example.com/a", "x"), ex).ok());
    // A page replaced: the old text leaves the index as SQLite's porter tokenizes it.
    Extraction again = sample_extraction("https://docs.example.com/a", kTexts[1]);
    again.index_terms = index_terms(kTexts[1]);
    REQUIRE(repo.save(sample_document("docs", "https://docs.example.com/a", "y"), again).ok());
    Extraction other = sample_extraction("https://docs.example.com/b", kTexts[2]);
    other.index_terms = index_terms(kTexts[0]);
    REQUIRE(repo.save(sample_document("docs", "https://docs.example.com/b", "z"), other).ok());
  }
  check_integrity(path);
  Repository repo = open_ok(path);
  CHECK(repo.search("docs", "cursors")->size() == 1);    // page a's text now
  CHECK(repo.search("docs", "authorization")->empty());  // page a's old text is gone
  auto limits = repo.search("docs", "requests minute");  // page b: its own text, not a's terms
  REQUIRE(limits->size() == 1);
  CHECK(limits->front().url == "https://docs.example.com/b");
}

}  // namespace
}  // namespace om::store
