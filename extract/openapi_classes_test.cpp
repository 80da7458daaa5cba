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
    if (to_string(p.style) == name) {
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

TEST_CASE("class 3: a position value fed back by the response is a cursor, whatever its name") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/events:
    get:
      parameters:
        - {name: position, in: query, schema: {type: string}, description: Where to resume.}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          events: {type: array, items: {type: object, properties: {id: {type: string}}}},
          next_position: {type: string}}}}}}
  /v1/changes:
    get:
      parameters:
        - {name: offset, in: query, schema: {type: string},
           description: An opaque token returned by the previous call.}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          changes: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}
)");
  const Pagination* cursor = style(f, "cursor");
  REQUIRE(cursor != nullptr);
  CHECK(has(cursor->request_params, "position"));
  CHECK(has(cursor->response_fields, "next_position"));
  CHECK(has(cursor->endpoints, "GET /v1/events"));
  CHECK(style(f, "offset") == nullptr);
  bool changes_cursor = false;
  for (const Pagination& p : f.pagination) {
    changes_cursor |= p.style == PageStyle::kCursor && has(p.request_params, "offset") &&
                      has(p.endpoints, "GET /v1/changes");
  }
  CHECK(changes_cursor);
}

TEST_CASE("class 3: a parameter described as the pagination cursor is a cursor without a feed") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/items:
    get:
      parameters:
        - {name: sync, in: query, schema: {type: string}, description: The pagination cursor.}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          items: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}
)");
  const Pagination* cursor = style(f, "cursor");
  REQUIRE(cursor != nullptr);
  CHECK(has(cursor->request_params, "sync"));
  CHECK(style(f, "unknown") == nullptr);
}

TEST_CASE("class 3: a next URL does not hide a cursor fed by a nested cursors.after") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/posts:
    get:
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          data: {type: array, items: {type: object, properties: {id: {type: string}}}},
          paging: {type: object, properties: {
            cursors: {type: object, properties: {after: {type: string}, before: {type: string}}},
            next: {type: string, format: uri}}}}}}}}
)");
  const Pagination* cursor = style(f, "cursor");
  REQUIRE(cursor != nullptr);
  CHECK(has(cursor->request_params, "after"));
  CHECK(has(cursor->response_fields, "paging.cursors.after"));
}

TEST_CASE("class 3: a non-URL `next` position beside time inputs is a cursor over them") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v2/builds:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: number}}
        - {name: since, in: query, schema: {type: number}, description: Builds created after this timestamp.}
        - {name: until, in: query, schema: {type: number}, description: Builds created before this timestamp.}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {
          builds: {type: array, items: {type: object, properties: {id: {type: string}}}},
          pagination: {$ref: "#/components/schemas/Pagination"}}}}}}
components:
  schemas:
    Pagination:
      type: object
      properties:
        count: {type: number}
        next: {type: [number, "null"], description: Timestamp that must be used to request the next page.}
        prev: {type: [number, "null"]}
)");
  const Pagination* cursor = style(f, "cursor");
  REQUIRE(cursor != nullptr);
  CHECK(has(cursor->request_params, "until"));
  CHECK(has(cursor->request_params, "since"));
  CHECK(has(cursor->request_params, "limit"));
  CHECK(has(cursor->response_fields, "pagination.next"));
}

TEST_CASE("class 6: RPC-style POST /noun/list + /noun/get, parents and paging in the body") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/owners/list:
    post:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {owners: {type: array, items: {$ref: "#/components/schemas/Owner"}}}}}}}}
  /v1/owners/get:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/OwnerIdBody"}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Owner"}}}}}
  /v1/widgets/list:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/OwnerIdBody"}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {widgets: {type: array, items: {$ref: "#/components/schemas/Widget"}}}}}}}}
  /v1/widgets/get_by_id:
    post:
      requestBody: {content: {application/json: {schema: {type: object, required: [widgetId],
        properties: {widgetId: {type: string, format: uuid}}}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Widget"}}}}}
  /v1/runs/list:
    post:
      requestBody: {content: {application/json: {schema: {type: object, required: [widgetId],
        properties: {widgetId: {type: string}, pagination: {type: object, properties: {
          pageSize: {type: integer}, rowOffset: {type: integer}}}}}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {runs: {type: array, items: {type: object, properties: {runId: {type: string}}}},
                     totalRunCount: {type: integer}}}}}}}
components:
  schemas:
    OwnerIdBody: {type: object, required: [ownerId], properties: {ownerId: {type: string}}}
    Owner: {type: object, properties: {ownerId: {type: string}, name: {type: string}}}
    Widget: {type: object, properties: {widgetId: {type: string}, ownerId: {type: string}}}
)");
  const Entity* owner = entity_with(f, "POST", "/v1/owners/list");
  REQUIRE(owner != nullptr);
  CHECK(owner->get.method == "POST");
  CHECK(owner->get.path == "/v1/owners/get");
  const Entity* widget = entity_with(f, "POST", "/v1/widgets/list");
  REQUIRE(widget != nullptr);
  CHECK(widget->get.path == "/v1/widgets/get_by_id");
  CHECK(widget->parent == owner->name);
  CHECK(widget->primary_key == "widgetId");
  const Entity* run = entity_with(f, "POST", "/v1/runs/list");
  REQUIRE(run != nullptr);
  CHECK(run->parent == widget->name);
  const Pagination* offset = style(f, "offset");
  REQUIRE(offset != nullptr);
  CHECK(has(offset->request_params, "pagination.rowOffset"));
  CHECK(has(offset->request_params, "pagination.pageSize"));
  CHECK(has(offset->endpoints, "POST /v1/runs/list"));
}

TEST_CASE(
    "class 6: dotted noun.list / noun.info methods, and a metadata array is not the records") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /channels.list:
    get:
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {ok: {type: boolean}, channels: {type: array, items: {type: object, properties: {
          id: {type: string}}}}, response_metadata: {type: array, items: {type: object, properties: {
          next_cursor: {type: string}}}}}}}}}}
  /channels.info:
    get:
      parameters: [{name: channel, in: query, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {ok: {type: boolean}, channel: {type: object, properties: {id: {type: string}}}}}}}}}
)");
  const Entity* channel = entity_with(f, "GET", "/channels.list");
  REQUIRE(channel != nullptr);
  CHECK(channel->get.path == "/channels.info");
  CHECK(channel->records_path == "channels");
}

TEST_CASE("class 2: a paged collection ending in a variable, its item path, parents by variable") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /projects:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {$ref: "#/components/schemas/Project"}}}}}}
  /project/{owner}/{project}:
    get:
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: project, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {$ref: "#/components/schemas/Run"}}}}}}
  /project/{owner}/{project}/{run_num}:
    get:
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: project, in: path, required: true, schema: {type: string}}
        - {name: run_num, in: path, required: true, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}}
  /project/{owner}/{project}/{run_num}/logs:
    get:
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: project, in: path, required: true, schema: {type: string}}
        - {name: run_num, in: path, required: true, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, properties: {line: {type: string}}}}}}}}
  /project/{owner}/{project}/secrets:
    get:
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: project, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, properties: {name: {type: string}}}}}}}}
components:
  schemas:
    Project: {type: object, properties: {name: {type: string}}}
    Run: {type: object, properties: {run_num: {type: integer}}}
)");
  const Entity* project = entity_with(f, "GET", "/projects");
  REQUIRE(project != nullptr);
  const Entity* run = entity_with(f, "GET", "/project/{owner}/{project}");
  REQUIRE(run != nullptr);
  CHECK(run->list.path == "/project/{owner}/{project}");
  CHECK(run->get.path == "/project/{owner}/{project}/{run_num}");
  CHECK(run->parent == project->name);
  const Entity* logs = entity_with(f, "GET", "/project/{owner}/{project}/{run_num}/logs");
  REQUIRE(logs != nullptr);
  CHECK(logs->parent == run->name);
  const Entity* secrets = entity_with(f, "GET", "/project/{owner}/{project}/secrets");
  REQUIRE(secrets != nullptr);
  CHECK(secrets->parent == project->name);
}

TEST_CASE("class 2: a records array inside one of several response alternatives still lists") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/domains/{domain}/records:
    get:
      parameters: [{name: domain, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {oneOf: [
        {type: string},
        {type: object, properties: {records: {type: array, items: {type: object, properties: {
          id: {type: string}}}}}}]}}}}}
  /v1/domains:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {domains: {type: array, items: {type: object, properties: {name: {type: string}}}}}}}}}}
  /v1/domains/{domain}:
    get:
      parameters: [{name: domain, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {name: {type: string}}}}}}}
)");
  const Entity* records = entity_with(f, "GET", "/v1/domains/{domain}/records");
  REQUIRE(records != nullptr);
  CHECK(records->records_path == "records");
  const Entity* domain = entity_with(f, "GET", "/v1/domains");
  REQUIRE(domain != nullptr);
  CHECK(records->parent == domain->name);
}

TEST_CASE("class 10: a server whose host is an unresolved variable is not a base URL") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
servers:
  - url: "https://{accountName}.{environment}.com.br/api"
    variables: {accountName: {description: Your account}, environment: {enum: [a, b]}}
  - url: "https://api.example.io/{version}"
    variables: {version: {default: v2}}
  - url: "https://api.vendor.io/{accountName}"
    variables: {accountName: {description: Your account}}
paths: {}
)");
  REQUIRE(f.base_urls.size() == 1);
  CHECK(f.base_urls[0].url == "https://api.example.io/v2");
  CHECK(std::count_if(f.gaps.begin(), f.gaps.end(), [](const std::string& g) {
          return g.find("per customer") != std::string::npos;
        }) == 2);
}

TEST_CASE("class 10: loopback and localhost servers are not base URLs, and say why") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
servers:
  - url: "http://localhost:8000/api/v1"
  - url: "http://127.0.0.1:8080"
  - url: "http://[::1]:9000/api"
  - url: "https://api.example.io/v1"
paths: {}
)");
  REQUIRE(f.base_urls.size() == 1);
  CHECK(f.base_urls[0].url == "https://api.example.io/v1");
  CHECK(std::count_if(f.gaps.begin(), f.gaps.end(), [](const std::string& g) {
          return g.find("a local address") != std::string::npos;
        }) == 3);
  Findings v2 =
      run("swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\nhost: localhost:8001\n"
          "basePath: /api\npaths: {}\n");
  CHECK(v2.base_urls.empty());
}

TEST_CASE("class 10: a required time window is its own paging family, an optional one a filter") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /metrics/calls:
    get:
      parameters:
        - {name: from, in: query, required: true, schema: {type: string, format: date}}
        - {name: to, in: query, required: true, schema: {type: string, format: date}}
        - {name: page_size, in: query, schema: {type: integer}}
        - {name: next_page_token, in: query, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {from: {type: string, format: date}, to: {type: string, format: date},
          next_page_token: {type: string},
          calls: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}}
  /events:
    get:
      parameters:
        - {name: start_time, in: query, schema: {type: string, format: date-time}}
        - {name: end_time, in: query, schema: {type: string, format: date-time}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {next: {type: string, format: uri},
          events: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}}
)");
  const Pagination* cursor = style(f, "cursor");
  REQUIRE(cursor != nullptr);
  CHECK(has(cursor->endpoints, "GET /metrics/calls"));
  const Pagination* window = style(f, "time-window");
  REQUIRE(window != nullptr);
  CHECK(has(window->request_params, "from"));
  CHECK(has(window->request_params, "to"));
  CHECK(has(window->endpoints, "GET /metrics/calls"));
  CHECK_FALSE(has(window->endpoints, "GET /events"));
  const Pagination* next = style(f, "next-url");
  REQUIRE(next != nullptr);
  CHECK(has(next->endpoints, "GET /events"));
}

const AuthMethod* auth_of(const Findings& f, std::string_view type) {
  for (const AuthMethod& a : f.auth) {
    if (auth_type_text(a) == type) {
      return &a;
    }
  }
  return nullptr;
}

TEST_CASE("class 8: an empty security alternative means 'or none'") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
security: [{}, {key: []}]
components: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}
paths:
  /things: {get: {responses: {"200": {description: ok}}}}
)");
  REQUIRE(auth_of(f, "apiKey") != nullptr);
  const AuthMethod* none = auth_of(f, "none");
  REQUIRE(none != nullptr);
  CHECK_FALSE(none->evidence.empty());
}

TEST_CASE("class 8: a login returning a nested token is session auth beside declared schemes") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
components: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}
security: [{key: []}]
paths:
  /auth/login:
    post:
      requestBody: {content: {application/json: {schema: {type: object, properties: {
        username: {type: string}, password: {type: string}}}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {data: {type: object, properties: {access_token: {type: string}}}}}}}}}
)");
  REQUIRE(auth_of(f, "apiKey") != nullptr);
  REQUIRE(auth_of(f, "session") != nullptr);
}

TEST_CASE("class 8: a token parameter on most operations is auth, and Basic stated in the prose") {
  Findings f = run(R"(
openapi: 3.0.0
info:
  title: t
  version: "1"
  description: "Authenticate with Basic Authentication: the header reads `Authorization: Basic <base64>`."
paths:
  /a: {get: {parameters: [{name: token, in: query, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}}
  /b: {get: {parameters: [{name: token, in: query, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}}
  /c: {get: {responses: {"200": {description: ok}}}}
)");
  const AuthMethod* key = auth_of(f, "apiKey");
  REQUIRE(key != nullptr);
  CHECK(key->in == AuthLocation::kQuery);
  CHECK(key->name == "token");
  const AuthMethod* basic = auth_of(f, "http-basic");
  REQUIRE(basic != nullptr);
  CHECK(basic->name == "Authorization");
  CHECK_FALSE(basic->evidence.empty());
}

TEST_CASE("class 4: a next-URL family lists the endpoint's other paging params") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /users:
    get:
      parameters:
        - {name: $top, in: query, schema: {type: integer}}
        - {name: $skip, in: query, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {value: {type: array, items: {type: object, properties: {id: {type: string}}}},
          "@odata.nextLink": {type: string}}}}}}}
  /groups:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {groups: {type: array, items: {type: object, properties: {id: {type: string}}}},
          next_url: {type: string, format: uri}}}}}}}
)");
  std::vector<std::string> params;
  for (const Pagination& p : f.pagination) {
    if (p.style == PageStyle::kNextUrl) {
      params.insert(params.end(), p.request_params.begin(), p.request_params.end());
    }
  }
  CHECK(has(params, "$top"));
  CHECK(has(params, "$skip"));
  CHECK(has(params, "page"));
  CHECK(has(params, "per_page"));
}

TEST_CASE("class 5: a string page with a numeric default or a page-number description is a page") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /orders:
    get:
      parameters:
        - {name: page, in: query, schema: {type: string, default: "1"}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {orders: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}}
  /items:
    get:
      parameters:
        - {name: page, in: query, schema: {type: string}, description: The page number to return.}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {items: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}}
  /tickets:
    get:
      parameters:
        - {name: page, in: query, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {total_count: {type: integer},
          tickets: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}}
)");
  std::vector<std::string> paged;
  for (const Pagination& p : f.pagination) {
    if (p.style == PageStyle::kPage) {
      paged.insert(paged.end(), p.endpoints.begin(), p.endpoints.end());
    }
  }
  CHECK(has(paged, "GET /orders"));
  CHECK(has(paged, "GET /items"));
  CHECK(has(paged, "GET /tickets"));
  CHECK(style(f, "cursor") == nullptr);
}

TEST_CASE("class 9: rate limits in number words, and a 429 defined only under components") {
  Findings words = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /reports:
    post:
      description: This endpoint may be called twice per 24 hours.
      responses: {"200": {description: ok}}
)");
  REQUIRE(words.rate_limits.size() == 1);
  CHECK(words.rate_limits[0].limit.value_or(0) == doctest::Approx(2));
  CHECK(words.rate_limits[0].window_seconds.value_or(0) == doctest::Approx(86400));
  Findings unreferenced = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /things: {get: {responses: {"200": {description: ok}}}}
components:
  responses:
    TooManyRequests: {description: Too many requests; retry later.}
)");
  REQUIRE(unreferenced.rate_limits.size() == 1);
  CHECK_FALSE(unreferenced.rate_limits[0].evidence.empty());
}

TEST_CASE("class 7: singletons, <noun>_id and uuid keys, a paged search over a deprecated list") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /account:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {account_id: {type: string}, name: {type: string}}}}}}}
  /widgets:
    get:
      deprecated: true
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {$ref: "#/components/schemas/Widget"}}}}}}
  /widgets/search:
    get:
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {widgets: {type: array, items: {$ref: "#/components/schemas/Widget"}},
                     next_cursor: {type: string}}}}}}}
  /gadgets:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, required: [ref], properties: {
          ref: {type: string, format: uuid}, name: {type: string}}}}}}}}
  /search:
    get:
      parameters:
        - {name: type, in: query, required: true, schema: {type: string, enum: [gizmo]}}
        - {name: q, in: query, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, properties: {id: {type: string}}}}}}}}
  /gizmos/{gizmo_id}:
    get:
      parameters: [{name: gizmo_id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {id: {type: string}}}}}}}
components:
  schemas:
    Widget: {type: object, properties: {widget_id: {type: string}, name: {type: string}}}
)");
  const Entity* account = entity_with(f, "GET", "/account");
  REQUIRE(account != nullptr);
  CHECK(account->get.path == "/account");
  CHECK(account->primary_key == "account_id");
  const Entity* widget = entity_with(f, "GET", "/widgets/search");
  REQUIRE(widget != nullptr);
  CHECK(widget->list.path == "/widgets/search");
  CHECK(widget->primary_key == "widget_id");
  const Entity* gadget = entity_with(f, "GET", "/gadgets");
  REQUIRE(gadget != nullptr);
  CHECK(gadget->primary_key == "ref");
  const Entity* gizmo = entity_with(f, "GET", "/gizmos/{gizmo_id}");
  REQUIRE(gizmo != nullptr);
  CHECK(gizmo->list.path == "/search");
}

TEST_CASE("sweep: a property inherited through nested allOf is cited where it is declared") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /items/search:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Private"}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, properties: {id: {type: string}}}}}}}}
components:
  schemas:
    Private: {allOf: [{$ref: "#/components/schemas/Search"}], properties: {mine: {type: boolean}}}
    Search: {allOf: [{$ref: "#/components/schemas/Common"}], properties: {q: {type: string}}}
    Common: {type: object, properties: {offset: {type: integer}, limit: {type: integer}}}
)");
  const Pagination* offset = style(f, "offset");
  REQUIRE(offset != nullptr);
  bool cited = false;
  for (const Evidence& ev : offset->evidence) {
    CHECK(ev.locator.find("/components/schemas/Private/properties") == std::string::npos);
    cited |= ev.locator == "/components/schemas/Common/properties/offset";
  }
  CHECK(cited);
}

TEST_CASE("class 2: a collection declared as one record, with an item path of that record, lists") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /projects/{id}/branches:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Branch"}}}}}
  /projects/{id}/branches/{branch}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: branch, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Branch"}}}}}
  /projects/{id}/settings:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Settings"}}}}}
components:
  schemas:
    Branch: {type: object, properties: {name: {type: string}}}
    Settings: {type: object, properties: {visibility: {type: string}}}
)");
  const Entity* branch = entity_with(f, "GET", "/projects/{id}/branches/{branch}");
  REQUIRE(branch != nullptr);
  CHECK(branch->list.path == "/projects/{id}/branches");
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("class 3: a keyset name described as a cursor stays keyset") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /v1/charges:
    get:
      parameters:
        - {name: starting_after, in: query, schema: {type: string},
           description: "A cursor for use in pagination: an object ID that defines your place in the list."}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {has_more: {type: boolean}, data: {type: array, items: {type: object,
          properties: {id: {type: string}}}}}}}}}}
)");
  const Pagination* keyset = style(f, "keyset");
  REQUIRE(keyset != nullptr);
  CHECK(has(keyset->request_params, "starting_after"));
  CHECK(style(f, "cursor") == nullptr);
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("class 2: a get-only ancestor yields to the entity the path variable names") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /users/{userId}/meetings:
    get:
      parameters: [{name: userId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, properties: {id: {type: string}}}}}}}}
  /meetings/{meetingId}:
    get:
      parameters: [{name: meetingId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {id: {type: string}}}}}}}
  /report/meetings/{meetingId}:
    get:
      parameters: [{name: meetingId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        properties: {id: {type: string}}}}}}}
  /report/meetings/{meetingId}/participants:
    get:
      parameters: [{name: meetingId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array,
        items: {type: object, properties: {name: {type: string}}}}}}}}
)");
  const Entity* meeting = entity_with(f, "GET", "/users/{userId}/meetings");
  REQUIRE(meeting != nullptr);
  const Entity* participants = entity_with(f, "GET", "/report/meetings/{meetingId}/participants");
  REQUIRE(participants != nullptr);
  CHECK(participants->parent == meeting->name);
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("class 7: a request id or a credential is not a record's key") {
  Findings f = run(R"(
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /accounts/get:
    post:
      requestBody: {content: {application/json: {schema: {type: object,
        required: [access_token, account_ref], properties: {
          access_token: {type: string}, account_ref: {type: string}}}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object,
        required: [request_id], properties: {
          request_id: {type: string, description: A unique identifier for the request.},
          name: {type: string}}}}}}}
)");
  const Entity* account = entity_with(f, "POST", "/accounts/get");
  REQUIRE(account != nullptr);
  CHECK(account->primary_key == "account_ref");
}

}  // namespace om::extract::detail
