// The research, lookup and search commands: inputs -> extract -> store -> report.
#include "app/pipeline.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "app/inputs.h"
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

/// What happened to the documents of one run.
struct RunState {
  store::Repository& repo;
  const ResearchOptions& options;
  std::ostream& err;
  std::vector<std::string> urls;  // documents of this run, in order
  int failed = 0;
  int ok = 0;
  int reused = 0;
};

void note(RunState& st, const std::string& line) {
  st.err << "om-research: " << line << '\n';
}

void remember(RunState& st, const std::string& url) {
  if (std::find(st.urls.begin(), st.urls.end(), url) == st.urls.end()) {
    st.urls.push_back(url);
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

/// Extracts and stores one document, unless the cache already holds the same bytes. Returns the
/// document's outlinks (for discovery).
std::vector<std::string> process(RunState& st, FetchedDocument&& doc) {
  const std::string url = doc.url;
  auto existing = st.repo.find(st.options.source, url);
  if (existing.ok() && existing.value() &&
      existing.value()->record.sha256 == sha256_hex(doc.body) &&
      existing.value()->record.error.empty()) {
    if (auto t = st.repo.touch(st.options.source, url, doc.fetched_at); !t.ok()) {
      note(st, t.error().message);
    }
    ++st.reused;
    ++st.ok;
    remember(st, url);
    return {};
  }
  Extraction extraction = extract::extract(doc);
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
  if (auto saved = st.repo.save(doc, extraction); !saved.ok()) {
    note(st, saved.error().message);
    ++st.failed;
  }
  remember(st, url);
  return std::move(extraction.outlinks);
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

/// The crawler's view of the cache, and where fetched documents are extracted and stored.
class StoreSink final : public crawler::DocumentSink {
 public:
  explicit StoreSink(RunState& st) : st_(st) {}

  std::optional<crawler::CachedState> cached(const std::string& url) override {
    auto found = st_.repo.find(st_.options.source, url);
    if (!found.ok() || !found.value() || !found.value()->record.error.empty()) {
      return std::nullopt;
    }
    const auto& doc = *found.value();
    crawler::CachedState state;
    state.etag = doc.etag;
    state.last_modified = doc.last_modified;
    state.fetched_at = doc.record.fetched_at;
    state.is_fresh = !st_.options.refresh && Clock::now() - doc.record.fetched_at < kFreshness;
    state.content_type = doc.content_type;
    if (auto body = st_.repo.body(st_.options.source, url); body.ok()) {
      state.body = std::move(body.value());
    }
    if (state.is_fresh) {  // the crawler will not request it: it counts as read from the cache
      ++st_.ok;
      ++st_.reused;
      remember(st_, url);
    }
    return state;
  }

  std::vector<crawler::Discovered> on_document(FetchedDocument&& doc) override {
    std::vector<crawler::Discovered> more;
    if (doc.http_status == 304) {
      if (auto t = st_.repo.touch(st_.options.source, doc.url, doc.fetched_at); !t.ok()) {
        note(st_, t.error().message);
      }
      ++st_.ok;
      ++st_.reused;
      remember(st_, doc.url);
      return more;
    }
    if ((doc.found_via == "well-known path" || doc.found_via == "robots.txt") &&
        doc.http_status != 200) {
      return more;  // discovery: a missing robots.txt or well-known spec path is normal
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

 private:
  RunState& st_;
};

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

/// Fetches the remote --spec/--docs inputs with the crawler (or, offline, from the cache).
void crawl_remote(RunState& st, const std::vector<crawler::Seed>& seeds,
                  const std::vector<std::string>& allowed_hosts, bool docs) {
  if (seeds.empty()) {
    return;
  }
  // Inside the freshness window a re-run makes no request at all (DESIGN.md "Knowledge cache"):
  // when every seed is fresh, the pages the last crawl reached answer from the cache.
  bool all_fresh = !st.options.refresh;
  for (const auto& s : seeds) {
    auto found = st.repo.find(st.options.source, s.url);
    all_fresh = all_fresh && found.ok() && found.value() && found.value()->record.error.empty() &&
                Clock::now() - found.value()->record.fetched_at < kFreshness;
  }
  if (st.options.offline || all_fresh) {
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
        if (hosts.count(host_of(d.url)) && d.error.empty()) {
          remember(st, d.url);
        }
      }
    }
    return;
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
  options.probe_well_known = docs;
  if (st.options.crawl_delay_ms >= 0) {
    options.delay = std::chrono::milliseconds(st.options.crawl_delay_ms);
  }
  options.progress = crawler::stderr_progress();
  StoreSink sink(st);
  auto stats = crawler::crawl(seeds, options, sink);
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
      from_cache_only(st, input,
                      st.options.offline
                          ? "--offline: " + input + " is not in the cache"
                          : "fetching packages (" + input + ") is not available in this build");
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

/// Loads the stored findings of `urls` (all of the source when empty) and builds the Research.
Result<Research> assemble(store::Repository& repo, const SourceId& source,
                          const std::vector<std::string>& urls, const std::string& service_type) {
  auto stored = repo.load(source);
  if (!stored.ok()) {
    return stored.error();
  }
  std::set<std::string> wanted(urls.begin(), urls.end());
  Research research;
  std::vector<Findings> per_doc;
  for (auto& s : stored.value()) {
    if (!wanted.empty() && wanted.count(s.record.url) == 0) {
      continue;
    }
    research.documents.push_back(s.record);
    per_doc.push_back(std::move(s.findings));
  }
  research.findings = report::merge(std::move(per_doc));
  research.source.name = source;
  research.source.display_name = source;
  research.source.service_type = service_type;
  research.source.generated_at = Clock::now();
  report::map_to_openmetadata(research);
  return research;
}

/// DESIGN.md: --context, else ingestion/src/metadata/ingestion/source/*/<name>/, else ./.
std::string context_path(const ResearchOptions& o) {
  if (!o.context_path.empty()) {
    return o.context_path;
  }
  fs::path root = "ingestion/src/metadata/ingestion/source";
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

Status write_context(const Research& research, const std::string& path) {
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
  auto spliced = report::splice_research_section(existing, report::render_markdown(research));
  if (!spliced.ok()) {
    return Error{spliced.error().code, path + ": " + spliced.error().message};
  }
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

int run_research(const ResearchOptions& options, std::ostream& out, std::ostream& err) {
  auto repo = open_repo(options.db_path, err);
  if (!repo.ok()) {
    return 2;
  }
  RunState st{repo.value(), options, err, {}, 0, 0, 0};
  auto spec_seeds = read_inputs(st, options.specs, "--spec");
  auto docs_seeds = read_inputs(st, options.docs, "--docs");
  read_inputs(st, options.sdks, "--sdk");
  crawl_remote(st, spec_seeds, {}, false);
  crawl_remote(st, docs_seeds, {}, true);
  const bool no_inputs = options.specs.empty() && options.docs.empty() && options.sdks.empty();
  auto research = assemble(repo.value(), options.source, st.urls, options.service_type);
  if (!research.ok()) {
    err << "om-research: " << research.error().message << '\n';
    return 3;
  }
  Research& r = research.value();
  r.source.from_cache = no_inputs || (st.reused == st.ok && st.ok > 0);
  if (r.documents.empty() || st.ok == 0 && !no_inputs) {
    err << "om-research: nothing could be read or found in the cache for '" << options.source << "'"
        << (no_inputs ? " (give --spec, --docs or --sdk)" : "") << '\n';
    if (options.json) {
      out << report::research_json(r).dump(2) << '\n';
    }
    return 3;
  }
  if (options.json) {
    out << report::research_json(r).dump(2) << '\n';
  }
  if (!options.no_context) {
    std::string path = context_path(options);
    if (auto w = write_context(r, path); !w.ok()) {
      err << "om-research: " << w.error().message << '\n';
      return 2;
    }
    err << "om-research: research section written to " << path << '\n';
  }
  err << "om-research: " << st.ok << " document(s) read (" << st.reused << " unchanged in cache), "
      << st.failed << " failed\n";
  return st.failed > 0 ? 1 : 0;
}

namespace {

std::string age_text(Clock::time_point newest) {
  auto hours = std::chrono::duration_cast<std::chrono::hours>(Clock::now() - newest).count();
  if (hours < 1) {
    return "less than an hour old";
  }
  if (hours < 48) {
    return std::to_string(hours) + " hour(s) old";
  }
  return std::to_string(hours / 24) + " day(s) old";
}

const char* topic_member(const std::string& topic) {
  if (topic == "rate-limits") {
    return "rate_limits";
  }
  if (topic == "base-urls") {
    return "base_urls";
  }
  return nullptr;
}

}  // namespace

int run_lookup(const CliOptions& options, std::ostream& out, std::ostream& err) {
  auto repo = open_repo(options.research.db_path, err);
  if (!repo.ok()) {
    return 2;
  }
  auto research = assemble(repo.value(), options.research.source, {}, "");
  if (!research.ok() || research.value().documents.empty()) {
    err << "om-research: nothing cached for '" << options.research.source
        << "'; run om-research --source " << options.research.source << " first\n";
    return 3;
  }
  Research& r = research.value();
  r.source.from_cache = true;
  Clock::time_point newest{};
  for (const auto& d : r.documents) {
    newest = std::max(newest, d.fetched_at);
  }
  Json full = report::research_json(r);
  Json answer = full;
  if (options.topic != "all") {
    const char* member = topic_member(options.topic);
    answer = Json::object();
    answer.set("schema", full["schema"]);
    answer.set("source", full["source"]);
    std::string key = member != nullptr ? member : options.topic;
    answer.set(key, full[key]);
    answer.set("gaps", full["gaps"]);
    answer.set("documents", full["documents"]);
  }
  if (options.research.json) {
    out << answer.dump(2) << '\n';
  } else {
    out << "# " << options.research.source << " — " << options.topic << " (cached facts, "
        << age_text(newest) << ")\n"
        << answer.dump(2) << '\n';
  }
  err << "om-research: answered from the cache; facts are " << age_text(newest) << '\n';
  return 0;
}

int run_search(const CliOptions& options, std::ostream& out, std::ostream& err) {
  auto repo = open_repo(options.research.db_path, err);
  if (!repo.ok()) {
    return 2;
  }
  auto hits = repo.value().search(options.research.source, options.words,
                                  static_cast<std::size_t>(options.limit));
  if (!hits.ok()) {
    err << "om-research: " << hits.error().message << '\n';
    return 2;
  }
  if (hits.value().empty()) {
    err << "om-research: no cached document of '" << options.research.source << "' matches\n";
    return 3;
  }
  Json list = Json::array();
  for (const auto& h : hits.value()) {
    Json j = Json::object();
    j.set("url", h.url);
    j.set("locator", Json::str_or_null(h.locator));
    j.set("snippet", h.snippet);
    j.set("rank", h.rank);
    list.push(std::move(j));
  }
  if (options.research.json) {
    out << list.dump(2) << '\n';
    return 0;
  }
  int n = 0;
  for (const auto& h : hits.value()) {
    out << ++n << ". " << h.url << (h.locator.empty() ? "" : "  [" + h.locator + "]") << "\n   "
        << squash_space(h.snippet) << '\n';
  }
  return 0;
}

}  // namespace om::app
