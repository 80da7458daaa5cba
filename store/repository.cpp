// store: opening the knowledge cache (pragmas, migrations); the statements of the whole module
// (writes.cpp writes, reads.cpp reads), each prepared once and cached.
#include <array>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include <unistd.h>

#include "store/detail/index_terms.h"
#include "store/detail/rows.h"
#include "store/detail/sqlite.h"
#include "store/store.h"

namespace om::store {
namespace {

using detail::Query;
using detail::Sql;

// A document's record and validators (read by read_state).
#define OM_STORE_STATE_COLUMNS      \
  "SELECT " OM_STORE_RECORD_COLUMNS \
  ", d.final_url, d.content_type, d.etag, d.last_modified, d.id, d.depth"

// Indexed by Sql.
constexpr auto kStatementSql = std::to_array<const char*>({
    "BEGIN IMMEDIATE",
    "BEGIN",  // deferred: a read transaction from its first read
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT om_write",
    "RELEASE om_write",
    "ROLLBACK TO om_write",
    "DELETE FROM document WHERE source_id = ?1 AND url = ?2",
    "INSERT INTO document(source_id, url, final_url, content_type, kind, http_status, error, etag,"
    " last_modified, sha256, bytes, found_via, fetched_at, depth)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    "INSERT INTO document_body_part(document_id, part, bytes) VALUES(?1, ?2, ?3)",
    "INSERT INTO document_links(document_id, links) VALUES(?1, ?2)",
    "INSERT INTO finding(document_id, facts_json, extractor) VALUES(?1, ?2, ?3)",
    "INSERT INTO document_text(document_id, text) VALUES(?1, ?2)",
    OM_STORE_STATE_COLUMNS
    ", l.links FROM document d"
    " LEFT JOIN document_links l ON l.document_id = d.id WHERE d.source_id = ?1 AND d.url = ?2",
    // No join with the links: it read every page of that table (megabytes for a big crawl).
    // In stored order through document_source (schema 5), which ends with the rowid: no sort.
    OM_STORE_STATE_COLUMNS
    " FROM document d INDEXED BY document_source WHERE d.source_id = ?1 ORDER BY d.id",
    // One row per part in order; a document without parts (an empty body) gives one NULL row.
    "SELECT p.bytes FROM document d LEFT JOIN document_body_part p ON p.document_id = d.id"
    " WHERE d.source_id = ?1 AND d.url = ?2 ORDER BY p.part",
    "SELECT l.links FROM document d JOIN document_links l ON l.document_id = d.id"
    " WHERE d.source_id = ?1 AND d.url = ?2",
    "SELECT links FROM document_links WHERE document_id = ?1",
    "UPDATE document SET fetched_at = ?3 WHERE source_id = ?1 AND url = ?2",
    "UPDATE document SET sha256 = ?2 WHERE id = ?1",
    "UPDATE document SET kind = ?4, error = ?5 WHERE id = ?1 AND source_id = ?2 AND url = ?3",
    "SELECT " OM_STORE_RECORD_COLUMNS
    ", f.facts_json FROM document d"
    " LEFT JOIN finding f ON f.document_id = d.id WHERE d.source_id = ?1 ORDER BY d.url",
    // kLoad without the facts: a reader that does not want every document's reads each by id.
    "SELECT " OM_STORE_RECORD_COLUMNS
    ", d.id FROM document d WHERE d.source_id = ?1"
    " ORDER BY d.url",
    "SELECT " OM_STORE_RECORD_COLUMNS " FROM document d WHERE d.source_id = ?1 ORDER BY d.url",
    // bm25 weights: a word in the URL counts half as much as one in the text.
    "SELECT d.id, d.url, snippet(document_fts, 1, '', '', '...', 12),"
    " bm25(document_fts, 0.5, 1.0) AS score"
    " FROM document_fts JOIN document d ON d.id = document_fts.rowid"
    " WHERE document_fts MATCH ?1 AND d.source_id = ?2 ORDER BY score LIMIT ?3",
    // The source's documents whose text waits for the index (schema 8), in stored order.
    "SELECT count(*) FROM document d INDEXED BY document_source"
    " JOIN document_text t ON t.document_id = d.id WHERE d.source_id = ?1",
    "SELECT d.id, t.text FROM document d INDEXED BY document_source"
    " JOIN document_text t ON t.document_id = d.id WHERE d.source_id = ?1 AND d.id > ?2"
    " ORDER BY d.id LIMIT ?3",
    "INSERT INTO document_fts(rowid, url, text) SELECT d.id, d.url, t.text"
    " FROM document d JOIN document_text t ON t.document_id = d.id WHERE d.id = ?1",
    "DELETE FROM document_text WHERE document_id = ?1",
    "SELECT facts_json FROM finding WHERE document_id = ?1",
    "SELECT source_id, count(*), max(fetched_at) FROM document GROUP BY source_id"
    " ORDER BY source_id",
    "DELETE FROM document WHERE source_id = ?1",
    // Documents read without error (robots.txt aside) whose facts an older extractor made.
    "SELECT d.url FROM document d JOIN finding f ON f.document_id = d.id"
    " WHERE d.source_id = ?1 AND f.extractor < ?2 AND coalesce(d.error, '') = ''"
    " AND d.kind != 'robots' ORDER BY d.id",
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
  // page-cache entries, WAL frames and write calls; a slow crawl's WAL and file sizes barely
  // differ from 16 KiB pages' (bench/RESULTS.md). Must precede WAL mode, which fixes the size.
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
  // and with 64 KiB pages its journal spilled to a temp file (a 4-byte header + a 64 KiB page per
  // write).
  // The WAL is checkpointed once it holds ~16 MiB (256 pages of 64 KiB: the default 1,000 pages
  // would let it reach 64 MiB) and cut back to 16 MiB when a checkpoint lets it start over.
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA temp_store = MEMORY",
        "PRAGMA wal_autocheckpoint = 256", "PRAGMA journal_size_limit = 16777216"}) {
    if (auto done = detail::exec(db, path, pragma); !done) {
      return done;
    }
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

void Repository::Impl::before_read() {
  // Inside a write transaction (not ours to hold) a read already sees what it writes.
  if (!hold_reads || (!read_open && sqlite3_get_autocommit(db.get()) == 0)) {
    return;
  }
  if (read_open && ++reads_in_snapshot < kReadsPerSnapshot) {
    return;
  }
  // A failed BEGIN or COMMIT leaves reads in autocommit, as without holding: no error to give.
  if (read_open) {
    read_open = false;
    if (!run(Sql::kCommit, "end a held read")) {
      return;
    }
  }
  read_open = static_cast<bool>(run(Sql::kBeginRead, "hold reads"));
  reads_in_snapshot = 0;
}

void Repository::Impl::before_write() {
  if (read_open) {  // never inside a write transaction: its BEGIN came through here first
    read_open = false;
    (void)run(Sql::kCommit, "end a held read");
  }
}

void Repository::Impl::apply_page_cache() {
  (void)detail::exec(db.get(), path, hold_reads ? kHeldReadsPageCache : kDefaultPageCache);
}

Repository::HeldReads::HeldReads(Repository& repo) : repo_(repo) {
  repo_.impl_->hold_reads = true;
  repo_.impl_->apply_page_cache();
}

Repository::HeldReads::~HeldReads() {
  repo_.impl_->before_write();
  repo_.impl_->hold_reads = false;
  repo_.impl_->apply_page_cache();
}

Repository::HeldReads Repository::hold_reads() {
  return HeldReads(*this);
}

void Repository::renew_reads() {
  impl_->before_write();  // the next read begins a new snapshot
}

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() {
  if (impl_) {
    impl_->before_write();  // a held read ends before the close (and its checkpoint)
  }
}

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
  detail::replay_index_terms(raw);  // before the index is first used
  if (auto configured = configure(raw, path); !configured) {
    return configured.error();
  }
  if (auto migrated = detail::migrate(raw, path); !migrated) {
    return migrated.error();
  }
  return Repository(std::move(impl));
}

namespace {

// Opens `path` read-only into impl.db and reads its schema version.
Result<int> read_only_connection(Repository::Impl& impl, const std::string& path, bool immutable) {
  std::string uri = "file:";
  for (char c : path) {  // RFC 3986 escapes for the characters a URI path gives meaning to
    static constexpr char kHex[] = "0123456789ABCDEF";
    if (c == '%' || c == '?' || c == '#') {
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  uri += immutable ? "?mode=ro&immutable=1" : "?mode=ro";
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  impl.db.reset(raw);
  if (rc != SQLITE_OK) {
    return detail::storage_error(raw, path, "cannot open");
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_stmt* stmt_raw = nullptr;
  if (sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &stmt_raw, nullptr) != SQLITE_OK) {
    return detail::storage_error(raw, path, "open (read the schema version)");
  }
  detail::Stmt stmt(stmt_raw);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) {
    return detail::storage_error(raw, path, "open (read the schema version)");
  }
  return sqlite3_column_int(stmt.get(), 0);
}

}  // namespace

Result<Repository> Repository::open_read_only(const std::string& path) {
  std::error_code ec;
  if (path.empty() || path == ":memory:" || !std::filesystem::is_regular_file(path, ec)) {
    return Error{ErrorCode::kNotFound, "knowledge cache " + path + " does not exist"};
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = true;
  auto version = read_only_connection(*impl, path, false);
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (!version && ::access(folder.empty() ? "." : folder.c_str(), W_OK) != 0) {
    // A WAL cache in a folder we cannot write, with no -shm file: SQLite cannot open it for
    // reading unless told that nobody writes it (immutable), which a folder closed to us
    // makes likely; research into it fails anyway.
    version = read_only_connection(*impl, path, true);
  }
  if (!version) {
    return version.error();
  }
  if (*version == 0) {
    return Error{ErrorCode::kNotFound, "knowledge cache " + path + " holds nothing yet"};
  }
  if (*version > detail::latest_schema_version()) {
    return Error{ErrorCode::kStorage, "knowledge cache " + path + " has schema version " +
                                          std::to_string(*version) + ", written by a newer " +
                                          "om-research than this one (which reads " +
                                          std::to_string(detail::latest_schema_version()) +
                                          "); use that version, or another --db"};
  }
  if (*version != detail::latest_schema_version()) {
    return Error{ErrorCode::kStorage, "knowledge cache " + path + " has schema version " +
                                          std::to_string(*version) + ", this om-research reads " +
                                          std::to_string(detail::latest_schema_version()) +
                                          "; a research run migrates it"};
  }
  return Repository(std::move(impl));
}

const std::string& Repository::path() const {
  return impl_->path;
}

}  // namespace om::store
