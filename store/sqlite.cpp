// store internals: error messages that name the cache file, the statement guard and the write
// transaction (BEGIN IMMEDIATE, so concurrent writers queue on busy_timeout, never deadlock).
#include "store/detail/sqlite.h"

#include <string>
#include <utility>

namespace om::store::detail {

Error storage_error(sqlite3* db, const std::string& path, std::string_view step) {
  std::string message = "knowledge cache " + path + ": " + std::string(step);
  if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) {
    message += ": ";
    message += sqlite3_errmsg(db);
    const int primary = sqlite3_errcode(db) & 0xff;
    if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM) {
      message += " (check the permissions of the file and its directory)";
    }
  }
  return Error{ErrorCode::kStorage, std::move(message)};
}

Status exec(sqlite3* db, const std::string& path, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return storage_error(db, path, sql);
  }
  return Ok{};
}

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Query::note(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
  }
}

Query& Query::bind(int index, std::string_view text) {
  note(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Query& Query::bind_nullable(int index, std::string_view text) {
  if (text.empty()) {
    note(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  return bind(index, text);
}

Query& Query::bind_blob(int index, std::string_view bytes) {
  // zeroblob keeps an empty body a zero-length BLOB rather than NULL.
  if (bytes.empty()) {
    note(sqlite3_bind_zeroblob(stmt_, index, 0));
    return *this;
  }
  // SQLITE_STATIC: no copy of what may be a body of tens of MB. The bytes (a document body) outlive
  // the step, and ~Query clears the bindings before the caller's buffer can go away.
  note(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC));
  return *this;
}

Query& Query::bind_zeroblob(int index, std::uint64_t size) {
  note(sqlite3_bind_zeroblob64(stmt_, index, size));
  return *this;
}

Query& Query::bind(int index, std::int64_t value) {
  note(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

int Query::step() {
  if (bind_rc_ != SQLITE_OK) {
    return bind_rc_;
  }
  return sqlite3_step(stmt_);
}

bool Query::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Query::text(int column) const {
  return std::string(view(column));
}

std::string_view Query::view(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  if (data == nullptr) {
    return {};
  }
  const int size = sqlite3_column_bytes(stmt_, column);
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::string Query::blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) {
    return {};
  }
  const int size = sqlite3_column_bytes(stmt_, column);
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::int64_t Query::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Query::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

Result<WriteTransaction> WriteTransaction::begin(Repository::Impl& impl, std::string_view step) {
  std::string what(step);
  const bool nested = impl.in_transaction;
  impl.before_write();
  if (auto begun =
          impl.run(nested ? Sql::kSavepoint : Sql::kBegin, "begin transaction for " + what);
      !begun) {
    return begun.error();
  }
  return WriteTransaction(impl, std::move(what), nested);
}

WriteTransaction::~WriteTransaction() {
  if (impl_ == nullptr) {
    return;
  }
  // Nothing useful to do if a rollback fails too.
  if (nested_) {
    (void)impl_->run(Sql::kRollbackTo, "rollback to savepoint");
    (void)impl_->run(Sql::kRelease, "release savepoint");
  } else {
    (void)impl_->run(Sql::kRollback, "rollback");
  }
}

Status WriteTransaction::commit() {
  Repository::Impl* impl = std::exchange(impl_, nullptr);
  if (auto done = impl->run(nested_ ? Sql::kRelease : Sql::kCommit, "commit " + step_); !done) {
    if (nested_) {
      (void)impl->run(Sql::kRollbackTo, "rollback to savepoint");
      (void)impl->run(Sql::kRelease, "release savepoint");
    } else {
      (void)impl->run(Sql::kRollback, "rollback");
    }
    return done.error();
  }
  return Ok{};
}

}  // namespace om::store::detail
