// store tests: full-text search ranking, hostile input, fallbacks, locators and the FTS5 query
// builder.
#include <string>

#include <doctest/doctest.h>

#include "store/detail/sqlite.h"
#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::sample_document;
using testing::sample_extraction;

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
