// From an SdkScan to findings: the client (best-scoring class or request-building function),
// its resources and auth options, and auth / pagination / base URL / API version / retry facts
// at SDK confidence. Pagination is only reported when a request parameter and the response
// field that feeds it appear in the same file (EXTRACTION.md 0.2: pair the evidence).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/text.h"
#include "extract/detail/sdk_scan.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxEvidence = 4;

Evidence evidence_of(const CodeRef& ref, const std::string& url) {
  return Evidence{url, ref.path + ":" + std::to_string(ref.line), ref.quote};
}

void add_evidence(EvidenceList& list, const CodeRef& ref, const std::string& url,
                  std::size_t max = kMaxEvidence) {
  Evidence ev = evidence_of(ref, url);
  for (const Evidence& e : list) {
    if (e.locator == ev.locator) {
      return;
    }
  }
  if (list.size() < max) {
    list.push_back(std::move(ev));
  }
}

void push_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

int client_score(const ClientCandidate& c) {
  std::string n = to_lower(c.name);
  if (n.ends_with("error") || n.ends_with("exception")) {
    return 0;
  }
  int score = (n.ends_with("client") || n.ends_with("sdk") || n.ends_with("api")) ? 10 : 0;
  score += c.builds_auth ? 5 : 0;
  score += static_cast<int>(std::min<std::size_t>(
      10, (c.namespaced.size() + c.methods.size() + c.js_methods.size()) / 20));
  score += (!c.ctor_options.empty() || !c.options_type.empty()) ? 2 : 0;
  return score;
}

const ClientCandidate* choose_client(const SdkScan& scan) {
  const ClientCandidate* best = nullptr;
  int best_score = 4;  // a client needs a name that says so, or code that builds credentials
  for (const ClientCandidate& c : scan.clients) {
    int s = client_score(c);
    if (s > best_score ||
        (best != nullptr && s == best_score && c.name.size() < best->name.size())) {
      best = &c;
      best_score = s;
    }
  }
  return best;
}

AuthMethod auth_from_scheme(const std::string& scheme) {
  AuthMethod a;
  std::string lower = to_lower(scheme);
  a.in = AuthLocation::kHeader;
  a.name = "Authorization";
  a.om_connection = OmConnection::kToken;
  if (lower == "bearer") {
    a.type = AuthType::kHttpBearer;
    a.scheme = "bearer";
  } else if (lower == "basic") {
    a.type = AuthType::kHttpBasic;
    a.scheme = "basic";
    a.om_connection = OmConnection::kBasicAuth;
  } else {
    a.type = AuthType::kApiKey;
    a.scheme = scheme;
  }
  return a;
}

OAuthFlowKind flow_of(const std::string& grant) {
  if (grant == "client_credentials") {
    return OAuthFlowKind::kClientCredentials;
  }
  if (grant == "authorization_code") {
    return OAuthFlowKind::kAuthorizationCode;
  }
  if (grant == "refresh_token") {
    return OAuthFlowKind::kRefreshToken;
  }
  if (grant == "password") {
    return OAuthFlowKind::kPassword;
  }
  return OAuthFlowKind::kUnknown;
}

// Merges `a` into `out` when a method of the same type/name/scheme exists.
AuthMethod& upsert(std::vector<AuthMethod>& out, AuthMethod a) {
  for (AuthMethod& m : out) {
    if (m.type == a.type && m.name == a.name && iequals(m.scheme, a.scheme)) {
      return m;
    }
  }
  a.confidence = confidence::kSdk;
  a.notes = "credential built by the SDK's code";
  out.push_back(std::move(a));
  return out.back();
}

void auth_facts(const SdkScan& scan, const std::string& url, Findings& out) {
  std::vector<AuthMethod> found;
  for (const CodeHit& h : scan.auth_schemes) {
    add_evidence(upsert(found, auth_from_scheme(h.value)).evidence, h.ref, url, 3);
  }
  for (const CodeHit& h : scan.auth_headers) {
    AuthMethod a;
    a.type = AuthType::kApiKey;
    a.in = AuthLocation::kHeader;
    a.name = h.value;
    a.om_connection = OmConnection::kToken;
    add_evidence(upsert(found, std::move(a)).evidence, h.ref, url, 3);
  }
  if (!scan.oauth_grants.empty()) {
    AuthMethod o;
    o.type = AuthType::kOAuth2;
    o.om_connection = OmConnection::kOAuthCredentials;
    AuthMethod& m = upsert(found, std::move(o));
    for (const CodeHit& h : scan.oauth_grants) {
      const OAuthFlowKind flow = flow_of(h.value);
      bool known = std::any_of(m.flows.begin(), m.flows.end(),
                               [flow](const OAuthFlow& f) { return f.flow == flow; });
      if (flow != OAuthFlowKind::kUnknown && !known) {
        m.flows.push_back(OAuthFlow{flow, "", "", "", {}});
      }
      add_evidence(m.evidence, h.ref, url, 3);
    }
  }
  for (AuthMethod& a : found) {
    out.auth.push_back(std::move(a));
  }
}

struct FilePaging {
  std::vector<const CodeHit*> params, fields, headers, helpers, feeds;
};

const CodeHit* find_in(const std::vector<const CodeHit*>& hits,
                       std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    for (const CodeHit* h : hits) {
      if (h->value == n) {
        return h;
      }
    }
  }
  return nullptr;
}

void merge_paging(std::vector<Pagination>& out, Pagination p) {
  for (Pagination& q : out) {
    if (q.style == p.style) {
      for (auto& v : p.request_params) push_unique(q.request_params, v);
      for (auto& v : p.response_fields) push_unique(q.response_fields, v);
      for (auto& v : p.response_headers) push_unique(q.response_headers, v);
      for (auto& e : p.evidence) {
        if (q.evidence.size() < kMaxEvidence)
          q.evidence.push_back(std::move(e));
      }
      return;
    }
  }
  p.confidence = confidence::kSdk;
  out.push_back(std::move(p));
}

Pagination paging_from(PageStyle style, std::vector<const CodeHit*> hits, const std::string& url) {
  Pagination p;
  p.style = style;
  for (const CodeHit* h : hits) {
    if (h != nullptr) {
      add_evidence(p.evidence, h->ref, url);
    }
  }
  return p;
}

/// A loop feeding a response value into the next request (params.marker = result.nextMarker):
/// cursor, or offset/page by the parameter's name.
void paging_from_feed(const FilePaging& f, const CodeHit* helper, const CodeHit* more,
                      const std::string& url, std::vector<Pagination>& out) {
  if (f.feeds.empty()) {
    return;
  }
  const CodeHit* fed = f.feeds.front();
  std::size_t eq = fed->value.find('=');
  std::string param = fed->value.substr(0, eq);
  std::string field = fed->value.substr(eq + 1);
  PageStyle style = param == "offset" ? PageStyle::kOffset
                    : param == "page" ? PageStyle::kPage
                                      : PageStyle::kCursor;
  Pagination p = paging_from(style, {helper, fed, more}, url);
  p.request_params.push_back(param);
  p.response_fields.push_back(field);
  if (more != nullptr) {
    p.response_fields.push_back(more->value);
  }
  p.stop_condition = "the SDK stops when " + field + " is missing or null";
  merge_paging(out, std::move(p));
}

// Per file: a request parameter and the response field that feeds it, or Link + rel=next.
void paging_in_file(const FilePaging& f, const std::string& url, std::vector<Pagination>& out) {
  const CodeHit* helper = f.helpers.empty() ? nullptr : f.helpers.front();
  const CodeHit* more = find_in(f.fields, {"has_more", "hasMore", "more"});
  const CodeHit* cursor_param =
      find_in(f.params, {"start_cursor", "cursor", "page_token", "pageToken", "next_token",
                         "nextToken", "after", "continuation_token"});
  const CodeHit* cursor_field =
      find_in(f.fields, {"next_cursor", "nextCursor", "next_page_token", "nextPageToken",
                         "next_token", "nextToken", "cursor"});
  if (cursor_param != nullptr && cursor_field != nullptr) {
    Pagination p = paging_from(PageStyle::kCursor, {helper, cursor_param, cursor_field, more}, url);
    p.request_params.push_back(cursor_param->value);
    p.response_fields.push_back(cursor_field->value);
    if (more != nullptr) {
      p.response_fields.push_back(more->value);
    }
    p.stop_condition = "the SDK stops when " + cursor_field->value + " is missing or null";
    merge_paging(out, std::move(p));
  }
  const CodeHit* offset = find_in(f.params, {"offset"});
  const CodeHit* limit = find_in(f.params, {"limit", "per_page", "page_size", "pageSize"});
  const CodeHit* total = find_in(f.fields, {"total_count", "totalCount"});
  if (offset != nullptr && (more != nullptr || total != nullptr)) {
    Pagination p =
        paging_from(PageStyle::kOffset, {helper, offset, more != nullptr ? more : total}, url);
    p.request_params.push_back("offset");
    if (limit != nullptr) {
      p.request_params.push_back(limit->value);
      p.page_size.param = limit->value;
    }
    p.response_fields.push_back(more != nullptr ? more->value : total->value);
    p.stop_condition = more != nullptr ? "the SDK stops when " + more->value + " is false"
                                       : "the SDK stops when offset reaches the total";
    merge_paging(out, std::move(p));
  }
  if (cursor_param == nullptr || cursor_field == nullptr) {
    paging_from_feed(f, helper, more, url, out);
  }
  const CodeHit* link = find_in(f.headers, {"Link"});
  const CodeHit* rel = find_in(f.headers, {"rel=next"});
  if (link != nullptr && rel != nullptr) {
    const CodeHit* count = nullptr;
    for (const CodeHit* h : f.headers) {
      count = iequals(h->value, "x-total-count") ? h : count;
    }
    Pagination p = paging_from(PageStyle::kLinkHeader, {helper, link, rel, count}, url);
    p.response_headers.push_back("Link");
    if (count != nullptr) {
      p.response_headers.push_back("X-Total-Count");
    }
    p.stop_condition = "the SDK stops when the Link header has no rel=\"next\"";
    merge_paging(out, std::move(p));
  }
}

std::vector<Pagination> paging_facts(const SdkScan& scan, const std::string& url) {
  std::map<std::string, FilePaging> files;
  for (const CodeHit& h : scan.page_request_params) files[h.ref.path].params.push_back(&h);
  for (const CodeHit& h : scan.page_response_fields) files[h.ref.path].fields.push_back(&h);
  for (const CodeHit& h : scan.page_headers) files[h.ref.path].headers.push_back(&h);
  for (const CodeHit& h : scan.page_feeds) files[h.ref.path].feeds.push_back(&h);
  for (const CodeHit& h : scan.pagination_helpers) {
    auto it = files.find(h.ref.path);
    if (it != files.end()) {
      it->second.helpers.push_back(&h);
    }
  }
  std::vector<Pagination> out;
  for (const auto& [path, f] : files) {
    paging_in_file(f, url, out);
  }
  return out;
}

}  // namespace

void finish_sdk(const SdkScan& scan, const PackageInfo& info, const std::string& url,
                Findings& out) {
  auth_facts(scan, url, out);
  std::vector<Pagination> paging = paging_facts(scan, url);
  other_facts(scan, url, out);
  sdk_record(scan, info, choose_client(scan), paging, url, out);
  for (Pagination& p : paging) {
    out.pagination.push_back(std::move(p));
  }
  endpoint_facts(scan, url, out);
}

}  // namespace om::extract::detail
