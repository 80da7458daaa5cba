// store tests: round trips, replacement, cascades, migrations, several connections on one file,
// and refusing files we cannot or must not write.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include "core/hash.h"
#include "core/mapped_file.h"
#include "store/detail/sqlite.h"
#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::open_ok;
using testing::raw_exec;
using testing::raw_integer;
using testing::read_bytes;
using testing::run_unprivileged;
using testing::sample_document;
using testing::sample_extraction;
using testing::TempDir;

constexpr const char* kSpec = "https://api.example.com/openapi.json";

TEST_CASE("store: findings and evidence survive a save and load round trip") {
  auto repo = open_ok(":memory:");
  const auto doc = sample_document("stripe", kSpec, R"({"openapi":"3.0.0"})");
  const auto ex = sample_extraction(kSpec, "cursor pagination with starting_after");
  REQUIRE(repo.save(doc, ex).ok());

  auto loaded = repo.load("stripe");
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == 1);
  const auto& item = loaded->front();
  CHECK(item.record.url == kSpec);
  CHECK(item.record.kind == DocKind::kOpenApi);
  CHECK(item.record.status == 200);
  CHECK(item.record.bytes == doc.body.size());
  CHECK(item.record.sha256 == sha256_hex(doc.body));
  CHECK(item.record.fetched_at == doc.fetched_at);
  CHECK(item.record.found_via == "catalog");
  REQUIRE(item.findings.auth.size() == 1);
  CHECK(item.findings.auth[0].type == AuthType::kHttpBearer);
  CHECK(item.findings.auth[0].name == "Authorization");
  REQUIRE(item.findings.auth[0].evidence.size() == 1);
  CHECK(item.findings.auth[0].evidence[0].url == kSpec);
  CHECK(item.findings.auth[0].evidence[0].locator == "/components/securitySchemes/bearer");
  CHECK(item.findings.auth[0].evidence[0].quote == "type: http, scheme: bearer");
  REQUIRE(item.findings.pagination.size() == 1);
  CHECK(item.findings.pagination[0].page_size.max == 100.0);
  CHECK(item.findings.endpoints.size() == 1);
  CHECK(item.findings.gaps == std::vector<std::string>{"no rate limits documented"});
  CHECK(repo.load("other")->empty());
}

TEST_CASE(
    "store: save_extracting stores what save() does, in two transactions around the extraction") {
  TempDir dir;
  Repository repo = open_ok(dir.file("cache.db"));
  auto doc = sample_document("stripe", kSpec, R"({"openapi":"3.0.0"})");
  doc.links = LinkList{"https://example.com/next"};
  REQUIRE(repo.save(doc, sample_extraction(kSpec, "old text")).ok());

  const auto ex = sample_extraction(kSpec, "cursor pagination with starting_after");
  bool settled = false;
  auto done = repo.save_extracting(
      doc, [&](const FetchedDocument&) { return ex; },
      [&](FetchedDocument& d, const Extraction& got) {
        // Between the two halves: the old facts are gone; the record waits for its facts, body
        // stored.
        settled = true;
        CHECK(got.outlinks == ex.outlinks);
        auto waiting = repo.find("stripe", kSpec);
        REQUIRE(waiting.ok());
        REQUIRE(waiting->has_value());
        CHECK((*waiting)->record.error == kAwaitingFacts);
        CHECK((*waiting)->record.kind == DocKind::kOther);
        CHECK((*waiting)->record.sha256 == sha256_hex(d.body));
        CHECK(repo.body("stripe", kSpec).value() == d.body);
        CHECK(repo.load("stripe")->front().findings.endpoints.empty());
        CHECK(repo.search("stripe", "old")->empty());
      });
  REQUIRE(done.saved.ok());
  CHECK(settled);
  CHECK(done.extraction.outlinks == ex.outlinks);
  auto loaded = repo.load("stripe");
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == 1);
  CHECK(loaded->front().record.error.empty());
  CHECK(loaded->front().record.kind == DocKind::kOpenApi);
  CHECK(loaded->front().findings.endpoints.size() == 1);
  CHECK(repo.links("stripe", kSpec).value()->joined() == doc.links->joined());
  CHECK(repo.search("stripe", "starting_after")->size() == 1);
}

TEST_CASE("store: save_extracting keeps the error settle() sets") {
  Repository repo = open_ok(":memory:");
  auto doc = sample_document("stripe", kSpec, "not a spec");
  auto done = repo.save_extracting(
      doc, [](const FetchedDocument&) { return Extraction{}; },
      [](FetchedDocument& d, const Extraction&) { d.error = "unreadable"; });
  REQUIRE(done.saved.ok());
  CHECK(repo.find("stripe", kSpec).value()->record.error == "unreadable");
}

TEST_CASE("store: links() by a state's row reads what links() by (source, url) reads") {
  auto repo = open_ok(":memory:");
  auto doc = sample_document("stripe", kSpec, "<html>");
  doc.links = LinkList{"https://example.com/a", "https://example.com/b"};
  REQUIRE(repo.save(doc, sample_extraction(kSpec, "t")).ok());
  REQUIRE(repo.save(sample_document("stripe", kSpec + std::string("?no-links"), "x"),
                    sample_extraction(kSpec, "t"))
              .ok());
  auto states = repo.source_states("stripe");
  REQUIRE(states.ok());
  REQUIRE(states->size() == 2);
  const auto& with = states->in_stored_order().at(0);
  const auto& without = states->in_stored_order().at(1);
  CHECK(with.row > 0);
  CHECK(repo.find("stripe", kSpec).value()->row == with.row);
  auto by_row = repo.links("stripe", kSpec, with.row);
  REQUIRE(by_row.ok());
  REQUIRE(by_row->has_value());
  CHECK((*by_row)->joined() == doc.links->joined());
  CHECK(repo.links("stripe", kSpec).value()->joined() == doc.links->joined());
  CHECK_FALSE(repo.links("stripe", std::string(without.url), without.row)->has_value());
  CHECK_FALSE(repo.links("stripe", kSpec, with.row + 100)->has_value());  // no such row
}

TEST_CASE("store: find returns validators without the body, and body returns the bytes") {
  auto repo = open_ok(":memory:");
  std::string binary("PK\x03\x04\0\xff", 6);
  auto doc = sample_document("npm", "npm:left-pad@1.3.0", binary);
  REQUIRE(repo.save(doc, sample_extraction(doc.url, "")).ok());

  auto found = repo.find("npm", doc.url);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  const StoredDocument& stored = **found;
  CHECK(stored.etag == "\"v1\"");
  CHECK(stored.last_modified == "Tue, 01 Oct 2024 10:00:00 GMT");
  CHECK(stored.final_url == doc.url + "?redirected");
  CHECK(stored.content_type == "application/json");
  CHECK(stored.record.sha256 == sha256_hex(binary));
  CHECK(stored.record.bytes == 6);

  auto body = repo.body("npm", doc.url);
  REQUIRE(body.ok());
  CHECK(*body == binary);
  CHECK_FALSE(repo.find("npm", "npm:absent")->has_value());
  auto missing = repo.body("npm", "npm:absent");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("store: a mapped file's bytes and digest are stored as a body in memory's are") {
  // (3 MiB: many parts, and more than one pass of visit_bytes().)
  TempDir dir;
  Repository repo = open_ok(dir.file("cache.db"));
  std::string contents;
  for (int i = 0; contents.size() < (std::size_t{3} << 20); ++i) {  // several parts of the pass
    contents += "{\"line\": " + std::to_string(i) + "}\n";
  }
  const std::string path = dir.file("spec.json");
  std::ofstream(path, std::ios::binary) << contents;
  FetchedDocument doc = sample_document("local", path, "");
  doc.mapped = MappedFile::open(path, path).value();
  REQUIRE(repo.save(doc, sample_extraction(path, "text")).ok());
  auto found = repo.find("local", path);
  REQUIRE(found.ok());
  REQUIRE(found.value().has_value());
  CHECK(found.value()->record.sha256 == sha256_hex(std::string_view(contents)));
  CHECK(found.value()->record.bytes == contents.size());
  CHECK(repo.body("local", path).value() == contents);
  // Stored in parts of kBodyPartBytes; saving the URL again replaces them all.
  const std::string cache = dir.file("cache.db");
  CHECK(raw_integer(cache, "SELECT count(*) FROM document_body_part") ==
        static_cast<std::int64_t>((contents.size() + kBodyPartBytes - 1) / kBodyPartBytes));
  CHECK(raw_integer(cache, "SELECT max(length(bytes)) FROM document_body_part") ==
        static_cast<std::int64_t>(kBodyPartBytes));
  REQUIRE(repo.save(sample_document("local", path, "small"), sample_extraction(path, "t")).ok());
  CHECK(raw_integer(cache, "SELECT count(*) FROM document_body_part") == 1);
  CHECK(repo.body("local", path).value() == "small");
}

TEST_CASE("store: a failed fetch is stored with its error and an empty body") {
  auto repo = open_ok(":memory:");
  auto doc = sample_document("tableau", "https://help.tableau.com/missing", "");
  doc.http_status = 404;
  doc.error = "HTTP 404";
  REQUIRE(repo.save(doc, Extraction{}).ok());
  auto records = repo.documents("tableau");
  REQUIRE(records.ok());
  REQUIRE(records->size() == 1);
  CHECK(records->front().status == 404);
  CHECK(records->front().error == "HTTP 404");
  CHECK(records->front().sha256 == sha256_hex(""));
  CHECK(repo.body("tableau", doc.url)->empty());
}

TEST_CASE("store: saving the same url again replaces the document, its facts and its text") {
  auto repo = open_ok(":memory:");
  auto doc = sample_document("stripe", kSpec, "v1");
  REQUIRE(repo.save(doc, sample_extraction(kSpec, "zebra stripes")).ok());
  doc.body = "version two";
  doc.etag = "\"v2\"";
  Extraction second;
  second.kind = DocKind::kHtml;
  second.text = "giraffe necks";
  second.findings.gaps.emplace_back("second");
  REQUIRE(repo.save(doc, second).ok());

  auto loaded = repo.load("stripe");
  REQUIRE(loaded->size() == 1);
  CHECK(loaded->front().record.kind == DocKind::kHtml);
  CHECK(loaded->front().record.sha256 == sha256_hex("version two"));
  CHECK(loaded->front().findings.auth.empty());
  CHECK(loaded->front().findings.gaps == std::vector<std::string>{"second"});
  CHECK(repo.find("stripe", kSpec).value()->etag == "\"v2\"");
  CHECK(repo.search("stripe", "zebra")->empty());
  CHECK(repo.search("stripe", "giraffe")->size() == 1);
}

TEST_CASE("store: touch refreshes fetched_at and keeps the facts, unknown urls are not found") {
  auto repo = open_ok(":memory:");
  const auto doc = sample_document("stripe", kSpec, "{}");
  REQUIRE(repo.save(doc, sample_extraction(kSpec, "text")).ok());
  const auto later = doc.fetched_at + std::chrono::hours(24 * 8);
  REQUIRE(repo.touch("stripe", kSpec, later).ok());
  auto loaded = repo.load("stripe");
  CHECK(loaded->front().record.fetched_at == later);
  CHECK(loaded->front().findings.auth.size() == 1);
  auto missing = repo.touch("stripe", "https://nowhere", later);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("store: documents come in url order and sources summarise each source") {
  auto repo = open_ok(":memory:");
  auto b = sample_document("stripe", "https://b.example/", "b");
  auto a = sample_document("stripe", "https://a.example/", "a");
  a.fetched_at += std::chrono::seconds(60);
  auto t = sample_document("tableau", "https://t.example/", "t");
  for (const auto* doc : {&b, &a, &t}) {
    REQUIRE(repo.save(*doc, Extraction{}).ok());
  }
  auto records = repo.documents("stripe");
  REQUIRE(records->size() == 2);
  CHECK(records->at(0).url == "https://a.example/");
  CHECK(records->at(1).url == "https://b.example/");
  auto summary = repo.sources();
  REQUIRE(summary.ok());
  REQUIRE(summary->size() == 2);
  CHECK(summary->at(0).source == "stripe");
  CHECK(summary->at(0).documents == 2);
  CHECK(summary->at(0).newest_fetched_at == a.fetched_at);
  CHECK(summary->at(1).source == "tableau");
}

TEST_CASE("store: removing a source cascades to its facts and its search text") {
  TempDir dir;
  const auto path = dir.file("cache.db");
  {
    auto repo = open_ok(path);
    REQUIRE(
        repo.save(sample_document("stripe", kSpec, "x"), sample_extraction(kSpec, "cursor")).ok());
    REQUIRE(
        repo.save(sample_document("other", kSpec, "y"), sample_extraction(kSpec, "cursor")).ok());
    auto removed = repo.remove_source("stripe");
    REQUIRE(removed.ok());
    CHECK(*removed == 1);
    CHECK(repo.load("stripe")->empty());
    CHECK(repo.search("stripe", "cursor")->empty());
    CHECK(repo.search("other", "cursor")->size() == 1);
  }
  CHECK(raw_integer(path, "SELECT count(*) FROM document") == 1);
  CHECK(raw_integer(path, "SELECT count(*) FROM finding") == 1);
  CHECK(raw_integer(path, "SELECT count(*) FROM document_fts") == 1);
}

TEST_CASE("store: migrations set user_version and WAL mode, and reopening changes nothing") {
  TempDir dir;
  const auto path = dir.file("nested/dirs/cache.db");
  { open_ok(path); }
  CHECK(std::filesystem::exists(path));
  CHECK(raw_integer(path, "PRAGMA user_version") == detail::latest_schema_version());
  CHECK(detail::latest_schema_version() >= 1);
  { open_ok(path); }
  CHECK(raw_integer(path, "PRAGMA user_version") == detail::latest_schema_version());
  CHECK(raw_integer(path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") ==
        1);
}

TEST_CASE("store: a version-1 cache (bodies inline) migrates and keeps every body") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  { std::ofstream create(path); }  // an empty file is an empty database
  // Schema version 1's document table as released (bodies inline), with one stored page.
  raw_exec(path,
           "CREATE TABLE document(id INTEGER PRIMARY KEY, source_id TEXT NOT NULL, url TEXT NOT "
           "NULL, final_url TEXT, content_type TEXT, kind TEXT NOT NULL, http_status INTEGER NOT "
           "NULL, error TEXT, etag TEXT, last_modified TEXT, sha256 TEXT NOT NULL, bytes INTEGER "
           "NOT NULL, found_via TEXT, fetched_at INTEGER NOT NULL, body BLOB, UNIQUE(source_id, "
           "url)) STRICT;"
           "CREATE TABLE finding(document_id INTEGER PRIMARY KEY REFERENCES document(id) ON "
           "DELETE CASCADE, facts_json TEXT NOT NULL, outlinks_json TEXT NOT NULL) STRICT;"
           "CREATE VIRTUAL TABLE document_fts USING fts5(url, text);"
           "INSERT INTO document VALUES(1, 'acme', 'https://a.test/p', NULL, 'text/html', 'html',"
           " 200, NULL, '\"e1\"', NULL, 'x', 9, 'seed', 1700000000, CAST('<p>old</p>' AS BLOB));"
           "INSERT INTO document VALUES(2, 'acme', 'https://a.test/gone', NULL, NULL, 'other',"
           " 0, 'HTTP 404', NULL, NULL, 'y', 0, 'seed', 1700000000, NULL);"
           "PRAGMA user_version = 1;");
  auto repo = open_ok(path);
  CHECK(raw_integer(path, "PRAGMA user_version") == detail::latest_schema_version());
  auto body = repo.body("acme", "https://a.test/p");
  REQUIRE(body.ok());
  CHECK(*body == "<p>old</p>");
  auto empty = repo.body("acme", "https://a.test/gone");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
  auto found = repo.find("acme", "https://a.test/p");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->etag == "\"e1\"");
  CHECK(raw_integer(path,
                    "SELECT count(*) FROM pragma_table_info('document') WHERE name = "
                    "'body'") == 0);
  // Schema 6's depth: rows from before read 0 (a refresh reseeds them as roots, as it did).
  auto states = repo.source_states("acme");
  REQUIRE(states.ok());
  REQUIRE(states->find("https://a.test/p") != nullptr);
  CHECK(states->find("https://a.test/p")->depth == 0);
}

TEST_CASE("store: a database with a newer user_version is refused with a clear message") {
  TempDir dir;
  const auto path = dir.file("future.db");
  { open_ok(path); }
  raw_exec(path, "PRAGMA user_version = 99");
  auto repo = Repository::open(path);
  REQUIRE_FALSE(repo.ok());
  CHECK(repo.error().code == ErrorCode::kStorage);
  CHECK(repo.error().message.find(path) != std::string::npos);
  CHECK(repo.error().message.find("schema version 99") != std::string::npos);
  CHECK(raw_integer(path, "PRAGMA user_version") == 99);
}

}  // namespace
}  // namespace om::store

namespace om::store {
namespace {

TEST_CASE("store: stale_facts lists the good documents whose facts an older extractor made") {
  auto repo = open_ok(":memory:");
  auto old_facts = sample_extraction(kSpec, "cursor pagination");
  old_facts.extractor = 1;
  auto new_facts = old_facts;
  new_facts.extractor = 2;
  REQUIRE(repo.save(sample_document("s", kSpec, "{}"), old_facts).ok());
  REQUIRE(
      repo.save(sample_document("s", "https://api.example.com/new.json", "{}"), new_facts).ok());
  auto failed = sample_document("s", "https://api.example.com/broken.json", "{");
  failed.error = "unreadable";
  REQUIRE(repo.save(failed, old_facts).ok());
  Extraction robots;  // a record without facts: generation 0, never stale
  robots.kind = DocKind::kRobots;
  REQUIRE(repo.save(sample_document("s", "https://api.example.com/robots.txt", ""), robots).ok());
  REQUIRE(repo.save(sample_document("other", kSpec, "{}"), old_facts).ok());

  auto stale = repo.stale_facts("s", 2);
  REQUIRE(stale.ok());
  CHECK(stale.value() == std::vector<std::string>{kSpec});
  CHECK(repo.stale_facts("s", 1).value().empty());
  CHECK(repo.stale_facts("s", 3).value().size() == 2);
}

}  // namespace
}  // namespace om::store

namespace om::store {
namespace {

TEST_CASE("store: a read-only open of a cache from a newer om-research says so") {
  TempDir dir;
  const auto path = dir.file("k.db");
  { open_ok(path); }
  raw_exec(path, "PRAGMA user_version = 999;");
  auto read = Repository::open_read_only(path);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().message.find("newer om-research") != std::string::npos);
  CHECK(read.error().message.find(path) != std::string::npos);
}

}  // namespace
}  // namespace om::store
