// findings_from_json_text reads what findings_from_json reads from the same text, without the
// Json tree: the same values, defaults and leniency, and syntax errors as values.
#include "core/findings_json.h"

#include <array>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace om {
namespace {

Findings every_field() {
  Findings f;
  const EvidenceList ev = {{"https://a.example/openapi.json", "/paths/~1v1~1x/get", "q: \"é\"\n"}};
  f.base_urls.push_back({"https://api.a.example/v1", "production", 0.9, ev});
  f.api_versions.push_back({"v1", VersionVia::kPath, "X-Version", ev});
  for (auto via :
       {VersionVia::kHeader, VersionVia::kQuery, VersionVia::kMediaType, VersionVia::kDocument}) {
    f.api_versions.push_back({"2024-01-01", via, "", ev});
  }
  AuthMethod a;
  a.type = AuthType::kOAuth2;
  a.in = AuthLocation::kHeader;
  a.name = "Authorization";
  a.scheme = "bearer";
  a.flows.push_back(
      {OAuthFlowKind::kClientCredentials, "https://a.example/token", "", "", {"read", "write"}});
  for (auto kind :
       {OAuthFlowKind::kAuthorizationCode, OAuthFlowKind::kPassword, OAuthFlowKind::kImplicit,
        OAuthFlowKind::kDeviceCode, OAuthFlowKind::kRefreshToken}) {
    a.flows.push_back({kind, "", "https://a.example/authorize", "https://a.example/refresh", {}});
  }
  a.openid_connect_url = "https://a.example/.well-known/openid-configuration";
  a.om_connection = OmConnection::kOAuthCredentials;
  a.declared_as = "oauth";
  a.used_by_operations = 3;
  a.combined_with = {"key"};
  a.notes = "`x` note";
  a.confidence = 0.7;
  a.evidence = ev;
  f.auth.push_back(a);
  AuthMethod digest;  // a type outside the set is kept as its text
  set_auth_type(digest, "http-digest");
  digest.evidence = ev;
  f.auth.push_back(digest);
  for (auto om : {OmConnection::kBasicAuth, OmConnection::kToken, OmConnection::kCustom,
                  OmConnection::kJwtAuth, OmConnection::kIamAuthConfig, OmConnection::kSslConfig,
                  OmConnection::kAzureConfig, OmConnection::kGcpCredentials,
                  OmConnection::kAccessTokenAuth}) {  // every schema (oauthCredentials above)
    AuthMethod mapped;
    mapped.type = AuthType::kHttpBasic;
    mapped.om_connection = om;
    mapped.evidence = ev;
    f.auth.push_back(mapped);
  }
  for (const char* in : {"query", "cookie", "Header"}) {  // "Header": a location outside the set
    AuthMethod key;
    key.type = AuthType::kApiKey;
    set_auth_in(key, in);
    key.name = "api_key";
    key.evidence = ev;
    f.auth.push_back(key);
  }
  Pagination p;
  p.style = PageStyle::kCursor;
  p.request_params = {"cursor", "limit"};
  p.response_fields = {"next"};
  p.response_headers = {"Link"};
  p.page_size = {"limit", 50.0, 200.0};
  p.stop_condition = "`next` is null";
  p.endpoints = {"GET /v1/x", "GET /v1/y"};
  p.truncation_risk = "first 50";
  p.confidence = 0.8;
  p.evidence = ev;
  f.pagination.push_back(p);
  Entity e;
  e.name = "x";
  e.om_entity = "Dashboard";
  e.list = {"GET", "/v1/x"};
  e.get = {"GET", "/v1/x/{id}"};
  e.parent = "p";
  e.records_path = "data";
  e.primary_key = "id";
  e.pagination = PageStyle::kCursor;
  e.confidence = 0.6;
  e.evidence = ev;
  f.entities.push_back(e);
  f.endpoints.push_back({"GET", "/v1/x", "listX", "List x", {"x", "y"}});
  RateLimit l;
  l.limit = 100;
  l.window_seconds = 60;
  l.scope = "key";
  l.headers = {"Retry-After"};
  l.retry_after = true;
  l.text = "100 per minute";
  l.confidence = 0.5;
  l.evidence = ev;
  f.rate_limits.push_back(l);
  f.sdks.push_back(
      {Ecosystem::kNpm, "acme", "1.2.3", "Client", {"apiKey"}, {"x"}, {"paginate"}, ev});
  f.sdks.push_back({Ecosystem::kPypi, "acme-sdk", "", "", {}, {}, {}, ev});
  f.conflicts.push_back({"base_url", "a or b", ev});
  f.gaps = {"no rate limit", "ünïcode \u2028"};
  f.test_images.push_back({"apache/superset:4.1", {"8088:8088"}, ImageVia::kDockerRun, ev});
  f.test_images.push_back({"apache/superset:4.1", {}, ImageVia::kDockerPull, ev});
  f.test_images.push_back({"postgres:16", {"5432"}, ImageVia::kCompose, ev});
  f.sql_urls.push_back({"postgresql+psycopg2", "postgresql", "psycopg2", "5432", ev});
  GraphqlField gf{"Query.issues",
                  "IssueConnection!",
                  GraphqlFieldKind::kConnection,
                  "Issue",
                  {"first: Int"},
                  PageStyle::kRelay,
                  "nodes",
                  ev};
  std::vector<GraphqlField> roots = {gf};
  for (auto kind : {GraphqlFieldKind::kList, GraphqlFieldKind::kGet, GraphqlFieldKind::kLookup,
                    GraphqlFieldKind::kObject}) {
    roots.push_back({"Query.x", "X", kind, "X", {}, std::nullopt, "", ev});
  }
  f.graphql.push_back(
      {"schema.graphql", "sdl", "Query", "", 12, roots, {gf}, {"Issue"}, {"first"}, ev});
  return f;
}

// Both readers' results, written back as JSON.
std::pair<std::string, std::string> both(std::string_view text) {
  auto tree = Json::parse(text);
  REQUIRE(tree.ok());
  auto direct = findings_from_json_text(text);
  REQUIRE_MESSAGE(direct.ok(), direct.error().message);
  return {findings_to_json(findings_from_json(tree.value())).dump(),
          findings_to_json(direct.value()).dump()};
}

}  // namespace

TEST_CASE("facts text: every field reads back as written, as the tree reader reads it") {
  const std::string text = findings_to_json(every_field()).dump();
  const auto [tree, direct] = both(text);
  CHECK(direct == text);
  CHECK(tree == direct);
  CHECK(both(findings_to_json(Findings{}).dump()).second == findings_to_json(Findings{}).dump());
  CHECK(both("null").second == findings_to_json(Findings{}).dump());
}

TEST_CASE("facts text: wrong types, nulls, unknown members and escapes as the tree reader") {
  const std::array<const char*, 8> cases = {
      R"({"base_urls": [{"url": 5, "confidence": "high", "evidence": {"url": "x"}}, null, 3]})",
      R"({"auth": [{"type": "apiKey", "used_by_operations": null, "flows": [{"scopes": [1, "a",
      null, {"b": 2}]}], "extra": {"deep": [[{"x": [true, false, null, -1.5e3]}]]}}]})",
      R"({"pagination": [{"page_size": {"default": "50", "max": 1e2, "param": null},
      "endpoints": "GET /x"}], "gaps": ["a", 2, "b"], "unknown": "\u00e9\ud83d\ude00\ud800"})",
      R"({"rate_limits": [{"limit": 1, "retry_after": "yes", "text": "a\"b\\c\/d\n\t"}],
      "entities": [{"list": {"method": "GET", "path": "/x"}, "get": "GET /y"}]})",
      R"({"endpoints": [{"method": "GET", "path": "/\u0041", "tags": null}], "sdks": {}})",
      R"({"auth": [{"type": null}, {"type": 7}, {"type": "x-vendor"}, {"type": "Jwt"}, {}]})",
      R"([1, 2, 3])",
      R"("just a string")",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    const auto [tree, direct] = both(text);
    CHECK(tree == direct);
  }
}

TEST_CASE("facts text: an auth type outside the set reads back as kOther with its text") {
  const char* text =
      R"({"auth": [{"type": "jwt"}, {"type": "x-vendor"}, {"type": ""}, {"type": 3}, {}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& auth = direct.value().auth;
  REQUIRE(auth.size() == 5);
  CHECK(auth[0].type == AuthType::kJwt);
  CHECK(auth[0].other_type.empty());
  CHECK(auth[1].type == AuthType::kOther);
  CHECK(auth[1].other_type == "x-vendor");
  CHECK(auth_type_text(auth[1]) == "x-vendor");
  for (std::size_t i = 2; i < auth.size(); ++i) {
    CHECK(auth[i].type == AuthType::kUnknown);
    CHECK(auth_type_text(auth[i]).empty());
  }
  auto tree = Json::parse(text);
  REQUIRE(tree.ok());
  CHECK(findings_from_json(tree.value()).auth[1].other_type == "x-vendor");
}

TEST_CASE("facts text: every OAuth flow reads back as the same flow") {
  const Findings facts = every_field();
  auto direct = findings_from_json_text(findings_to_json(facts).dump());
  REQUIRE(direct.ok());
  const auto& written = facts.auth.at(0).flows;
  const auto& read = direct.value().auth.at(0).flows;
  REQUIRE(read.size() == written.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    CHECK(read[i].flow == written[i].flow);
  }
}

TEST_CASE("facts text: a stored flow outside the set is dropped by both readers") {
  const char* text = R"({"auth": [{"type": "oauth2", "flows": [{"flow": "implicit"},
      {"flow": "client_credentials", "token_url": "https://x/token"}, {"flow": ""}, {"flow": 3},
      {"token_url": "https://x/t"}, null, 7, {"flow": "password", "scopes": ["a"]}]}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& flows = direct.value().auth.at(0).flows;
  REQUIRE(flows.size() == 2);
  CHECK(flows[0].flow == OAuthFlowKind::kImplicit);
  CHECK(flows[1].flow == OAuthFlowKind::kPassword);
  CHECK(flows[1].scopes == std::vector<std::string>{"a"});
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE("facts text: a stored version place outside the set reads as kUnknown in both readers") {
  const char* text = R"({"api_versions": [{"version": "v1", "via": "media-type"},
      {"version": "v2", "via": "Path"}, {"via": ""}, {"via": 4}, {"via": null}, {}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& versions = direct.value().api_versions;
  REQUIRE(versions.size() == 6);
  CHECK(versions[0].via == VersionVia::kMediaType);
  for (std::size_t i = 1; i < versions.size(); ++i) {
    CHECK(versions[i].via == VersionVia::kUnknown);
  }
  CHECK(versions[1].version == "v2");
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE("facts text: a stored image command outside the set reads as kUnknown in both readers") {
  const char* text = R"({"test_images": [{"image": "a:1", "via": "compose"},
      {"image": "b:2", "via": "docker run"}, {"via": "Compose"}, {"via": 1}, {"via": null}, {}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& images = direct.value().test_images;
  REQUIRE(images.size() == 6);
  CHECK(images[0].via == ImageVia::kCompose);
  for (std::size_t i = 1; i < images.size(); ++i) {
    CHECK(images[i].via == ImageVia::kUnknown);
  }
  CHECK(images[1].image == "b:2");
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE("facts text: a stored registry outside the set reads as kUnknown in both readers") {
  const char* text = R"({"sdks": [{"ecosystem": "pypi", "name": "a"}, {"ecosystem": "maven",
      "name": "b"}, {"ecosystem": "NPM"}, {"ecosystem": 2}, {"ecosystem": null}, {}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& sdks = direct.value().sdks;
  REQUIRE(sdks.size() == 6);
  CHECK(sdks[0].ecosystem == Ecosystem::kPypi);
  for (std::size_t i = 1; i < sdks.size(); ++i) {
    CHECK(sdks[i].ecosystem == Ecosystem::kUnknown);
  }
  CHECK(sdks[1].name == "b");
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE(
    "facts text: a stored GraphQL field kind outside the set reads as kUnknown in both readers") {
  const char* text = R"({"graphql": [{"root_fields": [{"field": "Query.a", "kind": "lookup"},
      {"field": "Query.b", "kind": "edge"}, {"kind": "List"}, {"kind": 0}, {"kind": null}, {}],
      "connection_fields": [{"kind": "connection"}, {"kind": "node"}]}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  REQUIRE(direct.value().graphql.size() == 1);
  const auto& roots = direct.value().graphql[0].root_fields;
  REQUIRE(roots.size() == 6);
  CHECK(roots[0].kind == GraphqlFieldKind::kLookup);
  for (std::size_t i = 1; i < roots.size(); ++i) {
    CHECK(roots[i].kind == GraphqlFieldKind::kUnknown);
  }
  CHECK(roots[1].field == "Query.b");
  const auto& connections = direct.value().graphql[0].connection_fields;
  REQUIRE(connections.size() == 2);
  CHECK(connections[0].kind == GraphqlFieldKind::kConnection);
  CHECK(connections[1].kind == GraphqlFieldKind::kUnknown);
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE("facts text: a stored auth location outside the set reads back as kOther with its text") {
  const char* text = R"({"auth": [{"in": "cookie"}, {"in": "body"}, {"in": ""}, {"in": 3},
      {"in": null}, {}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& auth = direct.value().auth;
  REQUIRE(auth.size() == 6);
  CHECK(auth[0].in == AuthLocation::kCookie);
  CHECK(auth[0].other_in.empty());
  CHECK(auth[1].in == AuthLocation::kOther);
  CHECK(auth_in_text(auth[1]) == "body");
  for (std::size_t i = 2; i < auth.size(); ++i) {
    CHECK(auth[i].in == AuthLocation::kUnknown);
    CHECK(auth_in_text(auth[i]).empty());
  }
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE(
    "facts text: a stored connection schema outside the set reads as kUnknown in both readers") {
  const char* text = R"({"auth": [{"om_connection": "jwtAuth"}, {"om_connection": "keyPair"},
      {"om_connection": "BasicAuth"}, {"om_connection": ""}, {"om_connection": 5},
      {"om_connection": null}, {}]})";
  auto direct = findings_from_json_text(text);
  REQUIRE(direct.ok());
  const auto& auth = direct.value().auth;
  REQUIRE(auth.size() == 7);
  CHECK(auth[0].om_connection == OmConnection::kJwtAuth);
  for (std::size_t i = 1; i < auth.size(); ++i) {
    CHECK(auth[i].om_connection == OmConnection::kUnknown);
  }
  const auto [tree, direct_text] = both(text);
  CHECK(tree == direct_text);
}

TEST_CASE("facts text: syntax errors are values naming the byte offset") {
  for (const char* text :
       {R"({"gaps": ["a")", R"({"gaps": ["a"]} x)", R"({"gaps": ["\q"]})", R"({"gaps" ["a"]})",
        R"({"gaps": [tru]})", "", R"({"a": 01.})", "{\"gaps\": [\"a\nb\"]}"}) {
    CAPTURE(text);
    auto direct = findings_from_json_text(text);
    REQUIRE_FALSE(direct.ok());
    CHECK(direct.error().message.find("at byte") != std::string::npos);
  }
  std::string deep = R"({"x": )" + std::string(10000, '[') + std::string(10000, ']') + "}";
  auto direct = findings_from_json_text(deep);
  REQUIRE_FALSE(direct.ok());
  CHECK(direct.error().message.find("nesting") != std::string::npos);
}

}  // namespace om
