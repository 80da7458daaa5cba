// store: opening the knowledge cache (pragmas, migrations) and writing documents with their
// facts; the statements of the whole module (reads.cpp reads). Every value is bound; every
// statement is prepared once and cached.
#include <array>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "core/findings_json.h"
#include "core/hash.h"
#include "core/json.h"
#include "store/detail/rows.h"
#include "store/detail/sqlite.h"
#include "store/store.h"

namespace om::store {
namespace {

using detail::Query;
using detail::Sql;
using detail::to_unix;

// A document's record and validators (read by read_state).
#define OM_STORE_STATE_COLUMNS \
  "SELECT " OM_STORE_RECORD_COLUMNS ", d.final_url, d.content_type, d.etag, d.last_modified"

// Indexed by Sql.
constexpr auto kStatementSql = std::to_array<const char*>({
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT om_write",
    "RELEASE om_write",
    "ROLLBACK TO om_write",
    "DELETE FROM document WHERE source_id = ?1 AND url = ?2",
    "INSERT INTO document(source_id, url, final_url, content_type, kind, http_status, error, etag,"
    " last_modified, sha256, bytes, found_via, fetched_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    "INSERT INTO document_body_part(document_id, part, bytes) VALUES(?1, ?2, ?3)",
    "INSERT INTO document_links(document_id, links) VALUES(?1, ?2)",
    "INSERT INTO finding(document_id, facts_json, outlinks_json) VALUES(?1, ?2, ?3)",
    "INSERT INTO document_fts(rowid, url, text) VALUES(?1, ?2, ?3)",
    OM_STORE_STATE_COLUMNS
    ", l.links FROM document d"
    " LEFT JOIN document_links l ON l.document_id = d.id WHERE d.source_id = ?1 AND d.url = ?2",
    // No join with the links: it read every page of that table (~9 MB at 10,000 documents).
    OM_STORE_STATE_COLUMNS ", d.id FROM document d WHERE d.source_id = ?1",
    // One row per part in order; a document without parts (an empty body) gives one NULL row.
    "SELECT p.bytes FROM document d LEFT JOIN document_body_part p ON p.document_id = d.id"
    " WHERE d.source_id = ?1 AND d.url = ?2 ORDER BY p.part",
    "SELECT l.links FROM document d JOIN document_links l ON l.document_id = d.id"
    " WHERE d.source_id = ?1 AND d.url = ?2",
    "UPDATE document SET fetched_at = ?3 WHERE source_id = ?1 AND url = ?2",
    "UPDATE document SET sha256 = ?2 WHERE id = ?1",
    "SELECT " OM_STORE_RECORD_COLUMNS
    ", f.facts_json, f.outlinks_json FROM document d"
    " LEFT JOIN finding f ON f.document_id = d.id WHERE d.source_id = ?1 ORDER BY d.url",
    "SELECT " OM_STORE_RECORD_COLUMNS " FROM document d WHERE d.source_id = ?1 ORDER BY d.url",
    // bm25 weights: a word in the URL counts half as much as one in the text.
    "SELECT d.id, d.url, snippet(document_fts, 1, '', '', '...', 12),"
    " bm25(document_fts, 0.5, 1.0) AS score"
    " FROM document_fts JOIN document d ON d.id = document_fts.rowid"
    " WHERE document_fts MATCH ?1 AND d.source_id = ?2 ORDER BY score LIMIT ?3",
    "SELECT facts_json FROM finding WHERE document_id = ?1",
    "SELECT source_id, count(*), max(fetched_at) FROM document GROUP BY source_id"
    " ORDER BY source_id",
    "DELETE FROM document WHERE source_id = ?1",
});
static_assert(kStatementSql.size() == static_cast<std::size_t>(Sql::kCount));

#undef OM_STORE_STATE_COLUMNS

constexpr int kBusyTimeoutMs = 5000;

Status create_parent_directories(const std::string& path) {
  if (path == ":memory:") {
    return Ok{};
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) {
    return Ok{};
  }
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Error{ErrorCode::kStorage, "knowledge cache " + path + ": cannot create directory " +
                                          parent.string() + ": " + ec.message()};
  }
  return Ok{};
}

// Connection settings; journal_mode is the first statement that reads the file, so a file that
// is not a database fails here.
Status configure(sqlite3* db, const std::string& path) {
  if (sqlite3_db_readonly(db, "main") == 1) {
    return Error{ErrorCode::kStorage, "knowledge cache " + path +
                                          " is read-only (check the file's and its directory's "
                                          "permissions)"};
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // 64 KiB pages for a new file (a no-op on an existing one): a spec body of tens of MB is
  // written as overflow pages, twice (WAL, then checkpoint); 16x fewer pages means 16x fewer
  // page-cache entries, WAL frames and write calls. Must precede WAL mode, which fixes the size.
  if (auto sized = detail::exec(db, path, "PRAGMA page_size = 65536"); !sized) {
    return sized;
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &raw, nullptr) != SQLITE_OK) {
    return detail::storage_error(db, path, "open");
  }
  detail::Stmt stmt(raw);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) {
    return detail::storage_error(db, path, "open (set WAL journal mode)");
  }
  const std::string mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
  if (mode != "wal" && mode != "memory") {
    return Error{ErrorCode::kStorage,
                 "knowledge cache " + path + ": cannot use WAL journal mode (got " + mode + ")"};
  }
  stmt.reset();
  // temp_store = MEMORY keeps statement journals in memory: each write of a batch is a savepoint,
  // and with 64 KiB pages its journal spilled to a temp file (a 4-byte header + 64 KiB page per
  // write: 134 MB written for a 2,000-page refresh; measured with strace).
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA temp_store = MEMORY"}) {
    if (auto done = detail::exec(db, path, pragma); !done) {
      return done;
    }
  }
  return Ok{};
}

// The facts (evidence with URLs), outlinks and searchable text of the document row `id`.
Status save_facts(Repository::Impl& impl, std::int64_t id, const std::string& url,
                  const Extraction& extraction) {
  auto finding = impl.statement(Sql::kInsertFinding);
  if (!finding) {
    return finding.error();
  }
  Json outlinks = Json::array();
  for (const auto& link : extraction.outlinks) {
    outlinks.push(link);
  }
  Query facts(*finding);
  facts.bind(1, id).bind(2, findings_to_json(extraction.findings).dump()).bind(3, outlinks.dump());
  if (facts.step() != SQLITE_DONE) {
    return impl.error("save facts of " + url);
  }
  if (extraction.text.empty()) {
    return Ok{};
  }
  auto text = impl.statement(Sql::kInsertText);
  if (!text) {
    return text.error();
  }
  if (Query q(*text); q.bind(1, id).bind(2, url).bind(3, extraction.text).step() != SQLITE_DONE) {
    return impl.error("index text of " + url);
  }
  return Ok{};
}

/// Inserts the document's bytes as parts of at most 1 MiB (FetchedDocument::visit_bytes: a
/// mapped file is read once, in parts, and never resident whole); each part also goes to
/// `digest` when given. Binding a whole body had SQLite build its record in one buffer, a second
/// copy of a body of tens of MB (+16 MiB at the GitHub spec's save, measured).
Status write_body(Repository::Impl& impl, std::int64_t id, const FetchedDocument& doc,
                  Sha256* digest) {
  auto insert = impl.statement(Sql::kInsertBody);
  if (!insert) {
    return insert.error();
  }
  std::int64_t part = 0;
  bool ok = true;
  doc.visit_bytes([&](std::string_view bytes) {
    if (ok) {
      ok = Query(*insert).bind(1, id).bind(2, part++).bind_blob(3, bytes).step() == SQLITE_DONE;
    }
    if (digest != nullptr) {
      digest->update(bytes);
    }
  });
  return ok ? Status(Ok{}) : Error{ErrorCode::kStorage, "write body"};
}

/// Keeps the crawler's links of a page (FetchedDocument::links), one absolute URL per line: the
/// crawler's URLs are normalised, so they never hold a newline.
Status save_links(Repository::Impl& impl, std::int64_t id, const FetchedDocument& doc) {
  if (!doc.links) {
    return Ok{};
  }
  auto insert_links = impl.statement(Sql::kInsertLinks);
  if (!insert_links) {
    return insert_links.error();
  }
  if (Query l(*insert_links); l.bind(1, id).bind(2, doc.links->joined()).step() != SQLITE_DONE) {
    return impl.error("save the links of " + doc.url);
  }
  return Ok{};
}

}  // namespace

Result<sqlite3_stmt*> Repository::Impl::statement(Sql id) {
  auto& slot = statements[static_cast<std::size_t>(id)];
  if (!slot) {
    sqlite3_stmt* raw = nullptr;
    const char* sql = kStatementSql[static_cast<std::size_t>(id)];
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
        SQLITE_OK) {
      return error(std::string("prepare ") + sql);
    }
    slot.reset(raw);
  }
  return slot.get();
}

Status Repository::Impl::run(Sql id, std::string_view step) {
  auto stmt = statement(id);
  if (!stmt) {
    return stmt.error();
  }
  Query q(*stmt);
  if (q.step() != SQLITE_DONE) {
    return error(step);
  }
  return Ok{};
}

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

Result<Repository> Repository::open(const std::string& path) {
  if (path.empty()) {
    return Error{ErrorCode::kConfig, "knowledge cache: empty path"};
  }
  if (auto made = create_parent_directories(path); !made) {
    return made.error();
  }
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db.reset(raw);  // close even when open failed (sqlite3_open_v2 contract)
  if (rc != SQLITE_OK) {
    return detail::storage_error(impl->db.get(), path, "cannot open");
  }
  sqlite3_extended_result_codes(raw, 1);
  if (auto configured = configure(raw, path); !configured) {
    return configured.error();
  }
  if (auto migrated = detail::migrate(raw, path); !migrated) {
    return migrated.error();
  }
  return Repository(std::move(impl));
}

Status Repository::save(const FetchedDocument& doc, const Extraction& extraction) {
  if (doc.source.empty() || doc.url.empty()) {
    return Error{ErrorCode::kConfig, "knowledge cache: save needs a source and a url"};
  }
  auto tx = detail::WriteTransaction::begin(*impl_, "save " + doc.url);
  if (!tx) {
    return tx.error();
  }
  auto remove = impl_->statement(Sql::kDeleteDocument);
  if (!remove) {
    return remove.error();
  }
  if (Query q(*remove); q.bind(1, doc.source).bind(2, doc.url).step() != SQLITE_DONE) {
    return impl_->error("replace " + doc.url);
  }
  auto insert = impl_->statement(Sql::kInsertDocument);
  if (!insert) {
    return insert.error();
  }
  Query q(*insert);
  q.bind(1, doc.source).bind(2, doc.url).bind_nullable(3, doc.final_url);
  q.bind_nullable(4, doc.content_type).bind(5, std::string_view(to_string(extraction.kind)));
  q.bind(6, std::int64_t{doc.http_status});
  q.bind_nullable(7, doc.error.empty() ? extraction.error : doc.error);
  // A mapped file is read once, in parts (pread): its digest is taken while the parts are
  // written and set after; a body in memory is digested first.
  const bool digest_while_writing = doc.mapped != nullptr;
  q.bind_nullable(8, doc.etag).bind_nullable(9, doc.last_modified);
  q.bind(10, digest_while_writing ? std::string() : sha256_hex(doc));
  q.bind(11, static_cast<std::int64_t>(doc.bytes().size())).bind_nullable(12, doc.found_via);
  q.bind(13, to_unix(doc.fetched_at));
  if (q.step() != SQLITE_DONE) {
    return impl_->error("save " + doc.url);
  }
  const std::int64_t id = sqlite3_last_insert_rowid(impl_->db.get());
  Sha256 digest;
  if (auto written = write_body(*impl_, id, doc, digest_while_writing ? &digest : nullptr);
      !written) {
    return impl_->error("save the body of " + doc.url);
  }
  if (digest_while_writing) {
    auto set = impl_->statement(Sql::kSetDigest);
    if (!set) {
      return set.error();
    }
    if (Query s(*set); s.bind(1, id).bind(2, digest.finish_hex()).step() != SQLITE_DONE) {
      return impl_->error("save the digest of " + doc.url);
    }
  }
  if (auto links = save_links(*impl_, id, doc); !links) {
    return links;
  }
  if (auto facts = save_facts(*impl_, id, doc.url, extraction); !facts) {
    return facts;
  }
  return tx->commit();
}

const std::string& Repository::path() const {
  return impl_->path;
}

Status Repository::in_one_transaction(const std::function<void()>& writes) {
  if (impl_->in_transaction) {
    writes();  // already inside one
    return Ok{};
  }
  auto tx = detail::WriteTransaction::begin(*impl_, "a batch of writes");
  if (!tx) {
    return tx.error();
  }
  impl_->in_transaction = true;
  try {
    writes();
  } catch (...) {
    impl_->in_transaction = false;
    throw;  // the transaction rolls back as `tx` unwinds
  }
  impl_->in_transaction = false;
  return tx->commit();
}

Status Repository::touch(const SourceId& source, const std::string& url,
                         Clock::time_point fetched_at) {
  // One UPDATE is atomic by itself: no transaction (or savepoint inside a batch's) of its own.
  auto stmt = impl_->statement(Sql::kTouch);
  if (!stmt) {
    return stmt.error();
  }
  if (Query q(*stmt);
      q.bind(1, source).bind(2, url).bind(3, to_unix(fetched_at)).step() != SQLITE_DONE) {
    return impl_->error("touch " + url);
  }
  if (sqlite3_changes(impl_->db.get()) == 0) {
    return Error{ErrorCode::kNotFound,
                 "knowledge cache " + impl_->path + ": no document " + url + " for " + source};
  }
  return Ok{};
}

Result<std::uint64_t> Repository::remove_source(const SourceId& source) {
  auto tx = detail::WriteTransaction::begin(*impl_, "remove " + source);
  if (!tx) {
    return tx.error();
  }
  auto stmt = impl_->statement(Sql::kRemoveSource);
  if (!stmt) {
    return stmt.error();
  }
  if (Query q(*stmt); q.bind(1, source).step() != SQLITE_DONE) {
    return impl_->error("remove " + source);
  }
  const auto removed = static_cast<std::uint64_t>(sqlite3_changes64(impl_->db.get()));
  if (auto done = tx->commit(); !done) {
    return done.error();
  }
  return removed;
}

}  // namespace om::store
