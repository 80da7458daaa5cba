// Auth methods shown or stated in documentation (EXTRACTION.md section 1, HTML-doc signals):
// curl -u, Authorization headers, key headers, api_key= in URLs, grant_type= token requests,
// "personal access token", session login calls, and "API key" with no stated location.
#include <string>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

OmConnection om_connection_for(AuthType type) {
  if (type == AuthType::kHttpBasic || type == AuthType::kSession) {
    return OmConnection::kBasicAuth;
  }
  if (type == AuthType::kOAuth2) {
    return OmConnection::kOAuthCredentials;
  }
  return OmConnection::kToken;
}

AuthMethod& upsert(Findings& out, AuthType type, AuthLocation in, std::string_view name,
                   std::string_view scheme) {
  for (AuthMethod& a : out.auth) {
    if (a.type == type && a.in == in && iequals(a.name, name) && iequals(a.scheme, scheme)) {
      return a;
    }
  }
  AuthMethod a;
  a.type = type;
  a.in = in;
  a.name = std::string(name);
  a.scheme = std::string(scheme);
  a.om_connection = om_connection_for(type);
  a.confidence = confidence::kProse;
  out.auth.push_back(std::move(a));
  return out.auth.back();
}

OAuthFlowKind flow_name(std::string_view grant) {
  std::string g = to_lower(grant);
  if (g == "client_credentials") {
    return OAuthFlowKind::kClientCredentials;
  }
  if (g == "authorization_code") {
    return OAuthFlowKind::kAuthorizationCode;
  }
  if (g == "password") {
    return OAuthFlowKind::kPassword;
  }
  if (g == "refresh_token") {
    return OAuthFlowKind::kRefreshToken;
  }
  if (g.find("device_code") != std::string::npos) {
    return OAuthFlowKind::kDeviceCode;
  }
  return OAuthFlowKind::kUnknown;
}

// One header ("Authorization: Bearer x", "X-API-Key: x") seen in a curl or an HTTP example.
void from_header(std::string_view header, const Evidence& ev, Findings& out) {
  static const RE2 kAuthz(R"((?i)^\s*authorization\s*:\s*(.*)$)");
  static const RE2 kScheme(R"(^([A-Za-z][A-Za-z0-9_-]*)[ =])");
  static const RE2 kKeyHeader("(?i)^\\s*(" + std::string(kKeyHeaderName) + ")\\s*:\\s*\\S");
  std::string value;
  std::string name;
  if (RE2::FullMatch(header, kAuthz, &value)) {
    std::string scheme;
    RE2::PartialMatch(value, kScheme, &scheme);
    std::string lower = to_lower(scheme);
    if (lower == "bearer") {
      add_evidence(
          upsert(out, AuthType::kHttpBearer, AuthLocation::kHeader, "Authorization", "bearer")
              .evidence,
          ev);
    } else if (lower == "basic") {
      add_evidence(
          upsert(out, AuthType::kHttpBasic, AuthLocation::kHeader, "Authorization", "basic")
              .evidence,
          ev);
    } else {
      add_evidence(
          upsert(out, AuthType::kApiKey, AuthLocation::kHeader, "Authorization", scheme).evidence,
          ev);
    }
  } else if (RE2::PartialMatch(header, kKeyHeader, &name) && !icontains(name, "csrf") &&
             !icontains(name, "xsrf")) {
    add_evidence(upsert(out, AuthType::kApiKey, AuthLocation::kHeader, name, "").evidence, ev);
  }
}

void from_curls(const ProseContext& ctx, Findings& out) {
  for (const CurlCall& call : ctx.curls) {
    const Piece& piece = ctx.page.pieces[call.piece];
    if (!call.user.empty()) {
      std::size_t pos = piece.text.find(call.user);
      add_evidence(
          upsert(out, AuthType::kHttpBasic, AuthLocation::kHeader, "Authorization", "basic")
              .evidence,
          pos == std::string::npos ? call.evidence : cite(ctx.page, piece, pos));
    }
    for (const std::string& h : call.headers) {
      std::size_t pos = piece.text.find(h);
      from_header(h, pos == std::string::npos ? call.evidence : cite(ctx.page, piece, pos), out);
    }
  }
}

// Header lines of HTTP examples ("Authorization: Token token=abc"), quoted header maps in
// code ({"Authorization": f"Bearer {t}"}) and inline code spans in prose.
void from_header_lines(const PageText& page, const PieceScan& scan, Findings& out) {
  const RE2& line = prose_re(ProsePattern::kAuthHeaderLine);
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode) {
      for (ProsePattern p : {ProsePattern::kAuthHeaderLine, ProsePattern::kAuthQuoted}) {
        if (!scan.may_match(i, p)) {
          continue;
        }
        for (const auto& m : find_all(prose_re(p), piece.text, 20)) {
          std::size_t pos = static_cast<std::size_t>(m[1].data() - piece.text.data());
          from_header(std::string(m[1]) + ": " + std::string(m[2]), cite(page, piece, pos), out);
        }
      }
      continue;
    }
    for (const std::string& span : piece.code_spans) {
      std::string name;
      std::string value;
      if (RE2::FullMatch(span, line, &name, &value)) {
        std::size_t pos = piece.text.find(span);
        from_header(name + ": " + value, cite(page, piece, pos == std::string::npos ? 0 : pos),
                    out);
      }
    }
  }
}

// ?api_key=..., &key=... in example URLs: an API key sent in the query string.
void from_query_params(const PageText& page, const PieceScan& scan, Findings& out) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (!scan.may_match(i, ProsePattern::kAuthQuery)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kAuthQuery), piece.text, 20)) {
      std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      add_evidence(upsert(out, AuthType::kApiKey, AuthLocation::kQuery, m[1], "").evidence,
                   cite(page, piece, pos, m[0].size()));
    }
  }
}

// grant_type=client_credentials (form body or JSON) marks an OAuth2 token request.
void from_grant_types(const ProseContext& ctx, Findings& out) {
  static const RE2 kTokenUrl(R"((https?://[^\s"'`<>]*(?:token|oauth)[^\s"'`<>]*))");
  const PageText& page = ctx.page;
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (!ctx.scan.may_match(i, ProsePattern::kGrantType)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kGrantType), piece.text, 10)) {
      const OAuthFlowKind flow = flow_name(m[1]);
      if (flow == OAuthFlowKind::kUnknown) {
        continue;
      }
      std::string token_url;
      for (const CurlCall& call : ctx.curls) {
        token_url = call.piece == i ? call.url : token_url;
      }
      std::string found;
      if (token_url.empty() && RE2::PartialMatch(piece.text, kTokenUrl, &found)) {
        token_url = found;
      }
      AuthMethod& a = upsert(out, AuthType::kOAuth2, AuthLocation::kUnknown, "", "");
      bool known = false;
      for (const OAuthFlow& f : a.flows) {
        known = known || f.flow == flow;
      }
      if (!known) {
        a.flows.push_back(OAuthFlow{flow, token_url, "", "", {}});
      }
      std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      add_evidence(a.evidence, cite(page, piece, pos, m[0].size()));
    }
  }
}

}  // namespace

namespace {

bool has_auth_word(std::string_view sentence) {
  static const RE2 kAuthWord(R"((?i)authenticat|authoriz|credential)");
  return RE2::PartialMatch(sentence, kAuthWord);
}

// "API key" stated in an authentication sentence; a header named in inline code beside it
// ("send your API key in the `X-Api-Key` header") gives its location.
void from_api_key_prose(const PageText& page, const PieceScan& scan, Findings& out) {
  static const RE2 kHeaderName(R"(^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$)");
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode || !scan.may_match(i, ProsePattern::kApiKey)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kApiKey), piece.text, 10)) {
      std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      Evidence ev = cite(page, piece, pos, m[0].size());
      if (!has_auth_word(ev.quote)) {
        continue;
      }
      std::string header;
      if (icontains(ev.quote, "header")) {
        for (const std::string& span : piece.code_spans) {
          if (ev.quote.find(span) != std::string::npos && RE2::FullMatch(span, kHeaderName)) {
            header = span;
            break;
          }
        }
      }
      add_evidence(
          upsert(out, AuthType::kApiKey,
                 header.empty() ? AuthLocation::kUnknown : AuthLocation::kHeader, header, "")
              .evidence,
          ev);
    }
  }
}

void from_personal_tokens(const PageText& page, const PieceScan& scan, Findings& out) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode || !scan.may_match(i, ProsePattern::kPersonalToken)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kPersonalToken), piece.text, 4)) {
      std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      add_evidence(upsert(out, AuthType::kHttpBearer, AuthLocation::kUnknown, "", "").evidence,
                   cite(page, piece, pos, m[0].size()));
    }
  }
}

// POST /login, /session, /auth/signin...: a session is opened with credentials.
void from_login_endpoints(const ProseContext& ctx, Findings& out) {
  static const RE2 kLogin(
      R"((?i)/(?:login|log-in|signin|sign-in|sign_in|sessions?|authenticate)/?$)");
  for (const ProseEndpoint& ep : ctx.endpoints) {
    if (ep.method == "POST" && RE2::PartialMatch(ep.path, kLogin) && !ep.evidence.empty()) {
      add_evidence(upsert(out, AuthType::kSession, AuthLocation::kUnknown, "", "").evidence,
                   ep.evidence.front());
    }
  }
}

// Vaguer facts give way to precise ones on the same page: an "API key" with no location when
// a key header or query parameter is shown; a PAT mention when a bearer header is shown.
void drop_vague(Findings& out) {
  bool has_key_location = false;
  bool has_bearer_header = false;
  for (const AuthMethod& a : out.auth) {
    has_key_location =
        has_key_location || (a.type == AuthType::kApiKey && a.in != AuthLocation::kUnknown);
    has_bearer_header =
        has_bearer_header || (a.type == AuthType::kHttpBearer && a.in != AuthLocation::kUnknown);
  }
  std::erase_if(out.auth, [&](const AuthMethod& a) {
    return a.evidence.empty() ||
           (a.type == AuthType::kApiKey && a.in == AuthLocation::kUnknown && has_key_location) ||
           (a.type == AuthType::kHttpBearer && a.in == AuthLocation::kUnknown && has_bearer_header);
  });
}

}  // namespace

void detect_auth(const ProseContext& ctx, Findings& out) {
  Findings found;
  from_curls(ctx, found);
  from_header_lines(ctx.page, ctx.scan, found);
  from_query_params(ctx.page, ctx.scan, found);
  from_grant_types(ctx, found);
  from_api_key_prose(ctx.page, ctx.scan, found);
  from_personal_tokens(ctx.page, ctx.scan, found);
  from_login_endpoints(ctx, found);
  drop_vague(found);
  for (AuthMethod& a : found.auth) {
    if (a.type == AuthType::kApiKey && a.in == AuthLocation::kUnknown) {
      out.gaps.emplace_back(
          "API key location not stated: the page says an API key is used but not which header "
          "or query parameter carries it");
    }
    out.auth.push_back(std::move(a));
  }
}

}  // namespace om::extract::detail
