// store tests: sample documents and extractions, temporary directories, and running a check
// as an unprivileged user (root ignores permission bits).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/types.h"
#include "store/detail/sqlite.h"
#include "store/store.h"

namespace om::store::testing {

inline FetchedDocument sample_document(const std::string& source, const std::string& url,
                                       const std::string& body) {
  FetchedDocument doc;
  doc.source = source;
  doc.url = url;
  doc.final_url = url + "?redirected";
  doc.content_type = "application/json";
  doc.body = body;
  doc.http_status = 200;
  doc.etag = "\"v1\"";
  doc.last_modified = "Tue, 01 Oct 2024 10:00:00 GMT";
  doc.found_via = {ViaKind::kCatalog};
  doc.fetched_at = Clock::time_point(std::chrono::seconds(1'700'000'000));
  return doc;
}

inline Extraction sample_extraction(const std::string& url, const std::string& text) {
  Extraction ex;
  ex.kind = DocKind::kOpenApi;
  ex.text = text;
  AuthMethod auth;
  auth.type = AuthType::kHttpBearer;
  auth.in = AuthLocation::kHeader;
  auth.name = "Authorization";
  auth.scheme = "bearer";
  auth.om_connection = OmConnection::kToken;
  auth.evidence = {{url, "/components/securitySchemes/bearer", "type: http, scheme: bearer"}};
  ex.findings.auth.push_back(auth);
  Pagination page;
  page.style = PageStyle::kCursor;
  page.request_params = {"starting_after", "limit"};
  page.page_size = PageSize{"limit", 10.0, 100.0};
  page.endpoints = {"GET /v1/customers"};
  page.evidence = {{url, "/paths/~1v1~1customers/get", "starting_after cursor for pagination"}};
  ex.findings.pagination.push_back(page);
  ex.findings.endpoints.push_back({"GET", "/v1/customers", "listCustomers", "List", {"Customers"}});
  ex.findings.gaps.emplace_back("no rate limits documented");
  ex.outlinks = {url + "/next", url + "/other"};
  return ex;
}

/// A fresh directory under the system temp dir, removed (with its contents) on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("om_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A cache opened (and created) at `path`, or the test fails with the error.
inline Repository open_ok(const std::string& path) {
  auto repo = Repository::open(path);
  REQUIRE_MESSAGE(repo.ok(), (repo.ok() ? "" : repo.error().message));
  return std::move(repo).value();
}

/// One integer from a raw connection, to look behind the repository's back.
inline std::int64_t raw_integer(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  detail::Db owner(db);
  sqlite3_stmt* raw = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) == SQLITE_OK);
  detail::Stmt stmt(raw);
  REQUIRE(sqlite3_step(raw) == SQLITE_ROW);
  return sqlite3_column_int64(raw, 0);
}

inline void raw_exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  detail::Db owner(db);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
}

/// FTS5's own check of the full-text index: it tokenizes every stored text again with SQLite's
/// porter and compares with the index (an error, failing the test, when they differ).
inline void check_index(const std::string& path) {
  raw_exec(path, "INSERT INTO document_fts(document_fts, rank) VALUES('integrity-check', 1)");
}

/// Runs `body` in a forked child that exits with its return value.
inline pid_t spawn(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(body());
  }
  return pid;
}

/// The exit code of child `pid` (100+ when it did not exit normally).
inline int wait_exit(pid_t pid) {
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) {
    return 101;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 102;
}

/// Runs `check` in a child process as user/group nobody (65534) when we are root, else in this
/// process. Returns what `check` returned (100+ when the child could not run it).
inline int run_unprivileged(const std::function<int()>& check) {
  if (::geteuid() != 0) {
    return check();
  }
  return wait_exit(spawn([&check] {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      return 100;
    }
    return check();
  }));
}

}  // namespace om::store::testing
