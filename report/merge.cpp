// Folds one document's findings into those merged so far (spec + docs + SDK): duplicates fold
// together and disagreements in a field become conflicts citing both sides.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text.h"
#include "report/detail/merged.h"
#include "report/detail/ordering.h"

namespace om::report::detail {
namespace {

/// Quotes kept for one merged fact: a fact that thousands of crawled pages state keeps the first
/// ones (in document order), enough to check it, and the report does not grow with the crawl.
constexpr std::size_t kMaxMergedEvidence = 16;

void add_evidence(EvidenceList& into, const EvidenceList& from) {
  for (const auto& e : from) {
    if (into.size() >= kMaxMergedEvidence) {
      return;
    }
    bool seen = std::any_of(into.begin(), into.end(), [&e](const Evidence& x) {
      return x.url == e.url && x.locator == e.locator && x.quote == e.quote;
    });
    if (!seen) {
      into.push_back(e);
    }
  }
}

void add_strings(std::vector<std::string>& into, const std::vector<std::string>& from) {
  if (into.size() * from.size() > 4096) {  // long lists (a pagination's endpoints): hash them
    std::unordered_set<std::string> seen(into.begin(), into.end());
    for (const auto& s : from) {
      if (seen.insert(s).second) {
        into.push_back(s);
      }
    }
    return;
  }
  for (const auto& s : from) {
    if (std::find(into.begin(), into.end(), s) == into.end()) {
      into.push_back(s);
    }
  }
}

/// Sets an empty value ("", nullopt, an enum's kUnknown) from `from`.
template <typename T>
void fill(T& into, const T& from) {
  if (into == T{}) {
    into = from;
  }
}

// Folds `fact` into out[at], or appends it when `at` is out.size(); records the origin.
template <class T, class Fold>
void fold_at(std::vector<T>& out, Origins* origins, std::size_t at, T fact, std::size_t doc,
             Fold fold) {
  if (at == out.size()) {
    out.push_back(std::move(fact));
    if (origins != nullptr) {
      origins->push_back({doc});
    }
    return;
  }
  fold(out[at], fact);
  if (origins != nullptr) {
    (*origins)[at].insert(doc);
  }
}

// Finds the fact `same` as `fact` and folds into it, else appends; records the origin.
template <class T, class Same, class Fold>
void fold_into(std::vector<T>& out, Origins* origins, T fact, std::size_t doc, Same same,
               Fold fold) {
  auto it = std::find_if(out.begin(), out.end(), [&](const T& x) { return same(x, fact); });
  const auto at = static_cast<std::size_t>(it - out.begin());
  fold_at(out, origins, at, std::move(fact), doc, fold);
}

void fold_flows(std::vector<OAuthFlow>& into, const std::vector<OAuthFlow>& from) {
  for (const auto& f : from) {
    auto it = std::find_if(into.begin(), into.end(),
                           [&f](const OAuthFlow& x) { return x.flow == f.flow; });
    if (it == into.end()) {
      into.push_back(f);
      continue;
    }
    fill(it->token_url, f.token_url);
    fill(it->authorization_url, f.authorization_url);
    fill(it->refresh_url, f.refresh_url);
    add_strings(it->scopes, f.scopes);
  }
}

bool same_auth(const AuthMethod& a, const AuthMethod& b) {
  // The location's text, as the type's: a spec's stray "Header" (kOther) is the prose's header.
  return auth_type_text(a) == auth_type_text(b) && iequals(auth_in_text(a), auth_in_text(b)) &&
         iequals(a.name, b.name);
}

void fold_auth(AuthMethod& into, const AuthMethod& from, std::vector<Conflict>& conflicts) {
  if (!into.scheme.empty() && !from.scheme.empty() && !iequals(into.scheme, from.scheme)) {
    conflicts.push_back({"auth",
                         "documents give different " + std::string(auth_type_text(into)) +
                             " schemes: \"" + into.scheme + "\" and \"" + from.scheme + "\"",
                         both_sides(into.evidence, from.evidence)});
  }
  fill(into.scheme, from.scheme);
  fold_flows(into.flows, from.flows);
  fill(into.openid_connect_url, from.openid_connect_url);
  fill(into.om_connection, from.om_connection);
  fill(into.declared_as, from.declared_as);
  fill(into.notes, from.notes);
  into.used_by_operations = std::max(into.used_by_operations, from.used_by_operations);
  add_strings(into.combined_with, from.combined_with);
  into.confidence = std::max(into.confidence, from.confidence);
  add_evidence(into.evidence, from.evidence);
}

std::string pagination_key(const Pagination& p) {
  std::vector<std::string> params;
  for (const auto& s : p.request_params) {
    params.push_back(to_lower(s));
  }
  std::sort(params.begin(), params.end());
  std::string key = to_string(p.style);
  for (const auto& s : params) {
    key += '\x1f' + s;
  }
  return key;
}

void fold_page_size(Pagination& into, const Pagination& from, std::vector<Conflict>& conflicts) {
  const PageSize& a = into.page_size;
  const PageSize& b = from.page_size;
  auto differ = [](const std::optional<double>& x, const std::optional<double>& y) {
    return x && y && *x != *y;
  };
  if (differ(a.max, b.max) || differ(a.default_value, b.default_value)) {
    auto num = [](const std::optional<double>& x) {
      return x ? std::to_string(static_cast<long long>(*x)) : std::string("?");
    };
    conflicts.push_back({"pagination",
                         "documents give different page sizes for " +
                             std::string(to_string(into.style)) + " pagination: default " +
                             num(a.default_value) + " / max " + num(a.max) + " vs default " +
                             num(b.default_value) + " / max " + num(b.max),
                         both_sides(into.evidence, from.evidence)});
  }
  fill(into.page_size.param, b.param);
  fill(into.page_size.default_value, b.default_value);
  fill(into.page_size.max, b.max);
}

void fold_pagination(Pagination& into, const Pagination& from, std::vector<Conflict>& conflicts) {
  fold_page_size(into, from, conflicts);
  add_strings(into.request_params, from.request_params);
  add_strings(into.response_fields, from.response_fields);
  add_strings(into.response_headers, from.response_headers);
  add_strings(into.endpoints, from.endpoints);
  fill(into.stop_condition, from.stop_condition);
  fill(into.truncation_risk, from.truncation_risk);
  into.confidence = std::max(into.confidence, from.confidence);
  add_evidence(into.evidence, from.evidence);
}

bool same_ref(const EndpointRef& a, const EndpointRef& b) {
  return !a.empty() && a.path == b.path && iequals(a.method, b.method);
}

bool same_entity(const Entity& a, const Entity& b) {
  if (a.list.empty() && a.get.empty() && b.list.empty() && b.get.empty()) {
    return iequals(a.name, b.name);
  }
  // Two search-listed entities (POST /search lists pages and data sources) share a list but are
  // different things: a shared list only merges when the gets agree or one is missing.
  auto gets_agree = a.get.empty() || b.get.empty() || same_ref(a.get, b.get);
  auto lists_agree = a.list.empty() || b.list.empty() || same_ref(a.list, b.list);
  return (same_ref(a.list, b.list) && gets_agree) || (same_ref(a.get, b.get) && lists_agree);
}

void fold_entity(Entity& into, const Entity& from) {
  if (into.list.empty()) {
    into.list = from.list;
  }
  if (into.get.empty()) {
    into.get = from.get;
  }
  fill(into.om_entity, from.om_entity);
  fill(into.parent, from.parent);
  fill(into.records_path, from.records_path);
  fill(into.primary_key, from.primary_key);
  fill(into.pagination, from.pagination);
  into.confidence = std::max(into.confidence, from.confidence);
  add_evidence(into.evidence, from.evidence);
}

/// Exact text of a number (hex float), -0 as 0; "-" for none.
std::string number_key(const std::optional<double>& v) {
  if (!v) {
    return "-";
  }
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%a", *v + 0.0);
  return text.data();
}

/// Two rate limits are one when their limit and window are equal, or, when neither states a
/// limit, when their text is (ignoring case and runs of white space).
std::string rate_limit_key(const RateLimit& r) {
  if (r.limit) {
    return "limit\x1f" + number_key(r.limit) + "\x1f" + number_key(r.window_seconds);
  }
  return "text\x1f" + to_lower(squash_space(r.text));
}

void fold_rate_limit(RateLimit& into, const RateLimit& from) {
  fill(into.scope, from.scope);
  add_strings(into.headers, from.headers);
  into.retry_after = into.retry_after || from.retry_after;
  fill(into.text, from.text);
  into.confidence = std::max(into.confidence, from.confidence);
  add_evidence(into.evidence, from.evidence);
}

/// fold_into() for facts with a string identity: an index of keys instead of a search of every
/// fact so far. Compared pairwise, the 1,113 distinct rate limits of a 2,000-page docs site cost
/// a quarter of a `--refresh` run (each comparison normalised both texts again).
template <class T, class Fold>
void fold_keyed(std::vector<T>& out, std::unordered_map<std::string, std::size_t>& keys,
                Origins* origins, std::string key, T fact, std::size_t doc, Fold fold) {
  const std::size_t at = keys.try_emplace(std::move(key), out.size()).first->second;
  fold_at(out, origins, at, std::move(fact), doc, fold);
}

void merge_urls_and_auth(Merged& m, Findings& doc, std::size_t index) {
  std::vector<Conflict>& conflicts = m.findings.conflicts;
  for (auto& b : doc.base_urls) {
    std::string key = detail::url_match_key(b.url);
    fold_keyed(m.findings.base_urls, m.base_index, &m.base_origins, std::move(key), std::move(b),
               index, [](BaseUrl& x, const BaseUrl& y) {
                 fill(x.description, y.description);
                 x.confidence = std::max(x.confidence, y.confidence);
                 add_evidence(x.evidence, y.evidence);
               });
  }
  for (auto& v : doc.api_versions) {
    fold_into(
        m.findings.api_versions, nullptr, std::move(v), index,
        [](const ApiVersion& x, const ApiVersion& y) {
          return x.version == y.version && x.via == y.via && iequals(x.name, y.name);
        },
        [](ApiVersion& x, const ApiVersion& y) { add_evidence(x.evidence, y.evidence); });
  }
  for (auto& a : doc.auth) {
    fold_into(m.findings.auth, &m.auth_origins, std::move(a), index, same_auth,
              [&conflicts](AuthMethod& x, const AuthMethod& y) { fold_auth(x, y, conflicts); });
  }
}

std::uint64_t ref_hash(char kind, std::string_view method, std::string_view path) {
  std::uint64_t h = std::hash<std::string_view>{}(path);
  for (char c : method) {  // FNV-1a over the upper-cased method, then the kind
    h = (h ^ static_cast<unsigned char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c)) *
        0x100000001b3ULL;
  }
  return (h ^ static_cast<unsigned char>(kind)) * 0x100000001b3ULL;
}

std::uint64_t ref_hash(char kind, const EndpointRef& r) {
  return ref_hash(kind, r.method, r.path);
}

std::uint64_t name_hash(const std::string& name) {
  return std::hash<std::string>{}(to_lower(name));
}

bool has_refs(const Entity& e) {
  return !e.list.empty() || !e.get.empty();
}

// The first merged entity same_entity() as `e` (as a search of all would find), or the count.
std::size_t find_entity(const Merged& m, const Entity& e) {
  const std::vector<Entity>& all = m.findings.entities;
  std::size_t best = all.size();
  auto scan = [&](const Buckets& buckets, std::uint64_t key) {
    auto [from, to] = buckets.equal_range(key);
    for (auto it = from; it != to; ++it) {
      if (it->second < best && same_entity(all[it->second], e)) {
        best = it->second;
      }
    }
  };
  if (has_refs(e)) {
    scan(m.entity_refs, ref_hash('L', e.list));
    scan(m.entity_refs, ref_hash('G', e.get));
  } else {
    scan(m.entity_names, name_hash(e.name));
  }
  return best;
}

// Folds an entity in and indexes the keys it gained (a stale key only costs a comparison).
void fold_entity_indexed(Merged& m, Entity e, std::size_t doc) {
  const std::size_t at = find_entity(m, e);
  std::vector<Entity>& all = m.findings.entities;
  const bool is_new = at == all.size();
  const bool had_list = at < all.size() && !all[at].list.empty();
  const bool had_get = at < all.size() && !all[at].get.empty();
  fold_at(all, nullptr, at, std::move(e), doc, fold_entity);
  const Entity& now = all[at];
  if (!had_list && !now.list.empty()) {
    m.entity_refs.emplace(ref_hash('L', now.list), at);
  }
  if (!had_get && !now.get.empty()) {
    m.entity_refs.emplace(ref_hash('G', now.get), at);
  }
  if (is_new && !has_refs(now)) {
    m.entity_names.emplace(name_hash(now.name), at);
  }
}

// Same path, method in any case: folded into the one merged endpoint, else appended.
void fold_endpoint(Merged& m, Endpoint e, std::size_t doc) {
  std::vector<Endpoint>& all = m.findings.endpoints;
  const std::uint64_t key = ref_hash('E', e.method, e.path);
  std::size_t at = all.size();
  for (auto [it, to] = m.endpoint_index.equal_range(key); it != to && at == all.size(); ++it) {
    const Endpoint& x = all[it->second];
    at = x.path == e.path && iequals(x.method, e.method) ? it->second : at;
  }
  if (at == all.size()) {
    m.endpoint_index.emplace(key, at);
  }
  fold_at(all, nullptr, at, std::move(e), doc, [](Endpoint& x, const Endpoint& y) {
    fill(x.operation_id, y.operation_id);
    fill(x.summary, y.summary);
    add_strings(x.tags, y.tags);
  });
}

void merge_paging_and_entities(Merged& m, Findings& doc, std::size_t index) {
  std::vector<Conflict>& conflicts = m.findings.conflicts;
  for (auto& p : doc.pagination) {
    std::string key = pagination_key(p);
    fold_keyed(
        m.findings.pagination, m.paging_index, nullptr, std::move(key), std::move(p), index,
        [&conflicts](Pagination& x, const Pagination& y) { fold_pagination(x, y, conflicts); });
  }
  for (auto& e : doc.entities) {
    fold_entity_indexed(m, std::move(e), index);
  }
  for (auto& e : doc.endpoints) {
    fold_endpoint(m, std::move(e), index);
  }
  for (auto& r : doc.rate_limits) {
    std::string key = rate_limit_key(r);
    fold_keyed(m.findings.rate_limits, m.rate_index, nullptr, std::move(key), std::move(r), index,
               fold_rate_limit);
  }
}

void merge_sdks_and_notes(Merged& m, Findings& doc, std::size_t index) {
  for (auto& s : doc.sdks) {
    fold_into(
        m.findings.sdks, nullptr, std::move(s), index,
        [](const Sdk& x, const Sdk& y) {
          return x.ecosystem == y.ecosystem && iequals(x.name, y.name);
        },
        [](Sdk& x, const Sdk& y) {
          fill(x.version, y.version);
          fill(x.client, y.client);
          add_strings(x.auth_options, y.auth_options);
          add_strings(x.resources, y.resources);
          add_strings(x.pagination_helpers, y.pagination_helpers);
          add_evidence(x.evidence, y.evidence);
        });
  }
  for (auto& c : doc.conflicts) {
    fold_into(
        m.findings.conflicts, nullptr, std::move(c), index,
        [](const Conflict& x, const Conflict& y) {
          return x.topic == y.topic && x.detail == y.detail;
        },
        [](Conflict& x, const Conflict& y) { add_evidence(x.evidence, y.evidence); });
  }
  // Test images and SQLAlchemy URLs (issue #23): one per image / scheme+port, evidence joined.
  for (auto& t : doc.test_images) {
    fold_into(
        m.findings.test_images, nullptr, std::move(t), index,
        [](const TestImage& x, const TestImage& y) { return x.image == y.image; },
        [](TestImage& x, const TestImage& y) {
          add_strings(x.ports, y.ports);
          add_evidence(x.evidence, y.evidence);
        });
  }
  for (auto& u : doc.sql_urls) {
    fold_into(
        m.findings.sql_urls, nullptr, std::move(u), index,
        [](const SqlAlchemyUrl& x, const SqlAlchemyUrl& y) {
          return x.scheme == y.scheme && x.port == y.port;
        },
        [](SqlAlchemyUrl& x, const SqlAlchemyUrl& y) { add_evidence(x.evidence, y.evidence); });
  }
  // Each schema document is one GraphqlSchema; two copies of one schema are two documents,
  // which the catalog's spec groups already keep from being read together.
  for (auto& g : doc.graphql) {
    m.findings.graphql.push_back(std::move(g));
  }
  for (const auto& g : doc.gaps) {
    std::string gap = squash_space(g);
    if (!gap.empty() && m.gap_seen.insert(gap).second) {
      m.findings.gaps.push_back(gap);
    }
  }
}

}  // namespace

// The first quote of each side, so a conflict cites both documents.
EvidenceList both_sides(const EvidenceList& a, const EvidenceList& b) {
  EvidenceList out;
  if (!a.empty()) {
    out.push_back(a.front());
  }
  if (!b.empty()) {
    out.push_back(b.front());
  }
  return out;
}

void fold_document(Merged& m, Findings& doc, std::size_t index) {
  merge_urls_and_auth(m, doc, index);
  merge_paging_and_entities(m, doc, index);
  merge_sdks_and_notes(m, doc, index);
}

}  // namespace om::report::detail
