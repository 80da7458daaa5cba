// One research run's document handling: local inputs, crawling, packages, and the store.
#pragma once

#include <iosfwd>
#include <string>
#include <unordered_set>
#include <vector>

#include "app/cli.h"
#include "crawler/crawler.h"
#include "store/store.h"
#include "store/write_queue.h"

namespace om::app {

/// What happened to the documents of one run.
struct RunState {
  store::Repository& repo;
  const ResearchOptions& options;
  std::ostream& err;
  std::vector<std::string> urls;            // documents of this run, in order
  std::unordered_set<std::string> url_set;  // the same, for membership
  /// While crawling: saves and touches go through this queue (written in batches).
  store::WriteQueue* queue = nullptr;
  int failed = 0;
  int ok = 0;
  int reused = 0;
};

/// Reads local inputs now (extracting and storing them); returns the remote ones as crawl seeds.
/// Package ids (npm:, pypi:) are fetched from their registry, or answered from the cache.
std::vector<crawler::Seed> read_inputs(RunState& st, const std::vector<std::string>& inputs,
                                       const char* flag);
/// Fetches remote seeds with the crawler (or, offline or fresh, from the cache). `docs` crawls
/// links and probes well-known spec paths; `max_depth` < 0 keeps the crawler's default.
void crawl_remote(RunState& st, const std::vector<crawler::Seed>& seeds,
                  const std::vector<std::string>& allowed_hosts, bool docs, int max_depth = -1);
/// One SDK or spec package (npm:<name>[@<ver>], pypi:<name>[==<ver>]).
void read_package(RunState& st, const std::string& id, const std::string& found_via);

}  // namespace om::app
