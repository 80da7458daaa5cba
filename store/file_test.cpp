// store tests on real files: several connections writing one cache, and refusing files that
// cannot be written (read-only, unwritable directory, not a database) without touching them.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "core/findings_json.h"
#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::open_ok;
using testing::read_bytes;
using testing::run_unprivileged;
using testing::sample_document;
using testing::sample_extraction;
using testing::TempDir;
namespace fs = std::filesystem;

std::string url_of(int i) {
  return "https://docs.example.com/page/" + std::to_string(i);
}

// A cache holding one document, closed (so no -wal/-shm files remain), and its bytes.
std::string make_cache(const std::string& path) {
  auto repo = open_ok(path);
  REQUIRE(repo.save(sample_document("stripe", url_of(0), "body"),
                    sample_extraction(url_of(0), "cursor pagination"))
              .ok());
  return path;
}

// 0: refused with a message naming `path`; 1: opened; 2: refused without naming the path.
int open_outcome(const std::string& path) {
  auto repo = Repository::open(path);
  if (repo.ok()) {
    return 1;
  }
  std::fprintf(stderr, "  (expected) %s\n", repo.error().message.c_str());
  return repo.error().message.find(path) != std::string::npos ? 0 : 2;
}

TEST_CASE("store: two repositories on one file writing alternately both succeed") {
  TempDir dir;
  const auto path = dir.file("shared.db");
  auto first = open_ok(path);
  auto second = open_ok(path);
  for (int i = 0; i < 20; ++i) {
    Repository& writer = i % 2 == 0 ? first : second;
    auto saved = writer.save(sample_document("stripe", url_of(i), "b" + std::to_string(i)),
                             sample_extraction(url_of(i), "page " + std::to_string(i)));
    REQUIRE_MESSAGE(saved.ok(), (saved.ok() ? "" : saved.error().message));
  }
  CHECK(first.documents("stripe")->size() == 20);
  CHECK(second.documents("stripe")->size() == 20);
  CHECK(second.load("stripe")->at(0).findings.auth.size() == 1);
}

TEST_CASE("store: held reads share a snapshot until released, renewed, or ended by a write") {
  TempDir dir;
  const auto path = dir.file("shared.db");
  auto crawl = open_ok(path);   // reads while...
  auto writer = open_ok(path);  // ...another connection commits (a crawl's writer thread)
  REQUIRE(writer.save(sample_document("stripe", url_of(0), "b"), sample_extraction(url_of(0), "t"))
              .ok());
  {  // reads held from here to the end of the block
    const auto held = crawl.hold_reads();
    CHECK(crawl.find("stripe", url_of(0))->has_value());  // the snapshot begins here
    REQUIRE(
        writer.save(sample_document("stripe", url_of(1), "b"), sample_extraction(url_of(1), "t"))
            .ok());
    CHECK_FALSE(crawl.find("stripe", url_of(1))->has_value());  // committed after the snapshot
    CHECK(crawl.documents("stripe")->size() == 1);
    // A write on the held connection ends the snapshot first: it succeeds although the file
    // changed since, and sees and keeps the other connection's row.
    REQUIRE(crawl.save(sample_document("stripe", url_of(2), "b"), sample_extraction(url_of(2), "t"))
                .ok());
    CHECK(crawl.documents("stripe")->size() == 3);
    REQUIRE(
        writer.save(sample_document("stripe", url_of(3), "b"), sample_extraction(url_of(3), "t"))
            .ok());
    CHECK(crawl.documents("stripe")->size() == 3);                 // held again since the last read
    REQUIRE(crawl.touch("stripe", url_of(0), Clock::now()).ok());  // a write: the snapshot ends
    CHECK(crawl.documents("stripe")->size() == 4);
    // A snapshot is renewed after 256 reads.
    REQUIRE(
        writer.save(sample_document("stripe", url_of(4), "b"), sample_extraction(url_of(4), "t"))
            .ok());
    int reads = 0;
    while (!crawl.find("stripe", url_of(4))->has_value() && reads < 300) {
      ++reads;
    }
    CHECK(reads > 200);
    CHECK(reads < 257);
    // Inside a write transaction a read opens no snapshot: it sees the transaction's own rows.
    REQUIRE(detail::in_one_transaction(crawl, [&] {
              REQUIRE(crawl
                          .save(sample_document("stripe", url_of(6), "b"),
                                sample_extraction(url_of(6), "t"))
                          .ok());
              CHECK(crawl.find("stripe", url_of(6))->has_value());
            }).ok());
    CHECK(writer.find("stripe", url_of(6))->has_value());  // committed with the transaction
    // Released: the next read sees everything.
    REQUIRE(
        writer.save(sample_document("stripe", url_of(5), "b"), sample_extraction(url_of(5), "t"))
            .ok());
  }
  CHECK(crawl.documents("stripe")->size() == 7);
}

TEST_CASE("store: load_each's passes read one snapshot while another connection writes") {
  TempDir dir;
  const auto path = dir.file("shared.db");
  auto reader = open_ok(path);
  auto writer = open_ok(path);
  for (int i : {2, 0, 1}) {
    REQUIRE(
        writer.save(sample_document("stripe", url_of(i), "b"), sample_extraction(url_of(i), "t"))
            .ok());
  }
  std::array<std::vector<std::string>, 2> seen;
  Status read = reader.load_each("stripe", 2, [&](int pass, StoredFindings&& document) {
    seen.at(static_cast<std::size_t>(pass)).push_back(document.record.url);
    CHECK(document.findings.auth.size() == 1);
    if (pass == 0 && seen[0].size() == 1) {  // a commit between the reads of one snapshot
      REQUIRE(
          writer.save(sample_document("stripe", url_of(3), "b"), sample_extraction(url_of(3), "t"))
              .ok());
    }
    return Status(Ok{});
  });
  REQUIRE(read.ok());
  const std::vector<std::string> in_url_order{url_of(0), url_of(1), url_of(2)};
  CHECK(seen[0] == in_url_order);
  CHECK(seen[1] == in_url_order);
  CHECK(reader.load("stripe")->size() == 4);  // the snapshot ended with the read
  // A document whose facts are not wanted is visited without them. Read facts come with their
  // stored length, the same by either way of reading them.
  std::vector<std::size_t> auth_counts;
  std::vector<std::size_t> sizes;
  REQUIRE(reader
              .load_each(
                  "stripe", 1,
                  [&](int, StoredFindings&& document) {
                    auth_counts.push_back(document.findings.auth.size());
                    sizes.push_back(document.facts_bytes);
                    return Status(Ok{});
                  },
                  [](int, const DocumentRecord& record) { return record.url != url_of(1); })
              .ok());
  CHECK(auth_counts == std::vector<std::size_t>{1, 0, 1, 1});
  auto all = reader.load("stripe");
  REQUIRE(all.ok());
  std::vector<std::size_t> joined_sizes;
  for (const StoredFindings& document : all.value()) {
    joined_sizes.push_back(document.facts_bytes);
  }
  auto stored = [](int i) {  // what save() wrote for url_of(i)
    return findings_to_json(sample_extraction(url_of(i), "t").findings).dump().size();
  };
  CHECK(joined_sizes == std::vector<std::size_t>{stored(0), stored(1), stored(2), stored(3)});
  CHECK(sizes == std::vector<std::size_t>{stored(0), 0, stored(2), stored(3)});
  // The first error of the visit ends the read and is returned.
  int visits = 0;
  Status stopped = reader.load_each("stripe", 2, [&](int, StoredFindings&&) {
    ++visits;
    return Status(Error{ErrorCode::kStorage, "enough"});
  });
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error().message == "enough");
  CHECK(visits == 1);
}

TEST_CASE("store: two connections writing at the same time both succeed") {
  TempDir dir;
  const auto path = dir.file("busy.db");
  { open_ok(path); }  // migrate once, so the writers below only race on data
  auto write_many = [&path](const std::string& source, int* failures) {
    auto repo = Repository::open(path);
    if (!repo.ok()) {
      *failures = 1000;
      return;
    }
    for (int i = 0; i < 50; ++i) {
      if (!repo->save(sample_document(source, url_of(i), std::string(4096, 'x')),
                      sample_extraction(url_of(i), "concurrent text"))
               .ok()) {
        ++*failures;
      }
    }
  };
  int failures_a = 0;
  int failures_b = 0;
  std::thread a(write_many, "alpha", &failures_a);
  std::thread b(write_many, "beta", &failures_b);
  a.join();
  b.join();
  CHECK(failures_a == 0);
  CHECK(failures_b == 0);
  auto repo = open_ok(path);
  auto summary = repo.sources();
  REQUIRE(summary->size() == 2);
  CHECK(summary->at(0).documents == 50);
  CHECK(summary->at(1).documents == 50);
}

TEST_CASE("store: two processes writing at the same time both succeed") {
  TempDir dir;
  const auto path = dir.file("processes.db");
  { open_ok(path); }
  auto writer = [&path](const std::string& source) {
    auto repo = Repository::open(path);
    if (!repo.ok()) {
      return 1;
    }
    for (int i = 0; i < 40; ++i) {
      if (!repo->save(sample_document(source, url_of(i), std::string(2048, 'p')),
                      sample_extraction(url_of(i), "process text"))
               .ok()) {
        return 2;
      }
    }
    return 0;
  };
  const pid_t first = testing::spawn([&] { return writer("one"); });
  const pid_t second = testing::spawn([&] { return writer("two"); });
  CHECK(testing::wait_exit(first) == 0);
  CHECK(testing::wait_exit(second) == 0);
  auto repo = open_ok(path);
  CHECK(repo.documents("one")->size() == 40);
  CHECK(repo.documents("two")->size() == 40);
}

TEST_CASE("store: a read-only cache file is refused by name and left untouched") {
  TempDir dir;
  const auto path = make_cache(dir.file("ro.db"));
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const std::string before = read_bytes(path);
  CHECK(run_unprivileged([&] { return open_outcome(path); }) == 0);
  CHECK(read_bytes(path) == before);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  auto repo = open_ok(path);
  CHECK(repo.documents("stripe")->size() == 1);
}

TEST_CASE("store: a cache in an unwritable directory is refused by name") {
  TempDir dir;
  const auto existing = make_cache(dir.file("locked/cache.db"));
  const auto fresh = dir.file("locked/new.db");
  fs::permissions(existing, fs::perms::all);  // the file itself is writable
  const std::string before = read_bytes(existing);
  fs::permissions(dir.path() / "locked", fs::perms::owner_read | fs::perms::owner_exec |
                                             fs::perms::group_read | fs::perms::group_exec |
                                             fs::perms::others_read | fs::perms::others_exec);
  CHECK(run_unprivileged([&] { return open_outcome(fresh); }) == 0);
  CHECK_FALSE(fs::exists(fresh));
  CHECK(run_unprivileged([&] { return open_outcome(existing); }) == 0);
  CHECK(read_bytes(existing) == before);
}

TEST_CASE("store: a path whose parent cannot be created is refused by name") {
  TempDir dir;
  const auto blocker = dir.file("plain-file");
  std::ofstream(blocker) << "not a directory";
  CHECK(open_outcome(blocker + "/sub/cache.db") == 0);
  CHECK(read_bytes(blocker) == "not a directory");
}

TEST_CASE("store: a file that is not a database is refused by name and left untouched") {
  TempDir dir;
  const auto path = dir.file("notes.txt");
  const std::string text(8192, 'z');
  std::ofstream(path, std::ios::binary) << text;
  CHECK(open_outcome(path) == 0);
  CHECK(read_bytes(path) == text);
  CHECK_FALSE(fs::exists(path + "-wal"));
}

TEST_CASE("store: open_read_only reads a cache, creates nothing, and refuses writes") {
  TempDir dir;
  const auto missing = dir.file("no/such/dir/cache.db");
  auto none = Repository::open_read_only(missing);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::kNotFound);
  CHECK(none.error().message.find(missing) != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "no"));
  const auto path = make_cache(dir.file("cache.db"));
  auto repo = Repository::open_read_only(path);
  REQUIRE_MESSAGE(repo.ok(), (repo.ok() ? "" : repo.error().message));
  CHECK(repo->documents("stripe")->size() == 1);
  CHECK_FALSE(repo->save(sample_document("stripe", url_of(1), "new"),
                         sample_extraction(url_of(1), "page pagination"))
                  .ok());
  CHECK(repo->documents("stripe")->size() == 1);
}

TEST_CASE("store: open_read_only reads a cache in a folder it cannot write, creating nothing") {
  TempDir dir;
  const auto path = make_cache(dir.file("shared/cache.db"));
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir.path() / "shared", fs::perms::owner_read | fs::perms::owner_exec |
                                             fs::perms::group_read | fs::perms::group_exec |
                                             fs::perms::others_read | fs::perms::others_exec);
  CHECK(run_unprivileged([&] {
          auto repo = Repository::open_read_only(path);
          if (!repo.ok()) {
            std::fprintf(stderr, "  %s\n", repo.error().message.c_str());
            return 1;
          }
          return repo->documents("stripe")->size() == 1 ? 0 : 2;
        }) == 0);
  CHECK_FALSE(fs::exists(path + "-shm"));
  CHECK_FALSE(fs::exists(path + "-wal"));
  fs::permissions(dir.path() / "shared", fs::perms::owner_all);
}

}  // namespace
}  // namespace om::store
