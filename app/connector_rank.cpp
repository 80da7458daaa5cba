// What an existing connector offers, read line by line from its connection schema and client
// code, and how well it agrees with the research (issue #23, "Closest existing connectors").
// Line scanning rather than parsing keeps a file:line for every signal.
#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <utility>

#include "app/checkout.h"
#include "core/text.h"

namespace om::app::checkout {
namespace {

struct Signal {
  std::string_view needle;
  std::string_view kind;
};

// OPENMETADATA.md section 3: $ref targets -> the OM auth kind they configure.
constexpr std::array<Signal, 12> kAuthRefs = {{
    {"basicAuth.json", "basicAuth"},
    {"iamAuthConfig.json", "iamAuthConfig"},
    {"awsCredentials.json", "iamAuthConfig"},
    {"azureConfig.json", "azureConfig"},
    {"azureCredentials.json", "azureConfig"},
    {"jwtAuth.json", "jwtAuth"},
    {"gcpCredentials.json", "gcpCredentials"},
    {"gcpCloudSqlConfig.json", "gcpCredentials"},
    {"oauthCredentials.json", "oauthCredentials"},
    {"accessTokenAuth.json", "accessTokenAuth"},
    {"apiAccessTokenAuth.json", "token"},
    {"noConfigAuthenticationTypes.json", "oauthCredentials"},
}};

// Flat connection properties -> the auth kind they stand for (sigmaConnection's clientId +
// clientSecret is the OAuth2 client-credentials pattern; snowflake's privateKey a key pair).
constexpr std::array<Signal, 10> kAuthProperties = {{
    {"username", "basicAuth"},
    {"password", "basicAuth"},
    {"token", "token"},
    {"apiKey", "token"},
    {"accessToken", "token"},
    {"apiToken", "token"},
    {"clientId", "clientCredentials"},
    {"clientSecret", "clientCredentials"},
    {"privateKey", "keyPair"},
    {"refreshToken", "oauthCredentials"},
}};

// Paging cues in client code, most specific style first.
constexpr std::array<Signal, 18> kPaging = {{
    {"next_page_token", "cursor"},
    {"nextPageToken", "cursor"},
    {"pageToken", "cursor"},
    {"cursor", "cursor"},
    {"endCursor", "cursor"},
    {"nextPage", "cursor"},
    {"@odata.nextLink", "next-url"},
    {"[\"next\"]", "next-url"},
    {"get(\"next\")", "next-url"},
    {"next_url", "next-url"},
    {".links", "link-header"},
    {"offset", "offset"},
    {"page_size", "page"},
    {"pageSize", "page"},
    {"per_page", "page"},
    {"\"page\"", "page"},
    {"page=", "page"},
    {"Pager(", "sdk-pager"},
}};

// Imports that say nothing about how a connector reaches its source.
constexpr std::array<std::string_view, 27> kIgnoredImports = {
    "__future__", "abc",       "base64",    "collections", "contextlib", "copy",    "dataclasses",
    "datetime",   "enum",      "functools", "hashlib",     "itertools",  "json",    "logging",
    "math",       "os",        "pathlib",   "pydantic",    "re",         "string",  "sys",
    "time",       "traceback", "typing",    "urllib",      "uuid",       "metadata"};

constexpr std::array<std::string_view, 5> kHttpLibraries = {"requests", "httpx", "aiohttp",
                                                            "urllib3", "ometa-rest"};

std::vector<std::string_view> lines_of(std::string_view text) {
  return split(text, '\n');
}

// `"name": {` (a property or definition key) on one line.
bool declares_key(std::string_view line, std::string_view key) {
  std::string_view t = trim(line);
  std::string quoted = "\"" + std::string(key) + "\"";
  if (!t.starts_with(quoted)) {
    return false;
  }
  std::string_view rest = trim(t.substr(quoted.size()));
  return rest.starts_with(":") && trim(rest.substr(1)).starts_with("{");
}

void cite_line(SimilarConnector& c, const ConnectorFile& f, std::size_t index,
               std::string_view line, std::string topic) {
  c.evidence.push_back(
      {f.path, static_cast<int>(index + 1), clip_quote(trim(line), 240), std::move(topic)});
}

void read_schema(const ConnectorFile& f, SimilarConnector& c) {
  const auto lines = lines_of(f.text);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    for (const Signal& s : kAuthRefs) {
      if (line.find("$ref") != std::string_view::npos &&
          line.find(s.needle) != std::string_view::npos &&
          seen.insert(std::string(s.kind)).second) {
        cite_line(c, f, i, line, "auth:" + std::string(s.kind));
      }
    }
    for (const Signal& s : kAuthProperties) {
      if (declares_key(line, s.needle) && seen.insert(std::string(s.kind)).second) {
        cite_line(c, f, i, line, "auth:" + std::string(s.kind));
      }
    }
  }
  c.auth.assign(seen.begin(), seen.end());
}

// "import x.y as z" / "from x.y import z" -> "x" ("ometa-rest" for OpenMetadata's REST client).
std::string imported_module(std::string_view line) {
  std::string_view t = trim(line);
  std::string_view rest;
  if (t.starts_with("import ")) {
    rest = t.substr(7);
  } else if (t.starts_with("from ")) {
    rest = t.substr(5);
  } else {
    return {};
  }
  rest = trim(rest);
  std::string_view module = rest.substr(0, rest.find_first_of(" ,"));
  if (module.starts_with("metadata.ingestion.ometa.client")) {
    return "ometa-rest";
  }
  std::string top(module.substr(0, module.find('.')));
  const bool ignored =
      std::find(kIgnoredImports.begin(), kIgnoredImports.end(), top) != kIgnoredImports.end();
  return ignored || top.empty() ? std::string() : top;
}

void read_code(const ConnectorFile& f, SimilarConnector& c, std::set<std::string>& paging) {
  const auto lines = lines_of(f.text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (trim(line).starts_with("#")) {
      continue;
    }
    std::string module = imported_module(line);
    if (!module.empty() && std::find(c.client_libraries.begin(), c.client_libraries.end(),
                                     module) == c.client_libraries.end()) {
      c.client_libraries.push_back(module);
      cite_line(c, f, i, line, "client:" + module);
      continue;
    }
    for (const Signal& s : kPaging) {
      if (line.find(s.needle) != std::string_view::npos &&
          paging.insert(std::string(s.kind)).second) {
        cite_line(c, f, i, line, "pagination:" + std::string(s.kind));
      }
    }
  }
}

// Paging styles that call for the same loop: a token/cursor, a next link, an offset, a page.
std::string_view family(std::string_view style) {
  if (style == "keyset" || style == "header-token" || style == "relay") {
    return "cursor";
  }
  if (style == "link-header") {
    return "next-url";
  }
  return style;
}

const CheckoutEvidence* evidence_for(const SimilarConnector& c, const std::string& topic) {
  auto it = std::find_if(c.evidence.begin(), c.evidence.end(),
                         [&topic](const CheckoutEvidence& e) { return e.topic == topic; });
  return it == c.evidence.end() ? nullptr : &*it;
}

bool is_http_library(std::string_view lib) {
  return std::find(kHttpLibraries.begin(), kHttpLibraries.end(), lib) != kHttpLibraries.end();
}

}  // namespace

SimilarConnector describe(const ConnectorFiles& files) {
  SimilarConnector c;
  c.name = files.name;
  c.service_type = files.service_type;
  if (files.schema) {
    read_schema(*files.schema, c);
  }
  std::set<std::string> paging;
  for (const auto& f : files.code) {
    read_code(f, c, paging);
  }
  for (const Signal& s : kPaging) {  // the most specific style found names the connector's
    if (paging.count(std::string(s.kind)) != 0) {
      c.pagination = s.kind;
      break;
    }
  }
  return c;
}

namespace {

// "tableauserverclient" -> itself; "looker-sdk" -> "looker_sdk" and "looker"; the Python import
// names an SDK package is likely to have (a guess checked only against connector imports).
void add_import_names(std::string_view package, std::set<std::string>& out) {
  std::string name = to_lower(package);
  std::replace(name.begin(), name.end(), '-', '_');
  out.insert(name);
  const std::string first = name.substr(0, name.find('_'));
  static constexpr std::array<std::string_view, 5> kTooCommon = {"python", "google", "azure",
                                                                 "apache", "py"};
  if (first.size() >= 4 && first != name &&
      std::find(kTooCommon.begin(), kTooCommon.end(), first) == kTooCommon.end()) {
    out.insert(first);
  }
  if (name.find("sqlalchemy") != std::string::npos) {
    out.insert("sqlalchemy");
  }
}

void add_auth_kinds(const AuthMethod& a, std::set<std::string>& out) {
  if (a.om_connection != OmConnection::kUnknown && a.om_connection != OmConnection::kCustom) {
    out.insert(to_string(a.om_connection));  // as the checkout's signals name it
  }
  if (a.type == AuthType::kHttpBasic || a.type == AuthType::kSession) {
    out.insert("basicAuth");
  }
  if (a.type == AuthType::kApiKey || a.type == AuthType::kHttpBearer) {
    out.insert("token");
  }
  if (a.type == AuthType::kJwt) {
    out.insert("jwtAuth");
    out.insert("keyPair");
  }
  for (const auto& f : a.flows) {
    if (f.flow == OAuthFlowKind::kClientCredentials) {
      out.insert("clientCredentials");
    }
    if (f.flow == OAuthFlowKind::kRefreshToken || !f.refresh_url.empty()) {
      out.insert("oauthCredentials");
    }
  }
}

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

std::string at(const CheckoutEvidence* e) {
  return e == nullptr ? std::string() : " (" + e->path + ":" + std::to_string(e->line) + ")";
}

// Scores one connector, keeping only the evidence behind the reasons it scores.
void score(SimilarConnector& c, const ResearchProfile& p) {
  std::vector<CheckoutEvidence> kept;
  auto keep = [&kept](const CheckoutEvidence* e) {
    if (e != nullptr) {
      kept.push_back(*e);
    }
  };
  for (const auto& kind : c.auth) {
    if (p.auth.count(kind) != 0) {
      c.score += 3;
      const auto* e = evidence_for(c, "auth:" + kind);
      c.reasons.push_back("auth " + kind + " as the research found" + at(e));
      keep(e);
    }
  }
  std::set<std::string> families;
  for (const auto& style : p.paging) {
    families.insert(std::string(family(style)));
  }
  for (const Signal& s : kPaging) {
    const auto* e = evidence_for(c, "pagination:" + std::string(s.kind));
    if (e != nullptr && families.count(std::string(family(s.kind))) != 0) {
      c.score += 3;
      c.reasons.push_back("pages by " + std::string(s.kind) + " like the research's " +
                          joined(p.paging) + " pagination" + at(e));
      keep(e);
      break;
    }
  }
  bool shared_library = false;
  for (const auto& lib : c.client_libraries) {
    if (p.libraries.count(lib) != 0) {
      shared_library = true;
      c.score += 2;
      const auto* e = evidence_for(c, "client:" + lib);
      c.reasons.push_back("uses " + lib + ", a library the research names" + at(e));
      keep(e);
    }
  }
  if (!shared_library && p.http) {
    auto it = std::find_if(c.client_libraries.begin(), c.client_libraries.end(), is_http_library);
    if (it != c.client_libraries.end()) {
      c.score += 1;
      const auto* e = evidence_for(c, "client:" + *it);
      c.reasons.push_back("calls an HTTP API through " + *it + at(e));
      keep(e);
    }
  }
  c.evidence = std::move(kept);
}

}  // namespace

ResearchProfile profile_of(const Research& research) {
  ResearchProfile p;
  const Findings& f = research.findings;
  for (const auto& a : f.auth) {
    add_auth_kinds(a, p.auth);
  }
  for (const auto& pg : f.pagination) {
    if (pg.style != PageStyle::kNone && pg.style != PageStyle::kUnknown) {
      p.paging.insert(to_string(pg.style));
    }
  }
  for (const auto& s : f.sdks) {
    if (s.ecosystem == Ecosystem::kPypi) {
      add_import_names(s.name, p.libraries);
    }
  }
  for (const auto& d : research.database_catalog) {
    if (d.fact == "dialect_package" || d.fact == "driver_package") {
      add_import_names(d.value, p.libraries);
    }
  }
  if (!f.sql_urls.empty()) {
    p.libraries.insert("sqlalchemy");
  }
  p.http = !f.endpoints.empty() || !f.base_urls.empty();
  return p;
}

std::vector<SimilarConnector> rank(std::vector<SimilarConnector> connectors,
                                   const ResearchProfile& profile, std::size_t keep) {
  for (auto& c : connectors) {
    score(c, profile);
  }
  connectors.erase(std::remove_if(connectors.begin(), connectors.end(),
                                  [](const SimilarConnector& c) { return c.score <= 0; }),
                   connectors.end());
  std::stable_sort(connectors.begin(), connectors.end(),
                   [](const SimilarConnector& a, const SimilarConnector& b) {
                     return a.score != b.score ? a.score > b.score : a.name < b.name;
                   });
  if (connectors.size() > keep) {
    connectors.resize(keep);
  }
  return connectors;
}

}  // namespace om::app::checkout
