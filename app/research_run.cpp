// Documents of one research run: local files, crawled pages and specs, registry packages; each
// extracted once and stored (a cache hit with the same bytes costs no re-extraction).
#include "app/research_run.h"

#include <algorithm>
#include <future>
#include <iostream>
#include <optional>
#include <set>

#include "app/inputs.h"
#include "app/packages.h"
#include "core/hash.h"
#include "core/text.h"
#include "extract/extract.h"

namespace om::app {
namespace {

void note(RunState& st, const std::string& line) {
  st.err << "om-research: " << line << '\n';
}

void remember(RunState& st, const std::string& url) {
  if (st.url_set.insert(url).second) {
    st.urls.push_back(url);
  }
}

/// Marks (source, url) as fetched again now; through the crawl's write queue when there is one.
void touch(RunState& st, const std::string& url, Clock::time_point fetched_at) {
  if (st.queue != nullptr) {
    st.queue->touch(st.options.source, url, fetched_at);
  } else if (auto t = st.repo.touch(st.options.source, url, fetched_at); !t.ok()) {
    note(st, t.error().message);
  }
}

/// Records a failure that has no document body (unreadable input, offline miss).
void record_failure(RunState& st, const std::string& url, const std::string& why) {
  note(st, why);
  ++st.failed;
  FetchedDocument doc;
  doc.source = st.options.source;
  doc.url = url;
  doc.error = why;
  doc.fetched_at = Clock::now();
  // Never replace a good cached copy with a failure record: only store it when nothing is there.
  auto existing = st.repo.find(st.options.source, url);
  if (existing.ok() && !existing.value().has_value()) {
    Extraction none;
    none.error = why;
    if (auto saved = st.repo.save(doc, none); !saved.ok()) {
      note(st, saved.error().message);
    }
  }
  remember(st, url);
}

/// Bodies from this size on are written while they are extracted: the write and checkpoint of
/// the GitHub spec's 13 MB took ~0.1 s of a 0.21 s run, its extraction ~0.08 s, on two cores.
constexpr std::size_t kOverlapBytes = std::size_t{1} << 20;

/// Extracts and stores one document, unless the cache already holds the same bytes. Returns the
/// document's outlinks (for discovery).
std::vector<std::string> process(RunState& st, FetchedDocument&& doc) {
  const std::string url = doc.url;
  auto existing = st.repo.find(st.options.source, url);
  if (existing.ok() && existing.value() && existing.value()->record.sha256 == sha256_hex(doc) &&
      existing.value()->record.error.empty()) {
    touch(st, url, doc.fetched_at);
    ++st.reused;
    ++st.ok;
    remember(st, url);
    return {};
  }
  // A big local document: its body is written (Repository::save_body) on this thread while
  // another extracts it (extraction reads only `doc`); its facts follow (save_facts).
  std::optional<Result<std::int64_t>> row;
  Extraction extraction;
  if (st.queue == nullptr && doc.bytes().size() >= kOverlapBytes) {
    auto extracting = std::async(std::launch::async, [&doc] { return extract::extract(doc); });
    row = st.repo.save_body(doc);
    extraction = extracting.get();
  } else {
    extraction = extract::extract(doc);
  }
  // A followed link to something that is neither spec nor page (a stylesheet, an image) is
  // recorded, not a failure; an input the user named that cannot be read is one.
  bool named = doc.found_via.rfind("command line", 0) == 0 || doc.found_via == "catalog";
  if (!extraction.error.empty() && (named || extraction.kind != DocKind::kOther)) {
    doc.error = extraction.error;
    note(st, extraction.error);
    ++st.failed;
  } else {
    ++st.ok;
  }
  std::vector<std::string> outlinks = extraction.outlinks;  // stored with the document too
  Status saved = Ok{};
  if (st.queue != nullptr) {
    st.queue->save(std::move(doc), std::move(extraction));
  } else if (!row) {
    saved = st.repo.save(doc, extraction);
  } else if (row->ok()) {
    saved = st.repo.save_facts(row->value(), doc, extraction);
  } else {
    saved = row->error();
  }
  if (!saved.ok()) {
    note(st, saved.error().message);
    ++st.failed;
  }
  remember(st, url);
  return outlinks;
}

/// A remote URL or package with --offline, or before the crawler is wired: the cache or a
/// recorded failure.
void from_cache_only(RunState& st, const std::string& url, const std::string& why_missing) {
  auto existing = st.repo.find(st.options.source, url);
  if (existing.ok() && existing.value() && existing.value()->record.error.empty()) {
    ++st.ok;
    ++st.reused;
    remember(st, url);
    return;
  }
  record_failure(st, url, why_missing);
}

bool is_robots(const std::string& url) {
  auto cut = url.find_first_of("?#");
  std::string path = url.substr(0, cut);
  return path.size() >= 11 && path.compare(path.size() - 11, 11, "/robots.txt") == 0;
}

/// A document that was fetched (2xx), whatever extraction made of it.
bool fetched_ok(int http_status) {
  return http_status >= 200 && http_status < 300;
}

/// DESIGN.md: a second run within the freshness window makes no network request.
constexpr auto kFreshness = std::chrono::hours(24 * 7);

bool is_spec_link(const std::string& url) {
  std::string path = to_lower(url.substr(0, url.find_first_of("?#")));
  for (std::string_view ext : {".json", ".yaml", ".yml"}) {
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return false;
}

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) {
    return "";
  }
  start += 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
  authority =
      authority.substr(authority.rfind('@') == std::string::npos ? 0 : authority.rfind('@') + 1);
  return to_lower(
      authority.substr(0, authority.rfind(':') == std::string::npos || authority.back() == ']'
                              ? authority.size()
                              : authority.rfind(':')));
}

/// The crawler's view of the cache, and where fetched documents are extracted and stored.
class StoreSink final : public crawler::DocumentSink {
 public:
  /// Reads the source's cached validators and links once (one query, not one per URL).
  explicit StoreSink(RunState& st) : st_(st) {
    if (auto states = st_.repo.source_states(st_.options.source); states.ok()) {
      states_ = std::move(states.value());
      loaded_ = true;
    }
  }

  std::optional<crawler::CachedState> cached(const std::string& url) override {
    crawler::CachedState state;
    int status = 0;
    bool failed = false;
    if (const auto* doc = states_.find(url); doc != nullptr) {
      state.etag = doc->etag;
      state.last_modified = doc->last_modified;
      state.fetched_at = doc->fetched_at;
      state.content_type = doc->content_type;
      status = doc->status;
      failed = !doc->error.empty();
    } else if (auto one = loaded_ ? std::nullopt : asked(url); one) {
      state.etag = std::move(one->etag);
      state.last_modified = std::move(one->last_modified);
      state.fetched_at = one->record.fetched_at;
      state.content_type = std::move(one->content_type);
      state.links = std::move(one->links);  // else cached_links() is asked
      status = one->record.status;
      failed = !one->record.error.empty();
    } else {
      return std::nullopt;
    }
    // A failed fetch is not a copy; a 2xx that extraction found to be neither page nor spec (a
    // sitemap, a stylesheet) is one, or every run would fetch it again.
    if (failed && !fetched_ok(status)) {
      return std::nullopt;
    }
    state.is_fresh = !st_.options.refresh && Clock::now() - state.fetched_at < kFreshness;
    if (is_robots(url)) {  // robots.txt is small and wanted with its state
      if (auto body = st_.repo.body(st_.options.source, url); body.ok()) {
        state.body = std::move(body.value());
      }
    }
    if (state.is_fresh && !is_robots(url)) {  // not requested: it counts as read from the cache
      ++st_.ok;
      ++st_.reused;
      remember(st_, url);
    }
    return state;
  }

  std::string cached_body(const std::string& url) override {
    auto body = st_.repo.body(st_.options.source, url);
    return body.ok() ? std::move(body.value()) : std::string();
  }

  std::optional<LinkList> cached_links(const std::string& url) override {
    const auto* found = states_.find(url);  // by row: one lookup instead of three
    auto links = found != nullptr && found->row > 0 ? st_.repo.links_of(found->row)
                                                    : st_.repo.links(st_.options.source, url);
    return links.ok() ? std::move(links.value()) : std::nullopt;
  }

  std::vector<crawler::Discovered> on_document(FetchedDocument&& doc) override {
    std::vector<crawler::Discovered> more;
    // The crawler's own robots.txt request (a sitemap named in robots.txt is found "via"
    // robots.txt too, but is a document like any other).
    const bool robots = doc.found_via == "robots.txt" && is_robots(doc.url);
    if (doc.http_status == 304) {
      touch(st_, doc.url, doc.fetched_at);
      if (!robots) {
        ++st_.ok;
        ++st_.reused;
        remember(st_, doc.url);
      }
      return more;
    }
    if (robots) {
      // Kept so that a re-run inside the freshness window need not ask again: a 2xx body or a
      // 4xx (allow all, stored with an empty body). Not a document of the report.
      if (doc.error.empty() && doc.http_status >= 200 && doc.http_status < 500) {
        if (doc.http_status >= 400) {
          doc.body.clear();
        }
        Extraction none;
        none.kind = DocKind::kRobots;
        if (auto saved = st_.repo.save(doc, none); !saved.ok()) {
          note(st_, saved.error().message);
        }
      }
      return more;
    }
    if (doc.found_via == "well-known path" && doc.http_status != 200) {
      return more;  // discovery: a missing well-known spec path is normal
    }
    if (!doc.error.empty() || doc.http_status < 200 || doc.http_status >= 300) {
      std::string why = doc.error.empty() ? "HTTP " + std::to_string(doc.http_status) : doc.error;
      record_failure(st_, doc.url, doc.url + ": " + why);
      return more;
    }
    for (const auto& link : process(st_, std::move(doc))) {
      if (is_spec_link(link)) {
        more.push_back({link, "spec link", true});
      }
    }
    return more;
  }

  void on_idle() override {
    if (st_.queue != nullptr) {
      st_.queue->hand_over();
    }
  }

  /// The seeds of a crawl; with --refresh of a docs crawl, also every page cached from the
  /// seeds' hosts (from the state read at the start), so that all of them are revalidated in
  /// parallel from the start instead of being rediscovered level by level through the kept
  /// links (new pages are still found through them).
  [[nodiscard]] std::vector<crawler::Seed> seeds(const std::vector<crawler::Seed>& given,
                                                 bool docs) const {
    std::vector<crawler::Seed> out = given;
    if (!st_.options.refresh || !docs) {
      return out;
    }
    std::set<std::string> hosts;
    for (const auto& s : given) {
      hosts.insert(host_of(s.url));
    }
    // In the order they were stored, the last crawl's: with --max-pages the same pages are
    // admitted, and the cache's pages (kept links, touches) are visited in row order.
    for (const auto& doc : states_.in_stored_order()) {
      const std::string url(doc.url);
      if (hosts.count(host_of(url)) && fetched_ok(doc.status) && !is_robots(url)) {
        out.push_back({url, std::string(doc.found_via)});
      }
    }
    return out;
  }

 private:
  /// The bulk read failed: ask the cache per URL.
  std::optional<store::StoredDocument> asked(const std::string& url) {
    auto one = st_.repo.find(st_.options.source, url);
    return one.ok() ? std::move(one.value()) : std::nullopt;
  }

  RunState& st_;
  store::SourceStates states_;  // read at the start
  bool loaded_ = false;
};

/// The newest good cached copy of a package: exact id, or any version of an unpinned one.
std::optional<store::StoredDocument> cached_package(RunState& st,
                                                    const packages::PackageSpec& spec) {
  auto docs = st.repo.documents(st.options.source);
  if (!docs.ok()) {
    return std::nullopt;
  }
  std::string exact = spec.id();
  std::string any_version = spec.id() + (spec.ecosystem == "npm" ? "@" : "==");
  std::optional<DocumentRecord> best;
  for (const auto& d : docs.value()) {
    bool match = d.url == exact || (spec.version.empty() && d.url.rfind(any_version, 0) == 0);
    if (match && d.error.empty() && (!best || d.fetched_at > best->fetched_at)) {
      best = d;
    }
  }
  if (!best) {
    return std::nullopt;
  }
  auto found = st.repo.find(st.options.source, best->url);
  return found.ok() ? found.value() : std::nullopt;
}

}  // namespace

void read_package(RunState& st, const std::string& id, const std::string& found_via) {
  auto spec = packages::parse_package_spec(id);
  if (!spec.ok()) {
    record_failure(st, id, spec.error().message);
    return;
  }
  auto cached = cached_package(st, spec.value());
  // A pinned version never changes; an unpinned one is re-resolved after the freshness window.
  bool fresh = cached && (!spec.value().version.empty() ||
                          Clock::now() - cached->record.fetched_at < kFreshness);
  if (cached && (st.options.offline || (fresh && !st.options.refresh))) {
    ++st.ok;
    ++st.reused;
    remember(st, cached->record.url);
    return;
  }
  if (st.options.offline) {
    record_failure(st, id, "--offline: " + id + " is not in the cache");
    return;
  }
  crawler::FetchOptions fetch_options;
  fetch_options.allow_private = st.options.allow_private;
  fetch_options.timeout =
      std::chrono::milliseconds(static_cast<long>(st.options.timeout_seconds * 1000));
  fetch_options.max_response_bytes = 256ULL << 20;
  auto fetch = [&fetch_options](const std::string& url) {
    return crawler::fetch_one(url, fetch_options);
  };
  note(st, "fetching " + id);
  auto package = packages::fetch_package(spec.value(), fetch, packages::Registries::from_env());
  if (!package.ok()) {
    record_failure(st, id, package.error().message);
    return;
  }
  FetchedDocument doc = std::move(package.value().archive);
  doc.source = st.options.source;
  doc.url = package.value().spec.id();  // cited as npm:<name>@<version>, like its evidence
  doc.final_url = package.value().tarball_url;
  doc.found_via = found_via;
  process(st, std::move(doc));
}

/// Fetches the remote --spec/--docs inputs with the crawler (or, offline, from the cache).
void crawl_remote(RunState& st, const std::vector<crawler::Seed>& seeds,
                  const std::vector<std::string>& allowed_hosts, bool docs, int max_depth) {
  if (seeds.empty()) {
    return;
  }
  if (st.options.offline) {
    std::set<std::string> hosts;
    for (const auto& s : seeds) {
      hosts.insert(host_of(s.url));
      from_cache_only(st, s.url, "--offline: " + s.url + " is not in the cache");
    }
    // Everything cached from those hosts (pages the last crawl followed) answers too.
    if (!docs) {
      return;
    }
    if (auto docs_of = st.repo.documents(st.options.source); docs_of.ok()) {
      for (const auto& d : docs_of.value()) {
        if (hosts.count(host_of(d.url)) && d.error.empty() && !is_robots(d.url)) {
          remember(st, d.url);
        }
      }
    }
    return;
  }
  // Inside the freshness window a re-run requests nothing that is cached (DESIGN.md "Knowledge
  // cache"): the crawler walks the cached pages' links and fetches only what an interrupted or
  // bounded earlier crawl did not reach. Well-known spec paths were probed by the first crawl.
  bool all_fresh = !st.options.refresh;
  for (const auto& s : seeds) {
    auto found = st.repo.find(st.options.source, s.url);
    all_fresh = all_fresh && found.ok() && found.value() && found.value()->record.error.empty() &&
                Clock::now() - found.value()->record.fetched_at < kFreshness;
  }
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
  options.probe_well_known = docs && !all_fresh;
  if (st.options.crawl_delay_ms >= 0) {
    options.delay = std::chrono::milliseconds(st.options.crawl_delay_ms);
  }
  options.progress = crawler::stderr_progress();
  StoreSink sink(st);
  // Pages are written in batches (one transaction per 64 documents, 4 MiB or 250 ms, and
  // whenever the crawl is idle) by a writer thread, while the crawl goes on; a commit per page
  // on the crawler's thread rewrote the index pages every time and stalled the transfers.
  store::WriteQueue queue(st.repo, [&st](const Error& e) {
    note(st, e.message);
    ++st.failed;
  });
  st.queue = &queue;
  // The crawl reads what earlier runs stored (kept links, robots.txt) while the writer commits:
  // one snapshot per 256 reads (Repository::hold_reads), released before the results are read.
  st.repo.hold_reads();
  auto stats = crawler::crawl(sink.seeds(seeds, docs), options, sink);
  st.repo.release_reads();
  queue.flush();
  st.queue = nullptr;
  if (!stats.ok()) {
    note(st, stats.error().message);
    ++st.failed;
  }
}

/// Reads local inputs now; returns the remote ones as crawl seeds.
std::vector<crawler::Seed> read_inputs(RunState& st, const std::vector<std::string>& inputs,
                                       const char* flag) {
  std::vector<crawler::Seed> seeds;
  for (const auto& input : inputs) {
    if (is_remote(input)) {
      seeds.push_back({input, std::string("command line ") + flag});
      continue;
    }
    if (is_package_id(input)) {
      read_package(st, input, std::string("command line ") + flag);
      continue;
    }
    auto docs = read_local(input, st.options.source, std::string("command line ") + flag);
    if (!docs.ok()) {
      record_failure(st, input, docs.error().message);
      continue;
    }
    for (auto& d : docs.value()) {
      process(st, std::move(d));
    }
  }
  return seeds;
}

}  // namespace om::app
