// SDK facts beside a spec's (see detail/reconcile.h): the spec is the declared truth.
#include <algorithm>
#include <set>
#include <string>

#include "core/text.h"
#include "report/detail/reconcile.h"

namespace om::report::detail {
namespace {

std::string host_of(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::size_t end = url.find_first_of("/?#", start);
  return to_lower(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

/// What the spec documents state, for comparison with an SDK's facts.
struct SpecFacts {
  std::vector<AuthMethod> auth;
  std::set<std::string> hosts;
  std::set<PageStyle> styles;
};

/// The SDK's auth: the spec's fact on the same header/parameter (same fact, more evidence), or
/// left out when the spec states auth and no such fact.
void defer_auth(const SpecFacts& spec, Findings& sdk, std::vector<std::string>& left_out) {
  if (spec.auth.empty()) {
    return;
  }
  std::vector<AuthMethod> kept;
  for (AuthMethod& a : sdk.auth) {
    auto same = std::find_if(spec.auth.begin(), spec.auth.end(), [&](const AuthMethod& s) {
      return !a.name.empty() && iequals(auth_in_text(s), auth_in_text(a)) &&
             iequals(s.name, a.name);
    });
    if (same == spec.auth.end()) {
      left_out.push_back(std::string(auth_type_text(a)) + (a.name.empty() ? "" : " " + a.name));
      continue;
    }
    a.type = same->type;
    a.other_type = same->other_type;
    a.declared_as = same->declared_as;
    kept.push_back(std::move(a));
  }
  sdk.auth = std::move(kept);
}

void defer_hosts_and_styles(const SpecFacts& spec, Findings& sdk,
                            std::vector<std::string>& left_out) {
  if (!spec.hosts.empty()) {
    auto other = [&](const BaseUrl& b) {
      bool out = spec.hosts.count(host_of(b.url)) == 0;
      if (out) {
        left_out.push_back(b.url);
      }
      return out;
    };
    sdk.base_urls.erase(std::remove_if(sdk.base_urls.begin(), sdk.base_urls.end(), other),
                        sdk.base_urls.end());
  }
  if (!spec.styles.empty()) {
    auto other = [&](const Pagination& p) {
      bool out = spec.styles.count(p.style) == 0;
      if (out) {
        left_out.push_back(std::string(to_string(p.style)) + " paging");
      }
      return out;
    };
    sdk.pagination.erase(std::remove_if(sdk.pagination.begin(), sdk.pagination.end(), other),
                         sdk.pagination.end());
  }
}

}  // namespace

void defer_sdks_to_spec(std::vector<Findings>& per_document) {
  SpecFacts spec;
  bool any_spec = false;
  for (const Findings& f : per_document) {
    if (!f.sdks.empty() || !is_spec_document(f)) {
      continue;
    }
    any_spec = true;
    spec.auth.insert(spec.auth.end(), f.auth.begin(), f.auth.end());
    for (const BaseUrl& b : f.base_urls) {
      spec.hosts.insert(host_of(b.url));
    }
    for (const Pagination& p : f.pagination) {
      spec.styles.insert(p.style);
    }
  }
  if (!any_spec) {
    return;
  }
  std::vector<std::string> left_out;
  for (Findings& f : per_document) {
    if (f.sdks.empty() || is_spec_document(f)) {
      continue;
    }
    defer_auth(spec, f, left_out);
    defer_hosts_and_styles(spec, f, left_out);
  }
  if (!left_out.empty()) {
    std::string gap =
        "SDK facts the spec does not state (left out; the spec is the declared "
        "truth, an SDK's token or helper URLs are calls, not base URLs):";
    for (std::size_t i = 0; i < left_out.size() && i < 10; ++i) {
      gap += (i == 0 ? " " : "; ") + left_out[i];
    }
    per_document.front().gaps.push_back(gap);
  }
}

}  // namespace om::report::detail
