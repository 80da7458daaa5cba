// The pattern half of the SDK scanner: per-line RE2 patterns for credentials, base URLs,
// version headers, paging code and retry handling (EXTRACTION.md sections 1-3, SDK signals).
// Each pattern has a cheap substring gate so most lines cost a few memchr calls.
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/sdk_scan.h"

namespace om::extract::detail {
namespace {

using re2::RE2;

struct Line {
  std::string_view path;
  int line = 0;
  std::string_view code;
  [[nodiscard]] CodeRef ref() const { return CodeRef{std::string(path), line, clip_quote(code)}; }
};

bool has(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

void add(std::vector<CodeHit>& to, std::string value, const Line& l) {
  to.push_back(CodeHit{std::move(value), l.ref()});
}

bool has_quote(std::string_view s) {
  return s.find_first_of("\"'`") != std::string_view::npos;
}

bool is_paging_helper(std::string_view name) {
  if (name.empty() || name.front() == '_') {
    return false;
  }
  std::string n = to_lower(name);
  for (std::string_view start :
       {"iterate", "collect", "autopag", "auto_pag", "pager", "pageall", "page_all", "listall",
        "list_all", "fetchall", "fetch_all", "iter_pages", "each_page", "paging"}) {
    if (n.substr(0, start.size()) == start) {
      return true;
    }
  }
  return has(n, "paginat") || n == "all" || n == "pages";
}

}  // namespace

bool is_auth_option_name(std::string_view name) {
  static const RE2 re(
      R"re((?i)(auth|authentication|token|tokentype|token_type|api_?key|secret|access_?token|bearer_?token|client_?id|client_?secret|username|password|credentials?|private_?key|session_?token))re");
  return RE2::FullMatch(name, re);
}

namespace {

// `Authorization: Bearer ...` built in code, a scheme table ('Token token='), Basic helpers,
// API-key headers and OAuth grant types.
void match_auth(const Line& l, bool mentions_authorization, SdkScan& scan, bool& built_auth) {
  static const RE2 scheme(
      R"re((?i)["'`]((?:bearer|basic|token|ssws|apikey|api-key|jwt|digest)(?: [a-z_]+=| ))(?:\$\{|\{|%s|["'`]))re");
  static const RE2 basic_helper(R"re(\b(?:HTTPBasicAuth|BasicAuth)\s*\()re");
  static const RE2 header_key(
      R"re(["']([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)["']\s*(?::|\]\s*=|,))re");
  static const RE2 grant(
      R"re(["'](client_credentials|authorization_code|refresh_token|password|urn:ietf:params:oauth:grant-type:[a-z-]+)["'])re");
  std::string value;
  if (mentions_authorization && has_quote(l.code) && RE2::PartialMatch(l.code, scheme, &value)) {
    add(scan.auth_schemes, std::string(trim(value)), l);
    built_auth = true;
  }
  if (has(l.code, "BasicAuth") && RE2::PartialMatch(l.code, basic_helper)) {
    add(scan.auth_schemes, "Basic", l);
    built_auth = true;
  }
  if (has(l.code, "-") && RE2::PartialMatch(l.code, header_key, &value)) {
    std::string lower = to_lower(value);
    if (lower.ends_with("-version")) {
      add(scan.version_headers, value, l);
    } else if ((has(lower, "key") || has(lower, "token") || has(lower, "auth")) &&
               !has(lower, "idempotency") && !has(lower, "content") && !has(lower, "cache") &&
               !has(lower, "authorization") && !has(lower, "csrf")) {
      add(scan.auth_headers, value, l);
      built_auth = true;
    }
  }
  if ((has(l.code, "grant_type") || has(l.code, "grantType")) &&
      RE2::PartialMatch(l.code, grant, &value)) {
    add(scan.oauth_grants, value, l);
  }
  static const RE2 option_use(R"re(\b(?:config|options|opts|settings|params|conf)\??\.(\w+))re");
  if (has(l.code, ".")) {
    re2::StringPiece rest(l.code.data(), l.code.size());
    while (RE2::FindAndConsume(&rest, option_use, &value)) {
      if (is_auth_option_name(value)) {
        add(scan.auth_option_uses, value, l);
      }
    }
  }
}

bool is_doc_host(std::string_view host) {
  for (std::string_view h :
       {"localhost",      "127.0.0.1",   "0.0.0.0",        "example.com",
        "example.org",    "example.net", "github.com",     "githubusercontent.com",
        "npmjs.com",      "npmjs.org",   "w3.org",         "json-schema.org",
        "schema.org",     "mozilla.org", "nodejs.org",     "python.org",
        "readthedocs.io", "apache.org",  "opensource.org", "stackoverflow.com",
        "semver.org",     "ietf.org"}) {
    if (host == h ||
        (host.size() > h.size() && host.ends_with(h) && host[host.size() - h.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

void match_urls_and_env(const Line& l, SdkScan& scan, FileJoins& joins) {
  static const RE2 url(
      R"re(["'`](https?://([A-Za-z0-9.-]+)(?::[0-9]+)?(?:/[A-Za-z0-9._~%/-]*)?)["'`$])re");
  static const RE2 url_context(
      R"re((?i)(base_?ur[il]|api_?url|api_?base|server|host|endpoint|origin|prefix_?url|default\w*url))re");
  static const RE2 host_var(R"re(https?://\$\{(\w+)\})re");
  static const RE2 env_read(
      R"re((?:process\.env\.|process\.env\[["']|environ\[["']|environ\.get\(\s*["']|getenv\(\s*["'])([A-Z][A-Z0-9_]*))re");
  static const RE2 env_literal(
      R"re(["']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:API_KEY|APIKEY|TOKEN|ACCESS_TOKEN|AUTH_TOKEN|SECRET|SECRET_KEY|CLIENT_ID|CLIENT_SECRET|PASSWORD|USERNAME|BASE_URL|API_URL))["'])re");
  std::string value;
  std::string host;
  if (has(l.code, "http")) {
    re2::StringPiece rest(l.code.data(), l.code.size());
    bool context = RE2::PartialMatch(l.code, url_context);
    while (RE2::FindAndConsume(&rest, url, &value, &host)) {
      std::string lower_host = to_lower(host);
      if ((context || lower_host.starts_with("api.") || lower_host.starts_with("api-")) &&
          !is_doc_host(lower_host)) {
        add(scan.base_urls, value, l);
      }
    }
    if (RE2::PartialMatch(l.code, host_var, &value)) {
      add(joins.host_vars, value, l);
    }
  }
  bool env_ok = false;
  if ((has(l.code, "env") || has(l.code, "ENV")) && RE2::PartialMatch(l.code, env_read, &value)) {
    env_ok = has(value, "KEY") || has(value, "TOKEN") || has(value, "SECRET") ||
             has(value, "PASSWORD") || has(value, "CLIENT_ID") || has(value, "URL") ||
             has(value, "USERNAME");
  } else if (icontains(l.code, "env") && RE2::PartialMatch(l.code, env_literal, &value)) {
    env_ok = true;
  }
  if (env_ok) {
    add(scan.env_vars, value, l);
  }
}

void match_versions(const Line& l, SdkScan& scan, FileJoins& joins) {
  static const RE2 version_default(
      R"re((?i)\b(\w*version\w*)\s*[:=]\s*["']((?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}|v?[0-9]+(?:\.[0-9]+)*)["'])re");
  static const RE2 media(
      R"re(vnd\.[A-Za-z0-9.+-]+;\s*version=(?:\$\{(\w+)\}|\{(\w+)\}|([0-9A-Za-z.]+)))re");
  static const RE2 default_value(
      R"re((?:^|[\s,{(])(\w+)\s*=\s*(?:["']([^"'`]{1,80})["']|([0-9]+(?:\.[0-9]+)?))\s*(?:[,)}]|$))re");
  std::string a;
  std::string b;
  std::string c;
  if ((has(l.code, "ersion") || has(l.code, "ERSION")) &&
      RE2::PartialMatch(l.code, version_default, &a, &b)) {
    add(scan.version_defaults, a + "=" + b, l);
  }
  if (has(l.code, "vnd.") && RE2::PartialMatch(l.code, media, &a, &b, &c)) {
    if (!c.empty()) {
      add(scan.media_versions, c, l);
    } else {
      add(joins.media_vars, a.empty() ? b : a, l);
    }
  }
  if (has(l.code, "=")) {
    re2::StringPiece rest(l.code.data(), l.code.size());
    while (RE2::FindAndConsume(&rest, default_value, &a, &b, &c)) {
      add(joins.defaults, a + "=" + (b.empty() ? c : b), l);
    }
  }
  // `this.apiMajor = opts.apiMajor || 3`, `apiMajor ?? 3`: a numeric default behind a fallback.
  static const RE2 fallback(R"re((\w+)\s*=[^;=]*(?:\|\||\?\?)\s*([0-9]+)\s*[;,)]?\s*$)re");
  if (has(l.code, "|") || has(l.code, "??")) {
    if (RE2::PartialMatch(l.code, fallback, &a, &b)) {
      add(joins.defaults, a + "=" + b, l);
    }
  }
  // A version segment built from a variable: host + "/v" + apiMajor, `${base}/v${apiMajor}`.
  static const RE2 version_var(
      R"re((?:["'`]/v["'`]\s*\+\s*(?:this\.|self\.)?(\w+)|/v\$\{\s*(?:this\.|self\.)?(\w+)\s*\}))re");
  if (has(l.code, "/v") && RE2::PartialMatch(l.code, version_var, &a, &b)) {
    add(joins.version_vars, a.empty() ? b : a, l);
  }
}

void match_paging(const Line& l, SdkScan& scan) {
  static const RE2 definition(
      R"re(^(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:function\s*\*?\s*|def\s+|class\s+)(\w+))re");
  static const RE2 assigned_fn(
      R"re(^(?:(?:var|let|const)\s+)?[\w.]*\.(\w+)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>))re");
  static const RE2 method(
      R"re(^(?:public\s+)?(?:static\s+)?(?:async\s+)?\*?\s*(\w+)\s*(?:<[^(]*>)?\([^)]*\)\s*\{$)re");
  static const RE2 request_param(
      R"re((?:^|[\s{,(\[])["']?(start_cursor|starting_after|ending_before|page_token|pageToken|cursor|offset|page|per_page|page_size|pageSize|limit|next_token|nextToken|after|continuation_token)["']?\s*(?::\s*[^\s:]|\]\s*=[^=]))re");
  static const RE2 response_field(
      R"re((?:\.|\[["']|\.get\(\s*["'])(next_cursor|nextCursor|has_more|hasMore|more|next_page_token|nextPageToken|next_page|next_token|nextToken|total_count|totalCount|cursor|offset|next_url|nextUrl|next_link|nextLink|total_pages|totalPages)(?:["']|[^(\w"']|$))re");
  static const RE2 page_header(
      R"re((?i)["'](link|x-total-count|x-next-[a-z-]+|x-total|x-page|x-per-page)["'])re");
  static const RE2 rel_next(
      R"re(rel\s*=\s*\\?["']?next|(?:hasRel|getRel)\(\s*["']next|links\[["']next["']\]|\.links\.next)re");
  std::string name;
  if ((RE2::PartialMatch(l.code, definition, &name) ||
       RE2::PartialMatch(l.code, assigned_fn, &name) || RE2::PartialMatch(l.code, method, &name)) &&
      is_paging_helper(name)) {
    add(scan.pagination_helpers, name, l);
  }
  re2::StringPiece rest(l.code.data(), l.code.size());
  while (RE2::FindAndConsume(&rest, request_param, &name)) {
    add(scan.page_request_params, name, l);
  }
  rest = re2::StringPiece(l.code.data(), l.code.size());
  while (RE2::FindAndConsume(&rest, response_field, &name)) {
    add(scan.page_response_fields, name, l);
  }
  if (has_quote(l.code) && RE2::PartialMatch(l.code, page_header, &name) &&
      (!iequals(name, "link") || icontains(l.code, "header"))) {
    add(scan.page_headers, iequals(name, "link") ? "Link" : name, l);
  }
  if (has(l.code, "next") && RE2::PartialMatch(l.code, rel_next)) {
    add(scan.page_headers, "rel=next", l);
  }
  // A loop that feeds a response value into the next request: `params.marker =
  // result.nextMarker`, `query["pageToken"] = res.data.nextPageToken`.
  static const RE2 feed(
      R"re((?:^|[\s;{(])(?:params|query|opts|options|args|request|req|qs|searchParams|parameters)(?:\.(\w+)|\[["'](\w+)["']\])\s*=\s*(?:result|res|response|resp|data|body|page|json|reply|r)(?:\.(?:data|body|meta|metadata|paging|pagination))?\.(\w+)\s*(?:;|$|\|\||\?\?))re");
  std::string param;
  std::string quoted;
  std::string field;
  if (has(l.code, "=") && RE2::PartialMatch(l.code, feed, &param, &quoted, &field)) {
    std::string name = param.empty() ? quoted : param;
    if (!name.empty() && !field.empty()) {
      add(scan.page_feeds, name + "=" + field, l);
    }
  }
}

void match_retry(const Line& l, SdkScan& scan) {
  static const RE2 retry_value(R"re((?i)\b(\w*retr(?:y|ies)\w*)\s*[:=]\s*([0-9]+)\b)re");
  static const RE2 status_429(R"re((?i)(status|code|==|\[|case|in\s*\(|,)\s*\(?\s*429\b)re");
  static const RE2 quoted_header(R"re((?i)["']((?:x-)?rate-?limit-[a-z-]+|retry-after)["'])re");
  std::string a;
  std::string b;
  if (has(l.code, "429") && RE2::PartialMatch(l.code, status_429)) {
    add(scan.retry_signals, "429", l);
  }
  if (has_quote(l.code) && RE2::PartialMatch(l.code, quoted_header, &a)) {
    if (iequals(a, "retry-after")) {
      add(scan.retry_signals, "Retry-After", l);
    } else {
      add(scan.rate_headers, a, l);
    }
  }
  if ((has(l.code, "etr") || has(l.code, "ETR")) &&
      RE2::PartialMatch(l.code, retry_value, &a, &b)) {
    add(scan.retry_signals, a + "=" + b, l);
  }
}

}  // namespace

void scan_patterns(std::string_view path, int line, std::string_view code,
                   bool mentions_authorization, SdkScan& scan, FileJoins& joins, bool& built_auth) {
  Line l{path, line, code};
  match_auth(l, mentions_authorization, scan, built_auth);
  match_urls_and_env(l, scan, joins);
  match_versions(l, scan, joins);
  match_paging(l, scan);
  match_retry(l, scan);
}

void join_file_values(const FileJoins& joins, SdkScan& scan) {
  auto default_of = [&joins](const std::string& var) -> const CodeHit* {
    for (const CodeHit& d : joins.defaults) {
      if (d.value.size() > var.size() && d.value.compare(0, var.size(), var) == 0 &&
          d.value[var.size()] == '=') {
        return &d;
      }
    }
    return nullptr;
  };
  for (const CodeHit& h : joins.host_vars) {
    const CodeHit* d = default_of(h.value);
    if (d == nullptr) {
      continue;
    }
    std::string host = d->value.substr(h.value.size() + 1);
    if (host.find('.') != std::string::npos && host.find_first_of(" /:") == std::string::npos &&
        !is_doc_host(to_lower(host))) {
      scan.base_urls.push_back(CodeHit{"https://" + host, d->ref});
    }
  }
  for (const CodeHit& v : joins.version_vars) {
    const CodeHit* d = default_of(v.value);
    std::string value = d != nullptr ? d->value.substr(v.value.size() + 1) : std::string();
    if (!value.empty() &&
        std::all_of(value.begin(), value.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      scan.path_versions.push_back(CodeHit{"/v" + value, v.ref});
      scan.path_versions.push_back(CodeHit{"/v" + value, d->ref});
    }
  }
  for (const CodeHit& m : joins.media_vars) {
    if (const CodeHit* d = default_of(m.value)) {
      scan.media_versions.push_back(CodeHit{d->value.substr(m.value.size() + 1), m.ref});
    }
  }
}

}  // namespace om::extract::detail
