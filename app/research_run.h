// One research run's document handling: local inputs, crawling, packages, and the store.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "app/cli.h"
#include "app/packages.h"
#include "config/catalog.h"
#include "crawler/crawler.h"
#include "store/store.h"
#include "store/write_queue.h"

namespace om::app {

/// What happened to the documents of one run.
struct RunState {
  /// One counted failure: why, grouped for the run's summary line.
  struct Failure {
    FetchFailure kind = FetchFailure::kNetwork;
    int http_status = 0;
  };
  store::Repository& repo;
  const ResearchOptions& options;
  std::ostream& err;
  std::vector<std::string> urls{};            // documents of this run, in order
  std::unordered_set<std::string> url_set{};  // the same, for membership
  /// While crawling: saves and touches go through this queue (written in batches).
  store::WriteQueue* queue = nullptr;
  int failed = 0;
  int ok = 0;
  int reused = 0;
  /// Links not fetched on purpose: disallowed by robots.txt, or redirected off the scope.
  int skipped_robots = 0;
  int skipped_off_scope = 0;
  /// Failures by URL (a catalog alternative that another one replaced is taken back).
  std::map<std::string, Failure> failures{};
  /// Package registries as the user configured them (env, .npmrc, pip.conf), read when the run
  /// first fetches a package.
  std::optional<packages::Registries> registries{};
};

/// How a package is read: as an SDK (its code, and any spec inside it), or as an API description
/// (one spec file of it: the path given, else the one its evidence names).
enum class PackageRole { kSdk, kSpec };

/// Whether the run was asked to stop (ResearchOptions::should_stop): later steps are skipped.
[[nodiscard]] bool stopping(const RunState& st);

/// Reads local inputs now (extracting and storing them); returns the remote ones as crawl seeds.
/// Package ids (npm:, pypi:) are fetched from their registry, or answered from the cache.
std::vector<crawler::Seed> read_inputs(RunState& st, const std::vector<std::string>& inputs,
                                       const char* flag);
/// Fetches remote seeds with the crawler (or, offline or fresh, from the cache). `docs` crawls
/// links and probes well-known spec paths; `max_depth` < 0 keeps the crawler's default.
void crawl_remote(RunState& st, const std::vector<crawler::Seed>& seeds,
                  const std::vector<std::string>& allowed_hosts, bool docs, int max_depth = -1);
/// One SDK or spec package (npm:<name>[@<ver>][#<path>], pypi:<name>[==<ver>]). True when it
/// was read or answered from the cache without a failure.
bool read_package(RunState& st, const std::string& id, const FoundVia& found_via, PackageRole role);
/// Whether the cache holds a good copy of the package (or its file) that needs no request: a
/// pinned version, or one inside the freshness window.
bool has_fresh_copy(RunState& st, const std::string& id, PackageRole role);
/// An SDK archive by URL (--sdk https://.../pkg.tgz): fetched and read like a package.
void read_archive_url(RunState& st, const std::string& url, const FoundVia& found_via);
/// Seeds and packages from a catalog entry, for `--source <name>` with no other input: specs
/// first (config::spec_groups: the first readable alternative of each), then docs (roots and the
/// pages they link to), then SDKs.
void research_from_catalog(RunState& st, const config::CatalogEntry& entry);
/// The run's one summary line: read, unchanged, skipped (robots / off-scope), failed by kind.
std::string summary_line(const RunState& st);
/// Loads the stored findings of `urls` (all of the source when empty) and builds the Research
/// (mapped onto OpenMetadata), for the report of a run and for `lookup`.
Result<Research> assemble(store::Repository& repo, const SourceId& source,
                          const std::vector<std::string>& urls, const std::string& service_type);

}  // namespace om::app
