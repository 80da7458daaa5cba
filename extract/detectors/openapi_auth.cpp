// OpenAPI detector: auth. Every declared security scheme (3.x securitySchemes, 2.0
// securityDefinitions normalised to 3.x), its use by operations (OR of AND-sets, op-level
// replaces global, `security: []` = public), undefined names, and undeclared session logins.
#include <algorithm>
#include <array>
#include <map>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {
namespace {

struct FlowName {
  std::string_view spec;  // 3.x flows key or 2.0 `flow`
  OAuthFlowKind ours;
};
constexpr std::array<FlowName, 7> kFlowNames = {{
    {"clientCredentials", OAuthFlowKind::kClientCredentials},
    {"authorizationCode", OAuthFlowKind::kAuthorizationCode},
    {"password", OAuthFlowKind::kPassword},
    {"implicit", OAuthFlowKind::kImplicit},
    {"deviceAuthorization", OAuthFlowKind::kDeviceCode},
    {"application", OAuthFlowKind::kClientCredentials},
    {"accessCode", OAuthFlowKind::kAuthorizationCode},
}};

/// kUnknown for a flow name OpenAPI does not define: such a flow is dropped.
OAuthFlowKind our_flow_name(std::string_view spec) {
  for (const FlowName& f : kFlowNames) {
    if (f.spec == spec) {
      return f.ours;
    }
  }
  return OAuthFlowKind::kUnknown;
}

/// Absolute URL of a relative flow URL when the API has an absolute base URL (RFC 3986
/// reference resolution for "/x" and "x" forms); otherwise the relative text is kept.
std::string absolute_url(std::string_view url, const Findings& found) {
  if (url.empty() || url.find("://") != std::string_view::npos || found.base_urls.empty()) {
    return std::string(url);
  }
  const std::string& base = found.base_urls.front().url;
  std::size_t scheme_end = base.find("://");
  if (scheme_end == std::string::npos) {
    return std::string(url);
  }
  std::size_t path_start = base.find('/', scheme_end + 3);
  std::string origin = base.substr(0, path_start);
  if (url[0] == '/') {
    return origin + std::string(url);
  }
  std::string dir = path_start == std::string::npos ? origin + "/" : base + "/";
  return dir + std::string(url);
}

void add_scopes(const Node* scopes, OAuthFlow& flow) {
  if (scopes == nullptr || !scopes->is_object()) {
    return;
  }
  flow.scopes.reserve(scopes->members().size());
  for (std::uint32_t i = 0; i < scopes->members().size(); ++i) {
    flow.scopes.emplace_back(scopes->members()[i].key());
  }
}

void read_flows(const Node* scheme, const Findings& found, AuthMethod& method) {
  auto make = [&](std::string_view name, const Node* f) {
    OAuthFlow flow;
    flow.flow = our_flow_name(name);
    flow.token_url = absolute_url(f->str("tokenUrl"), found);
    flow.authorization_url = absolute_url(f->str("authorizationUrl"), found);
    flow.refresh_url = absolute_url(f->str("refreshUrl"), found);
    add_scopes(f->get("scopes"), flow);
    if (flow.flow != OAuthFlowKind::kUnknown) {
      method.flows.push_back(std::move(flow));
    }
  };
  if (const Node* flows = scheme->get("flows"); flows != nullptr && flows->is_object()) {
    for (std::uint32_t i = 0; i < flows->members().size(); ++i) {
      if (flows->members()[i].value()->is_object()) {
        make(flows->members()[i].key(), flows->members()[i].value());
      }
    }
  } else if (std::string_view flow = scheme->str("flow"); !flow.empty()) {  // Swagger 2.0
    make(flow, scheme);
  }
}

/// The credential prefix a description states for an Authorization header
/// ("`Token token=<API_KEY>`", "Authorization: Bearer <token>", "SSWS {token}").
std::string prefix_from_description(std::string_view description) {
  static const RE2 kHeaderValue(
      R"((?i)Authorization:?\s*[`"']?\s*([A-Za-z][\w-]*(?:\s+[a-z_]+=)?)\s*[<{\[`"']?[\w.-]{0,80})");
  static const RE2 kPlaceholder(
      R"(\b(Bearer|Token|SSWS|Basic|ApiKey|Api-Key|JWT|OAuth|GenieKey|Key|token|bearer)((?:\s+[a-z_]+=)?)\s*[<{\[])");
  std::string word;
  std::string suffix;
  if (RE2::PartialMatch(description, kPlaceholder, &word, &suffix)) {
    std::string_view rest = trim(suffix);
    return rest.empty() ? word : word + " " + std::string(rest);
  }
  if (RE2::PartialMatch(description, kHeaderValue, &word) && !iequals(word, "header")) {
    return squash_space(word);
  }
  return {};
}

OmConnection om_connection_for(const AuthMethod& m) {
  if (m.type == AuthType::kHttpBasic) {
    return OmConnection::kBasicAuth;
  }
  if (m.type == AuthType::kApiKey || m.type == AuthType::kHttpBearer) {
    return OmConnection::kToken;
  }
  if (m.type == AuthType::kMutualTls) {
    return OmConnection::kSslConfig;
  }
  if (m.type == AuthType::kOpenIdConnect) {
    return OmConnection::kOAuthCredentials;
  }
  if (m.type == AuthType::kAwsSigv4) {
    return OmConnection::kIamAuthConfig;
  }
  if (m.type == AuthType::kOAuth2) {
    bool has_refresh = std::any_of(m.flows.begin(), m.flows.end(), [](const OAuthFlow& f) {
      return f.flow == OAuthFlowKind::kClientCredentials ||
             f.flow == OAuthFlowKind::kAuthorizationCode || f.flow == OAuthFlowKind::kDeviceCode ||
             !f.refresh_url.empty();
    });
    if (has_refresh) {
      return OmConnection::kOAuthCredentials;
    }
    bool password = std::any_of(m.flows.begin(), m.flows.end(), [](const OAuthFlow& f) {
      return f.flow == OAuthFlowKind::kPassword;
    });
    return password ? OmConnection::kBasicAuth : OmConnection::kToken;
  }
  return OmConnection::kCustom;
}

void read_api_key(const Node* scheme, bool swagger2, AuthMethod& m) {
  m.type = AuthType::kApiKey;
  set_auth_in(m, scheme->str("in"));  // as the spec spells it: kOther keeps a stray value
  m.name = std::string(scheme->str("name"));
  if (m.in != AuthLocation::kHeader || !iequals(m.name, "Authorization")) {
    return;
  }
  m.scheme = prefix_from_description(scheme->str("description"));
  if (swagger2 && iequals(m.scheme, "Bearer")) {
    // 2.0 has no bearer type: an Authorization apiKey described as "Bearer <token>" is one.
    m.type = AuthType::kHttpBearer;
    m.scheme = "bearer";
    m.notes = "declared as a Swagger 2.0 apiKey Authorization header; the description says Bearer";
  }
}

/// One AuthMethod for a declared scheme, or type kUnknown when the scheme cannot be read.
AuthMethod read_scheme(const SpecContext& ctx, const Node* scheme, const Findings& found) {
  AuthMethod m;
  std::string_view type = scheme->str("type");
  if (type.empty() && scheme->get("flows") != nullptr) {
    type = "oauth2";  // seen in real specs (Square, Linode): flows without a type
  }
  if (type == "apiKey") {
    read_api_key(scheme, ctx.major_version() == 2, m);
  } else if (type == "http" || type == "basic") {
    std::string s = to_lower(type == "basic" ? "basic" : scheme->str("scheme"));
    set_auth_type(m, "http-" + (s.empty() ? std::string("unknown") : s));
    m.in = AuthLocation::kHeader;
    m.name = "Authorization";
    m.scheme = s;
    if (std::string_view format = scheme->str("bearerFormat"); !format.empty()) {
      m.notes = "bearerFormat: " + std::string(format);
    }
  } else if (type == "oauth2") {
    m.type = AuthType::kOAuth2;
    read_flows(scheme, found, m);
  } else if (iequals(type, "openIdConnect")) {
    m.type = AuthType::kOpenIdConnect;
    m.openid_connect_url = std::string(scheme->str("openIdConnectUrl"));
  } else if (type == "mutualTLS") {
    m.type = AuthType::kMutualTls;
  } else if (!type.empty()) {
    set_auth_type(m, type);
    m.notes = "security scheme type not defined by OpenAPI";
  }
  std::string_view aws = scheme->str("x-amazon-apigateway-authtype");
  if (iequals(aws, "awsSigv4") || iequals(aws, "awsS3")) {  // S3 signs requests with SigV4 too
    m.type = AuthType::kAwsSigv4;
    m.other_type.clear();
  }
  m.om_connection = om_connection_for(m);
  return m;
}

struct Usage {
  int operations = 0;
  std::vector<std::string> combined_with;
};

struct UndefinedUse {
  int operations = 0;
  Evidence evidence;
};

struct Tally {
  std::map<std::string_view, Usage> used;
  std::map<std::string_view, UndefinedUse> undefined;
  int public_operations = 0;
  int operations_with_security = 0;
};

void add_unique(std::vector<std::string>& list, std::string_view value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.emplace_back(value);
  }
}

Tally tally_security(const SpecContext& ctx, const Node* schemes) {
  Tally tally;
  for (const Operation& op : ctx.operations()) {
    if (!op.security.declared) {
      continue;
    }
    ++tally.operations_with_security;
    if (op.security.alternatives.empty()) {
      ++tally.public_operations;
      continue;
    }
    std::vector<std::string_view> counted;
    for (const auto& alternative : op.security.alternatives) {
      for (std::string_view name : alternative) {
        bool defined = schemes != nullptr && schemes->get(name) != nullptr;
        if (std::find(counted.begin(), counted.end(), name) != counted.end()) {
          continue;
        }
        counted.push_back(name);
        if (!defined) {
          UndefinedUse& u = tally.undefined[name];
          if (u.operations++ == 0) {
            u.evidence = ctx.evidence(op.security.node, op.security.pointer);
          }
          continue;
        }
        Usage& usage = tally.used[name];
        ++usage.operations;
        for (std::string_view other : alternative) {
          if (other != name) {
            add_unique(usage.combined_with, other);
          }
        }
      }
    }
  }
  return tally;
}

// ------------------------------------------------------------------ session logins

bool is_login_path(std::string_view path) {
  if (path.find('{') != std::string_view::npos) {
    return false;  // a login addresses no record: `/applications/{client_id}/token` manages one
  }
  static const RE2 kLogin(
      R"((?i)/(?:login|logon|signin|sign_in|sign-in|session|sessions|authenticate|access_token|token|tokens)/?$)");
  return RE2::PartialMatch(path, kLogin);
}

/// A token in the login's response, at the top or one object down (`data.access_token`).
bool returns_token(const SpecContext& ctx, const Operation& op) {
  static const RE2 kTokenField(
      R"((?i)^(?:access_?token|token|session_?token|auth_?token|api_?token|session_?id|id_?token|jwt)$)");
  if (op.success_schema == nullptr) {
    return false;
  }
  for (const Field& f : envelope_fields(ctx, op.success_schema, op.success_schema_pointer, 2)) {
    if (RE2::FullMatch(f.name, kTokenField) && (f.type == "string" || f.type.empty())) {
      return true;
    }
  }
  return false;
}

/// A login that is not an OAuth token endpoint: /login, /signin, /session(s), /authenticate.
bool is_session_login_path(std::string_view path) {
  static const RE2 kSession(
      R"((?i)/(?:login|logon|signin|sign_in|sign-in|session|sessions|authenticate)/?$)");
  return path.find('{') == std::string_view::npos && RE2::PartialMatch(path, kSession);
}

/// An operation such as `POST /login` that trades credentials for a token (Looker 4.0 declares
/// no scheme at all). Beside declared schemes only a session login path counts, so an OAuth
/// token endpoint is not taken for one. Returns true when one was reported.
bool detect_session_login(const SpecContext& ctx, Findings& out, bool beside_schemes) {
  for (const Operation& op : ctx.operations()) {
    bool path_ok = beside_schemes ? is_session_login_path(op.path) : is_login_path(op.path);
    if (op.method != "POST" || !path_ok || !returns_token(ctx, op)) {
      continue;
    }
    AuthMethod m;
    m.type = AuthType::kSession;
    std::string_view description = op.op->str("description");
    m.scheme = prefix_from_description(description);
    if (icontains(description, "Authorization")) {
      m.in = AuthLocation::kHeader;
      m.name = "Authorization";
    }
    bool client_credentials =
        op.param("client_id") != nullptr && op.param("client_secret") != nullptr;
    m.om_connection =
        client_credentials ? OmConnection::kOAuthCredentials : OmConnection::kBasicAuth;
    m.notes = std::string(beside_schemes ? "" : "no security scheme declared; ") + op.method + " " +
              std::string(op.path) + " returns a token" +
              (client_credentials ? " for client_id + client_secret" : "");
    m.confidence = confidence::kStructural;
    m.evidence.push_back(ctx.evidence(op.op, op.pointer));
    out.auth.push_back(std::move(m));
    return true;
  }
  return false;
}

/// `security: [{}, ...]`: an empty requirement makes authentication optional ("or none").
void detect_optional_auth(const SpecContext& ctx, Findings& out) {
  for (const Operation& op : ctx.operations()) {
    for (const auto& alternative : op.security.alternatives) {
      if (alternative.empty()) {
        AuthMethod m;
        m.type = AuthType::kNone;
        m.notes = "an empty security requirement (`{}`) makes authentication optional";
        m.confidence = confidence::kDeclared;
        m.evidence.push_back(ctx.evidence(op.security.node, op.security.pointer));
        out.auth.push_back(std::move(m));
        return;
      }
    }
  }
}

bool declares(const Findings& out, AuthType type, std::string_view name) {
  return std::any_of(out.auth.begin(), out.auth.end(), [&](const AuthMethod& a) {
    return a.type == type && (name.empty() || iequals(a.name, name));
  });
}

/// A `token` / `api_key` query or header parameter on most operations carries the credential.
void detect_token_parameter(const SpecContext& ctx, Findings& out) {
  // Not `access_token`: an OAuth token may travel in the query beside a declared oauth2 scheme.
  static const RE2 kTokenParam(R"((?i)^(?:token|api_?token|auth_?token|api_?key)$)");
  std::map<std::string, std::pair<int, const Param*>> seen;  // "in name" -> uses, first
  for (const Operation& op : ctx.operations()) {
    for (const Param& p : op.params) {
      if ((p.in == "query" || p.in == "header") && RE2::FullMatch(p.name, kTokenParam)) {
        auto& [uses, first] = seen[std::string(p.in) + " " + std::string(p.name)];
        first = first == nullptr ? &p : first;
        ++uses;
      }
    }
  }
  for (const auto& [key, use] : seen) {
    const Param* p = use.second;
    if (use.first * 2 <= static_cast<int>(ctx.operations().size()) ||
        declares(out, AuthType::kApiKey, p->name)) {
      continue;
    }
    AuthMethod m;
    m.type = AuthType::kApiKey;
    set_auth_in(m, p->in);  // "query" or "header": the two kept above
    m.name = std::string(p->name);
    m.om_connection = OmConnection::kToken;
    m.used_by_operations = use.first;
    m.notes = "not a declared security scheme: a parameter on " + std::to_string(use.first) +
              " of " + std::to_string(ctx.operations().size()) + " operations";
    m.confidence = confidence::kStructural;
    m.evidence.push_back(ctx.evidence(p->node, p->pointer));
    out.auth.push_back(std::move(m));
  }
}

/// HTTP Basic stated in the spec's own description ("use Basic Authentication",
/// `Authorization: Basic ...`) when no scheme declares it.
void detect_described_basic(const SpecContext& ctx, Findings& out) {
  static const RE2 kBasic(R"((?i)\bbasic\s+auth|authorization\W{0,4}\s*basic\s)");
  const Node* info = ctx.root()->get("info");
  const Node* description = info != nullptr ? info->get("description") : nullptr;
  if (description == nullptr || !description->is_string() ||
      declares(out, AuthType::kHttpBasic, {}) || !RE2::PartialMatch(description->text(), kBasic)) {
    return;
  }
  AuthMethod m;
  m.type = AuthType::kHttpBasic;
  m.in = AuthLocation::kHeader;
  m.name = "Authorization";
  m.om_connection = OmConnection::kBasicAuth;
  m.notes = "stated in info.description, not declared as a security scheme";
  m.confidence = confidence::kProse;
  m.evidence.push_back(ctx.evidence(description, "/info/description"));
  out.auth.push_back(std::move(m));
}

}  // namespace

void detect_auth(const SpecContext& ctx, Findings& out) {
  std::string schemes_pointer;
  const Node* schemes = ctx.security_schemes(&schemes_pointer);
  if (schemes != nullptr && !schemes->is_object()) {
    schemes = nullptr;
  }
  Tally tally = tally_security(ctx, schemes);
  for (std::uint32_t i = 0; schemes != nullptr && i < schemes->members().size(); ++i) {
    const Member& member = schemes->members()[i];
    std::string pointer = pointer_append(schemes_pointer, member.key());
    const Node* scheme = ctx.resolve(member.value(), &pointer);
    if (scheme == nullptr || !scheme->is_object()) {
      out.gaps.push_back("security scheme '" + std::string(member.key()) + "' could not be read");
      continue;
    }
    AuthMethod m = read_scheme(ctx, scheme, out);
    if (m.type == AuthType::kUnknown) {
      out.gaps.push_back("security scheme '" + std::string(member.key()) + "' has no type");
      continue;
    }
    m.declared_as = std::string(member.key());
    auto usage = tally.used.find(member.key());
    m.used_by_operations = usage == tally.used.end() ? 0 : usage->second.operations;
    if (usage != tally.used.end()) {
      m.combined_with = usage->second.combined_with;
    }
    if (m.used_by_operations == 0) {
      std::string note = "declared but no operation's security requirement references it";
      m.notes = m.notes.empty() ? note : m.notes + "; " + note;
    }
    if (tally.public_operations > 0) {
      std::string note = std::to_string(tally.public_operations) +
                         " operation(s) declare `security: []` (no authentication)";
      m.notes = m.notes.empty() ? note : m.notes + "; " + note;
    }
    m.evidence.push_back(ctx.evidence(scheme, pointer));
    out.auth.push_back(std::move(m));
  }
  for (const auto& [name, use] : tally.undefined) {
    out.conflicts.push_back(Conflict{"auth",
                                     "security requirement names undefined scheme '" +
                                         std::string(name) + "' (" +
                                         std::to_string(use.operations) + " operation(s))",
                                     {use.evidence}});
  }
  bool any_scheme = schemes != nullptr && !schemes->members().empty();
  std::size_t before = out.auth.size();
  detect_token_parameter(ctx, out);
  detect_described_basic(ctx, out);
  bool session = detect_session_login(ctx, out, any_scheme);
  if (!any_scheme && !session && out.auth.size() == before) {
    out.gaps.emplace_back("authentication is not declared in the spec (no security schemes)");
  }
  detect_optional_auth(ctx, out);
}

}  // namespace om::extract::detail
