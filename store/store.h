// store: the SQLite knowledge cache (DESIGN.md "Knowledge cache", STYLE.md 2.6). Documents with
// their validators and bodies, the facts read from each, and a full-text index of their text.
// The only header of this module that other modules include; sqlite3.h stays in store/*.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/link_list.h"
#include "core/result.h"
#include "core/types.h"
#include "store/source_states.h"

namespace om::store {

/// A cached document without its body: the report's record plus what a conditional request
/// and a redirect-aware citation need.
struct StoredDocument {
  DocumentRecord record;  // url, kind, status, fetched_at, bytes, sha256, error, found_via
  std::string final_url;
  std::string content_type;
  std::string etag;
  std::string last_modified;
  /// The crawler's links of the page (FetchedDocument::links) when they were kept; filled by
  /// find() (a crawl reads them with links() when needed).
  std::optional<LinkList> links;
  /// The document's row in the cache, for links(); valid until the document is saved again.
  std::int64_t row = 0;
  /// Link hops from the crawl's seeds (FetchedDocument::depth); filled by find().
  int depth = 0;
};

/// One document of a source with everything extracted from it (evidence keeps its URLs).
struct StoredFindings {
  DocumentRecord record;
  Findings findings;
  std::size_t facts_bytes = 0;  // the stored facts' length (0 when not read)
};

/// A full-text match. `snippet` is crawled text: untrusted, escape it before rendering.
struct SearchHit {
  std::string url;
  std::string snippet;  // ~12 words around the best match, "..." where the text was cut
  std::string locator;  // locator of the evidence quote holding most of the words, or ""
  double rank = 0;      // FTS5 bm25: lower is better; hits come sorted by it
};

/// What the cache holds for one source.
struct SourceSummary {
  SourceId source;
  std::uint64_t documents = 0;
  Clock::time_point newest_fetched_at{};
};

/// Most words a search may hold.
inline constexpr std::size_t kMaxSearchWords = 32;

/// Documents whose waiting text Repository::index_texts() indexes in one transaction, at most;
/// a batch also ends once its texts reach kIndexBatchBytes (two batches are held at a time).
inline constexpr std::size_t kIndexBatch = 64;
inline constexpr std::size_t kIndexBatchBytes = std::size_t{4} << 20;

/// Bodies are stored in parts of this many bytes (the last one shorter), one row each, written
/// and read one part at a time. One 64 KiB page per part: with 1 MiB parts, a big spec's write
/// held 1 MiB records beside the page cache while its extraction ran.
inline constexpr std::size_t kBodyPartBytes = std::size_t{64} << 10;

/// The error a document's record holds inside Repository::save_extracting(), between its body's
/// transaction and its facts': a run stopped in between leaves it, and the next run, seeing an
/// error, extracts the document again.
inline constexpr const char* kAwaitingFacts =
    "extraction did not finish (the run stopped while this document was being extracted)";

class Repository;

namespace detail {  // store-internal: WriteQueue's batches and the store's tests (writes.cpp)
Status in_one_transaction(Repository& repo, const std::function<void()>& writes);
}  // namespace detail

/// A connection to one knowledge cache file. Several processes (and several Repository
/// objects) may share a file: it runs in WAL mode and every write is one `BEGIN IMMEDIATE`
/// transaction waiting up to 5 s for the lock. One thread uses a Repository at a time.
///
/// Secrets are never stored: the store keeps exactly the FetchedDocument it is given, and the
/// crawler never puts credentials (request headers, tokens) into one.
class Repository {
 public:
  /// Opens or creates the cache at `path` (":memory:" for a private in-memory one), creating
  /// parent directories, and migrates its schema. Errors name the path: it cannot be created,
  /// is read-only, is not a database, or has a schema newer than this program knows.
  [[nodiscard]] static Result<Repository> open(const std::string& path);
  /// Opens an existing cache for reading only (lookup, search): creates no file or directory,
  /// migrates nothing. kNotFound when `path` does not exist (or holds no schema yet); other
  /// errors name the path. Writes through it fail.
  [[nodiscard]] static Result<Repository> open_read_only(const std::string& path);

  /// The path it was opened with (":memory:" for an in-memory cache).
  [[nodiscard]] const std::string& path() const;

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;
  ~Repository();

  /// Stores a document, its facts and its text in one transaction, replacing whatever was
  /// stored for the same (source, url). The sha256 is computed from `doc.body`.
  Status save(const FetchedDocument& doc, const Extraction& extraction);

  /// What save_extracting() gives back: the extraction, and whether the save succeeded.
  struct ExtractedSave {
    Extraction extraction;
    Status saved = Ok{};
  };
  using ExtractFn = std::function<Extraction(const FetchedDocument&)>;
  using SettleFn = std::function<void(FetchedDocument&, const Extraction&)>;
  /// save() for a document big enough to extract on another thread while its body is written
  /// here (extraction does not read the cache, so the two overlap). `extract(doc)` runs on a
  /// second thread while this one replaces the record of (source, url) with `doc`'s, marked
  /// kAwaitingFacts, commits its body and copies it from the WAL into the file (a checkpoint the
  /// close would otherwise do). Then `settle(doc, extraction)` runs here (it may set doc.error)
  /// and a second transaction sets the record's kind and error and stores the links and facts.
  ExtractedSave save_extracting(FetchedDocument& doc, const ExtractFn& extract,
                                const SettleFn& settle);

  /// The stored record and validators of (source, url), without the body; nullopt if absent.
  [[nodiscard]] Result<std::optional<StoredDocument>> find(const SourceId& source,
                                                           const std::string& url);
  /// find() for every document of the source at once, in stored order, without bodies, links
  /// or hashes: a crawl reads its cache's validators in one query instead of one per URL. The
  /// links (megabytes for a big crawl) are read one page at a time with links(): revalidated in
  /// stored order, those reads are sequential.
  [[nodiscard]] Result<SourceStates> source_states(const SourceId& source);
  /// The crawler's kept links of (source, url); nullopt if the page or its links are absent.
  /// `row`, when known (a state's from source_states() or find()), is read directly: one lookup
  /// in the links table instead of the document index, the document row and then it (a refresh
  /// reads the kept links of every 304 page).
  [[nodiscard]] Result<std::optional<LinkList>> links(const SourceId& source,
                                                      const std::string& url, std::int64_t row = 0);
  /// The stored body of (source, url); kNotFound if absent.
  [[nodiscard]] Result<std::string> body(const SourceId& source, const std::string& url);

  /// While the returned guard lives, reads share one snapshot (a read transaction, renewed every
  /// 256 reads) instead of each taking the WAL read lock (two fcntl calls) and, after another
  /// connection's commit, starting with an empty page cache: a refresh reads each 304 page's
  /// links while the crawl's writer thread commits. Reads may then miss what other connections
  /// committed since the snapshot began (a crawl reads what the last run stored); a write on
  /// this connection ends the snapshot first. The page cache shrinks to 512 KiB meanwhile: a
  /// crawl's reads (states, then links in stored order) reuse few pages, and each new 64 KiB
  /// buffer is 16 page faults. When the guard ends, the next read sees everything committed and
  /// the page cache is 2 MB again. The repository must outlive the guard.
  class HeldReads {
   public:
    HeldReads(const HeldReads&) = delete;
    HeldReads& operator=(const HeldReads&) = delete;
    HeldReads(HeldReads&&) = delete;
    HeldReads& operator=(HeldReads&&) = delete;
    ~HeldReads();

   private:
    friend class Repository;
    explicit HeldReads(Repository& repo);
    Repository& repo_;
  };
  [[nodiscard]] HeldReads hold_reads();
  /// Ends the snapshot held now (the next read begins another): a crawl calls it when idle, so
  /// no snapshot pins the WAL while the writer commits and checkpoints (else the WAL only grows).
  void renew_reads();

  /// Marks (source, url) as fetched again at `fetched_at` (after a 304), keeping its facts.
  Status touch(const SourceId& source, const std::string& url, Clock::time_point fetched_at);

  /// Every document of the source with its facts, in url order.
  [[nodiscard]] Result<std::vector<StoredFindings>> load(const SourceId& source);
  /// load() one document at a time, `passes` times over: `visit(pass, document)` gets each
  /// document of the source with its facts, in url order, for pass 0, then 1, ...; only the one
  /// visited is held. Every pass reads one snapshot of the cache (one read transaction, unless
  /// a transaction is open on this connection already), so each sees the same documents while
  /// other connections write. The first error `visit` returns ends the read and is returned.
  /// `visit` must not use this repository. `wants_facts(pass, record)`, when given, is asked
  /// before a document's facts are parsed: false visits it with none (a reader that kept them
  /// from an earlier pass).
  using FindingsVisit = std::function<Status(int pass, StoredFindings&& document)>;
  using FactsWanted = std::function<bool(int pass, const DocumentRecord& record)>;
  [[nodiscard]] Status load_each(const SourceId& source, int passes, const FindingsVisit& visit,
                                 const FactsWanted& wants_facts = {});
  /// Every document record of the source, in url order.
  [[nodiscard]] Result<std::vector<DocumentRecord>> documents(const SourceId& source);
  /// URLs of the source's documents read without error whose facts were made by an extractor
  /// older than `generation` (Extraction::extractor), in stored order.
  [[nodiscard]] Result<std::vector<std::string>> stale_facts(const SourceId& source,
                                                             int generation);

  /// Full-text search of the source's documents, best first (bm25). Each whitespace-separated
  /// word is matched literally (FTS syntax in `words` has no effect); documents holding all
  /// words are returned, or, when none does, documents holding any of them. Empty → error.
  /// A writable cache first indexes the source's waiting texts (index_texts); a read-only one
  /// searches what is indexed.
  [[nodiscard]] Result<std::vector<SearchHit>> search(const SourceId& source,
                                                      std::string_view words,
                                                      std::size_t limit = 10);
  /// How many of the source's documents have a text that waits for the full-text index: a save
  /// stores the text, and the source's first search indexes it (a crawl does not pay for an
  /// index nobody may query).
  [[nodiscard]] Result<std::uint64_t> unindexed_texts(const SourceId& source);
  /// Moves the source's waiting texts into the full-text index, kIndexBatch documents a
  /// transaction (a concurrent crawl's writes go in between), the next batch's terms made on
  /// another thread meanwhile (store/index_terms.h); returns how many.
  Result<std::uint64_t> index_texts(const SourceId& source);

  /// Every source in the cache, by source id.
  [[nodiscard]] Result<std::vector<SourceSummary>> sources();

  /// Deletes every document (and its facts and text) of the source; returns how many.
  Result<std::uint64_t> remove_source(const SourceId& source);

  struct Impl;  // defined in store/detail/sqlite.h

 private:
  friend Status detail::in_one_transaction(Repository& repo, const std::function<void()>& writes);
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace om::store
