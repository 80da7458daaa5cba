// One deterministic order for every list of a Research (DESIGN.md: "Lists are sorted
// deterministically ... so output is diff-able"), document rows for cited URLs, UTC times.
#include "report/detail/ordering.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/text.h"

namespace om::report::detail {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += s;
    out += '\x1f';
  }
  return out;
}

void sort_evidence(EvidenceList& ev) {
  std::sort(ev.begin(), ev.end(), [](const Evidence& a, const Evidence& b) {
    return std::tie(a.url, a.locator, a.quote) < std::tie(b.url, b.locator, b.quote);
  });
  ev.erase(std::unique(ev.begin(), ev.end(),
                       [](const Evidence& a, const Evidence& b) {
                         return a.url == b.url && a.locator == b.locator && a.quote == b.quote;
                       }),
           ev.end());
}

// "GET /a/b" sorts by path, then method. Keys are views: no string is made per comparison.
void sort_endpoint_strings(std::vector<std::string>& v) {
  auto key = [](const std::string& s) {
    std::string_view all(s);
    std::size_t sp = all.find(' ');
    return sp == std::string_view::npos ? std::make_pair(all, std::string_view())
                                        : std::make_pair(all.substr(sp + 1), all.substr(0, sp));
  };
  std::sort(v.begin(), v.end(),
            [&key](const std::string& a, const std::string& b) { return key(a) < key(b); });
}

template <class T>
void sort_each_evidence(std::vector<T>& facts) {
  for (auto& x : facts) {
    sort_evidence(x.evidence);
  }
}

// A stable sort by key(x), each key made once and the facts moved once (a list of 50,000
// entities was otherwise moved about n log n times, and a pagination's joined endpoints were
// made again for every comparison).
template <class T, class Key>
void sort_by(std::vector<T>& v, Key key) {
  using K = decltype(key(v.front()));
  std::vector<K> keys;
  keys.reserve(v.size());
  std::vector<std::size_t> order(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    keys.push_back(key(v[i]));
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&keys](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<T> sorted;
  sorted.reserve(v.size());
  for (std::size_t i : order) {
    sorted.push_back(std::move(v[i]));
  }
  v = std::move(sorted);
}

void sort_findings(Findings& f) {
  sort_each_evidence(f.base_urls);
  sort_each_evidence(f.api_versions);
  sort_each_evidence(f.auth);
  sort_each_evidence(f.pagination);
  sort_each_evidence(f.entities);
  sort_each_evidence(f.rate_limits);
  sort_each_evidence(f.sdks);
  sort_each_evidence(f.conflicts);
  sort_each_evidence(f.test_images);
  sort_each_evidence(f.sql_urls);
  for (auto& x : f.pagination) {
    sort_endpoint_strings(x.endpoints);
  }
  sort_by(f.base_urls, [](const BaseUrl& x) { return std::tie(x.url, x.description); });
  // By the place's text, not the enum's order: the order the output always had.
  sort_by(f.api_versions, [](const ApiVersion& x) {
    return std::make_tuple(std::string_view(x.version), std::string_view(to_string(x.via)),
                           std::string_view(x.name));
  });
  // By the type's text, not the enum's order: the order the output always had.
  sort_by(f.auth, [](const AuthMethod& x) {
    return std::make_tuple(auth_type_text(x), std::string_view(x.name), auth_in_text(x),
                           std::string_view(x.scheme));
  });
  sort_by(f.pagination, [](const Pagination& x) {
    return std::make_tuple(std::string_view(to_string(x.style)), join(x.request_params),
                           join(x.endpoints));
  });
  sort_by(f.entities, [](const Entity& x) {
    return std::tie(x.list.path, x.list.method, x.get.path, x.get.method, x.name);
  });
  sort_by(f.endpoints, [](const Endpoint& x) { return std::tie(x.path, x.method); });
  sort_by(f.rate_limits, [](const RateLimit& x) {
    return std::make_tuple(x.limit.value_or(-1), x.window_seconds.value_or(-1), x.scope, x.text);
  });
  sort_by(f.sdks, [](const Sdk& x) {
    return std::make_tuple(std::string_view(to_string(x.ecosystem)), std::string_view(x.name),
                           std::string_view(x.version));
  });
  sort_by(f.conflicts, [](const Conflict& x) { return std::tie(x.topic, x.detail); });
  sort_by(f.test_images, [](const TestImage& x) {
    return std::make_tuple(std::string_view(x.image), std::string_view(to_string(x.via)));
  });
  sort_by(f.sql_urls, [](const SqlAlchemyUrl& x) { return std::tie(x.scheme, x.port); });
  std::sort(f.gaps.begin(), f.gaps.end());
  f.gaps.erase(std::unique(f.gaps.begin(), f.gaps.end()), f.gaps.end());
  // A schema's fields keep the extractor's order (sorted by field there); schemas by document.
  sort_by(f.graphql, [](const GraphqlSchema& x) { return std::tie(x.document, x.query_type); });
}

template <class T>
void collect_urls(const std::vector<T>& facts, std::set<std::string>& urls) {
  for (const auto& x : facts) {
    for (const auto& e : x.evidence) {
      urls.insert(e.url);
    }
  }
}

std::set<std::string> evidence_urls(const Findings& f) {
  std::set<std::string> urls;
  collect_urls(f.base_urls, urls);
  collect_urls(f.api_versions, urls);
  collect_urls(f.auth, urls);
  collect_urls(f.pagination, urls);
  collect_urls(f.entities, urls);
  collect_urls(f.rate_limits, urls);
  collect_urls(f.sdks, urls);
  collect_urls(f.conflicts, urls);
  collect_urls(f.test_images, urls);
  collect_urls(f.sql_urls, urls);
  collect_urls(f.graphql, urls);
  for (const auto& g : f.graphql) {
    collect_urls(g.root_fields, urls);
    collect_urls(g.connection_fields, urls);
  }
  return urls;
}

}  // namespace

std::string url_match_key(std::string_view url) {
  std::string s(trim(url));
  std::size_t hash = s.find('#');
  if (hash != std::string::npos) {
    s.resize(hash);
  }
  std::size_t scheme_end = s.find("://");
  if (scheme_end != std::string::npos) {
    std::size_t host_end = s.find_first_of("/?", scheme_end + 3);
    if (host_end == std::string::npos) {
      host_end = s.size();
    }
    std::string head = to_lower(s.substr(0, host_end));
    std::string_view port = head.starts_with("https://") ? ":443" : ":80";
    if (head.ends_with(port)) {
      head.resize(head.size() - port.size());
    }
    s = head + s.substr(host_end);
  }
  while (s.size() > 1 && s.back() == '/' && !s.ends_with("://")) {
    s.pop_back();
  }
  return s;
}

Research sorted_research(Research research) {
  Research r = std::move(research);
  sort_findings(r.findings);
  std::set<std::string> known;
  for (const auto& d : r.documents) {
    known.insert(d.url);
  }
  DocIndex index(r.documents);
  for (const auto& url : evidence_urls(r.findings)) {
    if (index.find(url) < 0 && known.insert(url).second) {
      DocumentRecord d;
      d.url = url;
      r.documents.push_back(d);
    }
  }
  std::stable_sort(r.documents.begin(), r.documents.end(),
                   [](const DocumentRecord& a, const DocumentRecord& b) { return a.url < b.url; });
  return r;
}

DocIndex::DocIndex(const std::vector<DocumentRecord>& documents) {
  for (std::size_t i = 0; i < documents.size(); ++i) {
    exact_.emplace(documents[i].url, static_cast<int>(i));
    normalized_.emplace(url_match_key(documents[i].url), static_cast<int>(i));
  }
}

int DocIndex::find(const std::string& url) const {
  auto it = exact_.find(url);
  if (it != exact_.end()) {
    return it->second;
  }
  it = normalized_.find(url_match_key(url));
  return it == normalized_.end() ? -1 : it->second;
}

std::string iso8601_utc(Clock::time_point t) {
  using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar types
  if (t.time_since_epoch().count() == 0) {
    return {};
  }
  auto secs = floor<seconds>(t);
  auto day = floor<days>(secs);
  year_month_day ymd{day};
  hh_mm_ss hms{secs - day};
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf.data();
}

}  // namespace om::report::detail
