// The command line of DESIGN.md ("Command-line contract"), parsed into plain options.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace om::app {

enum class Command { kResearch, kLookup, kSearch, kSources, kMcp };

struct ResearchOptions {
  std::string source;
  std::vector<std::string> specs, docs, sdks;
  std::string service_type;
  std::string context_path;   // "" = default location
  std::string checkout_path;  // --checkout: an OpenMetadata checkout; "" = found by walking up
  bool no_context = false;
  bool json = false;
  bool offline = false;
  bool refresh = false;
  bool allow_private = false;
  std::string db_path;  // "" = default
  std::string catalog_path;
  int max_pages = 200;
  int concurrency = 8;
  double timeout_seconds = 30;
  int crawl_delay_ms = -1;  // -1 = the crawler default (1 s per host)
  /// --max-time: the whole run's budget in seconds; then it stops fetching and writes what it
  /// gathered, marked partial. < 0 = the default (kCatalogMaxTime for a catalog run, else
  /// none); 0 = no limit.
  double max_time_seconds = -1;
  /// Set by `om-research mcp` (a cancelled call, max_seconds): polled by the crawl and between
  /// steps; true stops the run, which then reports what it gathered. Empty = never.
  std::function<bool()> should_stop;
  /// Set by `om-research mcp`: the current step and the crawl's counts, for progress reports.
  std::function<void(const std::string& step, std::uint64_t done, std::uint64_t queued)>
      on_progress;
};

/// The --max-time a catalog run (--source with no other input) gets unless one is given.
inline constexpr double kCatalogMaxTime = 900;

struct CliOptions {
  Command command = Command::kResearch;
  ResearchOptions research;
  std::string topic = "all";  // lookup
  std::string words;          // search
  int limit = 10;             // search
  std::string sources_name;   // sources [name]
};

/// DESIGN.md's exit codes; converted to a number only where the process exits.
enum class ExitCode : int {
  kWritten = 0,  // research written (or the command answered)
  kPartial = 1,  // some documents failed, or the run was stopped early
  kUsage = 2,    // a usage or configuration error
  kNothing = 3,  // nothing could be read or found in the cache
};

/// Parsed options, or an exit code to return right away (help/version printed, usage error).
struct ParsedCli {
  std::optional<CliOptions> options;
  ExitCode exit_code = ExitCode::kWritten;
};

[[nodiscard]] ParsedCli parse_cli(int argc, char** argv);

/// The cache path: --db, else $OM_RESEARCH_DB, else $XDG_CACHE_HOME/om-research/knowledge.db,
/// else ~/.cache/om-research/knowledge.db.
[[nodiscard]] std::string default_db_path(const std::string& flag_value);

}  // namespace om::app
