// Groups a crawl's writes into few transactions: documents and touches are queued and written in
// one Repository::in_one_transaction() when the queue is full, old, or flushed.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "store/store.h"

namespace om::store {

/// A write queue in front of one Repository. Queued documents are not visible to find() until
/// written; a process killed before a flush loses at most the queued ones (a re-run fetches them
/// again), never anything committed. Not thread-safe, like the Repository.
class WriteQueue {
 public:
  struct Limits {
    std::size_t max_docs = 64;                     // documents + touches queued
    std::size_t max_bytes = std::size_t{8} << 20;  // body bytes queued
    std::chrono::milliseconds max_age{250};        // age of the oldest queued write
  };
  /// Called once per write that failed (the others of its batch are kept).
  using ErrorFn = std::function<void(const Error&)>;

  WriteQueue(Repository& repo, ErrorFn on_error, Limits limits);
  WriteQueue(Repository& repo, ErrorFn on_error)
      : WriteQueue(repo, std::move(on_error), Limits{}) {}
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;
  WriteQueue(WriteQueue&&) = delete;
  WriteQueue& operator=(WriteQueue&&) = delete;
  /// Flushes what is left.
  ~WriteQueue();

  /// Queues Repository::save(doc, extraction); writes the queue when a limit is reached.
  void save(FetchedDocument doc, Extraction extraction);
  /// Queues Repository::touch(source, url, fetched_at); writes the queue when a limit is reached.
  void touch(SourceId source, std::string url, Clock::time_point fetched_at);
  /// Writes everything queued now, in one transaction.
  void flush();
  [[nodiscard]] std::size_t queued() const { return writes_.size(); }

 private:
  struct Write {
    FetchedDocument doc;    // save: the document; touch: source, url and fetched_at only
    Extraction extraction;  // save only
    bool is_touch = false;
  };
  void push(Write write, std::size_t bytes);

  Repository& repo_;
  ErrorFn on_error_;
  Limits limits_;
  std::vector<Write> writes_;
  std::size_t bytes_ = 0;
  std::chrono::steady_clock::time_point oldest_{};
};

}  // namespace om::store
