// Checkout discovery, connector reading and ranking on the fixture checkout
// (tests/fixtures/om_checkout: the real layout, short files written for the tests).
#include "app/checkout.h"

#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace om;                 // NOLINT(google-build-using-namespace)
using namespace om::app::checkout;  // NOLINT(google-build-using-namespace)

namespace {

// The fixture checkout; a function, so no static path is built before main().
fs::path fixture_root() {
  return fs::path(OM_SOURCE_DIR) / "tests/fixtures/om_checkout";
}

const SimilarConnector* named(const std::vector<SimilarConnector>& all, const std::string& n) {
  auto it = std::find_if(all.begin(), all.end(), [&n](const auto& c) { return c.name == n; });
  return it == all.end() ? nullptr : &*it;
}

std::vector<SimilarConnector> described(const std::string& type) {
  auto files = read_connectors(fixture_root(), type);
  REQUIRE(files.ok());
  std::vector<SimilarConnector> out;
  for (const auto& f : files.value()) {
    out.push_back(describe(f));
  }
  return out;
}

AuthMethod auth(const std::string& type, OmConnection om) {
  AuthMethod a;
  set_auth_type(a, type);
  a.om_connection = om;
  return a;
}

}  // namespace

TEST_CASE("checkout: the root is found walking up from a folder or a file inside it") {
  const fs::path deep =
      fixture_root() / "ingestion/src/metadata/ingestion/source/dashboard/metabase";
  auto from_dir = find_root(deep);
  REQUIRE(from_dir.has_value());
  CHECK(fs::equivalent(*from_dir, fixture_root()));
  auto from_file = find_root(deep / "client.py");
  REQUIRE(from_file.has_value());
  CHECK(fs::equivalent(*from_file, fixture_root()));
  CHECK(is_checkout_root(fixture_root()));
  CHECK_FALSE(is_checkout_root(fixture_root() / "ingestion"));
}

TEST_CASE("checkout: outside a checkout nothing is found") {
  CHECK_FALSE(find_root(fs::path(OM_SOURCE_DIR) / "core").has_value());
}

TEST_CASE("checkout: connectors of a type are read, shared modules are not connectors") {
  auto files = read_connectors(fixture_root(), "dashboard");
  REQUIRE(files.ok());
  std::vector<std::string> names;
  for (const auto& f : files.value()) {
    names.push_back(f.name);
  }
  CHECK(names == std::vector<std::string>{"grafana", "metabase", "sigma", "superset", "tableau"});
  const auto& metabase = files.value()[1];
  REQUIRE(metabase.schema.has_value());
  CHECK(metabase.schema->path ==
        "openmetadata-spec/src/main/resources/json/schema/entity/services/connections/dashboard/"
        "metabaseConnection.json");
  CHECK(metabase.code.size() == 2);
  CHECK_FALSE(read_connectors(fixture_root(), "pipeline").ok());
}

TEST_CASE("checkout: a connection schema's $refs and flat properties give its auth kinds") {
  auto all = described("database");
  const auto* postgres = named(all, "postgres");
  REQUIRE(postgres != nullptr);
  CHECK(postgres->auth == std::vector<std::string>{"azureConfig", "basicAuth", "iamAuthConfig"});
  const auto* snowflake = named(all, "snowflake");
  REQUIRE(snowflake != nullptr);
  CHECK(snowflake->auth == std::vector<std::string>{"basicAuth", "keyPair"});
  const auto* bigquery = named(all, "bigquery");
  REQUIRE(bigquery != nullptr);
  CHECK(bigquery->auth == std::vector<std::string>{"gcpCredentials"});
  auto dashboards = described("dashboard");
  const auto* sigma = named(dashboards, "sigma");
  REQUIRE(sigma != nullptr);
  CHECK(sigma->auth == std::vector<std::string>{"clientCredentials"});
  auto line = std::find_if(sigma->evidence.begin(), sigma->evidence.end(),
                           [](const auto& e) { return e.topic == "auth:clientCredentials"; });
  REQUIRE(line != sigma->evidence.end());
  CHECK(line->line == 12);
  CHECK(line->quote == "\"clientId\": {");
}

TEST_CASE("checkout: client code gives the paging style and the client libraries") {
  auto all = described("dashboard");
  CHECK(named(all, "sigma")->pagination == "cursor");
  CHECK(named(all, "superset")->pagination == "page");
  CHECK(named(all, "grafana")->pagination == "page");
  CHECK(named(all, "tableau")->pagination == "sdk-pager");
  CHECK(named(all, "metabase")->pagination.empty());
  CHECK(named(all, "tableau")->client_libraries == std::vector<std::string>{"tableauserverclient"});
  CHECK(named(all, "metabase")->client_libraries ==
        std::vector<std::string>{"requests", "ometa-rest"});
}

TEST_CASE("checkout: ranking prefers agreement on auth, then paging, then the library") {
  Research r;
  r.findings.auth.push_back(auth("oauth2", OmConnection::kCustom));
  r.findings.auth.back().flows.push_back(
      {OAuthFlowKind::kClientCredentials, "https://x/token", "", "", {}});
  r.findings.auth.push_back(auth("apiKey", OmConnection::kToken));
  Pagination p;
  p.style = om::PageStyle::kCursor;
  r.findings.pagination.push_back(p);
  r.findings.base_urls.push_back({"https://api.example.com", "", 0.9, {}});
  const ResearchProfile profile = profile_of(r);
  CHECK(profile.auth.count("clientCredentials") == 1);
  CHECK(profile.auth.count("token") == 1);
  auto top = rank(described("dashboard"), profile);
  REQUIRE(top.size() == 3);
  CHECK(top[0].name == "sigma");  // client credentials (3) + cursor pages (3) + HTTP (1)
  CHECK(top[0].score == 7);
  CHECK(top[1].name == "grafana");   // API key as token (3) + HTTP (1)
  CHECK(top[2].name == "metabase");  // HTTP only (1), before superset by name
  REQUIRE_FALSE(top[0].reasons.empty());
  CHECK(top[0].reasons[0].find("sigmaConnection.json:12") != std::string::npos);
  for (const auto& c : top) {
    CHECK_FALSE(c.evidence.empty());
  }
}

TEST_CASE("checkout: an SDK the research read ranks the connector built on it first") {
  Research r;
  r.findings.sdks.push_back({Ecosystem::kPypi, "tableauserverclient", "", "", {}, {}, {}, {}});
  r.findings.auth.push_back(auth("http-basic", OmConnection::kBasicAuth));
  auto top = rank(described("dashboard"), profile_of(r));
  REQUIRE(top.size() == 2);
  CHECK(top[0].name == "tableau");  // basicAuth (3) + tableauserverclient (2)
  CHECK(top[0].score == 5);
  CHECK(top[1].name == "metabase");
}

TEST_CASE("checkout: a database research ranks by its auth options and SQLAlchemy") {
  Research r;
  r.findings.auth.push_back(auth("jwt", OmConnection::kJwtAuth));
  r.findings.auth.push_back(auth("http-basic", OmConnection::kBasicAuth));
  r.findings.sql_urls.push_back({"snowflake", "snowflake", "", "", {}});
  auto top = rank(described("database"), profile_of(r));
  REQUIRE(top.size() == 3);
  CHECK(top[0].name == "snowflake");  // basicAuth + keyPair (6) + sqlalchemy (2)
  CHECK(top[0].score == 8);
}
