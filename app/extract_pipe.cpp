// ExtractionPipe: see extract_pipe.h.
#include "app/extract_pipe.h"

#include <algorithm>
#include <cerrno>
#include <utility>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "extract/extract.h"

namespace om::app {
namespace {

/// How much lower than the rest of the process a worker runs (nice steps; 19 is the lowest).
constexpr int kWorkerNiceSteps = 10;

/// Lowers the calling thread's priority: a crawl's fetch loop, the writer and, on a loopback
/// crawl, the server wait on a core the workers would hold; each page the loop fetches late
/// delays every later one, while extraction only has to keep up (bench/RESULTS.md). Linux only
/// (a thread's nice value is its own there); elsewhere, and when refused, nothing changes.
void lower_this_thread() {
#if defined(__linux__)
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, tid);
  if (errno == 0) {
    (void)setpriority(PRIO_PROCESS, tid, std::min(19, nice + kWorkerNiceSteps));
  }
#endif
}

}  // namespace

ExtractionPipe::ExtractionPipe(unsigned workers, std::size_t window)
    : window_(std::max<std::size_t>(1, window)) {
  for (unsigned i = 0; i < workers; ++i) {
    threads_.emplace_back([this] { work(); });
  }
}

ExtractionPipe::~ExtractionPipe() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  queued_.notify_all();
  for (auto& t : threads_) {
    t.join();
  }
}

unsigned ExtractionPipe::workers_for_machine() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores < 2 ? 0 : cores;
}

void ExtractionPipe::work() {
  lower_this_thread();
  for (;;) {
    Slot* slot = nullptr;
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [&] { return closing_ || next_ < slots_.size(); });
      if (next_ >= slots_.size()) {
        return;  // closing, nothing left to start
      }
      slot = slots_[next_++].get();
    }
    // The slot stays put (slots_ holds pointers) and only this worker touches it until filed.
    auto result = std::make_unique<Extraction>(extract::extract(slot->doc));
    {
      std::lock_guard lock(mutex_);
      slot->result = std::move(result);
    }
    filed_.notify_all();
  }
}

bool ExtractionPipe::take_head(const Take& take, bool wait) {
  std::unique_ptr<Slot> head;
  {
    std::unique_lock lock(mutex_);
    if (slots_.empty()) {
      return false;
    }
    if (wait) {
      filed_.wait(lock, [&] { return slots_.front()->result != nullptr; });
    } else if (slots_.front()->result == nullptr) {
      return false;
    }
    head = std::move(slots_.front());
    slots_.pop_front();
    --next_;
  }
  take(std::move(head->doc), std::move(*head->result));
  return true;
}

void ExtractionPipe::submit(FetchedDocument&& doc, const Take& take) {
  if (threads_.empty()) {  // one core: extract here
    Extraction e = extract::extract(doc);
    take(std::move(doc), std::move(e));
    return;
  }
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (slots_.size() < window_) {
        auto slot = std::make_unique<Slot>();
        slot->doc = std::move(doc);
        slots_.push_back(std::move(slot));
        break;
      }
    }
    (void)take_head(take, true);
  }
  queued_.notify_one();
}

void ExtractionPipe::take_ready(const Take& take) {
  while (take_head(take, false)) {
  }
}

void ExtractionPipe::drain(const Take& take) {
  while (take_head(take, true)) {
  }
}

void ExtractionPipe::cancel() {
  std::unique_lock lock(mutex_);
  // Unstarted slots go; started ones are waited for, so no worker points into a freed slot.
  slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(next_), slots_.end());
  filed_.wait(lock, [&] {
    return std::all_of(slots_.begin(), slots_.end(),
                       [](const auto& s) { return s->result != nullptr; });
  });
  slots_.clear();
  next_ = 0;
}

}  // namespace om::app
