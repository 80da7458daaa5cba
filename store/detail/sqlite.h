// store internals: RAII SQLite handles, a bound-statement guard, the write transaction, the
// prepared-statement cache and the migrations. Only store/*.cpp include this.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "core/c_handle.h"
#include "core/result.h"
#include "store/store.h"

namespace om::store::detail {

using Db = CHandle<sqlite3, sqlite3_close_v2>;
using Stmt = CHandle<sqlite3_stmt, sqlite3_finalize>;

/// "knowledge cache <path>: <step>: <sqlite message>".
[[nodiscard]] Error storage_error(sqlite3* db, const std::string& path, std::string_view step);

/// Runs our own constant SQL (schema, pragmas); never used with input values.
Status exec(sqlite3* db, const std::string& path, const char* sql);

/// Brings the schema up to the newest migration; refuses a database newer than we know.
Status migrate(sqlite3* db, const std::string& path);
/// The schema version this program writes (number of migrations).
[[nodiscard]] int latest_schema_version();

/// The FTS5 query for `words`: each word a quoted string token, joined by `joiner` (" " = AND,
/// " OR "). Words with nothing searchable in them are dropped; none left → error.
[[nodiscard]] Result<std::string> fts_query(std::string_view words, std::string_view joiner);
/// The words `fts_query` keeps, lower-cased (ASCII), for matching evidence quotes.
[[nodiscard]] std::vector<std::string> search_words(std::string_view words);

/// A cached statement in use: binds values, steps, reads columns; resets and clears its
/// bindings when it goes out of scope so the statement can be reused.
class Query {
 public:
  explicit Query(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query(Query&&) = delete;
  Query& operator=(Query&&) = delete;
  ~Query();

  Query& bind(int index, std::string_view text);           // TEXT
  Query& bind_nullable(int index, std::string_view text);  // TEXT, NULL when empty
  Query& bind_blob(int index, std::string_view bytes);     // BLOB (never NULL)
  Query& bind_zeroblob(int index, std::uint64_t size);     // BLOB of `size` zero bytes
  Query& bind(int index, std::int64_t value);
  /// SQLITE_ROW, SQLITE_DONE or an error code (a failed bind is reported here).
  int step();

  [[nodiscard]] std::string text(int column) const;  // "" for NULL
  /// text() without a copy: valid until the next step() or column call of this column.
  [[nodiscard]] std::string_view view(int column) const;
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::string blob(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] double real(int column) const;

 private:
  void note(int rc);
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

/// Statements the repository prepares once and reuses.
enum class Sql : std::size_t {
  kBegin,
  kBeginRead,
  kCommit,
  kRollback,
  kSavepoint,
  kRelease,
  kRollbackTo,
  kDeleteDocument,
  kInsertDocument,
  kInsertBody,
  kInsertLinks,
  kInsertFinding,
  kInsertText,
  kFind,
  kStates,
  kBody,
  kLinks,
  kLinksOf,
  kTouch,
  kSetDigest,
  kSetExtracted,
  kLoad,
  kLoadRecords,
  kDocuments,
  kSearch,
  kUnindexedCount,
  kUnindexed,
  kIndexText,
  kDropText,
  kFacts,
  kSources,
  kRemoveSource,
  kStaleFacts,
  kCount,
};

}  // namespace om::store::detail

namespace om::store {

struct Repository::Impl {
  std::string path;
  detail::Db db;
  std::array<detail::Stmt, static_cast<std::size_t>(detail::Sql::kCount)> statements;
  bool read_only = false;       // opened by Repository::open_read_only
  bool in_transaction = false;  // inside in_one_transaction(): writes nest as savepoints
  // Repository::hold_reads(): reads share a read transaction, renewed every kReadsPerSnapshot.
  bool hold_reads = false;
  bool read_open = false;
  int reads_in_snapshot = 0;
  static constexpr int kReadsPerSnapshot = 256;
  /// PRAGMA cache_size (negative: KiB): SQLite's default, and while reads are held.
  static constexpr const char* kDefaultPageCache = "PRAGMA cache_size = -2000";
  static constexpr const char* kHeldReadsPageCache = "PRAGMA cache_size = -512";

  /// The cached statement, prepared on first use.
  Result<sqlite3_stmt*> statement(detail::Sql id);
  /// Runs a statement that binds nothing and returns no rows (BEGIN, COMMIT, ROLLBACK).
  Status run(detail::Sql id, std::string_view step);
  /// Before a read: opens or renews the held read transaction (hold_reads only).
  void before_read();
  /// Before a write: ends the held read transaction, so the write sees the newest data.
  void before_write();
  /// Sets the page cache size that applies now: kHeldReadsPageCache while reads are held, else
  /// kDefaultPageCache (only speed is at stake: a failure is ignored).
  void apply_page_cache();
  [[nodiscard]] Error error(std::string_view step) const {
    return detail::storage_error(db.get(), path, step);
  }
};

namespace detail {

/// Sets the connection's page cache (`pragma`: a PRAGMA cache_size) while it lives, then the
/// size that applies (held reads or SQLite's default). With 64 KiB pages every buffer the cache
/// grows by is 16 page faults: a sequential read or a big write needs only a few.
class ScopedPageCache {
 public:
  ScopedPageCache(Repository::Impl& impl, const char* pragma) : impl_(impl) {
    (void)exec(impl_.db.get(), impl_.path, pragma);  // only speed is at stake
  }
  ScopedPageCache(const ScopedPageCache&) = delete;
  ScopedPageCache& operator=(const ScopedPageCache&) = delete;
  ScopedPageCache(ScopedPageCache&&) = delete;
  ScopedPageCache& operator=(ScopedPageCache&&) = delete;
  ~ScopedPageCache() { impl_.apply_page_cache(); }

 private:
  Repository::Impl& impl_;
};

/// BEGIN IMMEDIATE ... COMMIT (or SAVEPOINT ... RELEASE inside detail::in_one_transaction);
/// rolls back when destroyed uncommitted.
class WriteTransaction {
 public:
  static Result<WriteTransaction> begin(Repository::Impl& impl, std::string_view step);
  WriteTransaction(WriteTransaction&& other) noexcept
      : impl_(other.impl_), step_(std::move(other.step_)), nested_(other.nested_) {
    other.impl_ = nullptr;
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  ~WriteTransaction();
  Status commit();

 private:
  WriteTransaction(Repository::Impl& impl, std::string step, bool nested)
      : impl_(&impl), step_(std::move(step)), nested_(nested) {}
  Repository::Impl* impl_;  // not owned; null once committed or rolled back
  std::string step_;
  bool nested_;  // a savepoint inside an outer transaction
};

}  // namespace detail
}  // namespace om::store
