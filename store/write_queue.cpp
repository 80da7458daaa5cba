// WriteQueue: a crawl's saves and touches, written in batches (one transaction each).
#include "store/write_queue.h"

#include <utility>

namespace om::store {

WriteQueue::WriteQueue(Repository& repo, ErrorFn on_error, Limits limits)
    : repo_(repo), on_error_(std::move(on_error)), limits_(limits) {}

WriteQueue::~WriteQueue() {
  flush();
}

void WriteQueue::save(FetchedDocument doc, Extraction extraction) {
  const std::size_t bytes = doc.body.size();
  push(Write{std::move(doc), std::move(extraction), false}, bytes);
}

void WriteQueue::touch(SourceId source, std::string url, Clock::time_point fetched_at) {
  Write write;
  write.doc.source = std::move(source);
  write.doc.url = std::move(url);
  write.doc.fetched_at = fetched_at;
  write.is_touch = true;
  push(std::move(write), 0);
}

void WriteQueue::push(Write write, std::size_t bytes) {
  const auto now = std::chrono::steady_clock::now();
  if (writes_.empty()) {
    oldest_ = now;
  }
  writes_.push_back(std::move(write));
  bytes_ += bytes;
  if (writes_.size() >= limits_.max_docs || bytes_ >= limits_.max_bytes ||
      now - oldest_ >= limits_.max_age) {
    flush();
  }
}

void WriteQueue::flush() {
  if (writes_.empty()) {
    return;
  }
  std::vector<Write> batch = std::exchange(writes_, {});
  bytes_ = 0;
  std::vector<Error> failed;
  Status written = repo_.in_one_transaction([&] {
    for (const Write& w : batch) {
      Status one = w.is_touch ? repo_.touch(w.doc.source, w.doc.url, w.doc.fetched_at)
                              : repo_.save(w.doc, w.extraction);
      if (!one) {
        failed.push_back(one.error());
      }
    }
  });
  if (!written) {
    failed.assign(1, written.error());  // nothing of the batch is stored
  }
  if (on_error_) {
    for (const Error& e : failed) {
      on_error_(e);
    }
  }
}

}  // namespace om::store
