// SDK facts beside a spec's (see detail/reconcile.h): the spec is the declared truth.
#include <algorithm>
#include <set>
#include <string>

#include "core/text.h"
#include "report/detail/reconcile.h"

namespace om::report::detail {
namespace {

constexpr std::size_t kShownLeftOut = 10;

std::string host_of(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::size_t end = url.find_first_of("/?#", start);
  return to_lower(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

/// The SDK's auth: the spec's fact on the same header/parameter (same fact, more evidence), or
/// left out when the spec states auth and no such fact.
void defer_auth(const std::vector<AuthMethod>& spec_auth, Findings& sdk,
                std::vector<std::string>& left_out) {
  if (spec_auth.empty()) {
    return;
  }
  std::vector<AuthMethod> kept;
  for (AuthMethod& a : sdk.auth) {
    auto same = std::find_if(spec_auth.begin(), spec_auth.end(), [&](const AuthMethod& s) {
      return !a.name.empty() && iequals(auth_in_text(s), auth_in_text(a)) &&
             iequals(s.name, a.name);
    });
    if (same == spec_auth.end()) {
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

void defer_hosts(const std::set<std::string>& spec_hosts, Findings& sdk,
                 std::vector<std::string>& left_out) {
  if (!spec_hosts.empty()) {
    auto other = [&](const BaseUrl& b) {
      bool out = spec_hosts.count(host_of(b.url)) == 0;
      if (out) {
        left_out.push_back(b.url);
      }
      return out;
    };
    sdk.base_urls.erase(std::remove_if(sdk.base_urls.begin(), sdk.base_urls.end(), other),
                        sdk.base_urls.end());
  }
}

void defer_styles(const std::set<PageStyle>& spec_styles, Findings& sdk,
                  std::vector<std::string>& left_out) {
  if (!spec_styles.empty()) {
    auto other = [&](const Pagination& p) {
      bool out = spec_styles.count(p.style) == 0;
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

void SdkDeferral::survey(const Findings& f) {
  if (!f.sdks.empty() || !is_spec_document(f)) {
    return;
  }
  any_spec_ = true;
  auth_.insert(auth_.end(), f.auth.begin(), f.auth.end());
  for (const BaseUrl& b : f.base_urls) {
    hosts_.insert(host_of(b.url));
  }
  for (const Pagination& p : f.pagination) {
    styles_.insert(p.style);
  }
}

void SdkDeferral::defer(Findings& f) {
  if (!any_spec_ || f.sdks.empty() || is_spec_document(f)) {
    return;
  }
  defer_auth(auth_, f, left_out_);
  defer_hosts(hosts_, f, left_out_);
  defer_styles(styles_, f, left_out_);
  if (left_out_.size() > kShownLeftOut) {  // the gap names the first ones only
    left_out_.resize(kShownLeftOut);
  }
}

std::string SdkDeferral::gap() const {
  if (left_out_.empty()) {
    return "";
  }
  std::string gap =
      "SDK facts the spec does not state (left out; the spec is the declared "
      "truth, an SDK's token or helper URLs are calls, not base URLs):";
  for (std::size_t i = 0; i < left_out_.size() && i < kShownLeftOut; ++i) {
    gap += (i == 0 ? " " : "; ") + left_out_[i];
  }
  return gap;
}

}  // namespace om::report::detail
