// crawler integration tests: a sink that records what the crawl delivers and answers from a
// cache the test fills, and options for a fast crawl of a loopback server.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crawler/crawler.h"

namespace om::crawler::testing {

class RecordingSink final : public DocumentSink {
 public:
  std::optional<CachedState> cached(const std::string& url) override {
    auto it = cache.find(url);
    return it == cache.end() ? std::nullopt : std::optional<CachedState>(it->second);
  }
  std::string cached_body(const std::string& url) override {
    ++body_reads;
    return DocumentSink::cached_body(url);
  }
  std::optional<om::LinkList> cached_links(const std::string& url) override {
    ++link_reads;
    auto it = kept_links.find(url);
    return it == kept_links.end() ? std::nullopt : std::optional<om::LinkList>(it->second);
  }
  std::vector<Discovered> on_document(FetchedDocument&& doc) override {
    std::vector<Discovered> extra = links ? links(doc) : std::vector<Discovered>{};
    docs.push_back(std::move(doc));
    return extra;
  }
  const FetchedDocument* find(const std::string& url) const {
    for (const FetchedDocument& doc : docs) {
      if (doc.url == url) {
        return &doc;
      }
    }
    return nullptr;
  }
  std::map<std::string, CachedState> cache;
  std::vector<FetchedDocument> docs;
  std::map<std::string, om::LinkList> kept_links;  // answered by cached_links()
  int body_reads = 0, link_reads = 0;
  std::function<std::vector<Discovered>(const FetchedDocument&)> links;
};

inline CrawlOptions fast_options() {
  CrawlOptions o;
  o.source = "fixture";
  o.allowed_hosts = {"127.0.0.1"};
  o.allow_private = true;  // loopback only; metadata addresses stay refused
  o.delay = std::chrono::milliseconds(0);
  o.retry_base = std::chrono::milliseconds(20);
  o.timeout = std::chrono::milliseconds(2000);
  o.probe_well_known = false;
  o.random_seed = 1;
  return o;
}

}  // namespace om::crawler::testing
