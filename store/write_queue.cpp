// WriteQueue: a crawl's saves and touches, written in batches (one transaction each) by a writer
// thread with its own connection; the crawler's thread only queues.
#include "store/write_queue.h"

#include <utility>

namespace om::store {

WriteQueue::WriteQueue(Repository& repo, ErrorFn on_error, Limits limits)
    : repo_(repo), on_error_(std::move(on_error)), limits_(limits) {
  if (repo_.path() == ":memory:") {
    return;  // a second connection would be another database: write synchronously
  }
  // The writer opens its connection itself, off this thread.
  writer_.emplace([this, path = repo_.path()] { writer_loop(path); });
}

WriteQueue::~WriteQueue() {
  flush();
  if (writer_) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    writer_->join();
  }
  report_errors();
}

void WriteQueue::save(FetchedDocument doc, Extraction extraction) {
  // What the save holds until it is written: the bytes, the text, the kept links.
  const std::size_t bytes =
      doc.bytes().size() + extraction.text.size() + (doc.links ? doc.links->joined().size() : 0);
  extraction.outlinks = {};  // discovery's, which save() does not store: not held until written
  writes_.saves.push_back(Save{std::move(doc), std::move(extraction)});
  queued_one(bytes);
}

void WriteQueue::touch(SourceId source, std::string url, Clock::time_point fetched_at) {
  writes_.touches.push_back(Touch{std::move(source), std::move(url), fetched_at});
  queued_one(0);
}

void WriteQueue::queued_one(std::size_t bytes) {
  const auto now = std::chrono::steady_clock::now();
  if (writes_.size() == 1) {
    oldest_ = now;
  }
  bytes_ += bytes;
  if (writes_.saves.size() >= limits_.max_docs || writes_.touches.size() >= limits_.max_touches ||
      bytes_ >= limits_.max_bytes || now - oldest_ >= limits_.max_age) {
    hand_over();
  }
  report_errors();
}

void WriteQueue::write_batch(Repository& repo, const Batch& batch, std::vector<Error>& failed) {
  Status written = detail::in_one_transaction(repo, [&] {
    for (const Save& s : batch.saves) {
      if (Status one = repo.save(s.doc, s.extraction); !one) {
        failed.push_back(one.error());
      }
    }
    for (const Touch& t : batch.touches) {
      if (Status one = repo.touch(t.source, t.url, t.fetched_at); !one) {
        failed.push_back(one.error());
      }
    }
  });
  if (!written) {
    failed.assign(1, written.error());  // nothing of the batch is stored
  }
}

void WriteQueue::hand_over() {
  if (writes_.empty() && !writer_left_batches()) {
    return;
  }
  Batch batch = std::exchange(writes_, {});
  bytes_ = 0;
  // A snapshot held on the caller's connection (Repository::hold_reads) ends here: its next read
  // is to see this batch once committed, and an old snapshot pins the WAL (a checkpoint cannot
  // start it over), which then grows with everything the crawl writes.
  repo_.renew_reads();
  std::unique_lock lock(mutex_);
  if (writer_) {
    changed_.wait(lock,
                  [&] { return pending_.size() < limits_.max_pending_batches || writer_failed_; });
  }
  if (writer_ && !writer_failed_) {
    pending_.push_back(std::move(batch));
    lock.unlock();
    changed_.notify_all();
    return;
  }
  // No writer (a cache in memory, or its connection could not be opened): this thread writes,
  // the batches the writer left first.
  std::deque<Batch> left = std::exchange(pending_, {});
  lock.unlock();
  if (!batch.empty()) {
    left.push_back(std::move(batch));
  }
  for (const Batch& one : left) {
    std::vector<Error> failed;
    write_batch(repo_, one, failed);
    std::lock_guard relock(mutex_);
    errors_.insert(errors_.end(), failed.begin(), failed.end());
  }
}

bool WriteQueue::writer_left_batches() {
  if (!writer_) {
    return false;
  }
  std::lock_guard lock(mutex_);
  return writer_failed_ && !pending_.empty();
}

void WriteQueue::flush() {
  hand_over();
  if (writer_) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (pending_.empty() && !writing_) || writer_failed_; });
  }
  hand_over();  // what a writer that failed to open left
  report_errors();
}

void WriteQueue::writer_loop(const std::string& path) {
  auto opened = Repository::open(path);
  std::unique_lock lock(mutex_);
  if (!opened) {
    errors_.push_back(opened.error());  // reported at the next report_errors(); then synchronous
    writer_failed_ = true;
    changed_.notify_all();
    return;
  }
  Repository& writer = opened.value();
  for (;;) {
    changed_.wait(lock, [&] { return stop_ || !pending_.empty(); });
    if (pending_.empty()) {
      return;  // stop_ and nothing left
    }
    Batch batch = std::move(pending_.front());
    pending_.pop_front();
    writing_ = true;
    lock.unlock();
    changed_.notify_all();  // a blocked hand_over() may go on
    std::vector<Error> failed;
    write_batch(writer, batch, failed);
    lock.lock();
    writing_ = false;
    errors_.insert(errors_.end(), failed.begin(), failed.end());
    changed_.notify_all();  // flush() waits for this
  }
}

void WriteQueue::report_errors() {
  std::vector<Error> errors;
  {
    std::lock_guard lock(mutex_);
    errors.swap(errors_);
  }
  if (on_error_) {
    for (const Error& e : errors) {
      on_error_(e);
    }
  }
}

}  // namespace om::store
