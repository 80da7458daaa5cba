// Tests for the failure classes of issue #18 (extraction on specs it was never tuned on): one small
// synthetic spec per class, written from the pattern, not copied from any vendor.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/extractors.h"
#include "extract/extract.h"

namespace om::extract::detail {
namespace {

Extraction run_doc(std::string url, std::string body) {
  FetchedDocument doc;
  doc.url = std::move(url);
  doc.body = std::move(body);
  return extract(doc);
}

Findings run(std::string body) {
  Extraction e = run_doc("spec.yaml", std::move(body));
  REQUIRE_MESSAGE(e.error.empty(), e.error);
  return e.findings;
}

bool has(const std::vector<std::string>& list, std::string_view x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

const Pagination* style(const Findings& f, std::string_view name) {
  for (const Pagination& p : f.pagination) {
    if (p.style == name) {
      return &p;
    }
  }
  return nullptr;
}

const Entity* entity_with(const Findings& f, std::string_view method, std::string_view path) {
  for (const Entity& e : f.entities) {
    if ((e.list.method == method && e.list.path == path) ||
        (e.get.method == method && e.get.path == path)) {
      return &e;
    }
  }
  return nullptr;
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

TEST_CASE("class 1: a UTF-8 byte-order mark does not hide a spec (JSON or YAML, key anywhere)") {
  std::string filler(5000, ' ');
  std::string json =
      std::string(kBom) + R"({"info": {"title": "t", "version": "1"},)" + filler +
      R"("paths": {"/things": {"get": {"responses": {"200": {"description": "ok"}}}}},
  "openapi": "3.0.0", "servers": [{"url": "https://api.example.com/v1"}]})";
  CHECK(is_openapi(json));
  Extraction j = run_doc("spec.json", json);
  REQUIRE_MESSAGE(j.error.empty(), j.error);
  CHECK(j.kind == DocKind::kOpenApi);
  REQUIRE(j.findings.base_urls.size() == 1);
  CHECK(j.findings.base_urls[0].url == "https://api.example.com/v1");

  std::string yaml = std::string(kBom) + R"(swagger: "2.0"
info: {title: t, version: "1"}
host: api.example.com
basePath: /v2
schemes: [https]
paths:
  /things:
    get:
      responses: {"200": {description: ok}}
)";
  CHECK(is_openapi(yaml));
  Extraction y = run_doc("download", yaml);
  REQUIRE_MESSAGE(y.error.empty(), y.error);
  CHECK(y.kind == DocKind::kOpenApi);
  REQUIRE(y.findings.base_urls.size() == 1);
  CHECK(y.findings.base_urls[0].url == "https://api.example.com/v2");
}

}  // namespace om::extract::detail
