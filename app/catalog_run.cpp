// A catalog entry's inputs: its specs (one API description per group of alternatives), its docs
// roots and its SDK packages.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "app/research_run.h"
#include "app/run_steps.h"

namespace om::app {
namespace {

/// The failures recorded since `before` (a copy of st.failures' keys).
std::vector<std::string> new_failures(const RunState& st, const std::set<std::string>& before) {
  std::vector<std::string> out;
  for (const auto& [url, f] : st.failures) {
    if (before.count(url) == 0) {
      out.push_back(url);
    }
  }
  return out;
}

/// A spec location as an input: its URL, or its package id with "#<path>".
std::string input_of(const config::Location& loc) {
  return !loc.url.empty() ? loc.url : loc.package + (loc.path.empty() ? "" : "#" + loc.path);
}

/// Whether `loc` has a good cached copy inside the freshness window (a pinned package's file at
/// any age): reading it makes no request.
bool answered_by_cache(RunState& st, const config::Location& loc) {
  if (st.options.refresh) {
    return false;
  }
  if (loc.url.empty()) {
    return has_fresh_copy(st, input_of(loc), PackageRole::kSpec);
  }
  auto copy = good_copy(st, loc.url);
  return copy && fresh_enough(st, copy->record);
}

std::set<std::string> failure_keys(const RunState& st) {
  std::set<std::string> keys;
  for (const auto& [url, f] : st.failures) {
    keys.insert(url);
  }
  return keys;
}

/// The catalog's specs, one API description per group (config::spec_groups): in round r each
/// group not yet read tries its r-th alternative (the URLs of a round in one crawl). A group
/// that is read takes back its earlier alternatives' failures: a mirror that could not be
/// reached while its copy was read is not a failure of the run.
void read_catalog_specs(RunState& st, const config::CatalogEntry& entry) {
  auto groups = config::spec_groups(entry);
  for (auto& group : groups) {  // a copy the cache can answer goes first: no request at all
    auto fresh = std::find_if(group.begin(), group.end(), [&st](const config::Location* loc) {
      return answered_by_cache(st, *loc);
    });
    std::rotate(group.begin(), fresh, fresh == group.end() ? fresh : std::next(fresh));
  }
  std::vector<std::vector<std::string>> failed(groups.size());
  std::vector<bool> done(groups.size(), false);
  auto settle = [&](std::size_t g, const config::Location& loc, std::vector<std::string> keys) {
    if (keys.empty()) {
      done[g] = true;
      for (const auto& key : failed[g]) {
        forget_failure(st, key);
      }
      if (!failed[g].empty()) {
        note(st, "read the catalog's alternative " + input_of(loc) + " instead");
      }
      return;
    }
    failed[g].insert(failed[g].end(), keys.begin(), keys.end());
  };
  for (std::size_t round = 0;; ++round) {
    std::vector<crawler::Seed> seeds;
    std::vector<std::size_t> crawled;
    bool tried = false;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (done[g] || round >= groups[g].size()) {
        continue;
      }
      tried = true;
      const config::Location& loc = *groups[g][round];
      if (!loc.url.empty()) {
        seeds.push_back({loc.url, {ViaKind::kCatalog}});
        crawled.push_back(g);
        continue;
      }
      const auto before = failure_keys(st);
      read_package(st, input_of(loc), {ViaKind::kCatalog, "(spec package)"}, PackageRole::kSpec);
      settle(g, loc, new_failures(st, before));
    }
    if (!tried) {
      return;
    }
    crawl_remote(st, seeds, entry.allowed_hosts, false);
    for (std::size_t g : crawled) {
      const std::string& url = groups[g][round]->url;
      const bool read = st.url_set.count(url) > 0 && st.failures.count(url) == 0;
      settle(g, *groups[g][round], read ? std::vector<std::string>{} : std::vector{url});
    }
  }
}

}  // namespace

/// Seeds and packages from the catalog entry, for `--source <name>` with no other input:
/// specs first, then docs (roots and the pages they link to), then SDKs.
void research_from_catalog(RunState& st, const config::CatalogEntry& entry) {
  read_catalog_specs(st, entry);
  std::vector<crawler::Seed> docs_seeds;
  for (const auto& d : entry.docs) {
    docs_seeds.push_back({d.url, {ViaKind::kCatalog}});
  }
  crawl_remote(st, docs_seeds, entry.allowed_hosts, true, /*max_depth=*/1);
  for (const auto& sdk : entry.sdks) {
    read_package(st, sdk.package, {ViaKind::kCatalog, "(SDK)"}, PackageRole::kSdk);
  }
}

}  // namespace om::app
