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
  auto writer = Repository::open(repo_.path());
  if (!writer) {
    errors_.push_back(writer.error());  // reported at the first report_errors(); then synchronous
    return;
  }
  writer_.emplace([this, w = std::move(writer.value())]() mutable { writer_loop(std::move(w)); });
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
  const std::size_t bytes = doc.bytes().size();
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
  Status written = repo.in_one_transaction([&] {
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
  if (writes_.empty()) {
    return;
  }
  Batch batch = std::exchange(writes_, {});
  bytes_ = 0;
  if (!writer_) {
    std::vector<Error> failed;
    write_batch(repo_, batch, failed);
    std::lock_guard lock(mutex_);
    errors_.insert(errors_.end(), failed.begin(), failed.end());
    return;
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return pending_.size() < limits_.max_pending_batches; });
  pending_.push_back(std::move(batch));
  lock.unlock();
  changed_.notify_all();
}

void WriteQueue::flush() {
  hand_over();
  if (writer_) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return pending_.empty() && !writing_; });
  }
  report_errors();
}

void WriteQueue::writer_loop(Repository writer) {
  std::unique_lock lock(mutex_);
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
