// Tests for OpenAPI pagination and entity detection: one small inline spec per rule and per
// ambiguity of EXTRACTION.md section 2, plus the labelled dev corpus (/work/shared/corpus).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "core/json.h"
#include "extract/detail/openapi_context.h"
#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {
namespace {

struct Detected {
  Findings findings;
};

Findings run(std::string_view spec) {
  Result<SpecTree> tree = SpecTree::parse(spec, "test.yaml");
  REQUIRE_MESSAGE(tree.ok(), (tree.ok() ? "" : tree.error().message));
  SpecContext ctx(tree.value(), "test.yaml");
  Findings out;
  detect_pagination(ctx, out);
  detect_entities(ctx, out);
  return out;
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

const Entity* entity_getting(const Findings& f, std::string_view path) {
  for (const Entity& e : f.entities) {
    if (e.get.path == path) {
      return &e;
    }
  }
  return nullptr;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- one fixture per rule

constexpr std::string_view kOffsetSpec = R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/users:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 50, maximum: 200}}
        - {name: offset, in: query, schema: {type: integer}}
        - {name: order_by, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  users: {type: array, items: {$ref: "#/components/schemas/User"}}
                  total_entries: {type: integer}
  /v1/users/{user_id}:
    get:
      parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}
components:
  schemas:
    User: {type: object, properties: {id: {type: string}, name: {type: string}}}
)";

TEST_CASE("pagination: offset + limit with a total field is structural offset paging") {
  Findings f = run(kOffsetSpec);
  const Pagination* p = style(f, "offset");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "offset"));
  CHECK(has(p->request_params, "limit"));
  CHECK(has(p->request_params, "order_by"));
  CHECK(has(p->response_fields, "total_entries"));
  CHECK(p->page_size.param == "limit");
  CHECK(p->page_size.default_value == 50);
  CHECK(p->page_size.max == 200);
  CHECK(p->confidence == doctest::Approx(confidence::kStructural));
  CHECK(has(p->endpoints, "GET /v1/users"));
  CHECK(p->stop_condition.find("total_entries") != std::string::npos);
  REQUIRE(!p->evidence.empty());
  CHECK(p->evidence.front().locator.find("/parameters/") != std::string::npos);
}

TEST_CASE("entities: a list and its get pair up, with records path and primary key") {
  Findings f = run(kOffsetSpec);
  const Entity* e = entity_listing(f, "/v1/users");
  REQUIRE(e != nullptr);
  CHECK(e->name == "user");
  CHECK(e->get.path == "/v1/users/{user_id}");
  CHECK(e->records_path == "users");
  CHECK(e->primary_key == "id");
  CHECK(e->pagination == PageStyle::kOffset);
  CHECK(e->evidence.size() == 2);
}

TEST_CASE("pagination: offset paging without has_more or total warns about the stop condition") {
  Findings f = run(R"(
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /looks/search:
    get:
      parameters:
        - {name: limit, in: query, type: integer}
        - {name: offset, in: query, type: integer}
      responses:
        200: {description: ok, schema: {type: array, items: {type: object}}}
)");
  const Pagination* p = style(f, "offset");
  REQUIRE(p != nullptr);
  CHECK(p->confidence == doctest::Approx(confidence::kLexical));
  CHECK(p->truncation_risk.find("short or empty page") != std::string::npos);
}

TEST_CASE("pagination: deprecated page/per_page beside limit/offset is a second family") {
  Findings f = run(R"(
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /users:
    get:
      parameters:
        - {name: page, in: query, type: integer, description: "DEPRECATED. Use limit and offset"}
        - {name: per_page, in: query, type: integer, description: "DEPRECATED. Rows per page"}
        - {name: limit, in: query, type: integer}
        - {name: offset, in: query, type: integer}
      responses:
        200: {description: ok, schema: {type: array, items: {type: object}}}
)");
  REQUIRE(style(f, "offset") != nullptr);
  const Pagination* page = style(f, "page");
  REQUIRE(page != nullptr);
  CHECK(has(page->request_params, "page"));
  CHECK(page->page_size.param == "per_page");
  CHECK(page->truncation_risk.find("deprecated") != std::string::npos);
}

TEST_CASE("pagination: page + per_page on bare arrays is lexical page paging") {
  Findings f = run(R"({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
    "components": {"parameters": {
      "page": {"in": "query", "name": "page", "schema": {"type": "integer"}},
      "perPage": {"in": "query", "name": "per_page", "schema": {"type": "integer"}}}},
    "paths": {"/sites": {"get": {
      "parameters": [{"$ref": "#/components/parameters/page"},
                     {"$ref": "#/components/parameters/perPage"}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"type": "array", "items": {"type": "object"}}}}}}}}}})");
  const Pagination* p = style(f, "page");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "page"));
  CHECK(has(p->request_params, "per_page"));
  CHECK(p->confidence == doctest::Approx(confidence::kLexical));
  CHECK(p->evidence.front().locator == "/components/parameters/page");
}

TEST_CASE("pagination: page + page_size with pages in the envelope records the page base") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /domains:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 1, default: 1}}
        - {name: page_size, in: query, schema: {type: integer, default: 100, minimum: 25, maximum: 500}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object}}
                  page: {type: integer}
                  pages: {type: integer}
                  results: {type: integer}
)");
  const Pagination* p = style(f, "page");
  REQUIRE(p != nullptr);
  CHECK(p->confidence == doctest::Approx(confidence::kStructural));
  CHECK(has(p->response_fields, "pages"));
  CHECK(p->page_size.max == 500);
  CHECK(p->stop_condition.find("pages") != std::string::npos);
  CHECK(p->truncation_risk.find("first page is 1") != std::string::npos);
}

/// A one-operation OpenAPI 3.0 spec: GET `path` with query `params` (YAML flow list items)
/// and a 200 JSON response `schema`; `extra` is appended to the operation.
std::string one_op(std::string_view path, std::string_view params, std::string_view schema,
                   std::string_view extra = {}) {
  std::string out = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  ";
  out += std::string(path) + ":\n    get:\n      parameters: [" + std::string(params) + "]\n";
  out += "      responses:\n        '200':\n          description: ok\n";
  if (!schema.empty()) {
    out += "          content: {application/json: {schema: " + std::string(schema) + "}}\n";
  }
  out += extra;
  return out;
}

TEST_CASE("pagination: a next_page URL field is next-url paging") {
  Findings f = run(one_op("/items", "{name: page, in: query, schema: {type: integer}}",
                          "{type: object, properties: {items: {type: array, items: {}}, "
                          "next_page: {type: string, format: uri}}}"));
  const Pagination* p = style(f, "next-url");
  REQUIRE(p != nullptr);
  CHECK(has(p->response_fields, "next_page"));
  CHECK(p->stop_condition.find("next_page") != std::string::npos);
}

TEST_CASE("pagination: an integer next_page field feeds page-number paging") {
  Findings f = run(one_op("/items", "{name: page, in: query, schema: {type: integer}}",
                          "{type: object, properties: {items: {type: array, items: {}}, "
                          "next_page: {type: integer}}}"));
  const Pagination* p = style(f, "page");
  REQUIRE(p != nullptr);
  CHECK(has(p->response_fields, "next_page"));
  CHECK(p->confidence == doctest::Approx(confidence::kStructural));
  CHECK(style(f, "next-url") == nullptr);
}

TEST_CASE("pagination: a string next_page token with a string page param is a cursor") {
  Findings f = run(one_op("/v1/charges/search", "{name: page, in: query, schema: {type: string}}",
                          "{type: object, properties: {data: {type: array, items: {}}, "
                          "has_more: {type: boolean}, next_page: {type: string}}}"));
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "page"));
  CHECK(has(p->response_fields, "next_page"));
  CHECK(has(p->response_fields, "has_more"));
  CHECK(style(f, "page") == nullptr);
  CHECK(style(f, "next-url") == nullptr);
}

TEST_CASE("pagination: `since` as a user id is keyset, as a timestamp is not paging") {
  Findings ids = run(one_op("/users",
                            "{name: since, in: query, description: 'A user ID. Only return "
                            "users with an ID greater than this ID.', schema: {type: integer}}",
                            "{type: array, items: {type: object}}"));
  REQUIRE(style(ids, "keyset") != nullptr);
  Findings times = run(one_op("/events",
                              "{name: since, in: query, schema: {type: string, format: "
                              "date-time}}, {name: until, in: query, schema: {type: string}}",
                              "{type: array, items: {type: object}}"));
  CHECK(style(times, "keyset") == nullptr);
  CHECK(style(times, "time-window") == nullptr);
  CHECK(style(times, "unknown") != nullptr);
}

TEST_CASE("pagination: a declared $skip with @odata.nextLink pages by the link") {
  Findings f = run(one_op("/users",
                          "{name: $top, in: query, schema: {type: integer}}, "
                          "{name: $skip, in: query, schema: {type: integer}}",
                          "{type: object, properties: {value: {type: array, items: {}}, "
                          "'@odata.nextLink': {type: string}}}"));
  const Pagination* p = style(f, "next-url");
  REQUIRE(p != nullptr);
  CHECK(has(p->response_fields, "@odata.nextLink"));
  CHECK(style(f, "offset") == nullptr);
}

TEST_CASE("pagination: Stripe starting_after + has_more is keyset paging") {
  Findings f = run(one_op("/v1/customers",
                          "{name: limit, in: query, schema: {type: integer}}, "
                          "{name: starting_after, in: query, schema: {type: string}}, "
                          "{name: ending_before, in: query, schema: {type: string}}",
                          "{type: object, properties: {data: {type: array, items: {}}, "
                          "has_more: {type: boolean}, url: {type: string}}}"));
  const Pagination* p = style(f, "keyset");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "starting_after"));
  CHECK(p->page_size.param == "limit");
  CHECK(p->stop_condition.find("has_more") != std::string::npos);
  CHECK(p->confidence == doctest::Approx(confidence::kStructural));
}

TEST_CASE("pagination: Chargebee's string offset fed by next_offset is a cursor") {
  Findings f = run(one_op("/customers",
                          "{name: limit, in: query, schema: {type: integer}}, "
                          "{name: offset, in: query, schema: {type: string}}",
                          "{type: object, properties: {list: {type: array, items: {}}, "
                          "next_offset: {type: string}}}"));
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(has(p->request_params, "offset"));
  CHECK(has(p->response_fields, "next_offset"));
  CHECK(style(f, "offset") == nullptr);
}

TEST_CASE("pagination: a cursor fed by response_metadata.next_cursor is structural") {
  Findings f = run(one_op("/conversations.list",
                          "{name: cursor, in: query, schema: {type: string}}, "
                          "{name: limit, in: query, description: 'The maximum number of items "
                          "to return. Fewer than the requested number of items may be "
                          "returned. Must be an integer under 1000.', schema: {type: integer}}",
                          "{type: object, properties: {channels: {type: array, items: {}}, "
                          "response_metadata: {type: object, properties: {next_cursor: "
                          "{type: string}}}}}"));
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(has(p->response_fields, "response_metadata.next_cursor"));
  CHECK(p->confidence == doctest::Approx(confidence::kStructural));
}

TEST_CASE("pagination: a cursor param with a declared response lacking a token is unknown") {
  Findings f =
      run(one_op("/reports/search", "{name: next_page_token, in: query, schema: {type: string}}",
                 "{type: array, items: {type: object}}"));
  CHECK(style(f, "cursor") == nullptr);
  CHECK(style(f, "unknown") != nullptr);
  REQUIRE(!f.gaps.empty());
  CHECK(f.gaps.front().find("next_page_token") != std::string::npos);
}

TEST_CASE("pagination: a cursor param with an undeclared response is a lexical cursor") {
  Findings f = run(one_op("/v1/users",
                          "{name: start_cursor, in: query, schema: {type: string}}, "
                          "{name: page_size, in: query, description: 'Maximum: `100`.', "
                          "schema: {type: integer}}",
                          "{type: object}"));
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(p->confidence == doctest::Approx(confidence::kLexical));
  CHECK(p->page_size.max == 100);
}

TEST_CASE("pagination: page size default and maximum are read from the description") {
  Findings f = run(one_op("/v2/customers",
                          "{name: cursor, in: query, schema: {type: string}}, "
                          "{name: limit, in: query, description: 'This limit is ignored if it "
                          "is less than 1 or greater than 100. The default value is 100.', "
                          "schema: {type: integer}}",
                          "{type: object, properties: {customers: {type: array, items: {}}, "
                          "cursor: {type: string}}}"));
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(p->page_size.default_value == 100);
  CHECK(p->page_size.max == 100);
  CHECK(has(p->response_fields, "cursor"));
}

TEST_CASE("pagination: a declared Link header is link-header paging") {
  Findings f = run(one_op("/repos",
                          "{name: per_page, in: query, schema: {type: integer}}, "
                          "{name: page, in: query, schema: {type: integer}}",
                          "{type: array, items: {type: object}}",
                          "          headers: {Link: {schema: {type: string}}}\n"));
  const Pagination* p = style(f, "link-header");
  REQUIRE(p != nullptr);
  CHECK(has(p->response_headers, "Link"));
  CHECK(has(p->request_params, "page"));
  CHECK(style(f, "page") == nullptr);
}

TEST_CASE("pagination: x-ms-pageable is declared next-url paging with its item name") {
  Findings f = run(one_op("/vms", "", "{type: object}",
                          "      x-ms-pageable: {nextLinkName: nextLink, itemName: value}\n"));
  const Pagination* p = style(f, "next-url");
  REQUIRE(p != nullptr);
  CHECK(p->confidence == doctest::Approx(confidence::kDeclared));
  CHECK(has(p->response_fields, "nextLink"));
  CHECK(p->evidence.front().locator == "/paths/~1vms/get/x-ms-pageable");
}

TEST_CASE("pagination: x-fern-pagination true inherits the root declaration") {
  std::string spec = one_op("/items", "{name: cursor, in: query, schema: {type: string}}",
                            "{type: object}", "      x-fern-pagination: true\n");
  spec +=
      "x-fern-pagination: {cursor: $request.cursor, next_cursor: $response.next, "
      "results: $response.data}\n";
  Findings f = run(spec);
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(p->confidence == doctest::Approx(confidence::kDeclared));
  CHECK(has(p->request_params, "cursor"));
  CHECK(has(p->response_fields, "next"));
}

TEST_CASE("pagination: x-speakeasy-pagination offsetLimit with a page input is page paging") {
  Findings f =
      run(one_op("/items", "{name: page, in: query, schema: {type: integer}}", "{type: object}",
                 "      x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: "
                 "page, in: parameters, type: page}], outputs: {results: $.data}}\n"));
  const Pagination* p = style(f, "page");
  REQUIRE(p != nullptr);
  CHECK(p->confidence == doctest::Approx(confidence::kDeclared));
  CHECK(has(p->request_params, "page"));
}

TEST_CASE("pagination: a POST search with cursor and limit in the body is body-paged") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v2/orders/search:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                cursor: {type: string}
                limit: {type: integer}
                query: {type: object}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  orders: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  cursor: {type: string}
)");
  const Pagination* p = style(f, "cursor");
  REQUIRE(p != nullptr);
  CHECK(has(p->endpoints, "POST /v2/orders/search"));
  CHECK(has(p->request_params, "cursor"));
  CHECK(p->evidence.front().locator.find("/requestBody/") != std::string::npos);
  const Entity* e = entity_listing(f, "/v2/orders/search");
  REQUIRE(e != nullptr);
  CHECK(e->name == "order");
  CHECK(e->list.method == "POST");
  CHECK(e->records_path == "orders");
}

TEST_CASE("pagination: bare arrays and no paging anywhere is style none, a lone limit is not") {
  Findings f = run(R"(
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /containers/json:
    get:
      parameters: [{name: limit, in: query, type: integer}]
      responses:
        200: {description: ok, schema: {type: array, items: {type: object}}}
  /containers/{id}/json:
    get:
      parameters: [{name: id, in: path, required: true, type: string}]
      responses:
        200: {description: ok, schema: {type: object, properties: {Id: {type: string}}}}
)");
  REQUIRE(f.pagination.size() == 1);
  CHECK(f.pagination.front().style == PageStyle::kNone);
  CHECK(has(f.pagination.front().endpoints, "GET /containers/json"));
  const Entity* e = entity_listing(f, "/containers/json");
  REQUIRE(e != nullptr);
  CHECK(e->name == "container");
  CHECK(e->get.path == "/containers/{id}/json");
  CHECK(e->records_path == "$");
  CHECK(e->primary_key == "Id");
}

TEST_CASE("pagination: bare-array lists without paging beside paged ones are a none family") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /projects:
    get:
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {type: object}}}}
  /projects/{id}/keys:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {type: object}}}}
  /projects/{id}/settings:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}
  /projects/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
)");
  const Pagination* offset = style(f, "offset");
  REQUIRE(offset != nullptr);
  CHECK(has(offset->endpoints, "GET /projects"));
  const Pagination* none = style(f, "none");
  REQUIRE(none != nullptr);
  // Only the unpaged list: not the paged one, not an object, not a get by id.
  REQUIRE(none->endpoints.size() == 1);
  CHECK(none->endpoints.front() == "GET /projects/{id}/keys");
  CHECK(none->request_params.empty());
  REQUIRE(!none->evidence.empty());
  CHECK(none->evidence.front().locator.find("/paths/~1projects~1{id}~1keys/") != std::string::npos);
  CHECK(none->truncation_risk.find("pages other lists") != std::string::npos);
}

TEST_CASE("pagination: no paging and no list endpoints leaves a gap, not a fact") {
  Findings f = run(one_op("/version", "", "{type: object, properties: {v: {type: string}}}"));
  CHECK(f.pagination.empty());
  REQUIRE(f.gaps.size() == 1);
  CHECK(f.gaps.front().find("pagination") != std::string::npos);
}

// ---- entities

TEST_CASE("entities: nested lists get their nearest ancestor as parent, names singular") {
  Findings f = run(R"(
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /api/v2/dags:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {dags: {type: [array, "null"], items: {type: object}}, total_entries: {type: integer}}}}}}}
  /api/v2/dags/{dag_id}:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {dag_id: {type: string}}}}}}}
  /api/v2/dags/{dag_id}/dagRuns:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {dag_runs: {type: array, items: {}}, total_entries: {type: integer}}}}}}}
  /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}:
    get:
      responses: {"200": {description: ok}}
  /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {}}}}}}
  /api/v2/monitor/health:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
)");
  const Entity* dag = entity_listing(f, "/api/v2/dags");
  REQUIRE(dag != nullptr);
  CHECK(dag->name == "dag");
  CHECK(dag->records_path == "dags");
  CHECK(dag->primary_key == "dag_id");
  const Entity* run_e = entity_listing(f, "/api/v2/dags/{dag_id}/dagRuns");
  REQUIRE(run_e != nullptr);
  CHECK(run_e->name == "dag_run");
  CHECK(run_e->parent == "dag");
  CHECK(run_e->get.path == "/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}");
  const Entity* ti = entity_listing(f, "/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances");
  REQUIRE(ti != nullptr);
  CHECK(ti->name == "task_instance");
  CHECK(ti->parent == "dag_run");
  CHECK(entity_listing(f, "/api/v2/monitor/health") == nullptr);
}

TEST_CASE("entities: a nested list pairs with a top-level get of the same name") {
  Findings f = run(R"({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {
    "/sites": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json":
      {"schema": {"type": "array", "items": {"type": "object"}}}}}}}},
    "/sites/{site_id}": {"get": {"responses": {"200": {"description": "ok"}}}},
    "/sites/{site_id}/builds": {"get": {"responses": {"200": {"description": "ok", "content":
      {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}}},
    "/builds/{build_id}": {"get": {"responses": {"200": {"description": "ok"}}}}}})");
  const Entity* build = entity_listing(f, "/sites/{site_id}/builds");
  REQUIRE(build != nullptr);
  CHECK(build->name == "build");
  CHECK(build->get.path == "/builds/{build_id}");
  CHECK(build->parent == "site");
  CHECK(build->primary_key == "build_id");
}

TEST_CASE("entities: a root POST search lists the get-only entities its body enum names") {
  Findings f = run(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
    "/v1/search": {"post": {"requestBody": {"content": {"application/json": {"schema": {
      "type": "object", "properties": {"filter": {"type": "object", "properties": {
        "value": {"type": "string", "enum": ["page", "data_source"]}}}}}}}},
      "responses": {"200": {"description": "ok"}}}},
    "/v1/pages/{page_id}": {"get": {"responses": {"200": {"description": "ok"}}}},
    "/v1/databases/{database_id}": {"get": {"responses": {"200": {"description": "ok"}}}},
    "/v1/comments": {"get": {"parameters": [{"name": "block_id", "in": "query",
      "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}},
    "/v1/blocks/{block_id}": {"get": {"responses": {"200": {"description": "ok"}}}}}})");
  const Entity* page = entity_getting(f, "/v1/pages/{page_id}");
  REQUIRE(page != nullptr);
  CHECK(page->list.method == "POST");
  CHECK(page->list.path == "/v1/search");
  const Entity* db = entity_getting(f, "/v1/databases/{database_id}");
  REQUIRE(db != nullptr);
  CHECK(db->list.empty());
  const Entity* comment = entity_listing(f, "/v1/comments");
  REQUIRE(comment != nullptr);
  CHECK(comment->parent == "block");
}

TEST_CASE("entities: a list verb suffix names the collection before it") {
  Findings f = run(one_op("/v2/catalog/list", "{name: cursor, in: query, schema: {type: string}}",
                          "{type: object, properties: {errors: {type: array, items: {}}, "
                          "objects: {type: array, items: {}}, cursor: {type: string}}}"));
  const Entity* e = entity_listing(f, "/v2/catalog/list");
  REQUIRE(e != nullptr);
  CHECK(e->name == "catalog");
  CHECK(e->records_path == "objects");
  CHECK(e->pagination == PageStyle::kCursor);
}

// ---- the labelled dev corpus

struct CorpusScore {
  double pagination_f1 = 0;
  double params_recall = 1;
  int slots = 0, found = 0, parents = 0, parents_ok = 0;
  std::string detail;
};

std::string endpoint_of(const Json& j) {
  return j.is_string() ? j.as_string() : std::string();
}

std::set<std::string> gold_styles(const Json& label) {
  std::set<std::string> out;
  for (const Json& p : label["pagination"].as_array()) {
    if (p["style"].as_string() != "unknown") {
      out.insert(p["style"].as_string());
    }
  }
  return out;
}

double params_recall(const Json& label, const Findings& f, std::string& detail) {
  double sum = 0;
  int n = 0;
  for (const Json& gp : label["pagination"].as_array()) {
    const Json::Array& params = gp["params"].as_array();
    if (params.empty()) {
      continue;
    }
    double best = 0;
    for (const Pagination& p : f.pagination) {
      if (to_string(p.style) != gp["style"].as_string()) {
        continue;
      }
      int hit = 0;
      for (const Json& want : params) {
        hit += has(p.request_params, want.as_string()) || p.page_size.param == want.as_string();
      }
      best = std::max(best, static_cast<double>(hit) / static_cast<double>(params.size()));
    }
    detail += " params(" + gp["style"].as_string() + ")=" + std::to_string(best);
    sum += best;
    ++n;
  }
  return n == 0 ? 1.0 : sum / n;
}

void score_entities(const Json& label, const Findings& f, CorpusScore& s) {
  std::set<std::string> lists, gets;
  for (const Entity& e : f.entities) {
    if (!e.list.empty()) {
      lists.insert(e.list.method + " " + e.list.path);
    }
    if (!e.get.empty()) {
      gets.insert(e.get.method + " " + e.get.path);
    }
  }
  for (const Json& e : label["entities"].as_array()) {
    for (auto [key, set] : {std::pair{"list", &lists}, std::pair{"get", &gets}}) {
      std::string want = endpoint_of(e[key]);
      if (want.empty()) {
        continue;
      }
      ++s.slots;
      bool ok = set->count(want) > 0;
      s.found += ok ? 1 : 0;
      if (!ok) {
        s.detail += "\n  missed " + std::string(key) + " " + want;
      }
    }
  }
}

CorpusScore score_source(const std::string& dir) {
  CorpusScore s;
  Result<Json> label = Json::parse(read_file(dir + "/label.json"));
  REQUIRE(label.ok());
  const Json& l = label.value();
  std::string spec = read_file(dir + "/" + l["artifact"]["stored_as"].as_string());
  Findings f = run(spec);
  std::set<std::string> gold = gold_styles(l), pred;
  for (const Pagination& p : f.pagination) {
    if (p.style != PageStyle::kUnknown) {
      pred.insert(to_string(p.style));
    }
    s.detail += "\n  [" + std::string(to_string(p.style)) +
                "] n=" + std::to_string(p.endpoints.size()) + " params=";
    for (const std::string& x : p.request_params) {
      s.detail += x + ",";
    }
    s.detail += " fields=";
    for (const std::string& x : p.response_fields) {
      s.detail += x + ",";
    }
    s.detail += " e.g. " + (p.endpoints.empty() ? std::string() : p.endpoints.front());
  }
  int tp = 0;
  for (const std::string& x : gold) {
    tp += pred.count(x) > 0 ? 1 : 0;
  }
  double prec = pred.empty() ? (gold.empty() ? 1 : 0) : static_cast<double>(tp) / pred.size();
  double rec = gold.empty() ? 1 : static_cast<double>(tp) / gold.size();
  s.pagination_f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
  s.params_recall = params_recall(l, f, s.detail);
  score_entities(l, f, s);
  return s;
}

TEST_CASE("corpus: labelled pagination styles, params and entities are found in the dev specs") {
  const std::string root = std::string(OM_SHARED_DIR) + "/corpus/";
  const bool verbose = std::getenv("OM_TEST_VERBOSE") != nullptr;
  double f1 = 0, params = 0;
  int slots = 0, found = 0, n = 0;
  for (const char* source : {"airflow", "docker-engine", "linode", "looker", "netlify", "notion",
                             "pagerduty", "square"}) {
    std::ifstream probe(root + source + "/label.json");
    if (!probe) {
      continue;
    }
    CorpusScore s = score_source(root + source);
    if (verbose) {
      MESSAGE(std::string(source) << ": pag F1 " << s.pagination_f1 << " params " << s.params_recall
                                  << " entities " << s.found << "/" << s.slots << s.detail);
    }
    f1 += s.pagination_f1;
    params += s.params_recall;
    slots += s.slots;
    found += s.found;
    ++n;
  }
  if (n == 0) {
    MESSAGE("corpus not present; skipped");
    return;
  }
  CHECK(f1 / n >= 0.9);
  CHECK(params / n >= 0.9);
  CHECK(static_cast<double>(found) / slots >= 0.95);
}

}  // namespace
}  // namespace om::extract::detail
