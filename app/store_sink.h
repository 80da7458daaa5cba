// StoreSink: the crawler's view of a research run's cache (states read once at the start, kept
// links by row, robots.txt with its state), and where fetched documents are extracted and stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/extract_pipe.h"
#include "app/research_run.h"
#include "crawler/crawler.h"
#include "store/store.h"

namespace om::app {

/// The crawler's view of the cache, and where fetched documents are extracted and stored.
class StoreSink final : public crawler::DocumentSink {
 public:
  /// Reads the source's cached validators and links once (one query, not one per URL).
  explicit StoreSink(RunState& st);

  std::optional<crawler::CachedState> cached(const std::string& url) override;
  std::string cached_body(const std::string& url) override;
  std::optional<LinkList> cached_links(const std::string& url) override;
  std::vector<crawler::Discovered> on_document(FetchedDocument&& doc) override;
  void on_idle() override;
  /// Stores what is still being extracted; called when the crawl has returned.
  void finish();

  /// The seeds of a crawl; with --refresh of a docs crawl, also every page cached from the
  /// seeds' hosts (from the state read at the start), so that all of them are revalidated in
  /// parallel from the start instead of being rediscovered level by level through the kept
  /// links (new pages are still found through them).
  [[nodiscard]] std::vector<crawler::Seed> seeds(const std::vector<crawler::Seed>& given,
                                                 bool docs) const;

 private:
  /// The bulk read failed: ask the cache per URL.
  std::optional<store::StoredDocument> asked(const std::string& url);

  /// Stores one page the pipe extracted (on this, the crawl's, thread).
  void store_page(FetchedDocument&& doc, Extraction&& extraction);

  RunState& st_;
  store::SourceStates states_;  // read at the start
  bool loaded_ = false;
  /// Scanned pages (the crawler found their links) are extracted off the crawl's thread.
  ExtractionPipe pipe_;
  ExtractionPipe::Take store_page_;
};

}  // namespace om::app
