// The research command: inputs -> extract -> store -> report (lookup and search: lookup.cpp).
#include "app/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/checkout_run.h"
#include "app/inputs.h"
#include "app/research_run.h"
#include "app/run_steps.h"
#include "config/catalog.h"
#include "core/findings_json.h"
#include "core/hash.h"
#include "core/text.h"
#include "crawler/crawler.h"
#include "extract/extract.h"
#include "report/report.h"
#include "store/store.h"

namespace om::app {
namespace fs = std::filesystem;
namespace {

/// Stored facts (of documents other than specs) the report keeps from its first pass over the
/// cache to its second: a source within it is read once, a bigger crawl twice, never all at once.
constexpr std::size_t kKeptFactsBytes = std::size_t{1} << 20;

}  // namespace

// The facts are merged as they are read, in two passes over the cache (report::Merger): a crawl's
// thousands of pages are never all in memory at once.
Result<Research> assemble(store::Repository& repo, const SourceId& source,
                          const std::vector<std::string>& urls, const std::string& service_type) {
  const std::set<std::string> wanted(urls.begin(), urls.end());
  auto is_wanted = [&wanted](const DocumentRecord& d) {
    return wanted.empty() || wanted.count(d.url) != 0;
  };
  Research research;
  report::Merger merger(kKeptFactsBytes);
  Status read = repo.load_each(
      source, 2,
      [&](int pass, store::StoredFindings&& s) {
        if (!is_wanted(s.record)) {
          return Status(Ok{});
        }
        if (pass == 0) {
          merger.survey(s.findings, s.facts_bytes);
        } else {
          research.documents.push_back(std::move(s.record));
          merger.add(std::move(s.findings));
        }
        return Status(Ok{});
      },
      [&](int pass, const DocumentRecord& d) {
        return is_wanted(d) && (pass == 0 || merger.wants_next());  // not what survey() kept
      });
  if (!read) {
    return read.error();
  }
  research.findings = merger.finish();
  research.source.name = source;
  research.source.display_name = source;
  research.source.service_type = service_type;
  research.source.generated_at = Clock::now();
  report::map_to_openmetadata(research);
  return research;
}

namespace {

/// DESIGN.md: --context, else ingestion/src/metadata/ingestion/source/*/<name>/ (under the
/// checkout when the run is in one, else under the working directory), else ./.
std::string context_path(const ResearchOptions& o, const std::optional<fs::path>& checkout) {
  if (!o.context_path.empty()) {
    return o.context_path;
  }
  fs::path root = checkout ? *checkout / "ingestion/src/metadata/ingestion/source"
                           : fs::path("ingestion/src/metadata/ingestion/source");
  std::error_code ec;
  if (fs::is_directory(root, ec)) {
    for (const auto& type_dir : fs::directory_iterator(root, ec)) {
      fs::path candidate = type_dir.path() / o.source / "CONNECTOR_CONTEXT.md";
      if (fs::exists(candidate, ec)) {
        return candidate.string();
      }
    }
  }
  return "CONNECTOR_CONTEXT.md";
}

/// Splices the research's brief into the file at `path`; `research` is rendered without a copy.
Status write_context(Research&& research, const std::string& path) {
  std::string existing;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return Error{ErrorCode::kStorage, "cannot read " + path};
    }
    existing = ss.str();
  }
  // Issue #23: an empty or missing Docker Image / Docker Port bullet of the profile is filled.
  const report::DockerProfile docker = report::docker_profile(research);
  auto spliced =
      report::splice_research_section(existing, report::render_markdown(std::move(research)));
  if (!spliced.ok()) {
    return Error{spliced.error().code, path + ": " + spliced.error().message};
  }
  spliced.value() = report::fill_docker_profile(spliced.value(), docker.image, docker.port);
  if (spliced.value() == existing) {
    return Ok{};
  }
  return report::write_file_atomically(path, spliced.value());
}

Result<store::Repository> open_repo(const std::string& db_flag, std::ostream& err) {
  auto repo = store::Repository::open(default_db_path(db_flag));
  if (!repo.ok()) {
    err << "om-research: " << repo.error().message << '\n';
  }
  return repo;
}

}  // namespace

namespace {

std::string closest_names(const config::Catalog& catalog, const std::string& name) {
  std::string text;
  for (const auto& n : catalog.closest(name)) {
    text += (text.empty() ? "" : ", ") + n;
  }
  return text;
}

/// Exit 3's explanation: nothing read for the source (and, for a name the catalog does not know,
/// the nearest names), the summary when anything was tried, and the JSON when asked for.
void report_nothing_found(const RunState& st, const config::Catalog& catalog, bool unknown_name,
                          const Research& r, std::ostream& out) {
  st.err << "om-research: nothing could be read or found in the cache for '" << st.options.source
         << "'";
  if (unknown_name) {
    std::string near = closest_names(catalog, st.options.source);
    st.err << ": it is not in the catalog" << (near.empty() ? "" : " (closest: " + near + ")")
           << "; give --spec, --docs or --sdk";
  }
  st.err << '\n';
  if (st.ok + st.failed > 0) {
    st.err << "om-research: " << summary_line(st) << '\n';
  }
  if (st.options.json) {
    out << report::research_json(r).dump(2) << '\n';
  }
}

using RunClock = std::chrono::steady_clock;

/// The run's time budget (--max-time; kCatalogMaxTime for a catalog run by default) joins its
/// stop condition. Returns the deadline (max() for none).
RunClock::time_point apply_budget(ResearchOptions& options, bool catalog_run) {
  const double budget = options.max_time_seconds >= 0 ? options.max_time_seconds
                        : catalog_run                 ? kCatalogMaxTime
                                                      : 0;
  if (budget <= 0) {
    return RunClock::time_point::max();
  }
  options.max_time_seconds = budget;
  const auto deadline =
      RunClock::now() + std::chrono::milliseconds(static_cast<long long>(budget * 1000));
  options.should_stop = [outer = options.should_stop, deadline] {
    return (outer && outer()) || RunClock::now() >= deadline;
  };
  return deadline;
}

/// A run stopped before it finished says so in the research's gaps (the brief and the JSON).
bool mark_if_stopped(RunState& st, Research& r, RunClock::time_point deadline) {
  if (!stopping(st)) {
    return false;
  }
  char budget[32];
  std::snprintf(budget, sizeof budget, "%g", st.options.max_time_seconds);
  const std::string why = RunClock::now() >= deadline
                              ? "its --max-time of " + std::string(budget) + " s ran out"
                              : "it was interrupted (SIGINT or SIGTERM, or a cancelled call)";
  r.findings.gaps.push_back("partial research: the run stopped before it finished, because " + why +
                            "; re-running completes it (what was read is cached)");
  note(st, "stopped early: " + why + "; writing what was gathered");
  return true;
}

/// The crawl and the extraction workers free what they held before the report is built, but
/// glibc keeps it resident in their heaps (the workers' arenas, and below live allocations),
/// where the report's allocations on this thread do not reuse it. malloc_trim() hands back the
/// free pages it can (glibc only; elsewhere a no-op).
void return_freed_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

/// Writes the Research JSON (--json) and the brief (unless --no-context); the last use of `r`
/// sorts and writes it without a copy. False, said on `err`, when the brief was not written.
bool write_outputs(Research&& r, const ResearchOptions& options,
                   const std::optional<fs::path>& checkout, std::ostream& out, std::ostream& err) {
  if (options.no_context) {
    if (options.json) {
      report::write_research_json(std::move(r), out);
      out << '\n';
    }
    return true;
  }
  if (options.json) {
    report::write_research_json(r, out);
    out << '\n';
  }
  std::string path = context_path(options, checkout);
  if (auto w = write_context(std::move(r), path); !w.ok()) {
    err << "om-research: " << w.error().message << '\n';
    return false;
  }
  err << "om-research: research section written to " << path << '\n';
  return true;
}

}  // namespace

ExitCode run_research(const ResearchOptions& given, std::ostream& out, std::ostream& err) {
  auto catalog = config::load_default(given.catalog_path);
  if (!catalog.ok()) {
    err << "om-research: " << catalog.error().message << '\n';
    return ExitCode::kUsage;
  }
  const config::CatalogEntry* entry = catalog.value().find(given.source);
  ResearchOptions options = given;
  if (entry != nullptr) {
    options.source = entry->name;  // aliases share one cache key
    if (options.service_type.empty()) {
      options.service_type = entry->service_type;
    }
  }
  const bool no_inputs = options.specs.empty() && options.docs.empty() && options.sdks.empty();
  const auto deadline = apply_budget(options, no_inputs && entry != nullptr);
  auto repo = open_repo(options.db_path, err);
  if (!repo.ok()) {
    return ExitCode::kUsage;
  }
  RunState st{.repo = repo.value(), .options = options, .err = err};
  auto spec_seeds = read_inputs(st, options.specs, "--spec");
  auto docs_seeds = read_inputs(st, options.docs, "--docs");
  read_inputs(st, options.sdks, "--sdk");
  crawl_remote(st, spec_seeds, {}, false);
  crawl_remote(st, docs_seeds, {}, true);
  if (no_inputs && entry != nullptr) {
    research_from_catalog(st, *entry);
  }
  reextract_stale_facts(st);
  return_freed_memory();
  auto research = assemble(repo.value(), options.source, st.urls, options.service_type);
  if (!research.ok()) {
    err << "om-research: " << research.error().message << '\n';
    return ExitCode::kNothing;
  }
  Research& r = research.value();
  if (entry != nullptr) {
    r.source.display_name = entry->display_name;
  }
  const auto checkout = locate_checkout(options, err);
  add_checkout_facts(r, entry, checkout, err);
  r.source.from_cache = (no_inputs && entry == nullptr) || (st.reused == st.ok && st.ok > 0);
  const bool stopped = mark_if_stopped(st, r, deadline);
  if (r.documents.empty() || (st.ok == 0 && !(no_inputs && entry == nullptr))) {
    report_nothing_found(st, catalog.value(), no_inputs && entry == nullptr, r, out);
    return ExitCode::kNothing;
  }
  if (!write_outputs(std::move(r), options, checkout, out, err)) {
    return ExitCode::kUsage;
  }
  err << "om-research: " << summary_line(st) << '\n';
  return st.failed > 0 || stopped ? ExitCode::kPartial : ExitCode::kWritten;
}

}  // namespace om::app
