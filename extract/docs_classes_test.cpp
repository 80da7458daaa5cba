// Tests for the documentation-page failure classes of issue #18 (class 11): small synthetic
// Markdown pages, written from the pattern, not copied from any vendor.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "extract/extract.h"

namespace {

om::Findings run_page(std::string body) {
  om::FetchedDocument doc;
  doc.url = "https://docs.example.io/api.md";
  doc.body = std::move(body);
  doc.http_status = 200;
  om::Extraction e = om::extract::extract(doc);
  REQUIRE_MESSAGE(e.error.empty(), e.error);
  return e.findings;
}

const om::Pagination* style(const om::Findings& f, std::string_view name) {
  for (const om::Pagination& p : f.pagination) {
    if (to_string(p.style) == name) {
      return &p;
    }
  }
  return nullptr;
}

bool has(const std::vector<std::string>& list, std::string_view x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

}  // namespace

TEST_CASE("class 11: a `page` inside an enum value list is not a paging parameter") {
  om::Findings f = run_page(R"(# Search

`POST /v1/search` searches the workspace.

- `filter.value`: the object type, one of `page`, `database` or `block`.
- Results are paginated: pass `cursor` from `next_cursor`.
)");
  const om::Pagination* cursor = style(f, "cursor");
  REQUIRE(cursor != nullptr);
  CHECK_FALSE(has(cursor->request_params, "page"));
  CHECK(style(f, "page") == nullptr);
}

TEST_CASE("class 11: 'the id of the last item from the previous page' is keyset") {
  om::Findings f = run_page(R"(# Events

`GET /v2/events` lists events, newest first.

| Parameter | Description |
|---|---|
| `limit` | How many events to return. |
| `last_seen` | The id of the last event from the previous page. |
)");
  const om::Pagination* keyset = style(f, "keyset");
  REQUIRE(keyset != nullptr);
  CHECK(has(keyset->request_params, "last_seen"));
}

TEST_CASE("class 11: a list that returns everything at once is `none`") {
  om::Findings f = run_page(R"(# Queries

`GET /api/queries/tags` returns all tags at once; this endpoint is not paginated.
)");
  const om::Pagination* none = style(f, "none");
  REQUIRE(none != nullptr);
  CHECK_FALSE(none->evidence.empty());
  CHECK(style(f, "unknown") == nullptr);
}
