// The text of the closed sets types.h declares beside their structs: to_string for the JSON and
// Markdown writers, *_from_string for the stored-facts readers (findings_json*.cpp).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"

namespace om {
namespace {

/// The member of `all` whose text is `text`; nullopt when none is.
template <class E, std::size_t N>
std::optional<E> named(std::string_view text, const std::array<E, N>& all) {
  for (E e : all) {
    if (text == to_string(e)) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(VersionVia via) {
  switch (via) {
    case VersionVia::kPath:
      return "path";
    case VersionVia::kHeader:
      return "header";
    case VersionVia::kQuery:
      return "query";
    case VersionVia::kMediaType:
      return "media-type";
    case VersionVia::kDocument:
      return "document";
    case VersionVia::kUnknown:
      break;
  }
  return "";
}

std::optional<VersionVia> version_via_from_string(std::string_view text) {
  return named(text, std::array{VersionVia::kUnknown, VersionVia::kPath, VersionVia::kHeader,
                                VersionVia::kQuery, VersionVia::kMediaType, VersionVia::kDocument});
}

const char* to_string(ImageVia via) {
  switch (via) {
    case ImageVia::kDockerRun:
      return "docker-run";
    case ImageVia::kDockerPull:
      return "docker-pull";
    case ImageVia::kCompose:
      return "compose";
    case ImageVia::kUnknown:
      break;
  }
  return "";
}

std::optional<ImageVia> image_via_from_string(std::string_view text) {
  return named(text, std::array{ImageVia::kUnknown, ImageVia::kDockerRun, ImageVia::kDockerPull,
                                ImageVia::kCompose});
}

const char* to_string(Ecosystem ecosystem) {
  switch (ecosystem) {
    case Ecosystem::kNpm:
      return "npm";
    case Ecosystem::kPypi:
      return "pypi";
    case Ecosystem::kUnknown:
      break;
  }
  return "";
}

std::optional<Ecosystem> ecosystem_from_string(std::string_view text) {
  return named(text, std::array{Ecosystem::kUnknown, Ecosystem::kNpm, Ecosystem::kPypi});
}

const char* to_string(GraphqlFieldKind kind) {
  switch (kind) {
    case GraphqlFieldKind::kConnection:
      return "connection";
    case GraphqlFieldKind::kList:
      return "list";
    case GraphqlFieldKind::kGet:
      return "get";
    case GraphqlFieldKind::kLookup:
      return "lookup";
    case GraphqlFieldKind::kObject:
      return "object";
    case GraphqlFieldKind::kUnknown:
      break;
  }
  return "";
}

std::optional<GraphqlFieldKind> graphql_field_kind_from_string(std::string_view text) {
  return named(text, std::array{GraphqlFieldKind::kUnknown, GraphqlFieldKind::kConnection,
                                GraphqlFieldKind::kList, GraphqlFieldKind::kGet,
                                GraphqlFieldKind::kLookup, GraphqlFieldKind::kObject});
}

const char* to_string(AuthLocation in) {
  switch (in) {
    case AuthLocation::kHeader:
      return "header";
    case AuthLocation::kQuery:
      return "query";
    case AuthLocation::kCookie:
      return "cookie";
    case AuthLocation::kUnknown:
    case AuthLocation::kOther:
      break;
  }
  return "";
}

std::optional<AuthLocation> auth_location_from_string(std::string_view text) {
  return named(text, std::array{AuthLocation::kUnknown, AuthLocation::kHeader, AuthLocation::kQuery,
                                AuthLocation::kCookie});
}

std::string_view auth_in_text(const AuthMethod& a) {
  return a.in == AuthLocation::kOther ? std::string_view(a.other_in) : to_string(a.in);
}

void set_auth_in(AuthMethod& a, std::string_view text) {
  std::optional<AuthLocation> known = auth_location_from_string(text);
  a.in = known.value_or(AuthLocation::kOther);
  a.other_in = known ? std::string() : std::string(text);
}

const char* to_string(OmConnection connection) {
  switch (connection) {
    case OmConnection::kBasicAuth:
      return "basicAuth";
    case OmConnection::kToken:
      return "token";
    case OmConnection::kOAuthCredentials:
      return "oauthCredentials";
    case OmConnection::kCustom:
      return "custom";
    case OmConnection::kJwtAuth:
      return "jwtAuth";
    case OmConnection::kIamAuthConfig:
      return "iamAuthConfig";
    case OmConnection::kSslConfig:
      return "sslConfig";
    case OmConnection::kAzureConfig:
      return "azureConfig";
    case OmConnection::kGcpCredentials:
      return "gcpCredentials";
    case OmConnection::kAccessTokenAuth:
      return "accessTokenAuth";
    case OmConnection::kUnknown:
      break;
  }
  return "";
}

std::optional<OmConnection> om_connection_from_string(std::string_view text) {
  return named(
      text,
      std::array{OmConnection::kUnknown, OmConnection::kBasicAuth, OmConnection::kToken,
                 OmConnection::kOAuthCredentials, OmConnection::kCustom, OmConnection::kJwtAuth,
                 OmConnection::kIamAuthConfig, OmConnection::kSslConfig, OmConnection::kAzureConfig,
                 OmConnection::kGcpCredentials, OmConnection::kAccessTokenAuth});
}

}  // namespace om
