// Tests for the OpenAPI extractor's auth, servers/versions, endpoints and rate-limit facts:
// small inline specs per rule (2.0 and 3.x, JSON and YAML) plus labelled corpus facts.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "core/findings_json.h"
#include "extract/detail/extractors.h"
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {
namespace {

Extraction run(std::string body, std::string url = "spec.yaml") {
  FetchedDocument doc;
  doc.url = std::move(url);
  doc.body = std::move(body);
  return extract_openapi(doc);
}

Extraction run_corpus(const std::string& rel) {
  std::string path = std::string(OM_SHARED_DIR) + "/corpus/" + rel;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  Extraction e = run(buffer.str(), path);
  REQUIRE_MESSAGE(e.error.empty(), e.error);
  return e;
}

const AuthMethod* auth_named(const Findings& f, std::string_view declared_as) {
  for (const AuthMethod& a : f.auth) {
    if (a.declared_as == declared_as) {
      return &a;
    }
  }
  return nullptr;
}

bool has_gap(const Findings& f, std::string_view words) {
  return std::any_of(f.gaps.begin(), f.gaps.end(),
                     [&](const std::string& g) { return g.find(words) != std::string::npos; });
}

std::vector<std::string> base_urls(const Findings& f) {
  std::vector<std::string> out;
  for (const BaseUrl& b : f.base_urls) {
    out.push_back(b.url);
  }
  return out;
}

}  // namespace

TEST_CASE("openapi: without the digest the text is empty and the findings are the same") {
  FetchedDocument doc;
  doc.url = "spec.json";
  doc.body = R"({"openapi": "3.0.0", "info": {"title": "Acme", "version": "1"},
  "servers": [{"url": "https://api.acme.test/v1"}],
  "paths": {"/users": {"get": {"summary": "List users", "responses": {"200": {"description": "ok"}}}}},
  "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}}})";
  const Extraction with_digest = extract_openapi(doc);
  const Extraction without = extract_openapi(doc, SpecText::kNone);
  REQUIRE(with_digest.error.empty());
  CHECK(with_digest.text.find("GET /users - List users") != std::string::npos);
  CHECK(without.text.empty());
  CHECK(findings_to_json(without.findings).dump() == findings_to_json(with_digest.findings).dump());
}

TEST_CASE("openapi: a parse failure is an extraction error naming the document") {
  Extraction e = run("{\"openapi\": \"3.0.0\", \"paths\": {", "https://x.test/openapi.json");
  CHECK(e.kind == DocKind::kOpenApi);
  CHECK(e.error.find("https://x.test/openapi.json") != std::string::npos);
  CHECK(e.findings.auth.empty());
}

TEST_CASE("openapi: 3.x servers substitute variable defaults and keep evidence") {
  Extraction e = run(R"(openapi: 3.0.0
info: {title: T, version: '1.2'}
servers:
  - url: https://{region}.api.example.com/{basePath}
    variables:
      region: {default: eu}
      basePath: {default: v2}
  - url: http://localhost:8080/api/v1
paths: {}
)");
  REQUIRE(e.error.empty());
  // The localhost server is a development default, not a base URL (#18 class 10).
  CHECK(base_urls(e.findings) == std::vector<std::string>{"https://eu.api.example.com/v2"});
  CHECK(e.findings.base_urls[0].evidence.at(0).locator == "/servers/0");
  CHECK(e.findings.base_urls[0].evidence.at(0).quote.find("https://{region}") != std::string::npos);
}

TEST_CASE("openapi: a relative server URL is resolved only against an http(s) document URL") {
  std::string spec = R"({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
    "servers": [{"url": "/api/v1"}], "paths": {}})";
  Extraction local = run(spec, "/tmp/spec.json");
  CHECK(local.findings.base_urls.empty());
  CHECK(has_gap(local.findings, "base URL not stated"));
  Extraction remote = run(spec, "https://docs.example.com/specs/openapi.json");
  CHECK(base_urls(remote.findings) == std::vector<std::string>{"https://docs.example.com/api/v1"});
}

TEST_CASE("openapi: no servers gives no base URL and a gap") {
  Extraction e = run("openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n");
  CHECK(e.findings.base_urls.empty());
  CHECK(has_gap(e.findings, "base URL not stated in the spec"));
}

TEST_CASE("openapi: swagger 2.0 host, basePath and schemes make the base URL") {
  Extraction e = run(R"({"swagger": "2.0", "info": {"title": "T", "version": "1"},
    "host": "api.example.com", "basePath": "/v3", "schemes": ["http", "https"], "paths": {}})");
  CHECK(base_urls(e.findings) == std::vector<std::string>{"https://api.example.com/v3"});
  Extraction no_host = run(R"({"swagger": "2.0", "info": {"title": "T", "version": "1"},
    "basePath": "/v1.41", "paths": {}})");
  CHECK(no_host.findings.base_urls.empty());
  CHECK(has_gap(no_host.findings, "base URL not stated"));
}

TEST_CASE("regression fuzz_openapi_json: swagger 2.0 without host or basePath cites /swagger") {
  // The base URL from the spec's own host cited the root with an empty locator.
  Extraction e = run(R"({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}})",
                     "https://api.example.com/docs/swagger.json");
  REQUIRE(e.findings.base_urls.size() == 1);
  CHECK(e.findings.base_urls[0].url == "https://api.example.com");
  REQUIRE(e.findings.base_urls[0].evidence.size() == 1);
  CHECK(e.findings.base_urls[0].evidence[0].locator == "/swagger");
  CHECK(e.findings.base_urls[0].evidence[0].quote.find("2.0") != std::string::npos);
}

TEST_CASE("openapi: versions come from info.version, path prefixes and version headers") {
  Extraction e = run(R"(openapi: 3.0.0
info: {title: T, version: 2024.1}
paths:
  /api/v2/users:
    get:
      parameters:
        - {name: Notion-Version, in: header, schema: {type: string, default: '2022-06-28'}}
        - {name: api-version, in: query, schema: {type: string, example: '7.1'}}
      responses: {'200': {description: ok}}
  /api/v2/groups:
    get: {responses: {'200': {description: ok}}}
)");
  auto has = [&](std::string_view version, std::string_view via, std::string_view name) {
    return std::any_of(e.findings.api_versions.begin(), e.findings.api_versions.end(),
                       [&](const ApiVersion& v) {
                         return v.version == version && to_string(v.via) == via && v.name == name;
                       });
  };
  CHECK(has("2024.1", "document", ""));
  CHECK(has("v2", "path", "/api/v2"));
  CHECK(has("2022-06-28", "header", "Notion-Version"));
  CHECK(has("7.1", "query", "api-version"));
}

TEST_CASE("openapi: 3.x schemes map to DESIGN.md types with usage counts") {
  Extraction e = run(R"(openapi: 3.1.0
info: {title: T, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, bearerFormat: JWT}
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: query, name: api_key}
    appKey: {type: apiKey, in: header, name: X-App-Key}
    oidc: {type: openIDConnect, openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration'}
    mtls: {type: mutualTLS}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: /oauth/token, scopes: {read: r, write: w}}
paths:
  /a: {get: {responses: {'200': {description: ok}}}}
  /b: {get: {security: [], responses: {'200': {description: ok}}}}
  /c: {get: {security: [{key: [], appKey: []}, {oauth: [read]}], responses: {'200': {description: ok}}}}
)");
  const Findings& f = e.findings;
  REQUIRE(f.auth.size() == 7);
  const AuthMethod* bearer = auth_named(f, "bearer");
  CHECK(bearer->type == AuthType::kHttpBearer);
  CHECK(bearer->in == AuthLocation::kHeader);
  CHECK(bearer->name == "Authorization");
  CHECK(bearer->used_by_operations == 1);
  CHECK(bearer->om_connection == OmConnection::kToken);
  CHECK(bearer->evidence.at(0).locator == "/components/securitySchemes/bearer");
  CHECK(auth_named(f, "basic")->type == AuthType::kHttpBasic);
  CHECK(auth_named(f, "basic")->used_by_operations == 0);
  CHECK(auth_named(f, "basic")->notes.find("declared but") != std::string::npos);
  CHECK(auth_named(f, "basic")->om_connection == OmConnection::kBasicAuth);
  const AuthMethod* key = auth_named(f, "key");
  CHECK(key->type == AuthType::kApiKey);
  CHECK(key->in == AuthLocation::kQuery);
  CHECK(key->combined_with == std::vector<std::string>{"appKey"});
  CHECK(auth_named(f, "appKey")->combined_with == std::vector<std::string>{"key"});
  CHECK(auth_named(f, "oidc")->type == AuthType::kOpenIdConnect);
  CHECK(auth_named(f, "mtls")->om_connection == OmConnection::kSslConfig);
  const AuthMethod* oauth = auth_named(f, "oauth");
  REQUIRE(oauth->flows.size() == 1);
  CHECK(oauth->flows[0].flow == OAuthFlowKind::kClientCredentials);
  CHECK(oauth->flows[0].token_url == "https://api.example.com/oauth/token");
  CHECK(oauth->flows[0].scopes == std::vector<std::string>{"read", "write"});
  CHECK(oauth->used_by_operations == 1);
}

TEST_CASE("openapi: a scheme type outside DESIGN.md's set is kept as its text") {
  auto e = run(R"(
openapi: 3.0.0
info: {title: t, version: '1'}
components:
  securitySchemes:
    digest: {type: http, scheme: Digest}
    bare: {type: http}
    vendor: {type: x-vendor-sig}
    sigv4: {type: x-vendor-sig, x-amazon-apigateway-authtype: awsSigv4}
paths:
  /a: {get: {security: [{digest: []}], responses: {'200': {description: ok}}}}
)");
  const Findings& f = e.findings;
  REQUIRE(f.auth.size() == 4);
  const AuthMethod* digest = auth_named(f, "digest");
  CHECK(digest->type == AuthType::kOther);
  CHECK(auth_type_text(*digest) == "http-digest");
  CHECK(digest->scheme == "digest");
  CHECK(digest->om_connection == OmConnection::kCustom);
  CHECK(auth_type_text(*auth_named(f, "bare")) == "http-unknown");
  const AuthMethod* vendor = auth_named(f, "vendor");
  CHECK(auth_type_text(*vendor) == "x-vendor-sig");
  CHECK(vendor->notes.find("not defined by OpenAPI") != std::string::npos);
  const AuthMethod* sigv4 = auth_named(f, "sigv4");
  CHECK(sigv4->type == AuthType::kAwsSigv4);
  CHECK(sigv4->other_type.empty());
  CHECK(sigv4->om_connection == OmConnection::kIamAuthConfig);
}

TEST_CASE("openapi: swagger 2.0 security definitions are normalised to the 3.x model") {
  Extraction e = run(R"({"swagger": "2.0", "info": {"title": "T", "version": "1"},
    "securityDefinitions": {
      "b": {"type": "basic"},
      "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://x.test/token"},
      "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://x.test/auth",
               "tokenUrl": "https://x.test/token", "scopes": {"admin": "all"}},
      "pat": {"type": "apiKey", "in": "header", "name": "Authorization",
              "description": "Use `Bearer <token>` in the header"}},
    "security": [{"b": []}], "paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}})");
  const Findings& f = e.findings;
  CHECK(auth_named(f, "b")->type == AuthType::kHttpBasic);
  CHECK(auth_named(f, "b")->used_by_operations == 1);
  CHECK(auth_named(f, "app")->flows.at(0).flow == OAuthFlowKind::kClientCredentials);
  CHECK(auth_named(f, "app")->om_connection == OmConnection::kOAuthCredentials);
  CHECK(auth_named(f, "code")->flows.at(0).flow == OAuthFlowKind::kAuthorizationCode);
  CHECK(auth_named(f, "code")->flows.at(0).authorization_url == "https://x.test/auth");
  CHECK(auth_named(f, "pat")->type == AuthType::kHttpBearer);
  CHECK(auth_named(f, "pat")->scheme == "bearer");
}

TEST_CASE("openapi: custom Authorization prefixes in descriptions become the scheme") {
  Extraction e = run(R"(openapi: 3.0.0
info: {title: T, version: '1'}
components:
  securitySchemes:
    pd: {type: apiKey, in: header, name: Authorization, description: 'The API Key with format `Token token=<API_KEY>`'}
    okta: {type: apiKey, in: header, name: Authorization, description: 'SSWS {api_token}'}
paths: {}
)");
  CHECK(auth_named(e.findings, "pd")->scheme == "Token token=");
  CHECK(auth_named(e.findings, "pd")->type == AuthType::kApiKey);
  CHECK(auth_named(e.findings, "okta")->scheme == "SSWS");
}

TEST_CASE("openapi: undefined scheme names become a conflict, not a crash") {
  Extraction e = run(R"(openapi: 3.1.0
info: {title: T, version: '1'}
security: [{Kerberos: []}]
components:
  securitySchemes:
    HTTPBearer: {type: http, scheme: bearer}
paths:
  /public: {get: {responses: {'200': {description: ok}}}}
  /private: {get: {security: [{HTTPBearer: []}], responses: {'200': {description: ok}}}}
)");
  REQUIRE(e.error.empty());
  REQUIRE(e.findings.conflicts.size() == 1);
  CHECK(e.findings.conflicts[0].detail.find("undefined scheme 'Kerberos'") != std::string::npos);
  CHECK(e.findings.conflicts[0].evidence.at(0).locator == "/security");
  CHECK(auth_named(e.findings, "HTTPBearer")->used_by_operations == 1);
}

TEST_CASE("openapi: security requirements behind $refs into paths resolve (~1 and index)") {
  Extraction e = run(R"({"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
    "components": {"securitySchemes": {"k": {"$ref": "#/x-schemes/0"}}},
    "x-schemes": [{"type": "apiKey", "in": "header", "name": "X-Key"}],
    "paths": {"/users": {"get": {"security": [{"k": []}],
                                 "parameters": [{"name": "limit", "in": "query"}],
                                 "responses": {"200": {"description": "ok"}}}},
              "/teams": {"get": {"security": [{"k": []}],
                                 "parameters": [{"$ref": "#/paths/~1users/get/parameters/0"}],
                                 "responses": {"200": {"description": "ok"}}}}}})");
  REQUIRE(e.error.empty());
  const AuthMethod* k = auth_named(e.findings, "k");
  REQUIRE(k != nullptr);
  CHECK(k->name == "X-Key");
  CHECK(k->used_by_operations == 2);
  CHECK(k->evidence.at(0).locator == "/x-schemes/0");
}

TEST_CASE("openapi: cyclic $refs in schemas and parameters do not hang or crash") {
  Extraction e = run(R"({"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
    "components": {"schemas": {"A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
                               "B": {"allOf": [{"$ref": "#/components/schemas/A"}],
                                     "properties": {"next": {"$ref": "#/components/schemas/A"}}}},
                   "parameters": {"P": {"$ref": "#/components/parameters/P"}}},
    "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}],
      "responses": {"200": {"description": "ok", "content": {"application/json":
        {"schema": {"$ref": "#/components/schemas/A"}}}}}}}}})");
  CHECK(e.error.empty());
  CHECK(e.findings.endpoints.size() == 1);
}

TEST_CASE("openapi: a login operation that returns a token is a session method") {
  Extraction e = run(R"({"swagger": "2.0", "info": {"title": "T", "version": "1"},
    "paths": {"/login": {"post": {
      "description": "Use the token in the header: `Authorization: token <access_token>`",
      "parameters": [{"name": "client_id", "in": "query", "type": "string"},
                     {"name": "client_secret", "in": "query", "type": "string"}],
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Token"}}}}}},
    "definitions": {"Token": {"properties": {"access_token": {"type": "string"}}}}})");
  REQUIRE(e.findings.auth.size() == 1);
  const AuthMethod& a = e.findings.auth[0];
  CHECK(a.type == AuthType::kSession);
  CHECK(a.scheme == "token");
  CHECK(a.om_connection == OmConnection::kOAuthCredentials);
  CHECK(a.evidence.at(0).locator == "/paths/~1login/post");
}

TEST_CASE("openapi: no schemes and no login gives an auth gap and no auth facts") {
  Extraction e =
      run("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /auth:\n"
          "    post: {responses: {200: {description: ok}}}\n");
  CHECK(e.findings.auth.empty());
  CHECK(has_gap(e.findings, "authentication is not declared"));
}

TEST_CASE("openapi: endpoints are listed sorted by path then method") {
  Extraction e = run(R"(openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /b: {post: {operationId: makeB, responses: {}}, get: {summary: list b, tags: [B], responses: {}}}
  /a/{id}: {delete: {responses: {}}}
)");
  REQUIRE(e.findings.endpoints.size() == 3);
  CHECK(e.findings.endpoints[0].path == "/a/{id}");
  CHECK(e.findings.endpoints[0].method == "DELETE");
  CHECK(e.findings.endpoints[1].method == "GET");
  CHECK(e.findings.endpoints[1].summary == "list b");
  CHECK(e.findings.endpoints[1].tags == std::vector<std::string>{"B"});
  CHECK(e.findings.endpoints[2].operation_id == "makeB");
  CHECK(e.text.find("GET /b - list b") != std::string::npos);
}

TEST_CASE("openapi: stated rate limits are parsed into number, window and scope") {
  Extraction e = run(R"(openapi: 3.0.0
info:
  title: T
  version: '1'
  description: |
    Intro text. Each user can make 1600 general requests per 2 minutes. Other text.
    Search allows 800 requests per minute per IP.
paths:
  /x:
    get:
      description: Limited to 5,000 requests per hour.
      responses: {'200': {description: ok}}
)");
  const auto& r = e.findings.rate_limits;
  REQUIRE(r.size() == 3);
  CHECK(*r[0].limit == 1600);
  CHECK(*r[0].window_seconds == 120);
  CHECK(r[0].text == "Each user can make 1600 general requests per 2 minutes");
  CHECK(*r[1].limit == 800);
  CHECK(*r[1].window_seconds == 60);
  CHECK(r[1].scope == "IP");
  CHECK(*r[2].limit == 5000);
  CHECK(*r[2].window_seconds == 3600);
  CHECK(r[2].evidence.at(0).locator == "/paths/~1x/get/description");
}

TEST_CASE("openapi: numbers that are not request rates are not rate limits") {
  Extraction e = run(R"(openapi: 3.0.0
info: {title: T, version: '1', description: 'A 30 minute slot is 30 (minutes) * 60 (seconds per minute) * 1000.'}
paths: {}
)");
  CHECK(e.findings.rate_limits.empty());
  CHECK(has_gap(e.findings, "rate limits are not stated"));
}

TEST_CASE("openapi: 429 responses, rate-limit headers and x- extensions are counted") {
  Extraction e = run(R"(openapi: 3.0.0
info: {title: T, version: '1'}
components:
  responses:
    TooMany:
      description: slow down
      headers:
        Retry-After: {schema: {type: integer}}
paths:
  /a:
    get:
      x-example-rate-limited: true
      responses:
        '200': {description: ok, headers: {X-RateLimit-Remaining: {schema: {type: integer}}}}
        '429': {$ref: '#/components/responses/TooMany'}
  /b:
    get:
      responses: {'429': {$ref: '#/components/responses/TooMany'}}
)");
  const auto& r = e.findings.rate_limits;
  REQUIRE(r.size() == 2);
  CHECK_FALSE(r[0].limit.has_value());
  CHECK(r[0].text.find("429 Too Many Requests declared on 2 of 2 operations") == 0);
  CHECK(r[0].retry_after);
  CHECK(std::find(r[0].headers.begin(), r[0].headers.end(), "X-RateLimit-Remaining") !=
        r[0].headers.end());
  CHECK(r[1].text == "x-example-rate-limited set on 1 operations");
}

TEST_CASE("openapi corpus: linode base URLs and oauth2 authorization code flow") {
  Extraction e = run_corpus("linode/linode.com.json");
  CHECK(base_urls(e.findings) ==
        std::vector<std::string>{"https://api.linode.com/v4", "https://api.linode.com/v4beta"});
  const AuthMethod* oauth = auth_named(e.findings, "oauth");
  REQUIRE(oauth != nullptr);
  CHECK(oauth->flows.at(0).flow == OAuthFlowKind::kAuthorizationCode);
  CHECK(oauth->flows.at(0).token_url == "https://login.linode.com/oauth/token");
  CHECK(auth_named(e.findings, "personalAccessToken")->type == AuthType::kHttpBearer);
}

TEST_CASE("openapi corpus: airflow oauth2 password flow keeps the relative token URL") {
  Extraction e = run_corpus("airflow/v2.yaml");
  const AuthMethod* oauth = auth_named(e.findings, "OAuth2PasswordBearer");
  REQUIRE(oauth != nullptr);
  REQUIRE(oauth->flows.size() == 1);
  CHECK(oauth->flows[0].flow == OAuthFlowKind::kPassword);
  CHECK(oauth->flows[0].token_url == "/auth/token");
  CHECK(e.findings.base_urls.empty());
  CHECK(e.findings.conflicts.size() >= 1);
}

TEST_CASE("openapi corpus: pagerduty apiKey Authorization header with scheme Token token=") {
  Extraction e = run_corpus("pagerduty/openapiv3.json");
  const AuthMethod* key = auth_named(e.findings, "api_key");
  REQUIRE(key != nullptr);
  CHECK(key->type == AuthType::kApiKey);
  CHECK(key->in == AuthLocation::kHeader);
  CHECK(key->name == "Authorization");
  CHECK(key->scheme == "Token token=");
  CHECK(base_urls(e.findings) == std::vector<std::string>{"https://api.pagerduty.com"});
  for (const RateLimit& r : e.findings.rate_limits) {
    CHECK_FALSE(r.limit.has_value());  // the spec states no numbers
  }
}

TEST_CASE("openapi corpus: looker is a session login and docker declares no auth") {
  Extraction looker = run_corpus("looker/Looker.4.0.json");
  REQUIRE(looker.findings.auth.size() == 1);
  CHECK(looker.findings.auth[0].type == AuthType::kSession);
  // Its one server is https://localhost:20000: the deployment's own host, said as a gap.
  CHECK(looker.findings.base_urls.empty());
  CHECK(std::any_of(looker.findings.gaps.begin(), looker.findings.gaps.end(),
                    [](const std::string& g) {
                      return g.find("localhost:20000") != std::string::npos &&
                             g.find("local address") != std::string::npos;
                    }));
  Extraction docker = run_corpus("docker-engine/swagger.yaml");
  CHECK(docker.findings.auth.empty());
  CHECK(docker.findings.base_urls.empty());
}

TEST_CASE("openapi corpus: notion declares basic auth that no operation uses") {
  Extraction e = run_corpus("notion/notion-openapi.json");
  CHECK(auth_named(e.findings, "basicAuth")->used_by_operations == 0);
  CHECK(auth_named(e.findings, "bearerAuth")->type == AuthType::kHttpBearer);
  CHECK(base_urls(e.findings) == std::vector<std::string>{"https://api.notion.com"});
}

}  // namespace om::extract::detail
