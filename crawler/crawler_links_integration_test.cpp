// Integration tests of link following against a Beast server on 127.0.0.1: links found on a
// page, kept links followed after a 304, and the scope they are followed in.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "crawler/crawler.h"
#include "crawler/test_sink.h"
#include "tests/support/loopback_server.h"

namespace om::crawler::testing {
namespace {

using om::test::LoopbackServer;
using om::test::Response;
using om::test::SeenRequest;

/// A page whose cached copy is current: 304 to a conditional request, else a 200.
Response not_modified_when_asked(const SeenRequest& r) {
  return r.headers.count("if-none-match") ? Response{304, {}, "", {}, {}}
                                          : Response{200, {}, "changed", {}, {}};
}

TEST_CASE("crawl: a page's links are delivered and, kept, spare a 304 the copy and the scan") {
  LoopbackServer server;
  server.route("/", [&](const SeenRequest& r) {
    if (r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"v1\"") {
      return Response{304, {}, "", {}, {}};
    }
    return Response{200,
                    {{"ETag", "\"v1\""}, {"Content-Type", "text/html"}},
                    "<html><a href=\"/a\">a</a> <a href='b?x=1#frag'>b</a></html>",
                    {},
                    {}};
  });
  server.route("/a", [](const SeenRequest&) { return Response{200, {}, "a", {}, {}}; });
  server.route("/b", [](const SeenRequest&) { return Response{200, {}, "b", {}, {}}; });
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  RecordingSink cold;
  REQUIRE(crawl({Seed{server.url("/")}}, o, cold));
  const FetchedDocument* root = cold.find(server.url("/"));
  REQUIRE(root != nullptr);
  REQUIRE(root->links.has_value());
  CHECK(root->links->to_vector() ==
        std::vector<std::string>{server.url("/a"), server.url("/b?x=1")});
  const FetchedDocument* leaf = cold.find(server.url("/a"));
  REQUIRE(leaf != nullptr);
  // Not HTML: scanned, no links; kept as an empty list, so that a 304 need not read it again.
  REQUIRE(leaf->links.has_value());
  CHECK(leaf->links->empty());
  // Warm: the kept links (only /a here, to tell them from a scan) are followed after the 304,
  // and the cached copy is never read.
  RecordingSink warm;
  CachedState state{"\"v1\"", "", false, {}, "text/html", "", {}};
  state.links = om::LinkList{server.url("/a")};
  warm.cache[server.url("/")] = state;
  o.revalidate = true;
  REQUIRE(crawl({Seed{server.url("/")}}, o, warm));
  CHECK(warm.find(server.url("/"))->http_status == 304);
  CHECK(warm.find(server.url("/a")) != nullptr);
  CHECK(warm.find(server.url("/b?x=1")) == nullptr);
  CHECK(warm.body_reads == 0);
  // A sink whose state comes without links is asked for them once, after the 304.
  RecordingSink lazy;
  CachedState flagged{"\"v1\"", "", false, {}, "text/html", "", {}};
  lazy.cache[server.url("/")] = flagged;
  lazy.kept_links[server.url("/")] = om::LinkList{server.url("/b?x=1")};
  REQUIRE(crawl({Seed{server.url("/")}}, o, lazy));
  CHECK(lazy.find(server.url("/"))->http_status == 304);
  CHECK(lazy.link_reads == 1);
  CHECK(lazy.find(server.url("/b?x=1")) != nullptr);
  CHECK(lazy.find(server.url("/a")) == nullptr);
  CHECK(lazy.body_reads == 0);
  // A 304 of a document kept with no links (the leaf above) reads neither its copy nor a scan.
  RecordingSink leaf_warm;
  CachedState leaf_state{"\"v1\"", "", false, {}, "", "", {}};
  leaf_state.links = om::LinkList{};
  leaf_warm.cache[server.url("/a")] = leaf_state;
  server.route("/a", [](const SeenRequest& r) {
    return r.headers.count("if-none-match") ? Response{304, {}, "", {}, {}}
                                            : Response{200, {}, "a", {}, {}};
  });
  REQUIRE(crawl({Seed{server.url("/a")}}, o, leaf_warm));
  CHECK(leaf_warm.find(server.url("/a"))->http_status == 304);
  CHECK(leaf_warm.body_reads == 0);
  CHECK(leaf_warm.link_reads == 0);
}

TEST_CASE("crawl: a 304's off-scope kept links are skipped until a spec joins their host") {
  // One request at a time, in seed order: /p1's kept link to localhost is off the scope; /p2
  // brings a spec on localhost into it; then /p3's kept link to localhost is followed.
  LoopbackServer server;
  server.route("/p1", not_modified_when_asked);
  server.route("/p3", not_modified_when_asked);
  server.route("/p2", Response{200, {{"Content-Type", "text/plain"}}, "see spec", {}, {}});
  server.route("/spec.json", Response{200, {}, "{}", {}, {}});
  server.route("/a", Response{200, {}, "a", {}, {}});
  server.route("/b", Response{200, {}, "b", {}, {}});
  const std::string local = "http://localhost:" + std::to_string(server.port());
  RecordingSink sink;
  for (const char* path : {"/p1", "/p3"}) {
    CachedState state{"\"v1\"", "", false, {}, "text/html", "", {}};
    state.links = om::LinkList{local + (path[2] == '1' ? "/a" : "/b"), local + "/a?x",
                               "https://off.example.invalid/page"};
    sink.cache[server.url(path)] = state;
  }
  sink.links = [&](const FetchedDocument& doc) {
    return doc.url == server.url("/p2")
               ? std::vector<Discovered>{{local + "/spec.json", {ViaKind::kSpecLink}, true}}
               : std::vector<Discovered>{};
  };
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  o.revalidate = true;
  o.max_concurrency = 1;
  o.per_host_concurrency = 1;
  REQUIRE(
      crawl({Seed{server.url("/p1")}, Seed{server.url("/p2")}, Seed{server.url("/p3")}}, o, sink));
  REQUIRE(sink.find(server.url("/p1")));
  CHECK(sink.find(server.url("/p1"))->http_status == 304);
  REQUIRE(sink.find(local + "/spec.json"));
  CHECK(sink.find(local + "/a") == nullptr);  // off the scope when /p1 was revalidated
  REQUIRE(sink.find(local + "/b"));           // in it by the time /p3 was
  CHECK(sink.find(local + "/b")->found_via == FoundVia{ViaKind::kLink, server.url("/p3")});
  CHECK(sink.find(local + "/a?x"));  // /p3 lists it too: the origin's answer was renewed
  CHECK(sink.find("https://off.example.invalid/page") == nullptr);
}

TEST_CASE("crawl: a seed keeps its depth, so a refresh of cached pages stays within max_depth") {
  // The last crawl (max_depth 1) stored / and /a, a link from / (depth 1); /a links to /b.
  // Reseeded at depth 1, /a's kept links are not followed; reseeded as a root, they were.
  LoopbackServer server;
  server.route("/", not_modified_when_asked);
  server.route("/a", not_modified_when_asked);
  server.route("/b", Response{200, {}, "b", {}, {}});
  auto cached = [&](RecordingSink& sink) {
    CachedState root{"\"v1\"", "", false, {}, "text/html", "", {}};
    root.links = om::LinkList{server.url("/a")};
    CachedState page = root;
    page.links = om::LinkList{server.url("/b")};
    sink.cache[server.url("/")] = root;
    sink.cache[server.url("/a")] = page;
  };
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  o.revalidate = true;
  o.max_depth = 1;
  RecordingSink kept_depth;
  cached(kept_depth);
  REQUIRE(crawl({Seed{server.url("/")}, Seed{server.url("/a"), {ViaKind::kLink, "/"}, 1}}, o,
                kept_depth));
  REQUIRE(kept_depth.find(server.url("/a")));
  CHECK(kept_depth.find(server.url("/a"))->http_status == 304);
  CHECK(kept_depth.find(server.url("/a"))->depth == 1);
  CHECK(kept_depth.find(server.url("/b")) == nullptr);
  CHECK(server.hits("/b") == 0);
  RecordingSink as_root;
  cached(as_root);
  REQUIRE(
      crawl({Seed{server.url("/")}, Seed{server.url("/a"), {ViaKind::kLink, "/"}, 0}}, o, as_root));
  REQUIRE(as_root.find(server.url("/b")));
  CHECK(as_root.find(server.url("/b"))->depth == 1);
}

TEST_CASE("crawl: links returned by the sink are followed and spec hosts join the scope") {
  LoopbackServer server;
  server.route("/", Response{200, {{"Content-Type", "text/plain"}}, "see spec", {}, {}});
  server.route("/spec.json", Response{200, {}, "{}", {}, {}});
  server.route("/other", Response{200, {}, "x", {}, {}});
  RecordingSink sink;
  const std::string spec_url = "http://localhost:" + std::to_string(server.port()) + "/spec.json";
  const std::string other = "http://localhost:" + std::to_string(server.port()) + "/other";
  sink.links = [&](const FetchedDocument& doc) {
    if (doc.url != server.url("/")) {
      return std::vector<Discovered>{};
    }
    return std::vector<Discovered>{{other, {ViaKind::kLink, "/"}, false},
                                   {spec_url, {ViaKind::kSpecLink}, true}};
  };
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  REQUIRE(crawl({Seed{server.url("/")}}, o, sink));
  REQUIRE(sink.find(spec_url));
  CHECK(sink.find(spec_url)->found_via == FoundVia{ViaKind::kSpecLink});
  CHECK(sink.find(other) == nullptr);  // localhost was not in scope for ordinary links
}

}  // namespace
}  // namespace om::crawler::testing
