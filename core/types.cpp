// Names of document kinds, pagination styles, auth types and OAuth flows, a document's bytes
// and digest, and the invariant-failure hook.
#include "core/types.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

#include "core/hash.h"
#include "core/mapped_file.h"
#include "core/result.h"

namespace om {

std::string_view FetchedDocument::bytes() const {
  return mapped ? mapped->bytes() : std::string_view(body);
}

void FetchedDocument::visit_bytes(const std::function<void(std::string_view)>& fn,
                                  std::size_t step) const {
  const std::string_view all = bytes();
  std::string buffer;
  for (std::size_t at = 0; at < all.size(); at += step) {
    if (mapped) {
      mapped->read_into(at, step, buffer);
      fn(buffer);
    } else {
      fn(all.substr(at, step));
    }
  }
}

std::string sha256_hex(const FetchedDocument& doc) {
  Sha256 hash;
  doc.visit_bytes([&](std::string_view part) { hash.update(part); });
  return hash.finish_hex();
}

const char* to_string(DocKind kind) {
  switch (kind) {
    case DocKind::kOpenApi:
      return "openapi";
    case DocKind::kHtml:
      return "html";
    case DocKind::kMarkdown:
      return "markdown";
    case DocKind::kSdk:
      return "sdk";
    case DocKind::kRobots:
      return "robots";
    case DocKind::kGraphql:
      return "graphql";
    case DocKind::kOther:
      break;
  }
  return "other";
}

DocKind doc_kind_from_string(std::string_view text) {
  for (DocKind k : {DocKind::kOpenApi, DocKind::kHtml, DocKind::kMarkdown, DocKind::kSdk,
                    DocKind::kRobots, DocKind::kGraphql}) {
    if (text == to_string(k)) {
      return k;
    }
  }
  return DocKind::kOther;
}

const char* to_string(PageStyle style) {
  switch (style) {
    case PageStyle::kNone:
      return "none";
    case PageStyle::kOffset:
      return "offset";
    case PageStyle::kPage:
      return "page";
    case PageStyle::kCursor:
      return "cursor";
    case PageStyle::kKeyset:
      return "keyset";
    case PageStyle::kNextUrl:
      return "next-url";
    case PageStyle::kLinkHeader:
      return "link-header";
    case PageStyle::kHeaderToken:
      return "header-token";
    case PageStyle::kTimeWindow:
      return "time-window";
    case PageStyle::kRelay:
      return "relay";
    case PageStyle::kUnknown:
      break;
  }
  return "unknown";
}

std::optional<PageStyle> page_style_from_string(std::string_view text) {
  for (auto s :
       {PageStyle::kUnknown, PageStyle::kNone, PageStyle::kOffset, PageStyle::kPage,
        PageStyle::kCursor, PageStyle::kKeyset, PageStyle::kNextUrl, PageStyle::kLinkHeader,
        PageStyle::kHeaderToken, PageStyle::kTimeWindow, PageStyle::kRelay}) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

const char* to_string(OAuthFlowKind flow) {
  switch (flow) {
    case OAuthFlowKind::kClientCredentials:
      return "clientCredentials";
    case OAuthFlowKind::kAuthorizationCode:
      return "authorizationCode";
    case OAuthFlowKind::kPassword:
      return "password";
    case OAuthFlowKind::kImplicit:
      return "implicit";
    case OAuthFlowKind::kDeviceCode:
      return "deviceCode";
    case OAuthFlowKind::kRefreshToken:
      return "refreshToken";
    case OAuthFlowKind::kUnknown:
      break;
  }
  return "";
}

std::optional<OAuthFlowKind> oauth_flow_from_string(std::string_view text) {
  for (auto f :
       {OAuthFlowKind::kUnknown, OAuthFlowKind::kClientCredentials,
        OAuthFlowKind::kAuthorizationCode, OAuthFlowKind::kPassword, OAuthFlowKind::kImplicit,
        OAuthFlowKind::kDeviceCode, OAuthFlowKind::kRefreshToken}) {
    if (text == to_string(f)) {
      return f;
    }
  }
  return std::nullopt;
}

const char* to_string(AuthType type) {
  switch (type) {
    case AuthType::kApiKey:
      return "apiKey";
    case AuthType::kHttpBasic:
      return "http-basic";
    case AuthType::kHttpBearer:
      return "http-bearer";
    case AuthType::kOAuth2:
      return "oauth2";
    case AuthType::kOpenIdConnect:
      return "openIdConnect";
    case AuthType::kMutualTls:
      return "mutualTLS";
    case AuthType::kAwsSigv4:
      return "aws-sigv4";
    case AuthType::kJwt:
      return "jwt";
    case AuthType::kSession:
      return "session";
    case AuthType::kNone:
      return "none";
    case AuthType::kUnknown:
    case AuthType::kOther:
      break;
  }
  return "";
}

std::optional<AuthType> auth_type_from_string(std::string_view text) {
  for (auto t : {AuthType::kUnknown, AuthType::kApiKey, AuthType::kHttpBasic, AuthType::kHttpBearer,
                 AuthType::kOAuth2, AuthType::kOpenIdConnect, AuthType::kMutualTls,
                 AuthType::kAwsSigv4, AuthType::kJwt, AuthType::kSession, AuthType::kNone}) {
    if (text == to_string(t)) {
      return t;
    }
  }
  return std::nullopt;
}

std::string_view auth_type_text(const AuthMethod& a) {
  return a.type == AuthType::kOther ? std::string_view(a.other_type) : to_string(a.type);
}

void set_auth_type(AuthMethod& a, std::string_view text) {
  std::optional<AuthType> known = auth_type_from_string(text);
  a.type = known.value_or(AuthType::kOther);
  a.other_type = known ? std::string() : std::string(text);
}

namespace {

struct ViaText {
  std::string_view text;  // the fixed part
  ViaKind kind;
  char joint;  // before the detail: ' ' (optional detail), '+' (always), 0 (none)
};
constexpr std::array<ViaText, 10> kViaTexts = {{
    {"seed", ViaKind::kSeed, 0},
    {"fetch", ViaKind::kFetch, 0},
    {"command line", ViaKind::kCommandLine, ' '},
    {"catalog", ViaKind::kCatalog, ' '},
    {"link from ", ViaKind::kLink, '+'},
    {"spec link", ViaKind::kSpecLink, 0},
    {"sitemap", ViaKind::kSitemap, 0},
    {"well-known path", ViaKind::kWellKnownPath, 0},
    {"robots.txt", ViaKind::kRobotsTxt, 0},
    {"package ", ViaKind::kPackage, '+'},
}};

}  // namespace

std::string to_string(const FoundVia& via) {
  for (const ViaText& t : kViaTexts) {
    if (t.kind == via.kind) {
      std::string out(t.text);
      if (t.joint == ' ' && !via.detail.empty()) {
        out += ' ';
      }
      return t.joint == 0 ? out : out + via.detail;
    }
  }
  return via.detail;
}

FoundVia found_via_from_string(std::string_view text) {
  for (const ViaText& t : kViaTexts) {
    if (t.joint == 0 && text == t.text) {
      return {t.kind, {}};
    }
    if (t.joint == '+' && text.starts_with(t.text)) {
      return {t.kind, std::string(text.substr(t.text.size()))};
    }
    if (t.joint == ' ' && text.starts_with(t.text) &&
        (text.size() == t.text.size() ||
         (text[t.text.size()] == ' ' && text.size() > t.text.size() + 1))) {
      return {t.kind, std::string(text.substr(std::min(text.size(), t.text.size() + 1)))};
    }
  }
  return {ViaKind::kOther, std::string(text)};
}

void detail_assert_fail(const char* cond, const char* why, const char* file, int line) {
  std::fprintf(stderr, "om-research: internal error: %s (%s) at %s:%d\n", why, cond, file, line);
  std::abort();
}

}  // namespace om
