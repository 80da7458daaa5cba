// Tests for merge(): dedupe keys per fact kind, evidence joining, conflicts and gap dropping.
#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "report/report.h"

namespace om::report {
namespace {

Evidence ev(std::string url, std::string quote = "q") {
  return {std::move(url), "loc", std::move(quote)};
}

AuthMethod api_key(std::string name, std::string url, double conf = confidence::kDeclared) {
  AuthMethod a;
  a.type = AuthType::kApiKey;
  a.in = AuthLocation::kHeader;
  a.name = std::move(name);
  a.confidence = conf;
  a.evidence = {ev(std::move(url))};
  return a;
}

}  // namespace

TEST_CASE("merge: the same auth method from two documents is one fact with both citations") {
  Findings spec;
  spec.auth.push_back(api_key("X-Api-Key", "spec", confidence::kDeclared));
  Findings docs;
  AuthMethod d = api_key("x-api-key", "docs", confidence::kProse);
  d.scheme = "Token";
  d.notes = "rotate yearly";
  docs.auth.push_back(d);
  Findings m = merge({spec, docs});
  REQUIRE(m.auth.size() == 1);
  CHECK(m.auth[0].confidence == doctest::Approx(confidence::kDeclared));
  CHECK(m.auth[0].scheme == "Token");
  CHECK(m.auth[0].notes == "rotate yearly");
  CHECK(m.auth[0].evidence.size() == 2);
  CHECK(m.conflicts.empty());
}

TEST_CASE("merge: OAuth flows are joined field by field and scopes united") {
  AuthMethod a;
  a.type = AuthType::kOAuth2;
  a.flows = {{OAuthFlowKind::kClientCredentials, "https://x/token", "", "", {"read"}}};
  a.evidence = {ev("spec")};
  AuthMethod b = a;
  b.flows = {{OAuthFlowKind::kClientCredentials, "", "", "https://x/refresh", {"read", "write"}},
             {OAuthFlowKind::kAuthorizationCode, "", "https://x/authorize", "", {}}};
  b.evidence = {ev("docs")};
  Findings fa;
  fa.auth = {a};
  Findings fb;
  fb.auth = {b};
  Findings m = merge({fa, fb});
  REQUIRE(m.auth.size() == 1);
  REQUIRE(m.auth[0].flows.size() == 2);
  CHECK(m.auth[0].flows[0].token_url == "https://x/token");
  CHECK(m.auth[0].flows[0].refresh_url == "https://x/refresh");
  CHECK(m.auth[0].flows[0].scopes == std::vector<std::string>{"read", "write"});
}

TEST_CASE("merge: docs naming header X while the spec names Y is a conflict citing both") {
  Findings spec;
  spec.auth.push_back(api_key("X-Api-Key", "spec"));
  Findings docs;
  docs.auth.push_back(api_key("X-Token", "docs"));
  Findings m = merge({spec, docs});
  CHECK(m.auth.size() == 2);
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].topic == "auth");
  CHECK(m.conflicts[0].detail.find("X-Token") != std::string::npos);
  REQUIRE(m.conflicts[0].evidence.size() == 2);
  CHECK(m.conflicts[0].evidence[0].url == "spec");
  CHECK(m.conflicts[0].evidence[1].url == "docs");
}

TEST_CASE("merge: two header names declared by one document are not a conflict") {
  Findings spec;
  spec.auth = {api_key("X-Api-Key", "spec"), api_key("X-App-Key", "spec")};
  Findings docs;
  docs.auth.push_back(api_key("X-Api-Key", "docs"));
  CHECK(merge({spec, docs}).conflicts.empty());
}

TEST_CASE("merge: base URLs dedupe by normalised URL, different hosts conflict") {
  Findings spec;
  spec.base_urls.push_back({"https://api.x.com/v1", "", confidence::kDeclared, {ev("spec")}});
  Findings docs;
  docs.base_urls.push_back({"HTTPS://API.X.COM:443/v1/", "prod", confidence::kProse, {ev("docs")}});
  Findings m = merge({spec, docs});
  REQUIRE(m.base_urls.size() == 1);
  CHECK(m.base_urls[0].description == "prod");
  CHECK(m.base_urls[0].evidence.size() == 2);
  CHECK(m.conflicts.empty());

  Findings other;
  other.base_urls.push_back({"https://x.com/api", "", confidence::kProse, {ev("blog")}});
  Findings m2 = merge({spec, other});
  REQUIRE(m2.conflicts.size() == 1);
  CHECK(m2.conflicts[0].topic == "base_url");
  CHECK(m2.conflicts[0].evidence.size() == 2);
}

TEST_CASE("merge: a base URL prefix or a server template is not a conflict") {
  Findings spec;
  spec.base_urls.push_back({"https://{region}.x.com/api/v2", "", 1, {ev("spec")}});
  Findings docs;
  docs.base_urls.push_back({"https://eu.x.com", "", 1, {ev("docs")}});
  Findings m = merge({spec, docs});
  CHECK(m.base_urls.size() == 2);
  CHECK(m.conflicts.empty());
}

TEST_CASE("merge: entities dedupe by list or get path and keep the richer fields") {
  Entity a;
  a.name = "dashboard";
  a.get = {"GET", "/dashboards/{id}"};
  a.evidence = {ev("spec")};
  Entity b;
  b.name = "Dashboards";
  b.list = {"GET", "/dashboards"};
  b.get = {"get", "/dashboards/{id}"};
  b.records_path = "data";
  b.evidence = {ev("docs")};
  Findings fa;
  fa.entities = {a};
  Findings fb;
  fb.entities = {b};
  Findings m = merge({fa, fb});
  REQUIRE(m.entities.size() == 1);
  CHECK(m.entities[0].name == "dashboard");
  CHECK(m.entities[0].list.path == "/dashboards");
  CHECK(m.entities[0].records_path == "data");
}

TEST_CASE("merge: pagination dedupes by style and params, page sizes that differ conflict") {
  Pagination a;
  a.style = PageStyle::kOffset;
  a.request_params = {"offset", "limit"};
  a.page_size = {"limit", 20, 100};
  a.endpoints = {"GET /a"};
  a.evidence = {ev("spec")};
  Pagination b = a;
  b.request_params = {"Limit", "offset"};
  b.page_size = {"limit", 20, 500};
  b.endpoints = {"GET /b", "GET /a"};
  b.evidence = {ev("docs")};
  Findings fa;
  fa.pagination = {a};
  Findings fb;
  fb.pagination = {b};
  Findings m = merge({fa, fb});
  REQUIRE(m.pagination.size() == 1);
  CHECK(m.pagination[0].endpoints == std::vector<std::string>{"GET /a", "GET /b"});
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].topic == "pagination");
  CHECK(m.conflicts[0].detail.find("500") != std::string::npos);
}

TEST_CASE("merge: endpoints dedupe by method and path, rate limits by limit and window") {
  Findings fa;
  fa.endpoints = {{"GET", "/a", "", "", {"x"}}};
  RateLimit r;
  r.limit = 10;
  r.window_seconds = 1;
  r.evidence = {ev("spec")};
  fa.rate_limits = {r};
  Findings fb;
  fb.endpoints = {{"get", "/a", "listA", "List", {"y"}}, {"POST", "/a", "", "", {}}};
  r.headers = {"Retry-After"};
  r.retry_after = true;
  r.evidence = {ev("docs")};
  fb.rate_limits = {r};
  Findings m = merge({fa, fb});
  REQUIRE(m.endpoints.size() == 2);
  CHECK(m.endpoints[0].operation_id == "listA");
  CHECK(m.endpoints[0].tags.size() == 2);
  REQUIRE(m.rate_limits.size() == 1);
  CHECK(m.rate_limits[0].retry_after);
  CHECK(m.rate_limits[0].evidence.size() == 2);
}

TEST_CASE(
    "merge: rate limits without a number are one when their text is, ignoring case and space") {
  auto text_limit = [](const std::string& text, const std::string& doc) {
    RateLimit r;
    r.text = text;
    r.evidence = {ev(doc)};
    return r;
  };
  RateLimit numbered;
  numbered.limit = 100;
  numbered.window_seconds = 60;
  numbered.evidence = {ev("a")};
  RateLimit other_window = numbered;
  other_window.window_seconds = 1;
  RateLimit numbered_again = numbered;
  numbered_again.evidence = {ev("b")};
  Findings fa;
  fa.rate_limits = {text_limit("Requests are  throttled per token.", "a"), numbered};
  Findings fb;
  fb.rate_limits = {text_limit("requests are throttled\nper token.", "b"),
                    text_limit("Requests are throttled per app.", "b"), other_window,
                    numbered_again};
  Findings m = merge({fa, fb});
  REQUIRE(m.rate_limits.size() == 4);
  CHECK(m.rate_limits[0].text == "Requests are  throttled per token.");  // the first one's text
  CHECK(m.rate_limits[0].evidence.size() == 2);
  CHECK(m.rate_limits[1].limit == 100.0);
  CHECK(m.rate_limits[1].evidence.size() == 2);  // same limit and window
  CHECK(m.rate_limits[2].text == "Requests are throttled per app.");
  CHECK(m.rate_limits[3].window_seconds == 1.0);  // same limit, another window: another fact
}

TEST_CASE("merge: a gap another document filled is dropped, specific gaps stay") {
  Findings spec;
  spec.gaps = {"no rate limits stated", "pagination of GET /files unknown", "no SDK found"};
  Findings docs;
  docs.gaps = {"no rate limits stated"};
  RateLimit r;
  r.text = "100 requests per minute";
  r.evidence = {ev("docs")};
  docs.rate_limits = {r};
  Pagination p;
  p.style = PageStyle::kPage;
  p.evidence = {ev("docs")};
  docs.pagination = {p};
  Findings m = merge({spec, docs});
  CHECK(m.gaps == std::vector<std::string>{"pagination of GET /files unknown", "no SDK found"});
}

}  // namespace om::report

TEST_CASE("merge: paths from docs are spelled as the spec declares them, or left out") {
  om::Findings spec;
  spec.base_urls.push_back(
      {"https://acme.example/api/v2", "", 0.95, {{"s.yaml", "/servers/0", "url"}}});
  spec.endpoints.push_back({"GET", "/dashboards", "", "", {}});
  spec.endpoints.push_back({"GET", "/dashboards/{dashboard_id}", "", "", {}});
  om::Entity from_spec;
  from_spec.name = "dashboard";
  from_spec.list = {"GET", "/dashboards"};
  from_spec.get = {"GET", "/dashboards/{dashboard_id}"};
  from_spec.evidence.push_back({"s.yaml", "/paths/~1dashboards/get", "get:"});
  spec.entities.push_back(from_spec);

  om::Findings docs;
  om::Entity from_docs;
  from_docs.name = "dashboard";
  from_docs.list = {"GET", "/api/v2/dashboards"};
  from_docs.get = {"GET", "/api/v2/dashboards/<id>"};
  from_docs.evidence.push_back({"d.md", "API > Dashboards", "GET /api/v2/dashboards"});
  docs.entities.push_back(from_docs);
  docs.endpoints.push_back({"GET", "/api/v2/dashboards", "", "", {}});
  docs.endpoints.push_back({"GET", "/api/v2/secret-admin", "", "", {}});

  om::Findings merged = om::report::merge({spec, docs});
  REQUIRE(merged.entities.size() == 1);
  CHECK(merged.entities[0].get.path == "/dashboards/{dashboard_id}");
  CHECK(merged.entities[0].evidence.size() == 2);
  for (const auto& e : merged.endpoints) {
    CHECK(e.path.find("/api/v2") == std::string::npos);
  }
  bool gap = false;
  for (const auto& g : merged.gaps) {
    gap = gap || g.find("GET /api/v2/secret-admin") != std::string::npos;
  }
  CHECK(gap);
}

TEST_CASE("merge: without a spec, paths from docs stay as written") {
  om::Findings docs;
  docs.endpoints.push_back({"GET", "/api/queries/<id>", "", "", {}});
  om::Findings merged = om::report::merge({docs});
  REQUIRE(merged.endpoints.size() == 1);
  CHECK(merged.endpoints[0].path == "/api/queries/<id>");
}

namespace om::report {
namespace {

Entity entity(std::string name, EndpointRef list, EndpointRef get, std::string url) {
  Entity e;
  e.name = std::move(name);
  e.list = std::move(list);
  e.get = std::move(get);
  e.evidence = {ev(std::move(url))};
  return e;
}

// One spec-sized document: `n` resources, each a list and a get endpoint and an entity.
Findings big_document(std::size_t n) {
  Findings f;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string path = "/v1/resources" + std::to_string(i);
    f.endpoints.push_back({"GET", path, "list" + std::to_string(i), "", {}});
    f.endpoints.push_back({"GET", path + "/{id}", "get" + std::to_string(i), "", {}});
    f.entities.push_back(
        entity("resource" + std::to_string(i), {"GET", path}, {"GET", path + "/{id}"}, "spec"));
  }
  return f;
}

// CPU seconds (std::clock: this process only, so other tests running at once do not count).
double seconds_to_merge(std::size_t n) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {  // the fastest of three
    Findings doc = big_document(n);
    const std::clock_t start = std::clock();
    Findings m = merge({std::move(doc)});
    const double took = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    REQUIRE(m.endpoints.size() == 2 * n);
    REQUIRE(m.entities.size() == n);
    best = std::min(best, took);
  }
  return best;
}

}  // namespace

TEST_CASE("regression #19: merging 4x the endpoints and entities costs about 4x, not 16x") {
  // A search of every fact merged so far made this quadratic: a 100,000-path spec took 105 s.
  const double small = seconds_to_merge(5'000);
  const double large = seconds_to_merge(20'000);
  CAPTURE(small);
  CAPTURE(large);
  CHECK(large < 8 * small + 0.1);
}

TEST_CASE("merge: indexed entities merge exactly as a search of all of them would") {
  Findings a;
  // Two search-listed entities share a list but differ in their gets: they stay two.
  a.entities.push_back(entity("page", {"POST", "/search"}, {"GET", "/pages/{id}"}, "a"));
  a.entities.push_back(entity("database", {"POST", "/search"}, {"GET", "/dbs/{id}"}, "a"));
  // Known by its get only, then by list and get (method in another case): one entity.
  a.entities.push_back(entity("user", {}, {"GET", "/users/{id}"}, "a"));
  // No endpoints: merged by name, ignoring case.
  a.entities.push_back(entity("Team", {}, {}, "a"));
  Findings b;
  b.entities.push_back(entity("user", {"GET", "/users"}, {"get", "/users/{id}"}, "b"));
  b.entities.push_back(entity("team", {}, {}, "b"));
  b.entities.push_back(entity("page", {}, {"GET", "/pages/{id}"}, "b"));
  Findings c;
  // Found by the list the user entity gained when b was merged.
  c.entities.push_back(entity("users", {"GET", "/users"}, {}, "c"));
  c.endpoints.push_back({"get", "/users", "", "", {}});
  b.endpoints.push_back({"GET", "/users", "listUsers", "", {}});
  Findings m = merge({a, b, c});
  REQUIRE(m.entities.size() == 4);
  CHECK(m.entities[0].name == "page");
  CHECK(m.entities[0].evidence.size() == 2);
  CHECK(m.entities[1].name == "database");
  CHECK(m.entities[1].evidence.size() == 1);
  CHECK(m.entities[2].name == "user");
  CHECK(m.entities[2].list.path == "/users");
  CHECK(m.entities[2].evidence.size() == 3);
  CHECK(m.entities[3].name == "Team");
  CHECK(m.entities[3].evidence.size() == 2);
  REQUIRE(m.endpoints.size() == 1);
  CHECK(m.endpoints[0].operation_id == "listUsers");
}

}  // namespace om::report

namespace om::report {

TEST_CASE("merge: GraphQL fields beside an OpenAPI spec are kept, not reconciled as REST paths") {
  Findings spec;
  spec.endpoints.push_back({"GET", "/repos/{owner}/{repo}/issues", "", "", {}});
  Entity rest;
  rest.name = "issue";
  rest.list = {"GET", "/repos/{owner}/{repo}/issues"};
  rest.evidence = {{"spec", "/paths/~1repos~1{owner}~1{repo}~1issues/get", "q"}};
  spec.entities.push_back(rest);
  Findings schema;
  Entity gql;
  gql.name = "issue";
  gql.list = {"GRAPHQL", "Query.repository.issues"};
  gql.pagination = PageStyle::kRelay;
  gql.evidence = {{"schema.graphql", "schema.graphql:12", "issues(first: Int): IssueConnection!"}};
  schema.entities.push_back(gql);
  Pagination relay;
  relay.style = PageStyle::kRelay;
  relay.endpoints = {"GRAPHQL Query.repository.issues"};
  relay.evidence = gql.evidence;
  schema.pagination.push_back(relay);
  GraphqlSchema g;
  g.document = "schema.graphql";
  g.evidence = gql.evidence;
  schema.graphql.push_back(g);
  Findings m = merge({spec, schema});
  REQUIRE(m.entities.size() == 2);
  CHECK(std::any_of(m.entities.begin(), m.entities.end(), [](const Entity& e) {
    return e.list.method == "GRAPHQL" && e.pagination == PageStyle::kRelay;
  }));
  REQUIRE(m.pagination.size() == 1);
  CHECK(m.pagination[0].endpoints == std::vector<std::string>{"GRAPHQL Query.repository.issues"});
  CHECK(m.graphql.size() == 1);
}

}  // namespace om::report
