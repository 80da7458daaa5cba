// Tests for map_to_openmetadata: entity cues per service type, auth -> connection schema,
// and suggested test-connection steps.
#include <doctest/doctest.h>

#include "report/report.h"

namespace om::report {
namespace {

Entity entity(std::string name, std::string list, std::string get = "") {
  Entity e;
  e.name = std::move(name);
  e.list = {"GET", std::move(list)};
  if (!get.empty()) {
    e.get = {"GET", std::move(get)};
  }
  e.evidence = {{"spec", "/paths", "q"}};
  return e;
}

Research research(std::string service_type, std::vector<Entity> entities) {
  Research r;
  r.source.name = "x";
  r.source.service_type = std::move(service_type);
  r.findings.entities = std::move(entities);
  return r;
}

std::string om_of(const Research& r, std::string_view name) {
  for (const auto& e : r.findings.entities) {
    if (e.name == name) {
      return e.om_entity;
    }
  }
  return "?";
}

}  // namespace

TEST_CASE("mapping: dashboard entities map by head noun to Dashboard, Chart, DashboardDataModel") {
  Research r = research(
      "dashboard", {entity("dashboards", "/api/dashboards"), entity("workbook", "/v2/workbooks"),
                    entity("WorkbookElements", "/v2/workbooks/{id}/elements"),
                    entity("dashboard_tile", "/tiles"), entity("data_model", "/models"),
                    entity("DataSource", "/sources"), entity("member", "/members")});
  map_to_openmetadata(r);
  CHECK(om_of(r, "dashboards") == "Dashboard");
  CHECK(om_of(r, "workbook") == "Dashboard");
  CHECK(om_of(r, "WorkbookElements") == "Chart");
  CHECK(om_of(r, "dashboard_tile") == "Chart");
  CHECK(om_of(r, "data_model") == "DashboardDataModel");
  CHECK(om_of(r, "DataSource") == "DashboardDataModel");
  CHECK(om_of(r, "member").empty());
}

TEST_CASE("mapping: pipeline entities map to Pipeline, Task and PipelineStatus") {
  Research r = research("pipeline", {entity("dag", "/dags"), entity("dag_run", "/dags/{id}/runs"),
                                     entity("task", "/dags/{id}/tasks"),
                                     entity("task_instance", "/dags/{id}/runs/{r}/taskInstances"),
                                     entity("flow", "/flows")});
  map_to_openmetadata(r);
  CHECK(om_of(r, "dag") == "Pipeline");
  CHECK(om_of(r, "flow") == "Pipeline");
  CHECK(om_of(r, "dag_run") == "PipelineStatus");
  CHECK(om_of(r, "task") == "Task");
  CHECK(om_of(r, "task_instance") == "PipelineStatus");
  REQUIRE(r.test_connection.size() == 3);
  CHECK(r.test_connection[1].step == "GetPipelines");
  CHECK(r.test_connection[1].path == "/dags");
  CHECK(r.test_connection[2].step == "GetPipelineStatus");
}

TEST_CASE("mapping: other service types use their own entities, the path is a fallback cue") {
  Research m = research("messaging", {entity("", "/v3/clusters/{c}/topics")});
  map_to_openmetadata(m);
  CHECK(m.findings.entities[0].om_entity == "Topic");
  Research s = research("storage", {entity("buckets", "/b")});
  map_to_openmetadata(s);
  CHECK(s.findings.entities[0].om_entity == "Container");
  Research d = research("database", {entity("schemas", "/s"), entity("tables", "/t")});
  map_to_openmetadata(d);
  CHECK(om_of(d, "schemas") == "DatabaseSchema");
  CHECK(om_of(d, "tables") == "Table");
  Research x = research("search", {entity("indices", "/_cat/indices")});
  map_to_openmetadata(x);
  CHECK(x.findings.entities[0].om_entity == "SearchIndex");
}

TEST_CASE("mapping: an entity without evidence or an existing om_entity is left alone") {
  Entity bare = entity("dashboard", "/d");
  bare.evidence.clear();
  Entity set = entity("chart", "/c");
  set.om_entity = "Dashboard";
  Research r = research("dashboard", {bare, set});
  map_to_openmetadata(r);
  CHECK(r.findings.entities[0].om_entity.empty());
  CHECK(r.findings.entities[1].om_entity == "Dashboard");
}

TEST_CASE("mapping: auth methods get the OpenMetadata connection schema of section 3") {
  Research r = research("dashboard", {});
  auto add = [&r](std::string type, std::vector<OAuthFlow> flows = {}) {
    AuthMethod a;
    set_auth_type(a, type);
    a.flows = std::move(flows);
    r.findings.auth.push_back(a);
  };
  add("http-basic");
  add("apiKey");
  add("http-bearer");
  add("oauth2", {{OAuthFlowKind::kClientCredentials, "https://x/token", "", "", {}}});
  add("oauth2", {{OAuthFlowKind::kAuthorizationCode, "", "https://x/auth", "", {}}});
  add("oauth2", {{OAuthFlowKind::kClientCredentials,
                  "https://login.microsoftonline.com/t/token",
                  "",
                  "",
                  {}}});
  add("aws-sigv4");
  add("jwt");
  add("mutualTLS");
  r.findings.auth.push_back(r.findings.auth[0]);
  r.findings.auth.back().om_connection = OmConnection::kAccessTokenAuth;
  map_to_openmetadata(r);
  std::vector<std::string> got;
  for (const auto& a : r.findings.auth) {
    got.push_back(to_string(a.om_connection));
  }
  CHECK(got == std::vector<std::string>{"basicAuth", "token", "token", "custom", "oauthCredentials",
                                        "azureConfig", "iamAuthConfig", "jwtAuth", "sslConfig",
                                        "accessTokenAuth"});
}

TEST_CASE("mapping: CheckAccess prefers an identity endpoint, then a version, then a list") {
  Research r =
      research("dashboard", {entity("dashboard", "/api/dashboards", "/api/dashboards/{id}"),
                             entity("chart", "/api/dashboards/{id}/charts")});
  r.findings.endpoints = {{"GET", "/api/health", "", "", {}},
                          {"GET", "/api/version", "", "", {}},
                          {"GET", "/api/users/{id}", "", "", {}},
                          {"POST", "/api/me", "", "", {}}};
  Research first = r;
  map_to_openmetadata(first);
  REQUIRE(first.test_connection.size() == 3);
  CHECK(first.test_connection[0].step == "CheckAccess");
  CHECK(first.test_connection[0].path == "/api/version");
  CHECK(first.test_connection[1].step == "GetDashboards");
  CHECK(first.test_connection[1].path == "/api/dashboards");
  CHECK(first.test_connection[2].step == "GetCharts");
  CHECK(first.test_connection[2].path == "/api/dashboards/{id}/charts");
  r.findings.endpoints.push_back({"GET", "/api/users/me", "", "", {}});
  map_to_openmetadata(r);
  CHECK(r.test_connection[0].path == "/api/users/me");
}

TEST_CASE("mapping: a missing mandatory list endpoint becomes a gap, not a fake step") {
  Research r = research("messaging", {});
  map_to_openmetadata(r);
  CHECK(r.test_connection.empty());
  REQUIRE(r.findings.gaps.size() == 2);
  CHECK(r.findings.gaps[1].find("GetTopics") != std::string::npos);
  map_to_openmetadata(r);
  CHECK(r.findings.gaps.size() == 2);
}

}  // namespace om::report
