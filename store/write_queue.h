// Groups a crawl's writes into few transactions, off the crawler's thread: documents and touches
// are queued and written in one detail::in_one_transaction() per batch by a writer thread
// with its own connection, so the network and the disk work at the same time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "store/store.h"

namespace om::store {

/// A write queue in front of one cache. Queued documents are not visible to find() until
/// written; a process killed before a batch is committed loses at most that batch (a re-run
/// fetches it again), never anything committed. Call its methods from one thread.
class WriteQueue {
 public:
  struct Limits {
    std::size_t max_docs = 64;  // documents saved per batch
    /// Touches per batch: a touch is one small UPDATE, but every commit rewrites each 64 KiB
    /// page it changed. A refresh revalidates in row order (Repository::source_states()), so 512
    /// touches change a few pages; at 64 a batch rewrote most of the document table (the sizes
    /// tried are in bench/RESULTS.md).
    std::size_t max_touches = 512;
    /// Bytes of the batch's documents: bodies, texts to index and kept links (what the queue
    /// holds for them: a crawled page's text and links are about as big as its HTML).
    std::size_t max_bytes = std::size_t{4} << 20;
    std::chrono::milliseconds max_age{250};  // age of the oldest queued write
    /// Batches waiting for the writer before save()/touch() block (bounds memory: a crawl
    /// faster than the disk waits instead of queueing everything). With the batch being
    /// written and the one being filled, the queue holds at most three batches; a deeper queue
    /// holds more pages without a faster crawl once the writer sets the pace.
    std::size_t max_pending_batches = 1;
  };
  /// Called once per write that failed (the others of its batch are kept), always on the
  /// thread that uses the queue (from save(), touch(), flush() or the destructor).
  using ErrorFn = std::function<void(const Error&)>;

  /// Writes go through `repo`'s file on a writer thread with a second connection; a cache
  /// in memory (":memory:", one connection only) is written synchronously through `repo`.
  WriteQueue(Repository& repo, ErrorFn on_error, Limits limits);
  WriteQueue(Repository& repo, ErrorFn on_error)
      : WriteQueue(repo, std::move(on_error), Limits{}) {}
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;
  WriteQueue(WriteQueue&&) = delete;
  WriteQueue& operator=(WriteQueue&&) = delete;
  /// Writes what is left and stops the writer.
  ~WriteQueue();

  /// Queues Repository::save(doc, extraction); hands the batch to the writer at a limit.
  void save(FetchedDocument doc, Extraction extraction);
  /// Queues Repository::touch(source, url, fetched_at); hands the batch over at a limit. A
  /// batch's touches are written after its saves.
  void touch(SourceId source, std::string url, Clock::time_point fetched_at);
  /// Hands what is queued to the writer without waiting (the crawl is idle).
  void hand_over();
  /// Writes everything queued and waits until it is committed (before reading it back).
  void flush();
  /// Writes not yet handed to the writer.
  [[nodiscard]] std::size_t queued() const { return writes_.size(); }

 private:
  struct Save {
    FetchedDocument doc;
    Extraction extraction;
  };
  /// A touch apart from the saves: a refresh queues thousands, and as a Save (~700 bytes) each
  /// batch of 512 was a fresh ~350 KB allocation, page-faulted in.
  struct Touch {
    SourceId source;
    std::string url;
    Clock::time_point fetched_at;
  };
  /// One transaction: its saves in order, then its touches in order.
  struct Batch {
    std::vector<Save> saves;
    std::vector<Touch> touches;
    [[nodiscard]] std::size_t size() const { return saves.size() + touches.size(); }
    [[nodiscard]] bool empty() const { return size() == 0; }
  };
  void queued_one(std::size_t bytes);
  static void write_batch(Repository& repo, const Batch& batch, std::vector<Error>& failed);
  /// True if the writer thread could not open its connection and left batches to write.
  bool writer_left_batches();
  void writer_loop(const std::string& path);
  void report_errors();

  Repository& repo_;
  ErrorFn on_error_;
  Limits limits_;
  Batch writes_;
  std::size_t bytes_ = 0;
  std::chrono::steady_clock::time_point oldest_{};

  // Shared with the writer thread, under mutex_.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> pending_;
  bool writing_ = false;        // the writer holds a batch
  bool writer_failed_ = false;  // its connection could not be opened: writes are synchronous
  bool stop_ = false;
  std::vector<Error> errors_;
  std::optional<std::thread> writer_;
};

}  // namespace om::store
