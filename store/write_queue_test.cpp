// WriteQueue tests: batching, visibility after a flush, a failing write isolated from its batch,
// and a second connection seeing only committed batches.
#include "store/write_queue.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store/store.h"
#include "store/test_support.h"

namespace om::store {
namespace {

using testing::sample_document;
using testing::sample_extraction;
using testing::TempDir;

std::string url_of(int i) {
  return "https://docs.example.com/page" + std::to_string(i);
}

std::size_t stored(Repository& repo) {
  auto docs = repo.documents("acme");
  REQUIRE(docs.ok());
  return docs->size();
}

TEST_CASE("write queue: writes wait for a limit or a flush, then land in one batch") {
  TempDir dir;
  const std::string path = (dir.path() / "cache.db").string();
  auto repo = Repository::open(path);
  REQUIRE(repo.ok());
  auto reader = Repository::open(path);  // another connection sees committed data only
  REQUIRE(reader.ok());
  std::vector<Error> errors;
  WriteQueue::Limits limits;
  limits.max_docs = 3;
  limits.max_age = std::chrono::hours(1);
  WriteQueue queue(
      *repo, [&](const Error& e) { errors.push_back(e); }, limits);
  queue.save(sample_document("acme", url_of(1), "<p>one</p>"), sample_extraction(url_of(1), "one"));
  queue.save(sample_document("acme", url_of(2), "<p>two</p>"), sample_extraction(url_of(2), "two"));
  CHECK(queue.queued() == 2);
  CHECK(stored(*reader) == 0);
  queue.save(sample_document("acme", url_of(3), "<p>3</p>"), sample_extraction(url_of(3), "3"));
  CHECK(queue.queued() == 0);  // max_docs reached: handed to the writer thread
  queue.save(sample_document("acme", url_of(4), "<p>4</p>"), sample_extraction(url_of(4), "4"));
  CHECK(queue.queued() == 1);
  queue.flush();  // waits for the writer
  CHECK(stored(*reader) == 4);
  auto body = reader->body("acme", url_of(4));
  REQUIRE(body.ok());
  CHECK(*body == "<p>4</p>");
  CHECK(errors.empty());
}

TEST_CASE("write queue: a save's text and kept links count toward max_bytes, not its body only") {
  TempDir dir;
  auto repo = Repository::open((dir.path() / "cache.db").string());
  REQUIRE(repo.ok());
  WriteQueue::Limits limits;
  limits.max_docs = 100;
  limits.max_bytes = 1000;
  limits.max_age = std::chrono::hours(1);
  WriteQueue queue(*repo, nullptr, limits);
  queue.save(sample_document("acme", url_of(1), "<p>1</p>"),
             sample_extraction(url_of(1), std::string(600, 't')));
  CHECK(queue.queued() == 1);
  FetchedDocument linked = sample_document("acme", url_of(2), "<p>2</p>");
  linked.links.emplace(std::string(300, 'l'));
  queue.save(std::move(linked), sample_extraction(url_of(2), "2"));
  CHECK(queue.queued() == 2);  // 8 + 600 + 8 + 1 + 300 bytes: under the limit
  queue.save(sample_document("acme", url_of(3), "<p>3</p>"),
             sample_extraction(url_of(3), std::string(100, 't')));
  CHECK(queue.queued() == 0);  // over it: handed to the writer, bodies alone being 24 bytes
  queue.flush();
  CHECK(stored(*repo) == 3);
}

TEST_CASE("write queue: touches have their own, larger limit than saved documents") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  const auto doc = sample_document("acme", url_of(1), "x");
  REQUIRE(repo->save(doc, sample_extraction(url_of(1), "x")).ok());
  WriteQueue::Limits limits;
  limits.max_docs = 2;
  limits.max_touches = 4;
  limits.max_age = std::chrono::hours(1);
  WriteQueue queue(*repo, nullptr, limits);
  const auto later = doc.fetched_at + std::chrono::hours(2);
  for (int i = 0; i < 3; ++i) {
    queue.touch("acme", url_of(1), later);
  }
  CHECK(queue.queued() == 3);  // past max_docs, under max_touches: still queued
  queue.save(sample_document("acme", url_of(2), "y"), sample_extraction(url_of(2), "y"));
  CHECK(queue.queued() == 4);  // one save of two
  queue.touch("acme", url_of(1), later);
  CHECK(queue.queued() == 0);  // the fourth touch: written
  auto found = repo->find("acme", url_of(1));
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->record.fetched_at == later);
  CHECK(stored(*repo) == 2);
}

TEST_CASE("write queue: a failing write is reported alone, the rest of its batch is kept") {
  TempDir dir;
  auto repo = Repository::open((dir.path() / "cache.db").string());  // the writer thread's path
  REQUIRE(repo.ok());
  std::vector<Error> errors;
  const auto doc = sample_document("acme", url_of(1), "x");
  {
    WriteQueue queue(*repo, [&](const Error& e) { errors.push_back(e); });
    queue.save(doc, sample_extraction(url_of(1), "x"));
    queue.touch("acme", url_of(99), doc.fetched_at);  // never stored: not found
    const auto later = doc.fetched_at + std::chrono::hours(1);
    queue.touch("acme", url_of(1), later);  // after the save of the same batch
    queue.save(sample_document("acme", url_of(2), "y"), sample_extraction(url_of(2), "y"));
  }  // the destructor flushes
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == ErrorCode::kNotFound);
  CHECK(errors[0].message.find(url_of(99)) != std::string::npos);
  CHECK(stored(*repo) == 2);
  auto found = repo->find("acme", url_of(1));
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->record.fetched_at == doc.fetched_at + std::chrono::hours(1));
}

TEST_CASE("write queue: a writer that cannot open its connection leaves the writes to the caller") {
  TempDir dir;
  const std::string path = (dir.path() / "cache.db").string();
  auto repo = Repository::open(path);
  REQUIRE(repo.ok());
  {  // A newer schema (as another version of the tool would leave it): the writer's open fails.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  std::vector<Error> errors;
  WriteQueue::Limits limits;
  limits.max_docs = 1;  // every save is handed over, before and after the failure is known
  {
    WriteQueue queue(
        *repo, [&](const Error& e) { errors.push_back(e); }, limits);
    for (int i = 1; i <= 5; ++i) {
      queue.save(sample_document("acme", url_of(i), "x"), sample_extraction(url_of(i), "x"));
    }
    queue.touch("acme", url_of(1), sample_document("acme", url_of(1), "x").fetched_at);
    queue.flush();
    CHECK(stored(*repo) == 5);  // written through the caller's connection
  }
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == ErrorCode::kStorage);
  CHECK(errors[0].message.find("schema version 99") != std::string::npos);
}

TEST_CASE("store: a page's crawler links round-trip through find, none kept is nullopt") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  auto page = sample_document("acme", url_of(1), "<a href=/2>");
  page.links = om::LinkList{url_of(2), url_of(3)};
  REQUIRE(repo->save(page, sample_extraction(url_of(1), "x")).ok());
  REQUIRE(
      repo->save(sample_document("acme", url_of(2), "x"), sample_extraction(url_of(2), "x")).ok());
  auto with = repo->find("acme", url_of(1));
  REQUIRE(with.ok());
  REQUIRE((*with)->links.has_value());
  CHECK((*with)->links->to_vector() == std::vector<std::string>{url_of(2), url_of(3)});
  auto without = repo->find("acme", url_of(2));
  REQUIRE(without.ok());
  CHECK_FALSE((*without)->links.has_value());
  // links() reads one page's.
  auto kept = repo->links("acme", url_of(1));
  REQUIRE(kept.ok());
  REQUIRE(kept->has_value());
  CHECK(kept->value() == om::LinkList{url_of(2), url_of(3)});
  auto none = repo->links("acme", url_of(2));
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto absent = repo->links("acme", url_of(9));
  REQUIRE(absent.ok());
  CHECK_FALSE(absent->has_value());
}

TEST_CASE("store: source_states() lists documents in stored order, other sources' left out") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  for (int n : {3, 1, 2}) {
    REQUIRE(repo->save(sample_document("acme", url_of(n), "x"), sample_extraction(url_of(n), "x"))
                .ok());
  }
  const std::vector<std::string> urls{url_of(3), url_of(1), url_of(2)};
  REQUIRE(
      repo->save(sample_document("other", url_of(0), "x"), sample_extraction(url_of(0), "x")).ok());
  auto states = repo->source_states("acme");
  REQUIRE(states.ok());
  std::vector<std::string> held;
  for (const auto& state : states->in_stored_order()) {
    held.emplace_back(state.url);
  }
  CHECK(held == urls);
  CHECK(states->find(url_of(0)) == nullptr);
}

TEST_CASE("store: source_states() holds each document's validators, status and row") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  FetchedDocument missing = sample_document("acme", url_of(2), "");
  missing.depth = 3;  // found three link hops from the crawl's seeds
  missing.http_status = 404;
  missing.error = "HTTP 404";
  missing.etag.clear();
  missing.found_via = {ViaKind::kLink, url_of(1)};
  REQUIRE(
      repo->save(sample_document("acme", url_of(1), "x"), sample_extraction(url_of(1), "x")).ok());
  REQUIRE(repo->save(missing, Extraction{}).ok());
  auto states = repo->source_states("acme");
  REQUIRE(states.ok());
  REQUIRE(states->size() == 2);
  const auto* one = states->find(url_of(1));
  REQUIRE(one != nullptr);
  auto found = repo->find("acme", url_of(1));
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK(one->etag == (*found)->etag);
  CHECK(one->last_modified == (*found)->last_modified);
  CHECK(one->content_type == (*found)->content_type);
  CHECK(one->fetched_at == (*found)->record.fetched_at);
  CHECK(one->status == 200);
  CHECK(one->kind == DocKind::kOpenApi);
  CHECK(one->error.empty());
  CHECK(one->found_via == "catalog");
  CHECK(one->row == (*found)->row);
  const auto* two = states->find(url_of(2));
  REQUIRE(two != nullptr);
  CHECK(two->status == 404);
  CHECK(two->error == "HTTP 404");
  CHECK(two->etag.empty());
  CHECK(two->found_via == "link from " + url_of(1));
  CHECK(two->depth == 3);
  CHECK(one->depth == 0);
  CHECK(states->find(url_of(3)) == nullptr);
  CHECK(states->find(url_of(1) + "/") == nullptr);
}

TEST_CASE("store: SourceStates finds every URL of thousands, with text over a block's size") {
  om::store::SourceStates states;
  CHECK(states.find("https://example.com/") == nullptr);  // empty: nothing built yet
  std::vector<std::string> urls;
  for (int i = 0; i < 5000; ++i) {
    urls.push_back("https://example.com/page/" + std::to_string(i * 7919 % 100003));
  }
  const std::string long_etag(100'000, 'e');  // bigger than one 64 KiB block of text
  for (std::size_t i = 0; i < urls.size(); ++i) {
    om::store::SourceStates::State state;
    state.url = urls[i];
    state.etag = i == 1234 ? std::string_view(long_etag) : std::string_view(urls[i]);
    state.row = static_cast<std::int64_t>(i + 1);
    states.add(state);
  }
  om::store::SourceStates::State duplicate;
  duplicate.url = urls[10];
  duplicate.row = 999'999;
  states.add(duplicate);
  urls.clear();  // the states hold copies of their text
  states.build();
  REQUIRE(states.size() == 5001);
  for (std::size_t i = 0; i < 5000; ++i) {
    const std::string url = "https://example.com/page/" + std::to_string(i * 7919 % 100003);
    const auto* state = states.find(url);
    REQUIRE(state != nullptr);
    CHECK(state->row == static_cast<std::int64_t>(i + 1));  // the first of a duplicate URL
    CHECK(state->etag == (i == 1234 ? std::string_view(long_etag) : std::string_view(url)));
  }
  CHECK(states.find("https://example.com/page/") == nullptr);
  CHECK(states.find("") == nullptr);
  // Moving keeps the views valid (the text blocks do not move).
  om::store::SourceStates moved = std::move(states);
  REQUIRE(moved.find("https://example.com/page/0") != nullptr);
  CHECK(moved.find("https://example.com/page/0")->url == "https://example.com/page/0");
}

TEST_CASE("write queue: the oldest write's age triggers a write") {
  auto repo = Repository::open(":memory:");
  REQUIRE(repo.ok());
  WriteQueue::Limits limits;
  limits.max_age = std::chrono::milliseconds(0);
  WriteQueue queue(*repo, nullptr, limits);
  queue.save(sample_document("acme", url_of(1), "x"), sample_extraction(url_of(1), "x"));
  CHECK(queue.queued() == 0);
  CHECK(stored(*repo) == 1);
}

}  // namespace
}  // namespace om::store
