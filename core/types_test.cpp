#include "core/types.h"

#include <string>

#include <doctest/doctest.h>

TEST_CASE("types: a pagination style's text reads back as the same style") {
  for (auto s : {om::PageStyle::kUnknown, om::PageStyle::kNone, om::PageStyle::kOffset,
                 om::PageStyle::kPage, om::PageStyle::kCursor, om::PageStyle::kKeyset,
                 om::PageStyle::kNextUrl, om::PageStyle::kLinkHeader, om::PageStyle::kHeaderToken,
                 om::PageStyle::kTimeWindow, om::PageStyle::kRelay}) {
    CHECK(om::page_style_from_string(om::to_string(s)) == s);
  }
  CHECK(std::string(om::to_string(om::PageStyle::kNextUrl)) == "next-url");
  CHECK_FALSE(om::page_style_from_string("").has_value());
  CHECK_FALSE(om::page_style_from_string("Offset").has_value());
}

TEST_CASE("types: an auth type's text reads back as the same type") {
  for (auto t : {om::AuthType::kUnknown, om::AuthType::kApiKey, om::AuthType::kHttpBasic,
                 om::AuthType::kHttpBearer, om::AuthType::kOAuth2, om::AuthType::kOpenIdConnect,
                 om::AuthType::kMutualTls, om::AuthType::kAwsSigv4, om::AuthType::kJwt,
                 om::AuthType::kSession, om::AuthType::kNone}) {
    CHECK(om::auth_type_from_string(om::to_string(t)) == t);
  }
  CHECK(std::string(om::to_string(om::AuthType::kMutualTls)) == "mutualTLS");
  CHECK(std::string(om::to_string(om::AuthType::kOther)).empty());
  CHECK_FALSE(om::auth_type_from_string("http-digest").has_value());
  CHECK_FALSE(om::auth_type_from_string("APIKEY").has_value());
  om::AuthMethod a;
  for (const char* text : {"http-bearer", "http-digest", "x-vendor", "", "none"}) {
    om::set_auth_type(a, text);
    CHECK(om::auth_type_text(a) == text);
  }
  om::set_auth_type(a, "http-digest");
  CHECK(a.type == om::AuthType::kOther);
  om::set_auth_type(a, "oauth2");
  CHECK(a.type == om::AuthType::kOAuth2);
  CHECK(a.other_type.empty());
}

TEST_CASE("types: an OAuth flow's text reads back as the same flow") {
  using om::OAuthFlowKind;
  for (auto f :
       {OAuthFlowKind::kUnknown, OAuthFlowKind::kClientCredentials,
        OAuthFlowKind::kAuthorizationCode, OAuthFlowKind::kPassword, OAuthFlowKind::kImplicit,
        OAuthFlowKind::kDeviceCode, OAuthFlowKind::kRefreshToken}) {
    CHECK(om::oauth_flow_from_string(om::to_string(f)) == f);
  }
  CHECK(std::string(om::to_string(OAuthFlowKind::kDeviceCode)) == "deviceCode");
  CHECK(std::string(om::to_string(OAuthFlowKind::kUnknown)).empty());
  for (const char* text : {"client_credentials", "ClientCredentials", "deviceAuthorization",
                           "application", "refresh_token", " password"}) {
    CHECK_FALSE(om::oauth_flow_from_string(text).has_value());
  }
}

TEST_CASE("types: how a document was found, as text and back") {
  using om::FoundVia;
  using om::ViaKind;
  CHECK(om::to_string(FoundVia{ViaKind::kCommandLine, "--docs (folder d)"}) ==
        "command line --docs (folder d)");
  CHECK(om::to_string(FoundVia{ViaKind::kCatalog}) == "catalog");
  CHECK(om::to_string(FoundVia{ViaKind::kLink, "https://a.example/"}) ==
        "link from https://a.example/");
  CHECK(om::to_string(FoundVia{ViaKind::kPackage, "npm:x@1"}) == "package npm:x@1");
  CHECK(om::to_string(FoundVia{}).empty());
  CHECK(om::found_via_from_string("well-known path") == FoundVia{ViaKind::kWellKnownPath});
  CHECK(om::found_via_from_string("catalog (SDK)") == FoundVia{ViaKind::kCatalog, "(SDK)"});
  CHECK(om::found_via_from_string("catalogue").kind == ViaKind::kOther);
  for (const char* text :
       {"", "seed", "fetch", "command line", "command line --spec", "command line ", "catalog",
        "catalog (spec package)", "link from ", "link from https://x.example/a", "spec link",
        "sitemap", "robots.txt", "package pypi:y==2", "robots.txt!", "an older text"}) {
    CHECK(om::to_string(om::found_via_from_string(text)) == text);
  }
}

TEST_CASE("types: an API version's place reads back as the same place") {
  using om::VersionVia;
  for (auto v : {VersionVia::kUnknown, VersionVia::kPath, VersionVia::kHeader, VersionVia::kQuery,
                 VersionVia::kMediaType, VersionVia::kDocument}) {
    CHECK(om::version_via_from_string(om::to_string(v)) == v);
  }
  CHECK(std::string(om::to_string(VersionVia::kMediaType)) == "media-type");
  CHECK(std::string(om::to_string(VersionVia::kUnknown)).empty());
  for (const char* text : {"Path", "media_type", "url", " header"}) {
    CHECK_FALSE(om::version_via_from_string(text).has_value());
  }
}

TEST_CASE("types: a test image's command reads back as the same command") {
  using om::ImageVia;
  for (auto v :
       {ImageVia::kUnknown, ImageVia::kDockerRun, ImageVia::kDockerPull, ImageVia::kCompose}) {
    CHECK(om::image_via_from_string(om::to_string(v)) == v);
  }
  CHECK(std::string(om::to_string(ImageVia::kDockerPull)) == "docker-pull");
  CHECK(std::string(om::to_string(ImageVia::kUnknown)).empty());
  for (const char* text : {"docker run", "Compose", "prose", "docker-compose"}) {
    CHECK_FALSE(om::image_via_from_string(text).has_value());
  }
}

TEST_CASE("types: a package registry's text reads back as the same registry") {
  using om::Ecosystem;
  for (auto e : {Ecosystem::kUnknown, Ecosystem::kNpm, Ecosystem::kPypi}) {
    CHECK(om::ecosystem_from_string(om::to_string(e)) == e);
  }
  CHECK(std::string(om::to_string(Ecosystem::kPypi)) == "pypi");
  CHECK(std::string(om::to_string(Ecosystem::kUnknown)).empty());
  for (const char* text : {"NPM", "pip", "maven", "npm:"}) {
    CHECK_FALSE(om::ecosystem_from_string(text).has_value());
  }
}

TEST_CASE("types: a GraphQL field kind's text reads back as the same kind") {
  using om::GraphqlFieldKind;
  for (auto k : {GraphqlFieldKind::kUnknown, GraphqlFieldKind::kConnection, GraphqlFieldKind::kList,
                 GraphqlFieldKind::kGet, GraphqlFieldKind::kLookup, GraphqlFieldKind::kObject}) {
    CHECK(om::graphql_field_kind_from_string(om::to_string(k)) == k);
  }
  CHECK(std::string(om::to_string(GraphqlFieldKind::kLookup)) == "lookup");
  CHECK(std::string(om::to_string(GraphqlFieldKind::kUnknown)).empty());
  for (const char* text : {"Connection", "edge", "node", "lists"}) {
    CHECK_FALSE(om::graphql_field_kind_from_string(text).has_value());
  }
}

TEST_CASE("types: an auth location's text reads back as the same location") {
  using om::AuthLocation;
  for (auto in : {AuthLocation::kUnknown, AuthLocation::kHeader, AuthLocation::kQuery,
                  AuthLocation::kCookie}) {
    CHECK(om::auth_location_from_string(om::to_string(in)) == in);
  }
  CHECK(std::string(om::to_string(AuthLocation::kCookie)) == "cookie");
  CHECK(std::string(om::to_string(AuthLocation::kOther)).empty());
  CHECK_FALSE(om::auth_location_from_string("Header").has_value());
  CHECK_FALSE(om::auth_location_from_string("body").has_value());
  om::AuthMethod a;
  for (const char* text : {"header", "query", "cookie", "Header", "body", ""}) {
    om::set_auth_in(a, text);
    CHECK(om::auth_in_text(a) == text);
  }
  om::set_auth_in(a, "body");
  CHECK(a.in == AuthLocation::kOther);
  om::set_auth_in(a, "query");
  CHECK(a.in == AuthLocation::kQuery);
  CHECK(a.other_in.empty());
}

TEST_CASE("types: an OpenMetadata connection schema's name reads back as the same schema") {
  using om::OmConnection;
  for (auto c : {OmConnection::kUnknown, OmConnection::kBasicAuth, OmConnection::kToken,
                 OmConnection::kOAuthCredentials, OmConnection::kCustom, OmConnection::kJwtAuth,
                 OmConnection::kIamAuthConfig, OmConnection::kSslConfig, OmConnection::kAzureConfig,
                 OmConnection::kGcpCredentials, OmConnection::kAccessTokenAuth}) {
    CHECK(om::om_connection_from_string(om::to_string(c)) == c);
  }
  CHECK(std::string(om::to_string(OmConnection::kOAuthCredentials)) == "oauthCredentials");
  CHECK(std::string(om::to_string(OmConnection::kUnknown)).empty());
  for (const char* text : {"keyPair", "BasicAuth", "oauth", "basicAuth.json"}) {
    CHECK_FALSE(om::om_connection_from_string(text).has_value());
  }
}
