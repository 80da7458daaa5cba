// The steps of a research run that its parts share: see run_steps.h.
#include "app/run_steps.h"

#include <algorithm>
#include <iostream>
#include <optional>

#include "app/extract_pipe.h"
#include "core/hash.h"
#include "core/text.h"
#include "extract/extract.h"

namespace om::app {

void note(RunState& st, const std::string& line) {
  st.err << "om-research: " << line << '\n';
}

void remember(RunState& st, const std::string& url) {
  if (st.url_set.insert(url).second) {
    st.urls.push_back(url);
  }
}

void touch(RunState& st, const std::string& url, Clock::time_point fetched_at) {
  if (st.queue != nullptr) {
    st.queue->touch(st.options.source, url, fetched_at);
  } else if (auto t = st.repo.touch(st.options.source, url, fetched_at); !t.ok()) {
    note(st, t.error().message);
  }
}

std::optional<store::StoredDocument> good_copy(RunState& st, const std::string& url) {
  auto found = st.repo.find(st.options.source, url);
  if (!found.ok() || !found.value() || !found.value()->record.error.empty()) {
    return std::nullopt;
  }
  return std::move(found.value());
}

bool fresh_enough(const RunState& st, const DocumentRecord& record) {
  return !st.options.refresh && Clock::now() - record.fetched_at < kFreshness;
}

void with_queued_writes(RunState& st, const std::function<void()>& work) {
  store::WriteQueue queue(st.repo, [&st](const Error& e) {
    note(st, e.message);
    ++st.failed;
  });
  st.queue = &queue;
  work();
  queue.flush();
  st.queue = nullptr;
}

void count_failure(RunState& st, const std::string& url, RunState::Failure kind) {
  if (st.failures.emplace(url, kind).second) {
    ++st.failed;
  }
}

void forget_failure(RunState& st, const std::string& url) {
  if (st.failures.erase(url) > 0) {
    --st.failed;
  }
  if (st.url_set.erase(url) > 0) {
    st.urls.erase(std::find(st.urls.begin(), st.urls.end(), url));
  }
}

FetchFailure failure_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::kDns:
      return FetchFailure::kDns;
    case ErrorCode::kTimeout:
      return FetchFailure::kTimeout;
    case ErrorCode::kRefused:
      return FetchFailure::kRefusedAddress;
    case ErrorCode::kLimit:
      return FetchFailure::kTooLarge;
    case ErrorCode::kHttpStatus:
    case ErrorCode::kNotFound:
      return FetchFailure::kHttpStatus;
    case ErrorCode::kNetwork:
      return FetchFailure::kNetwork;
    case ErrorCode::kParse:
    case ErrorCode::kStorage:
    case ErrorCode::kConfig:
      break;
  }
  return FetchFailure::kUnreadable;
}

void record_failure(RunState& st, const std::string& url, const std::string& why,
                    RunState::Failure kind) {
  note(st, why);
  count_failure(st, url, kind);
  FetchedDocument doc;
  doc.source = st.options.source;
  doc.url = url;
  doc.error = why;
  doc.fetched_at = Clock::now();
  // Never replace a good cached copy with a failure record: only store it when nothing is there.
  auto existing = st.repo.find(st.options.source, url);
  if (existing.ok() && !existing.value().has_value()) {
    Extraction none;
    none.error = why;
    if (auto saved = st.repo.save(doc, none); !saved.ok()) {
      note(st, saved.error().message);
    }
  }
  remember(st, url);
}

/// Bodies from this size on are written while they are extracted: for a big spec the write and
/// checkpoint take about as long as the extraction (bench/RESULTS.md).
constexpr std::size_t kOverlapBytes = std::size_t{1} << 20;

bool reuse_same_bytes(RunState& st, const FetchedDocument& doc) {
  auto copy = good_copy(st, doc.url);
  if (!copy || copy->record.sha256 != sha256_hex(doc)) {
    return false;
  }
  touch(st, doc.url, doc.fetched_at);
  ++st.reused;
  ++st.ok;
  remember(st, doc.url);
  return true;
}

namespace {

/// Decides a document's error from its extraction and counts it, before it is stored. A
/// followed link to something that is neither spec nor page (a stylesheet, an image) is
/// recorded, not a failure; an input the user named that cannot be read is one.
bool is_unreadable(const FetchedDocument& doc, const Extraction& extraction) {
  const bool named =
      doc.found_via.kind == ViaKind::kCommandLine || doc.found_via.kind == ViaKind::kCatalog;
  return !extraction.error.empty() && (named || extraction.kind != DocKind::kOther);
}

void settle(RunState& st, FetchedDocument& doc, const Extraction& extraction) {
  if (is_unreadable(doc, extraction)) {
    doc.error = extraction.error;
    note(st, extraction.error);
    count_failure(st, doc.url, {FetchFailure::kUnreadable, doc.http_status});
  } else {
    ++st.ok;
  }
}

/// The end of a store: a failed save is noted and counted; the document joins the run's list.
void saved_or_noted(RunState& st, const std::string& url, const Status& saved) {
  if (!saved.ok()) {
    note(st, saved.error().message);
    count_failure(st, url, {FetchFailure::kUnreadable, 0});
  }
  remember(st, url);
}

}  // namespace

std::vector<std::string> store_extracted(RunState& st, FetchedDocument&& doc,
                                         Extraction&& extraction) {
  const std::string url = doc.url;
  settle(st, doc, extraction);
  // Discovery's: the store keeps none (a queued save would only carry them to the writer).
  std::vector<std::string> outlinks = std::move(extraction.outlinks);
  Status saved = Ok{};
  if (st.queue != nullptr) {
    st.queue->save(std::move(doc), std::move(extraction));
  } else {
    saved = st.repo.save(doc, extraction);
  }
  saved_or_noted(st, url, saved);
  return outlinks;
}

std::vector<std::string> extract_and_store(RunState& st, FetchedDocument&& doc) {
  if (reuse_same_bytes(st, doc)) {
    return {};
  }
  if (st.queue == nullptr && doc.bytes().size() >= kOverlapBytes) {
    // A big local document: its body is written while another thread extracts it.
    const std::string url = doc.url;
    auto done = st.repo.save_extracting(
        doc, [](const FetchedDocument& d) { return extract::extract(d); },
        [&st](FetchedDocument& d, const Extraction& e) { settle(st, d, e); });
    saved_or_noted(st, url, done.saved);
    return std::move(done.extraction.outlinks);
  }
  Extraction extraction = extract::extract(doc);
  return store_extracted(st, std::move(doc), std::move(extraction));
}

void extract_and_store_all(RunState& st, std::vector<FetchedDocument>&& docs) {
  ExtractionPipe pipe(ExtractionPipe::workers_for_machine(), kPipeWindow);
  const ExtractionPipe::Take store = [&st](FetchedDocument&& doc, Extraction&& extraction) {
    (void)store_extracted(st, std::move(doc), std::move(extraction));
  };
  for (auto& doc : docs) {
    if (stopping(st)) {
      pipe.cancel();
      return;
    }
    if (!reuse_same_bytes(st, doc)) {
      pipe.submit(std::move(doc), store);
    }
  }
  pipe.drain(store);
}

/// The cached copy of `url` as the document it was stored from, body included.
std::optional<FetchedDocument> cached_document(RunState& st, const std::string& url) {
  auto copy = good_copy(st, url);
  if (!copy) {
    return std::nullopt;
  }
  auto body = st.repo.body(st.options.source, url);
  if (!body.ok()) {
    return std::nullopt;
  }
  FetchedDocument doc;
  doc.source = st.options.source;
  doc.url = url;
  doc.final_url = copy->final_url;
  doc.content_type = copy->content_type;
  doc.body = std::move(body.value());
  doc.http_status = copy->record.status;
  doc.etag = copy->etag;
  doc.last_modified = copy->last_modified;
  doc.found_via = found_via_from_string(copy->record.found_via);
  doc.depth = copy->depth;
  doc.fetched_at = copy->record.fetched_at;  // the bytes are as old as they were
  doc.links = std::move(copy->links);
  return doc;
}

void reextract_stale_facts(RunState& st) {
  auto stale = st.repo.stale_facts(st.options.source, extract::kGeneration);
  if (!stale.ok()) {
    note(st, stale.error().message);
    return;
  }
  std::vector<std::string> urls;
  for (auto& url : stale.value()) {
    if (st.url_set.count(url) != 0) {
      urls.push_back(std::move(url));
    }
  }
  if (urls.empty()) {
    return;
  }
  note(st, "re-extracting " + std::to_string(urls.size()) +
               " cached document(s) whose facts an older om-research made");
  with_queued_writes(st, [&st, &urls] {
    ExtractionPipe pipe(ExtractionPipe::workers_for_machine(), kPipeWindow);
    const ExtractionPipe::Take save = [&st](FetchedDocument&& doc, Extraction&& extraction) {
      if (is_unreadable(doc, extraction)) {
        doc.error = extraction.error;
      }
      st.queue->save(std::move(doc), std::move(extraction));
    };
    for (const auto& url : urls) {
      if (auto doc = cached_document(st, url)) {
        pipe.submit(std::move(*doc), save);
      }
    }
    pipe.drain(save);
  });
}

bool is_robots(const std::string& url) {
  auto cut = url.find_first_of("?#");
  std::string path = url.substr(0, cut);
  return path.size() >= 11 && path.compare(path.size() - 11, 11, "/robots.txt") == 0;
}

}  // namespace om::app
