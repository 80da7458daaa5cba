// Benchmark driver: runs om-research's crawler alone (no store, no extract) against a local
// site, cold (crawl from a root URL) or warm (revalidate a saved URL list, all 304 expected).
// usage: crawl_driver URL [--concurrency N] [--save FILE]   |   crawl_driver --refresh FILE
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "crawler/crawler.h"

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
      validators[doc.url] = CachedState{doc.etag, doc.last_modified, false, {}, {}, {}};
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
        CachedState{line.substr(a + 1, b - a - 1), line.substr(b + 1), false, {}, {}, {}};
    seeds.push_back({url, "refresh"});
  }
  return seeds;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, save_path, refresh_path;
  om::crawler::CrawlOptions o;
  o.source = "bench";
  o.max_concurrency = 8;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--concurrency" && i + 1 < argc) {
      o.max_concurrency = std::atoi(argv[++i]);
    } else if (arg == "--save" && i + 1 < argc) {
      save_path = argv[++i];
    } else if (arg == "--refresh" && i + 1 < argc) {
      refresh_path = argv[++i];
    } else {
      url = arg;
    }
  }
  o.per_host_concurrency = o.max_concurrency;
  o.delay = std::chrono::milliseconds(0);  // loopback bench: politeness delay off
  o.allow_private = true;
  o.max_pages = 1000000;
  o.max_depth = 1000;
  o.max_total_bytes = 64ull << 30;
  o.progress = om::crawler::stderr_progress();
  ValidatorSink sink;
  std::vector<om::crawler::Seed> seeds;
  if (!refresh_path.empty()) {
    seeds = load(sink, refresh_path);
    o.revalidate = true;
    o.follow_links = false;
    o.probe_well_known = false;
  } else {
    seeds.push_back({url, "seed"});
  }
  auto stats = om::crawler::crawl(seeds, o, sink);
  if (!stats) {
    std::fprintf(stderr, "crawl_driver: %s\n", stats.error().message.c_str());
    return 1;
  }
  const double seconds = static_cast<double>(stats->elapsed.count()) / 1000.0;
  std::printf("pages %llu ok %llu not_modified %llu errors %llu bytes %llu seconds %.3f\n",
              static_cast<unsigned long long>(stats->pages_done),
              static_cast<unsigned long long>(stats->pages_ok),
              static_cast<unsigned long long>(stats->not_modified),
              static_cast<unsigned long long>(stats->errors),
              static_cast<unsigned long long>(stats->bytes), seconds);
  if (!save_path.empty()) {
    save(sink, save_path);
  }
  return 0;
}
