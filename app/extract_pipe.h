// ExtractionPipe: documents extracted on worker threads (one a core) and handed back in the
// order they were given, so that what is stored, counted and cited does not depend on which
// worker finished first. A local folder and a crawl both feed it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/types.h"

namespace om::app {

class ExtractionPipe {
 public:
  /// Called on the caller's thread with each document and its extraction, in submit() order.
  using Take = std::function<void(FetchedDocument&&, Extraction&&)>;

  /// `workers` threads; at most `window` documents are held (given, not yet taken) at a time.
  ExtractionPipe(unsigned workers, std::size_t window);
  ~ExtractionPipe();
  ExtractionPipe(const ExtractionPipe&) = delete;
  ExtractionPipe& operator=(const ExtractionPipe&) = delete;
  ExtractionPipe(ExtractionPipe&&) = delete;
  ExtractionPipe& operator=(ExtractionPipe&&) = delete;

  /// Queues `doc`; when the window is full, first waits for the oldest and passes it to `take`.
  void submit(FetchedDocument&& doc, const Take& take);
  /// Passes every finished document at the head of the queue to `take`, without waiting.
  void take_ready(const Take& take);
  /// Waits for every queued document and passes each to `take`.
  void drain(const Take& take);
  /// Drops what no worker has started (a stop was asked); started ones finish, unreported.
  void cancel();

  /// Worker threads for this machine: one a core, or 0 on one core (extract on the caller's).
  [[nodiscard]] static unsigned workers_for_machine();

 private:
  struct Slot {
    FetchedDocument doc;
    std::unique_ptr<Extraction> result;  // set by a worker
  };
  void work();
  /// Takes the head slot, waiting for it when `wait`; false when there is none to take.
  bool take_head(const Take& take, bool wait);

  std::size_t window_;
  std::mutex mutex_;
  std::condition_variable filed_;   // a worker filed a result
  std::condition_variable queued_;  // a slot was queued, or the pipe is closing
  std::deque<std::unique_ptr<Slot>> slots_;
  std::size_t next_ = 0;  // index in slots_ of the first slot no worker has started
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace om::app
