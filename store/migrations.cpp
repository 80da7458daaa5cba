// store schema: numbered migrations, each run in one BEGIN IMMEDIATE transaction that also bumps
// PRAGMA user_version. Append new ones; never edit a released one.
#include <array>
#include <string>

#include "store/detail/sqlite.h"

namespace om::store::detail {
namespace {

// Index i holds the SQL that takes the schema from version i to i + 1.
constexpr auto kMigrations = std::to_array<const char*>({
    // 1: documents, one row of facts per document, full-text index of document text.
    R"sql(
CREATE TABLE document(
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  url TEXT NOT NULL,
  final_url TEXT,
  content_type TEXT,
  kind TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  error TEXT,
  etag TEXT,
  last_modified TEXT,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  found_via TEXT,
  fetched_at INTEGER NOT NULL,
  body BLOB,
  UNIQUE(source_id, url)
) STRICT;
CREATE TABLE finding(
  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
  facts_json TEXT NOT NULL,
  outlinks_json TEXT NOT NULL
) STRICT;
CREATE VIRTUAL TABLE document_fts USING fts5(
  url, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
  DELETE FROM document_fts WHERE rowid = old.id;
END;
)sql",
    // 2: bodies move to their own table. Inline in `document` (64 KiB pages hold a page body
    // locally), every touch after a 304 rewrote the whole body and every find read it.
    R"sql(
CREATE TABLE document_body(
  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
  body BLOB NOT NULL
) STRICT;
INSERT INTO document_body(document_id, body)
  SELECT id, coalesce(body, zeroblob(0)) FROM document;
ALTER TABLE document DROP COLUMN body;
)sql",
    // 3: the links the crawler found in each page, so a 304 needs neither the copy nor a scan.
    R"sql(
CREATE TABLE document_links(
  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
  links TEXT NOT NULL
) STRICT;
)sql",
    // 4: bodies in parts (new ones at most 1 MiB each), each inserted once. A zero-filled row
    // written in place (incremental BLOB I/O) put a big body into the WAL twice: the zeros,
    // spilled from the page cache, then the bytes.
    R"sql(
CREATE TABLE document_body_part(
  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
  part INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY(document_id, part)
) STRICT;
INSERT INTO document_body_part(document_id, part, bytes)
  SELECT document_id, 0, body FROM document_body WHERE length(body) > 0;
DROP TABLE document_body;
)sql",
    // 5: a source's documents in the order they were stored, without a sort: an index ends with
    // the rowid, so this one lists (source_id, id). Repository::source_states() reads through it;
    // through UNIQUE(source_id, url) the rows came by url and were sorted in memory, a transient
    // copy of every state.
    R"sql(
CREATE INDEX document_source ON document(source_id);
)sql",
    // 6: a crawled document's depth (link hops from the crawl's seeds): a refresh reseeds the
    // cached pages at their depth. Rows from before read 0 (the old behaviour).
    R"sql(
ALTER TABLE document ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
)sql",
    // 7: the generation of the extractor that made a document's facts (Extraction::extractor):
    // a run re-extracts the cached bytes of documents whose facts an older extractor made, so an
    // upgrade's new facts reach documents that did not change. Rows from before read 0. The
    // outlinks stored beside the facts go: nothing read them (discovery takes a document's
    // outlinks from its extraction, before it is stored).
    R"sql(
ALTER TABLE finding ADD COLUMN extractor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE finding DROP COLUMN outlinks_json;
)sql",
    // 8: a document's text waits here until a search of its source first needs it, then moves
    // into document_fts (Repository::index_texts). Tokenizing and indexing every page was ~40 %
    // of a CPU-bound crawl (bench/RESULTS.md); a source nobody searches now never pays it. Rows
    // indexed before stay in document_fts.
    R"sql(
CREATE TABLE document_text(
  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
  text TEXT NOT NULL
) STRICT;
)sql",
});

constexpr int kLatest = static_cast<int>(kMigrations.size());

Result<int> user_version(sqlite3* db, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &raw, nullptr) != SQLITE_OK) {
    return storage_error(db, path, "read schema version");
  }
  Stmt stmt(raw);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) {
    return storage_error(db, path, "read schema version");
  }
  return sqlite3_column_int(stmt.get(), 0);
}

Status apply(sqlite3* db, const std::string& path, int version) {
  if (auto begun = exec(db, path, "BEGIN IMMEDIATE"); !begun) {
    return begun;
  }
  // Another process may have migrated while we waited for the write lock.
  auto current = user_version(db, path);
  Status step = current ? Status(Ok{}) : Status(current.error());
  if (step && *current < version) {
    step = exec(db, path, kMigrations.at(static_cast<std::size_t>(version - 1)));
    if (step) {
      // PRAGMA takes no bound parameters; `version` is our own constant, never input.
      const std::string bump = "PRAGMA user_version = " + std::to_string(version);
      step = exec(db, path, bump.c_str());
    }
  }
  if (step) {
    step = exec(db, path, "COMMIT");
  }
  if (!step) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return Error{ErrorCode::kStorage,
                 step.error().message + " (schema migration " + std::to_string(version) + ")"};
  }
  return Ok{};
}

}  // namespace

int latest_schema_version() {
  return kLatest;
}

Status migrate(sqlite3* db, const std::string& path) {
  auto current = user_version(db, path);
  if (!current) {
    return current.error();
  }
  if (*current > kLatest) {
    return Error{ErrorCode::kStorage,
                 "knowledge cache " + path + " has schema version " + std::to_string(*current) +
                     ", newer than the " + std::to_string(kLatest) +
                     " this om-research knows; upgrade om-research or use another --db"};
  }
  for (int version = *current + 1; version <= kLatest; ++version) {
    if (auto applied = apply(db, path, version); !applied) {
      return applied;
    }
  }
  return Ok{};
}

}  // namespace om::store::detail
