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
    if (p.style == name) {
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
  CHECK(e->pagination == "offset");
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
      if (p.style != gp["style"].as_string()) {
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
    if (p.style != "unknown") {
      pred.insert(p.style);
    }
    s.detail += "\n  [" + p.style + "] n=" + std::to_string(p.endpoints.size()) + " params=";
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
