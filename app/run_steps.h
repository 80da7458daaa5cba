// The steps of a research run that its parts share (research_run.cpp, store_sink.cpp): notes,
// the run's document list, touches, failures, and extracting and storing one document.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/research_run.h"
#include "core/types.h"

namespace om::app {

/// DESIGN.md: a second run within the freshness window makes no network request.
inline constexpr auto kFreshness = std::chrono::hours(24 * 7);

/// One line on the run's error stream, prefixed "om-research: ".
void note(RunState& st, const std::string& line);
/// Adds `url` to the run's documents (once).
void remember(RunState& st, const std::string& url);
/// Marks (source, url) as fetched again now; through the crawl's write queue when there is one.
void touch(RunState& st, const std::string& url, Clock::time_point fetched_at);
/// The cache's copy of (source, `url`) when it is a good one (fetched, no error).
std::optional<store::StoredDocument> good_copy(RunState& st, const std::string& url);
/// Whether a cached `record` needs no request: inside the freshness window and no --refresh.
bool fresh_enough(const RunState& st, const DocumentRecord& record);
/// Runs `work` with the run's saves and touches going through a write queue (batches written
/// by its own thread, as a crawl's pages are); all of it is committed when this returns.
void with_queued_writes(RunState& st, const std::function<void()>& work);
/// Records a failure that has no document body (unreadable input, offline miss): noted, counted
/// by kind, kept in the cache when nothing better is there, and listed in the run's documents.
void record_failure(RunState& st, const std::string& url, const std::string& why,
                    RunState::Failure kind = {});
/// Counts a failure of `url` once (a document already in the run's list).
void count_failure(RunState& st, const std::string& url, RunState::Failure kind);
/// Takes back the failure of `url`: a catalog alternative that another one replaced. It leaves
/// the run's documents and counts.
void forget_failure(RunState& st, const std::string& url);
/// The kind of an Error from a single fetch or a package registry.
FetchFailure failure_of(const Error& error);
/// Extracts and stores one document, unless the cache already holds the same bytes. Returns the
/// document's outlinks (for discovery).
std::vector<std::string> extract_and_store(RunState& st, FetchedDocument&& doc);
/// True when the cache already holds `doc`'s bytes as a good copy: the copy is touched and
/// counted as read, and `doc` needs no extraction.
bool reuse_same_bytes(RunState& st, const FetchedDocument& doc);
/// Counts, notes and stores one extracted document. Returns its outlinks.
std::vector<std::string> store_extracted(RunState& st, FetchedDocument&& doc,
                                         Extraction&& extraction);
/// Documents held by an ExtractionPipe at a time, given or extracted and not yet stored.
inline constexpr std::size_t kPipeWindow = 16;
/// extract_and_store() for many documents (a local folder): those whose bytes are not cached
/// are extracted on one worker thread a core (ExtractionPipe) and stored in the list's order, so
/// the facts and the cache are the same as one by one.
void extract_and_store_all(RunState& st, std::vector<FetchedDocument>&& docs);
/// Extracts again, from the cached bytes, the run's documents whose facts an older extractor
/// made (extract::kGeneration), so that a new version's facts reach documents that did not change.
void reextract_stale_facts(RunState& st);
/// Whether `url`'s path is /robots.txt.
bool is_robots(const std::string& url);

}  // namespace om::app
