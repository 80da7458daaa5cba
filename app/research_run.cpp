// Documents of one research run: local files, crawled pages and specs, registry packages; each
// extracted once and stored (a cache hit with the same bytes costs no re-extraction).
#include "app/research_run.h"

#include <algorithm>
#include <optional>
#include <set>

#include "app/inputs.h"
#include "app/packages.h"
#include "app/run_steps.h"
#include "app/store_sink.h"
#include "core/url_text.h"

namespace om::app {
namespace {

/// A remote URL or package with --offline, or before the crawler is wired: the cache or a
/// recorded failure.
void from_cache_only(RunState& st, const std::string& url, const std::string& why_missing) {
  if (good_copy(st, url)) {
    ++st.ok;
    ++st.reused;
    remember(st, url);
    return;
  }
  record_failure(st, url, why_missing, {FetchFailure::kNotCached, 0});
}

/// --offline: the seeds and, for a docs crawl, everything cached from their hosts (the pages
/// the last crawl followed) answer from the cache.
void answer_offline(RunState& st, const std::vector<crawler::Seed>& seeds, bool docs) {
  std::set<std::string> hosts;
  for (const auto& s : seeds) {
    hosts.insert(host_of_url(s.url));
    from_cache_only(st, s.url, "--offline: " + s.url + " is not in the cache");
  }
  if (!docs) {
    return;
  }
  if (auto docs_of = st.repo.documents(st.options.source); docs_of.ok()) {
    for (const auto& d : docs_of.value()) {
      if (hosts.count(host_of_url(d.url)) && d.error.empty() && !is_robots(d.url)) {
        remember(st, d.url);
      }
    }
  }
}

/// The crawl's options from the run's (probing the well-known paths is the caller's choice).
crawler::CrawlOptions crawl_options(const RunState& st,
                                    const std::vector<std::string>& allowed_hosts, bool docs,
                                    int max_depth) {
  crawler::CrawlOptions options;
  options.source = st.options.source;
  options.allowed_hosts = allowed_hosts;
  options.max_pages = st.options.max_pages;
  options.max_concurrency = st.options.concurrency;
  options.timeout = std::chrono::milliseconds(static_cast<long>(st.options.timeout_seconds * 1000));
  options.allow_private = st.options.allow_private;
  options.revalidate = st.options.refresh;
  options.follow_links = docs;
  if (max_depth >= 0) {
    options.max_depth = max_depth;
  }
  if (st.options.crawl_delay_ms >= 0) {
    options.delay = std::chrono::milliseconds(st.options.crawl_delay_ms);
  }
  options.progress = crawler::stderr_progress();
  options.should_stop = st.options.should_stop;
  if (st.options.on_progress) {
    std::string step = docs ? "crawling docs" : "fetching specs";
    options.progress = [printer = std::move(options.progress), report = st.options.on_progress,
                        step](const crawler::CrawlStats& s, bool final) {
      printer(s, final);
      report(step, s.pages_done, s.queued);
    };
  }
  return options;
}

}  // namespace

namespace {

/// A failure's group in the summary line.
std::string failure_label(const RunState::Failure& f) {
  switch (f.kind) {
    case FetchFailure::kDns:
      return "DNS";
    case FetchFailure::kRefusedAddress:
      return "refused address";
    case FetchFailure::kHttpStatus:
      return f.http_status > 0 ? "HTTP " + std::to_string(f.http_status) : "HTTP status";
    case FetchFailure::kTooLarge:
      return "too large";
    case FetchFailure::kTimeout:
      return "timeout";
    case FetchFailure::kUnreadable:
      return "unreadable";
    case FetchFailure::kNotCached:
      return "not cached (--offline)";
    case FetchFailure::kRobots:
      return "robots.txt";
    case FetchFailure::kOffScope:
      return "off-scope";
    case FetchFailure::kNone:
    case FetchFailure::kNetwork:
      break;
  }
  return "network";
}

}  // namespace

bool stopping(const RunState& st) {
  return st.options.should_stop && st.options.should_stop();
}

std::string summary_line(const RunState& st) {
  std::string line = std::to_string(st.ok - st.reused) + " document(s) read, " +
                     std::to_string(st.reused) + " unchanged in cache";
  const int skipped = st.skipped_robots + st.skipped_off_scope;
  line += ", " + std::to_string(skipped) + " skipped";
  if (skipped > 0) {
    line += " (" + std::to_string(st.skipped_robots) + " by robots.txt, " +
            std::to_string(st.skipped_off_scope) + " off-scope)";
  }
  line += ", " + std::to_string(st.failed) + " failed";
  std::map<std::string, int> groups;
  for (const auto& [url, f] : st.failures) {
    ++groups[failure_label(f)];
  }
  std::string why;
  for (const auto& [label, n] : groups) {
    why += (why.empty() ? "" : ", ") + label + " " + std::to_string(n);
  }
  return why.empty() ? line : line + " (" + why + ")";
}

/// Fetches the remote --spec/--docs inputs with the crawler (or, offline, from the cache).
void crawl_remote(RunState& st, const std::vector<crawler::Seed>& seeds,
                  const std::vector<std::string>& allowed_hosts, bool docs, int max_depth) {
  if (seeds.empty() || stopping(st)) {
    return;
  }
  if (st.options.offline) {
    answer_offline(st, seeds, docs);
    return;
  }
  // Inside the freshness window a re-run requests nothing that is cached (DESIGN.md "Knowledge
  // cache"): the crawler walks the cached pages' links and fetches only what an interrupted or
  // bounded earlier crawl did not reach. Well-known spec paths were probed by the first crawl.
  const bool all_fresh = std::all_of(seeds.begin(), seeds.end(), [&st](const crawler::Seed& s) {
    auto copy = good_copy(st, s.url);
    return copy && fresh_enough(st, copy->record);
  });
  crawler::CrawlOptions options = crawl_options(st, allowed_hosts, docs, max_depth);
  options.probe_well_known = docs && !all_fresh;
  StoreSink sink(st);
  // Pages are written in batches (one transaction per 64 documents, 4 MiB or 250 ms, and
  // whenever the crawl is idle) by a writer thread, while the crawl goes on; a commit per page
  // on the crawler's thread rewrote the index pages every time and stalled the transfers.
  Result<crawler::CrawlStats> stats = crawler::CrawlStats{};
  with_queued_writes(st, [&] {
    // The crawl reads what earlier runs stored (kept links, robots.txt) while the writer
    // commits: one snapshot per 256 reads (Repository::hold_reads), released before the
    // results are read.
    const auto held = st.repo.hold_reads();
    stats = crawler::crawl(sink.seeds(seeds, docs), options, sink);
    sink.finish();
  });
  if (!stats.ok()) {
    note(st, stats.error().message);
    ++st.failed;
  }
}

/// Reads local inputs now; returns the remote ones as crawl seeds.
std::vector<crawler::Seed> read_inputs(RunState& st, const std::vector<std::string>& inputs,
                                       const char* flag) {
  std::vector<crawler::Seed> seeds;
  const bool sdk = std::string_view(flag) == "--sdk";
  const FoundVia via{ViaKind::kCommandLine, flag};
  for (const auto& input : inputs) {
    if (is_remote(input) && sdk) {
      read_archive_url(st, input, via);
      continue;
    }
    if (is_remote(input)) {
      seeds.push_back({input, via});
      continue;
    }
    if (is_package_id(input)) {
      read_package(st, input, via, sdk ? PackageRole::kSdk : PackageRole::kSpec);
      continue;
    }
    auto docs = read_local(input, st.options.source, via);
    if (!docs.ok()) {
      record_failure(st, input, docs.error().message);
      continue;
    }
    if (docs.value().size() == 1) {
      extract_and_store(st, std::move(docs.value().front()));
      continue;
    }
    // A folder: its documents are written in batches, as a crawl's are, instead of one
    // transaction each on this thread.
    with_queued_writes(st, [&] { extract_and_store_all(st, std::move(docs.value())); });
  }
  return seeds;
}

}  // namespace om::app
