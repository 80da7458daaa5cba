// store tests: full-text search ranking, hostile input, fallbacks, locators, the index built by a
// source's first search, and the FTS5 query builder.
#include <cstdint>
#include <string>

#include <doctest/doctest.h>

#include "store/detail/sqlite.h"
#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::check_index;
using testing::open_ok;
using testing::raw_integer;
using testing::sample_document;
using testing::sample_extraction;
using testing::TempDir;

Repository open_with(const std::vector<std::pair<std::string, std::string>>& pages,
                     const std::string& source = "stripe") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  for (const auto& [url, text] : pages) {
    Extraction ex;
    ex.text = text;
    REQUIRE(repo->save(sample_document(source, url, text), ex).ok());
  }
  return std::move(repo).value();
}

TEST_CASE("search: the document that matches better ranks first, with a short snippet") {
  auto repo = open_with({
      {"https://docs/a",
       "Authentication uses an API key. Other topics follow: webhooks, events, "
       "errors, idempotency, metadata, expanding responses, versioning."},
      {"https://docs/b",
       "Pagination: list endpoints paginate with a cursor. Pass the cursor "
       "returned as next_cursor; the cursor expires after one hour."},
      {"https://docs/c", "Webhooks deliver events to your endpoint."},
  });
  auto hits = repo.search("stripe", "cursor");
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().url == "https://docs/b");
  CHECK(hits->front().snippet.find("cursor") != std::string::npos);

  auto both = repo.search("stripe", "webhooks events");
  REQUIRE(both.ok());
  REQUIRE(both->size() == 2);
  CHECK(both->at(0).url == "https://docs/c");  // shorter document, same words: higher bm25
  CHECK(both->at(0).rank <= both->at(1).rank);
  // Porter stemming: "paginated" finds "paginate".
  CHECK(repo.search("stripe", "paginated")->size() == 1);
}

TEST_CASE("search: FTS syntax in user input is matched literally and never breaks the query") {
  auto repo = open_with({{"https://docs/near", "NEAR the OR operator and a star * and \"quotes\""},
                         {"https://docs/x", "nothing relevant"}});
  for (const char* hostile : {"\"NEAR( OR *", "NEAR(", "a\"b", "col:val", "^start", "NOT x", "AND",
                              "((( x )))", "x\" OR \"y", "- + {url}: near"}) {
    const std::string input = hostile;
    CAPTURE(input);
    auto hits = repo.search("stripe", hostile);
    CHECK_MESSAGE(hits.ok(), (hits.ok() ? "" : hits.error().message));
  }
  auto near = repo.search("stripe", "\"NEAR( OR *");
  REQUIRE(near.ok());
  REQUIRE(near->size() == 1);
  CHECK(near->front().url == "https://docs/near");
  // "url:" would be a column filter in raw FTS5; here it is just a word.
  CHECK(repo.search("stripe", "url:relevant")->empty());
}

TEST_CASE("search: empty or punctuation-only input and a zero limit are errors") {
  auto repo = open_with({{"https://docs/a", "text"}});
  for (const char* nothing : {"", "   ", "* ( ) \" -", "\t\n", "((("}) {
    const std::string input = nothing;
    CAPTURE(input);
    auto hits = repo.search("stripe", nothing);
    REQUIRE_FALSE(hits.ok());
    CHECK(hits.error().code == ErrorCode::kConfig);
  }
  CHECK_FALSE(repo.search("stripe", "text", 0).ok());
  std::string many;
  for (int i = 0; i <= static_cast<int>(kMaxSearchWords); ++i) {
    many += "w" + std::to_string(i) + " ";
  }
  CHECK_FALSE(repo.search("stripe", many).ok());
}

TEST_CASE("search: with no document holding every word, documents with any word are returned") {
  auto repo =
      open_with({{"https://docs/a", "offset pagination"}, {"https://docs/b", "rate limit"}});
  auto hits = repo.search("stripe", "pagination limit");
  REQUIRE(hits.ok());
  CHECK(hits->size() == 2);
  auto strict = repo.search("stripe", "offset pagination");
  REQUIRE(strict.ok());
  CHECK(strict->size() == 1);
}

TEST_CASE("search: hits are confined to the source and respect the limit") {
  auto repo = open_with(
      {{"https://docs/1", "token"}, {"https://docs/2", "token"}, {"https://docs/3", "token"}});
  Extraction ex;
  ex.text = "token";
  REQUIRE(repo.save(sample_document("tableau", "https://t/1", "x"), ex).ok());
  CHECK(repo.search("stripe", "token")->size() == 3);
  CHECK(repo.search("stripe", "token", 2)->size() == 2);
  CHECK(repo.search("tableau", "token")->size() == 1);
  CHECK(repo.search("nobody", "token")->empty());
}

TEST_CASE("search: a hit carries the locator of the evidence that holds the words") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  const std::string url = "https://api/openapi.json";
  REQUIRE(repo->save(sample_document("stripe", url, "{}"),
                     sample_extraction(url, "bearer auth; starting_after cursor pagination"))
              .ok());
  auto cursor = repo->search("stripe", "cursor");
  REQUIRE(cursor->size() == 1);
  CHECK(cursor->front().locator == "/paths/~1v1~1customers/get");
  auto bearer = repo->search("stripe", "bearer");
  REQUIRE(bearer->size() == 1);
  CHECK(bearer->front().locator == "/components/securitySchemes/bearer");
  auto auth = repo->search("stripe", "auth");
  REQUIRE(auth->size() == 1);
  CHECK(auth->front().locator.empty());
}

void save_text(Repository& repo, const std::string& source, const std::string& url,
               const std::string& text) {
  Extraction ex;
  ex.text = text;
  REQUIRE(repo.save(sample_document(source, url, "<html></html>"), ex).ok());
}

TEST_CASE("search: a saved text waits for its source's first search, which indexes it once") {
  TempDir dir;
  const auto path = dir.file("cache.db");
  auto repo = open_ok(path);
  const std::size_t pages = 2 * kIndexBatch + 22;  // more than one indexing transaction
  for (std::size_t i = 0; i < pages; ++i) {
    save_text(repo, "stripe", "https://docs/" + std::to_string(i),
              "page " + std::to_string(i) + " paginates with a cursor");
  }
  save_text(repo, "github", "https://gh/1", "a cursor of another source");
  CHECK(repo.unindexed_texts("stripe").value() == pages);
  CHECK(raw_integer(path, "SELECT count(*) FROM document_fts") == 0);

  // A read-only cache searches what is indexed: nothing yet.
  auto reader = Repository::open_read_only(path);
  REQUIRE(reader.ok());
  REQUIRE(reader->search("stripe", "cursor").ok());
  CHECK(reader->search("stripe", "cursor")->empty());
  CHECK(reader->unindexed_texts("stripe").value() == pages);

  auto hits = repo.search("stripe", "cursor", 1000);
  REQUIRE(hits.ok());
  CHECK(hits->size() == pages);
  CHECK(repo.unindexed_texts("stripe").value() == 0);
  CHECK(repo.unindexed_texts("github").value() == 1);  // another source waits for its own search
  CHECK(raw_integer(path, "SELECT count(*) FROM document_fts") == static_cast<std::int64_t>(pages));
  CHECK(raw_integer(path, "SELECT count(*) FROM document_text") == 1);
  CHECK(repo.index_texts("stripe").value() == 0);
  check_index(path);
  // The reader sees the index as soon as it is committed; stemming as before.
  CHECK(reader->search("stripe", "paginated", 1000)->size() == pages);
  CHECK(reader->search("stripe", "\"page 7\"")->front().url == "https://docs/7");
}

TEST_CASE("search: texts of megabytes are indexed in batches bounded by their bytes") {
  TempDir dir;
  const auto path = dir.file("cache.db");
  auto repo = open_ok(path);
  std::string filler;
  while (filler.size() < kIndexBatchBytes * 3 / 4) {  // two make a batch; over kMaxTermsText
    filler += "spec schema property ";
  }
  for (int i = 0; i < 5; ++i) {
    save_text(repo, "big", "https://spec/" + std::to_string(i),
              filler + " unique" + std::to_string(i));
  }
  CHECK(repo.index_texts("big").value() == 5);
  CHECK(repo.unindexed_texts("big").value() == 0);
  for (int i = 0; i < 5; ++i) {
    auto hit = repo.search("big", "unique" + std::to_string(i));
    REQUIRE(hit->size() == 1);
    CHECK(hit->front().url == "https://spec/" + std::to_string(i));
  }
  check_index(path);
}

TEST_CASE("search: a replaced or removed document leaves nothing of its text in the index") {
  TempDir dir;
  const auto path = dir.file("cache.db");
  auto repo = open_ok(path);
  save_text(repo, "stripe", "https://docs/a", "alpha version");
  REQUIRE(repo.search("stripe", "alpha")->size() == 1);  // indexed
  save_text(repo, "stripe", "https://docs/a", "beta version");
  CHECK(repo.unindexed_texts("stripe").value() == 1);
  CHECK(repo.search("stripe", "alpha")->empty());
  REQUIRE(repo.search("stripe", "beta")->size() == 1);
  CHECK(raw_integer(path, "SELECT count(*) FROM document_fts") == 1);
  check_index(path);

  save_text(repo, "stripe", "https://docs/b", "gamma waits");  // not indexed yet
  REQUIRE(repo.remove_source("stripe").value() == 2);
  CHECK(raw_integer(path, "SELECT count(*) FROM document_fts") == 0);
  CHECK(raw_integer(path, "SELECT count(*) FROM document_text") == 0);
  check_index(path);
}

TEST_CASE("search: the FTS5 query quotes each word and doubles embedded quotes") {
  auto q = detail::fts_query("  cursor \"NEAR( * a\"b ", " ");
  REQUIRE(q.ok());
  CHECK(*q == R"("cursor" """NEAR(" "a""b")");
  auto any = detail::fts_query("x y", " OR ");
  REQUIRE(any.ok());
  CHECK(*any == R"("x" OR "y")");
  CHECK(detail::search_words("Cursor NEXT") == std::vector<std::string>{"cursor", "next"});
  CHECK_FALSE(detail::fts_query("* ( )", " ").ok());
}

}  // namespace
}  // namespace om::store
