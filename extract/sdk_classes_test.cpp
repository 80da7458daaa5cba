// Tests for the SDK-code failure classes of issue #18 (class 12): small synthetic packages built
// in memory, written from the pattern, not copied from any vendor.
#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "extract/detail/sdk_test_archive.h"
#include "extract/extract.h"

namespace {

using om::extract::test_support::build_archive;
using om::extract::test_support::TestEntry;
using om::extract::test_support::TestFormat;

om::Findings extract_package(const std::vector<TestEntry>& entries) {
  std::string tgz = build_archive(entries, TestFormat::kTgz);
  REQUIRE_FALSE(tgz.empty());
  om::FetchedDocument d;
  d.url = "/tmp/pkg.tgz";
  d.body = std::move(tgz);
  d.http_status = 200;
  om::Extraction e = om::extract::extract(d);
  REQUIRE(e.error.empty());
  return e.findings;
}

bool has(const std::vector<std::string>& list, std::string_view x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

}  // namespace

TEST_CASE("class 12: a loop feeding params.x = result.y is paging") {
  const char* list_js = R"js("use strict";
async function* listAll(client, params) {
  let result;
  do {
    result = await client.request("GET", "/v2/items", params);
    yield* result.items;
    params.marker = result.nextMarker;
  } while (result.nextMarker);
}
module.exports = { listAll };
)js";
  om::Findings f =
      extract_package({{"package/package.json", R"({"name":"acme","version":"1.0.0"})"},
                       {"package/lib/list.js", list_js}});
  const om::Pagination* cursor = nullptr;
  for (const om::Pagination& p : f.pagination) {
    cursor = p.style == om::PageStyle::kCursor ? &p : cursor;
  }
  REQUIRE(cursor != nullptr);
  CHECK(has(cursor->request_params, "marker"));
  CHECK(has(cursor->response_fields, "nextMarker"));
  CHECK_FALSE(cursor->evidence.empty());
}

TEST_CASE("class 12: a path made only of interpolations is an endpoint") {
  const char* client_ts = R"ts(export class RecordsApi {
  constructor(private http: HttpClient) {}

  async getRecord(table: string, id: string): Promise<Row> {
    return this.http.get<Row>(`/${table}/${id}`);
  }

  async listRows(table: string): Promise<Row[]> {
    return this.http.get<Row[]>(`/${table}`);
  }
}
)ts";
  om::Findings f =
      extract_package({{"package/package.json", R"({"name":"acme","version":"1.0.0"})"},
                       {"package/src/records.ts", client_ts}});
  bool item = std::any_of(f.endpoints.begin(), f.endpoints.end(), [](const om::Endpoint& e) {
    return e.method == "GET" && e.path == "/{table}/{id}";
  });
  CHECK(item);
}

TEST_CASE("class 12: a version segment computed from config belongs to the base URL") {
  const char* client_js = R"js(const DEFAULT_HOST = "https://api.acme.test";
class Client {
  constructor(opts) {
    this.host = opts.host || DEFAULT_HOST;
    this.apiMajor = opts.apiMajor || 3;
  }
  request(method, path) {
    return fetch(this.host + "/v" + this.apiMajor + path, { method });
  }
  listWidgets() {
    return this.request("GET", "/widgets");
  }
}
module.exports = { Client };
)js";
  om::Findings f =
      extract_package({{"package/package.json", R"({"name":"acme","version":"1.0.0"})"},
                       {"package/lib/client.js", client_js}});
  REQUIRE(f.base_urls.size() == 1);
  CHECK(f.base_urls[0].url == "https://api.acme.test/v3");
  CHECK(std::any_of(f.base_urls[0].evidence.begin(), f.base_urls[0].evidence.end(),
                    [](const om::Evidence& e) { return e.locator == "lib/client.js:8"; }));
}
