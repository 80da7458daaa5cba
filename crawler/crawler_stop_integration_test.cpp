// Integration tests of stopping a crawl early: CrawlOptions::should_stop (a cancelled MCP call)
// and max_duration (a time budget), against a Beast server on 127.0.0.1 with slow pages.
#include <atomic>
#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "crawler/crawler.h"
#include "crawler/test_sink.h"
#include "tests/support/loopback_server.h"

using namespace om;
using namespace om::crawler;
using om::crawler::testing::fast_options;
using om::crawler::testing::RecordingSink;
using om::test::LoopbackServer;
using om::test::Response;

namespace {

using Ms = std::chrono::milliseconds;

// An index linking to `pages` pages, each answered after `delay`.
void serve_slow_site(LoopbackServer& server, int pages, Ms delay) {
  std::string index = "<html>";
  for (int i = 0; i < pages; ++i) {
    index += "<a href=\"/p" + std::to_string(i) + "\">p</a>";
    server.route("/p" + std::to_string(i),
                 Response{200, {{"Content-Type", "text/html"}}, "<p>page</p>", delay, {}});
  }
  server.route("/", Response{200, {{"Content-Type", "text/html"}}, index, {}, {}});
}

CrawlOptions slow_site_options() {
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  o.max_concurrency = 2;
  o.timeout = Ms(10000);
  return o;
}

}  // namespace

TEST_CASE("crawl: should_stop ends a crawl within the poll interval, keeping what was fetched") {
  LoopbackServer server;
  serve_slow_site(server, 40, Ms(200));
  RecordingSink sink;
  CrawlOptions o = slow_site_options();
  std::atomic<bool> stop{false};
  std::chrono::steady_clock::time_point asked{};
  o.should_stop = [&] { return stop.load(); };
  sink.links = [&](const FetchedDocument&) {
    if (sink.docs.size() >= 4 && !stop) {
      asked = std::chrono::steady_clock::now();
      stop = true;
    }
    return std::vector<Discovered>{};
  };
  auto stats = crawl({Seed{server.url("/")}}, o, sink);
  const auto returned = std::chrono::steady_clock::now();
  REQUIRE(stats);
  CHECK(stats->stopped);
  CHECK(stats->pages_done >= 4);
  CHECK(stats->pages_done < 41);
  CHECK(stats->dropped > 0);
  CHECK(sink.docs.size() == stats->pages_done);
  CHECK(returned - asked < Ms(500));  // a 200 ms transfer in flight is not waited for
}

TEST_CASE("crawl: max_duration ends a crawl whose pages are slower than the budget") {
  LoopbackServer server;
  server.route("/slow", Response{200, {}, "late", Ms(5000), {}});
  RecordingSink sink;
  CrawlOptions o = slow_site_options();
  o.follow_links = false;
  o.max_duration = Ms(300);
  const auto t0 = std::chrono::steady_clock::now();
  auto stats = crawl({Seed{server.url("/slow")}}, o, sink);
  REQUIRE(stats);
  CHECK(stats->stopped);
  CHECK(sink.docs.empty());  // the one transfer was abandoned
  CHECK(std::chrono::steady_clock::now() - t0 < Ms(1500));
}

TEST_CASE("crawl: a should_stop already true fetches nothing, one never true changes nothing") {
  LoopbackServer server;
  serve_slow_site(server, 5, Ms(0));
  {
    RecordingSink sink;
    CrawlOptions o = slow_site_options();
    o.should_stop = [] { return true; };
    auto stats = crawl({Seed{server.url("/")}}, o, sink);
    REQUIRE(stats);
    CHECK(stats->stopped);
    CHECK(stats->pages_done == 0);
    CHECK(server.requests().empty());
  }
  RecordingSink sink;
  CrawlOptions o = slow_site_options();
  o.should_stop = [] { return false; };
  o.max_duration = Ms(60000);
  const auto t0 = std::chrono::steady_clock::now();
  auto stats = crawl({Seed{server.url("/")}}, o, sink);
  REQUIRE(stats);
  CHECK_FALSE(stats->stopped);
  CHECK(stats->pages_ok == 6);
  CHECK(std::chrono::steady_clock::now() - t0 < Ms(5000));  // the tick does not keep it alive
}
