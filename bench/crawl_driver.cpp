// Benchmark driver: runs om-research's crawler against a local site, without extraction.
//   crawl_driver URL [--concurrency N] [--save FILE]   cold crawl, validators kept in memory
//   crawl_driver --refresh FILE                        revalidate a saved URL list (all 304)
//   crawl_driver URL --db DB [--refresh] [--delay-ms MS --per-host N]
//       link discovery + storage, as `om-research --docs URL` does it minus the HTML extraction:
//       every document is saved in the SQLite knowledge cache (store/); with --refresh every
//       cached page is seeded and revalidated (If-None-Match / If-Modified-Since), a 304 is a
//       `touch` and the links kept from the first fetch are followed: the CLI's warm path.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "crawler/crawler.h"
#include "store/store.h"
#include "store/write_queue.h"

namespace {

using om::crawler::CachedState;
using om::crawler::Discovered;

// Keeps validators only: the bench measures the crawler, not storage or extraction.
class ValidatorSink final : public om::crawler::DocumentSink {
 public:
  std::optional<CachedState> cached(const std::string& url) override {
    auto it = validators.find(url);
    return it == validators.end() ? std::nullopt : std::optional<CachedState>(it->second);
  }
  std::vector<Discovered> on_document(om::FetchedDocument&& doc) override {
    if (doc.http_status == 200 && !doc.url.ends_with("/robots.txt")) {
      validators[doc.url] = CachedState{doc.etag, doc.last_modified, false, {}, {}, {}, {}};
    }
    return {};
  }
  std::map<std::string, CachedState> validators;
};

void save(const ValidatorSink& sink, const std::string& path) {
  std::ofstream out(path);
  for (const auto& [url, state] : sink.validators) {
    out << url << '\t' << state.etag << '\t' << state.last_modified << '\n';
  }
}

std::vector<om::crawler::Seed> load(ValidatorSink& sink, const std::string& path) {
  std::ifstream in(path);
  std::vector<om::crawler::Seed> seeds;
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) {
      continue;
    }
    const std::string url = line.substr(0, a);
    sink.validators[url] =
        CachedState{line.substr(a + 1, b - a - 1), line.substr(b + 1), false, {}, {}, {}, {}};
    seeds.push_back({url, {om::ViaKind::kOther, "refresh"}});
  }
  return seeds;
}

/// The CLI's StoreSink without extraction: documents go to the knowledge cache as they are.
class StoreSink final : public om::crawler::DocumentSink {
 public:
  StoreSink(om::store::Repository& repo, bool refresh)
      : repo_(repo), queue_(repo, [this](const om::Error&) { ++failures; }), refresh_(refresh) {
    if (auto states = repo_.source_states("bench"); states.ok()) {  // as the CLI: one query
      states_ = std::move(states.value());
    }
  }
  std::optional<CachedState> cached(const std::string& url) override {
    const auto* doc = states_.find(url);
    if (doc == nullptr) {
      return std::nullopt;
    }
    CachedState state{std::string(doc->etag),
                      std::string(doc->last_modified),
                      !refresh_,
                      doc->fetched_at,
                      std::string(doc->content_type),
                      {},
                      {}};
    if (url.ends_with("/robots.txt")) {
      state.body = cached_body(url);
    }
    return state;
  }
  std::string cached_body(const std::string& url) override {
    auto body = repo_.body("bench", url);
    return body.ok() ? std::move(body.value()) : std::string();
  }
  std::optional<om::LinkList> cached_links(const std::string& url) override {
    const auto* doc = states_.find(url);  // as the CLI: by row
    auto links = repo_.links("bench", url, doc != nullptr ? doc->row : 0);
    return links.ok() ? std::move(links.value()) : std::nullopt;
  }
  std::vector<Discovered> on_document(om::FetchedDocument&& doc) override {
    if (doc.http_status == 304) {
      queue_.touch("bench", doc.url, doc.fetched_at);
    } else if (doc.error.empty()) {
      om::Extraction none;
      none.kind = doc.url.ends_with("/robots.txt") ? om::DocKind::kRobots : om::DocKind::kHtml;
      queue_.save(std::move(doc), std::move(none));
    }
    return {};
  }
  void on_idle() override { queue_.hand_over(); }
  /// As the CLI's --refresh: the root, then every page cached (revalidated from the start), in
  /// the order they were stored.
  std::vector<om::crawler::Seed> seeds(const std::string& root) const {
    std::vector<om::crawler::Seed> out{{root, {om::ViaKind::kSeed}}};
    for (const auto& doc : states_.in_stored_order()) {
      const bool fetched_ok = doc.status >= 200 && doc.status < 300;
      if (refresh_ && fetched_ok && !doc.url.ends_with("/robots.txt")) {
        out.push_back({std::string(doc.url), om::found_via_from_string(doc.found_via), doc.depth});
      }
    }
    return out;
  }
  void flush() { queue_.flush(); }
  int failures = 0;

 private:
  om::store::Repository& repo_;
  om::store::WriteQueue queue_;
  om::store::SourceStates states_;
  bool refresh_;
};

/// The line crawl_bench.sh reads (fields 4, 6 and 10: ok, not_modified, bytes).
void print_stats(const om::crawler::CrawlStats& stats, const std::string& extra) {
  std::printf("pages %llu ok %llu not_modified %llu errors %llu bytes %llu seconds %.3f%s\n",
              static_cast<unsigned long long>(stats.pages_done),
              static_cast<unsigned long long>(stats.pages_ok),
              static_cast<unsigned long long>(stats.not_modified),
              static_cast<unsigned long long>(stats.errors),
              static_cast<unsigned long long>(stats.bytes),
              static_cast<double>(stats.elapsed.count()) / 1000.0, extra.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, save_path, refresh_path, db_path;
  bool refresh = false;
  int delay_ms = 0, per_host = 0;
  om::crawler::CrawlOptions o;
  o.source = "bench";
  o.max_concurrency = 8;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--concurrency" && i + 1 < argc) {
      o.max_concurrency = std::atoi(argv[++i]);
    } else if (arg == "--save" && i + 1 < argc) {
      save_path = argv[++i];
    } else if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--delay-ms" && i + 1 < argc) {
      delay_ms = std::atoi(argv[++i]);
    } else if (arg == "--per-host" && i + 1 < argc) {
      per_host = std::atoi(argv[++i]);
    } else if (arg == "--refresh" && !db_path.empty()) {
      refresh = true;
    } else if (arg == "--refresh" && i + 1 < argc) {
      refresh_path = argv[++i];
    } else {
      url = arg;
    }
  }
  o.per_host_concurrency = per_host > 0 ? per_host : o.max_concurrency;
  o.delay = std::chrono::milliseconds(delay_ms);  // loopback bench: politeness delay off by default
  o.allow_private = true;
  o.max_pages = 1000000;
  o.max_depth = 1000;
  o.max_total_bytes = 64ull << 30;
  o.progress = om::crawler::stderr_progress();
  if (!db_path.empty()) {
    auto repo = om::store::Repository::open(db_path);
    if (!repo) {
      std::fprintf(stderr, "crawl_driver: %s\n", repo.error().message.c_str());
      return 1;
    }
    StoreSink store_sink(*repo, refresh);
    o.revalidate = refresh;
    o.probe_well_known = !refresh;
    auto stats = [&] {
      const auto held = repo->hold_reads();  // as the CLI
      return om::crawler::crawl(store_sink.seeds(url), o, store_sink);
    }();
    store_sink.flush();
    if (!stats) {
      std::fprintf(stderr, "crawl_driver: %s\n", stats.error().message.c_str());
      return 1;
    }
    print_stats(*stats, " store_failures " + std::to_string(store_sink.failures));
    return store_sink.failures == 0 ? 0 : 1;
  }
  ValidatorSink sink;
  std::vector<om::crawler::Seed> seeds;
  if (!refresh_path.empty()) {
    seeds = load(sink, refresh_path);
    o.revalidate = true;
    o.follow_links = false;
    o.probe_well_known = false;
  } else {
    seeds.push_back({url, {om::ViaKind::kSeed}});
  }
  auto stats = om::crawler::crawl(seeds, o, sink);
  if (!stats) {
    std::fprintf(stderr, "crawl_driver: %s\n", stats.error().message.c_str());
    return 1;
  }
  print_stats(*stats, "");
  if (!save_path.empty()) {
    save(sink, save_path);
  }
  return 0;
}
