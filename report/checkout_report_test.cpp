// Tests for issue #23's report side: the profile's Docker fields, database facts and auth
// mapping, the Research JSON v2 members and the brief's sections.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "report/detail/checkout_facts.h"
#include "report/report.h"

using namespace om;  // NOLINT(google-build-using-namespace)

namespace {

std::string shared_brief(const std::string& name) {
  std::ifstream in(std::string(OM_SHARED_DIR) + "/fixtures/connector_context/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

AuthMethod auth(const std::string& type) {
  AuthMethod a;
  set_auth_type(a, type);
  a.evidence.push_back({"https://docs.example.com/auth", "Auth", "quoted"});
  return a;
}

Research database_research() {
  Research r;
  r.source.name = "cratedb";
  r.source.service_type = "database";
  r.findings.auth.push_back(auth("http-basic"));
  r.findings.auth.push_back(auth("aws-sigv4"));
  r.findings.auth.push_back(auth("jwt"));
  r.findings.auth.push_back(auth("apiKey"));
  AuthMethod azure = auth("oauth2");
  azure.flows.push_back({OAuthFlowKind::kClientCredentials,
                         "https://login.microsoftonline.com/t/oauth2/v2.0/token",
                         "",
                         "",
                         {}});
  r.findings.auth.push_back(azure);
  AuthMethod google = auth("oauth2");
  google.flows.push_back(
      {OAuthFlowKind::kAuthorizationCode, "https://oauth2.googleapis.com/token", "", "", {}});
  r.findings.auth.push_back(google);
  r.findings.sql_urls.push_back(
      {"crate", "crate", "", "4200", {{"https://docs.example.com/sqla", "Connecting", "q"}}});
  r.findings.test_images.push_back({"crate/crate:5.8",
                                    {"4200:4200"},
                                    ImageVia::kDockerRun,
                                    {{"https://docs.example.com/d", "D", "q"}}});
  r.database_catalog.push_back({"dialect_package", "sqlalchemy-cratedb", "PyPI: the dialect"});
  return r;
}

}  // namespace

TEST_CASE("profile: missing Docker bullets are added after the profile's last bullet only") {
  const std::string brief = shared_brief("dashboard_rest.md");
  REQUIRE_FALSE(brief.empty());
  const std::string filled = report::fill_docker_profile(brief, "acmebi/acme-bi:4.2", "8088");
  const std::string added = "- **Docker Image**: `acmebi/acme-bi:4.2`\n- **Docker Port**: 8088\n";
  const std::string after =
      "- **Description**: Sigma Computing — cloud-native analytics and BI "
      "on the data warehouse\n";
  const auto at = brief.find(after);
  REQUIRE(at != std::string::npos);
  std::string expected = brief;
  expected.insert(at + after.size(), added);
  CHECK(filled == expected);
  CHECK(report::fill_docker_profile(filled, "acmebi/acme-bi:4.2", "8088") == filled);
}

TEST_CASE("profile: Docker bullets that have values are the user's and stay") {
  const std::string brief = shared_brief("database_sqla.md");
  REQUIRE(brief.find("- **Docker Image**: `crate/crate:5.8`") != std::string::npos);
  CHECK(report::fill_docker_profile(brief, "other/image:1", "1234") == brief);
}

TEST_CASE("profile: empty bullets are filled, CRLF kept, and no image changes nothing") {
  const std::string brief =
      "# X\r\n\r\n## Connector Profile\r\n\r\n- **Name**: `x`\r\n- **Docker Image**:\r\n"
      "- **Docker Port**: \r\n\r\n## Step 1: Read the Reference Connector\r\n";
  const std::string filled = report::fill_docker_profile(brief, "x/y:1", "99");
  CHECK(filled ==
        "# X\r\n\r\n## Connector Profile\r\n\r\n- **Name**: `x`\r\n- **Docker Image**: `x/y:1`\r\n"
        "- **Docker Port**: 99\r\n\r\n## Step 1: Read the Reference Connector\r\n");
  CHECK(report::fill_docker_profile(brief, "", "99") == brief);
  const std::string no_profile = "# X\n\n## Step 1: Read the Reference Connector\n";
  CHECK(report::fill_docker_profile(no_profile, "x/y:1", "99") == no_profile);
}

TEST_CASE("profile: a port that is not digits is left out") {
  const std::string brief = "## Connector Profile\n\n- **Name**: `x`\n";
  CHECK(report::fill_docker_profile(brief, "x/y:1", "${PORT}") ==
        "## Connector Profile\n\n- **Name**: `x`\n- **Docker Image**: `x/y:1`\n");
}

TEST_CASE("database: research auth maps onto OpenMetadata's database auth options") {
  const auto d = report::detail::database_facts(database_research());
  std::vector<std::string> mapped;
  for (const auto& a : d.auth) {
    mapped.push_back(a.auth_type + "->" + a.om_auth);
  }
  CHECK(mapped == std::vector<std::string>{"http-basic->basicAuth", "aws-sigv4->iamAuthConfig",
                                           "jwt->jwtAuth", "oauth2->azureConfig",
                                           "oauth2->gcpCredentials"});
  CHECK(d.dialect_package.value == "sqlalchemy-cratedb");
  CHECK(d.dialect_package.from == "catalog");
  CHECK(d.url_scheme.value == "crate");
  CHECK(d.url_scheme.from == "sql-url");
  CHECK(d.default_port.value == "4200");
  CHECK(d.driver_package.value.empty());
}

TEST_CASE("research json v2: similar_connectors, test_environment and database members") {
  Research r = database_research();
  r.checkout_root = "/checkout";
  r.similar_connectors.push_back({"postgres",
                                  "database",
                                  5,
                                  {"basicAuth"},
                                  "",
                                  {"sqlalchemy"},
                                  {"auth basicAuth as the research found"},
                                  {{"openmetadata-spec/x/postgresConnection.json", 9,
                                    R"({"$ref": "./common/basicAuth.json"},)", "auth:basicAuth"}}});
  const Json j = report::research_json(r);
  CHECK(j["schema"].as_string() == "om-research/research/v2");
  REQUIRE(j["similar_connectors"].as_array().size() == 1);
  const Json& c = j["similar_connectors"].as_array()[0];
  CHECK(c["name"].as_string() == "postgres");
  CHECK(c["evidence"].as_array()[0]["line"].as_number() == 9);
  CHECK(j["test_environment"]["docker_image"].as_string() == "crate/crate:5.8");
  CHECK(j["test_environment"]["docker_port"].as_string() == "4200");
  CHECK(j["test_environment"]["images"].as_array()[0]["evidence"].as_array()[0]["doc"].is_number());
  CHECK(j["database"]["url_scheme"]["value"].as_string() == "crate");
  CHECK(j["database"]["auth"].as_array().size() == 5);
  r.source.service_type = "dashboard";
  CHECK(report::research_json(r)["database"].is_null());
}

TEST_CASE("brief: the new sections are rendered, escaped, and absent when they do not apply") {
  Research r = database_research();
  r.checkout_root = "/checkout";
  r.similar_connectors.push_back({"post*gres",
                                  "database",
                                  5,
                                  {},
                                  "",
                                  {},
                                  {"reason <b>"},
                                  {{"a/b.json", 3, "# not a heading", "auth:basicAuth"}}});
  const std::string md = report::render_markdown(r);
  CHECK(md.find("### Closest existing connectors") != std::string::npos);
  CHECK(md.find("1. `post*gres` (score 5)") != std::string::npos);
  CHECK(md.find("reason &lt;b&gt;") != std::string::npos);
  CHECK(md.find("`a/b.json:3`: “\\# not a heading”") != std::string::npos);
  CHECK(md.find("### Test environment") != std::string::npos);
  CHECK(md.find("### Database (SQLAlchemy)") != std::string::npos);
  CHECK(md.find("- **URL scheme**: `crate` (from sql-url)") != std::string::npos);
  Research plain;
  plain.source.service_type = "dashboard";
  const std::string none = report::render_markdown(plain);
  CHECK(none.find("Closest existing connectors") == std::string::npos);
  CHECK(none.find("Test environment") == std::string::npos);
  CHECK(none.find("Database (SQLAlchemy)") == std::string::npos);
}

TEST_CASE("profile: on every scaffold fixture only the Docker bullets change, and only once") {
  for (const auto& e : std::filesystem::directory_iterator(std::string(OM_SHARED_DIR) +
                                                           "/fixtures/connector_context")) {
    if (e.path().extension() != ".md" || e.path().filename() == "SOURCES.md") {
      continue;
    }
    CAPTURE(e.path().filename().string());
    const std::string brief = shared_brief(e.path().filename().string());
    const std::string filled = report::fill_docker_profile(brief, "acme/acme:1", "8088");
    CHECK(report::fill_docker_profile(filled, "acme/acme:1", "8088") == filled);
    std::string back = filled;
    for (const char* line : {"- **Docker Image**: `acme/acme:1`\n", "- **Docker Port**: 8088\n"}) {
      const auto at = back.find(line);
      if (at != std::string::npos) {
        back.erase(at, std::string(line).size());
      }
    }
    const bool had_docker = brief.find("- **Docker Image**: `") != std::string::npos;
    CHECK(back == brief);
    CHECK((filled == brief) == had_docker);
  }
}
