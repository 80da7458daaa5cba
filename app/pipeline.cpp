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

/// Extracts and stores one document, unless the cache already holds the same bytes.
void process(RunState& st, FetchedDocument&& doc) {
  const std::string url = doc.url;
  auto existing = st.repo.find(st.options.source, url);
  if (existing.ok() && existing.value() &&
      existing.value()->record.sha256 == sha256_hex(doc.body) &&
      existing.value()->record.error.empty()) {
    ++st.reused;
    ++st.ok;
    remember(st, url);
    return;
  }
  Extraction extraction = extract::extract(doc);
  if (!extraction.error.empty()) {
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

void read_inputs(RunState& st, const std::vector<std::string>& inputs, const char* flag) {
  for (const auto& input : inputs) {
    if (is_remote(input) || is_package_id(input)) {
      std::string why = st.options.offline
                            ? std::string("--offline: ") + input + " is not in the cache"
                            : std::string("fetching ") + input +
                                  " needs the crawler, which this build does not have yet";
      from_cache_only(st, input, why);
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
  read_inputs(st, options.specs, "--spec");
  read_inputs(st, options.docs, "--docs");
  read_inputs(st, options.sdks, "--sdk");
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
