// The cache's answers: `lookup` (what a source's research says, offline) and `search` (full-text
// search of its cached documents). Both open the cache read-only and never touch the network.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "app/pipeline.h"
#include "app/research_run.h"
#include "app/run_steps.h"
#include "config/catalog.h"
#include "core/findings_json.h"
#include "core/text.h"
#include "extract/extract.h"
#include "report/report.h"
#include "store/store.h"

namespace om::app {
namespace {
/// lookup and search: the cache opened read-only, never created; kNotFound when there is none
/// (not reported here: the caller says "nothing cached").
Result<store::Repository> open_cache_for_reading(const std::string& db_flag, std::ostream& err) {
  auto repo = store::Repository::open_read_only(default_db_path(db_flag));
  if (!repo.ok() && repo.error().code != ErrorCode::kNotFound) {
    err << "om-research: " << repo.error().message << '\n';
  }
  return repo;
}

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

/// Moves member `key` out of the object `json` (a null Json when absent).
Json take_member(Json& json, std::string_view key) {
  if (!json.is_object()) {
    return Json();
  }
  for (auto& [name, value] : json.object_items()) {
    if (name == key) {
      return std::move(value);
    }
  }
  return Json();
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

namespace {

/// The catalog's name and service type for a name or alias; the name itself otherwise.
std::pair<std::string, std::string> canonical_source(const CliOptions& options) {
  if (auto catalog = config::load_default(options.research.catalog_path); catalog.ok()) {
    if (const auto* entry = catalog.value().find(options.research.source); entry != nullptr) {
      return {entry->name, entry->service_type};
    }
  }
  return {options.research.source, ""};
}

const char* topic_heading(const std::string& topic) {
  static constexpr auto kHeadings = std::to_array<std::pair<std::string_view, const char*>>({
      {"auth", "### Authentication"},
      {"pagination", "### Pagination"},
      {"entities", "### Entities"},
      {"endpoints", "### Other endpoints"},
      {"rate-limits", "### Rate limits"},
      {"sdks", "### SDKs"},
      {"base-urls", "### Summary"},
  });
  for (const auto& [name, heading] : kHeadings) {
    if (topic == name) {
      return heading;
    }
  }
  return "### Conflicts and gaps";
}

/// The lines of the `### heading...` section of a rendered body, plus its Sources list.
std::string section_of(const std::string& body, const std::string& topic) {
  std::string out;
  bool in = false;
  for (auto line : split(body, '\n')) {
    if (line.rfind("### ", 0) == 0) {
      in = line.rfind(topic_heading(topic), 0) == 0 || line.rfind("### Sources", 0) == 0 ||
           (topic == "endpoints" && line.rfind("### Entities", 0) == 0);
    }
    if (in) {
      out.append(line).push_back('\n');
    }
  }
  return out;
}

}  // namespace

ExitCode run_lookup(const CliOptions& options, std::ostream& out, std::ostream& err) {
  auto repo = open_cache_for_reading(options.research.db_path, err);
  if (!repo.ok() && repo.error().code != ErrorCode::kNotFound) {
    return ExitCode::kUsage;
  }
  auto [source, service_type] = canonical_source(options);
  auto research =
      repo.ok() ? assemble(repo.value(), source, {}, service_type) : Result<Research>(repo.error());
  if (!research.ok() || research.value().documents.empty()) {
    err << "om-research: nothing cached for '" << options.research.source
        << "'; run om-research --source " << options.research.source << " first\n";
    return ExitCode::kNothing;
  }
  if (auto stale = repo.value().stale_facts(source, extract::kGeneration);
      stale.ok() && !stale.value().empty()) {
    err << "om-research: the facts of " << stale.value().size()
        << " cached document(s) were made by an older om-research; `om-research --source " << source
        << "` extracts them again from the cache\n";
  }
  Research& r = research.value();
  r.source.from_cache = true;
  Clock::time_point newest{};
  for (const auto& d : r.documents) {
    newest = std::max(newest, d.fetched_at);
  }
  if (!options.research.json) {
    std::string body = report::render_markdown(std::move(r));  // r is not used after this
    out << "# " << source << ": " << options.topic << " (cached facts, " << age_text(newest)
        << ")\n\n"
        << (options.topic == "all" ? body : section_of(body, options.topic));
    return ExitCode::kWritten;
  }
  if (options.topic == "all") {
    report::write_research_json(std::move(r), out);  // r is not used after this
    out << '\n';
  } else {
    Json full = report::research_json(r);
    const char* member = topic_member(options.topic);
    const std::string key = member != nullptr ? member : options.topic;
    Json answer = Json::object();
    answer.set("schema", take_member(full, "schema"));
    answer.set("source", take_member(full, "source"));
    answer.set(key, take_member(full, key));
    if (options.topic == "entities") {
      answer.set("test_connection", take_member(full, "test_connection"));
    }
    answer.set("gaps", take_member(full, "gaps"));
    answer.set("documents", take_member(full, "documents"));
    out << answer.dump(2) << '\n';
  }
  err << "om-research: answered from the cache; facts are " << age_text(newest) << '\n';
  return ExitCode::kWritten;
}

ExitCode run_search(const CliOptions& options, std::ostream& out, std::ostream& err) {
  auto repo = open_cache_for_reading(options.research.db_path, err);
  if (!repo.ok() && repo.error().code != ErrorCode::kNotFound) {
    return ExitCode::kUsage;
  }
  if (!repo.ok()) {
    err << "om-research: no cached document of '" << options.research.source << "' matches\n";
    return ExitCode::kNothing;
  }
  store::Repository& cache = repo.value();
  const SourceId source = canonical_source(options).first;
  // A run stores each document's text; the source's first search indexes it, through a writable
  // connection (this one only reads). A cache that cannot be written is searched as indexed.
  if (auto waiting = cache.unindexed_texts(source); waiting.ok() && waiting.value() > 0) {
    auto writable = store::Repository::open(cache.path());
    if (writable.ok()) {
      err << "om-research: indexing " << waiting.value() << " document(s) of '" << source
          << "' for search (once)\n";
    }
    auto indexed = writable.ok() ? writable.value().index_texts(source)
                                 : Result<std::uint64_t>(writable.error());
    if (!indexed.ok()) {
      err << "om-research: " << waiting.value() << " document(s) of '" << source
          << "' are not searched: " << indexed.error().message << '\n';
    }
  }
  auto hits = cache.search(source, options.words, static_cast<std::size_t>(options.limit));
  if (!hits.ok()) {
    err << "om-research: " << hits.error().message << '\n';
    return ExitCode::kUsage;
  }
  if (hits.value().empty()) {
    err << "om-research: no cached document of '" << options.research.source << "' matches\n";
    return ExitCode::kNothing;
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
    return ExitCode::kWritten;
  }
  int n = 0;
  for (const auto& h : hits.value()) {
    out << ++n << ". " << h.url << (h.locator.empty() ? "" : "  [" + h.locator + "]") << "\n   "
        << squash_space(h.snippet) << '\n';
  }
  return ExitCode::kWritten;
}
}  // namespace om::app
