// Integration tests: the whole crawler against a Beast server on 127.0.0.1 that the tests start
// and stop, with injected faults (SQLite-style). Loopback is allowed explicitly per test.
#include <filesystem>
#include <map>
#include <string>

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "crawler/crawler.h"
#include "crawler/test_sink.h"
#include "tests/support/loopback_server.h"

using namespace om;
using namespace om::crawler;
using om::crawler::testing::fast_options;
using om::crawler::testing::RecordingSink;
using om::test::LoopbackServer;
using om::test::Response;
using om::test::SeenRequest;

namespace {

// Crawls one URL of `server` and returns the document delivered for it.
FetchedDocument crawl_one(LoopbackServer& server, const std::string& path, CrawlOptions o,
                          CrawlStats* stats_out = nullptr) {
  RecordingSink sink;
  o.obey_robots = false;
  o.follow_links = false;
  auto stats = crawl({Seed{server.url(path)}}, o, sink);
  REQUIRE(stats);
  if (stats_out) {
    *stats_out = *stats;
  }
  const FetchedDocument* doc = sink.find(server.url(path));
  REQUIRE(doc != nullptr);
  return *doc;
}

}  // namespace

TEST_CASE("crawl: a small site is crawled with robots obeyed and discovery recorded") {
  LoopbackServer server;
  server.serve_directory(OM_SOURCE_DIR "/tests/fixtures/sites/small");
  RecordingSink sink;
  CrawlOptions o = fast_options();
  o.probe_well_known = true;
  auto stats = crawl({Seed{server.url("/"), {ViaKind::kCommandLine}}}, o, sink);
  REQUIRE(stats);
  CHECK(server.hits("/private/secret.html") == 0);
  CHECK(server.hits("/from-script.html") == 0);
  CHECK(server.hits("/commented-out.html") == 0);
  CHECK(server.hits("/static/site.css") == 0);
  CHECK(server.requests().front().target == "/robots.txt");
  CHECK(server.requests().front().headers["user-agent"].starts_with("om-research/"));
  const FetchedDocument* root = sink.find(server.url("/"));
  REQUIRE(root);
  CHECK(root->http_status == 200);
  CHECK(root->found_via == FoundVia{ViaKind::kCommandLine});
  const FetchedDocument* auth = sink.find(server.url("/docs/auth.html"));
  REQUIRE(auth);
  CHECK(auth->found_via == FoundVia{ViaKind::kLink, server.url("/")});
  CHECK(sink.find(server.url("/docs/pagination.html")) != nullptr);
  CHECK(sink.find(server.url("/docs/missing.html"))->http_status == 404);  // via <base href>
  const FetchedDocument* secret = sink.find(server.url("/private/secret.html"));
  REQUIRE(secret);
  CHECK(secret->http_status == 0);
  CHECK(secret->error.find("robots.txt") != std::string::npos);
  const FetchedDocument* spec = sink.find(server.url("/openapi.json"));
  REQUIRE(spec);
  CHECK(spec->http_status == 200);
  CHECK(spec->found_via == FoundVia{ViaKind::kWellKnownPath});
  CHECK(sink.find(server.url("/swagger.json"))->http_status == 404);
  CHECK(stats->errors == 2);  // the dead link and the robots refusal; probe 404s are quiet
  CHECK(stats->refused == 1);
  CHECK(server.hits("/docs/auth.html") == 1);  // deduplicated
}

TEST_CASE("crawl: 429 with Retry-After in seconds is retried after the wait") {
  LoopbackServer server;
  int calls = 0;
  server.route("/limited", [&calls](const SeenRequest&) {
    return ++calls == 1 ? Response{429, {{"Retry-After", "1"}}, "slow down", {}, {}}
                        : Response{200, {}, "ok", {}, {}};
  });
  const auto t0 = std::chrono::steady_clock::now();
  CrawlStats stats;
  FetchedDocument doc = crawl_one(server, "/limited", fast_options(), &stats);
  CHECK(doc.http_status == 200);
  CHECK(doc.body == "ok");
  CHECK(stats.retries == 1);
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(900));
}

TEST_CASE("crawl: 429 with Retry-After as an HTTP-date is honoured") {
  LoopbackServer server;
  int calls = 0;
  server.route("/limited", [&calls](const SeenRequest&) {
    if (++calls > 1) {
      return Response{200, {}, "ok", {}, {}};
    }
    const std::time_t soon = std::time(nullptr) + 1;
    char date[64];
    std::tm tm{};
    gmtime_r(&soon, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return Response{429, {{"Retry-After", date}}, "", {}, {}};
  });
  CHECK(crawl_one(server, "/limited", fast_options()).http_status == 200);
  CHECK(server.hits("/limited") == 2);
}

TEST_CASE("crawl: a Retry-After beyond the cap is not waited for") {
  LoopbackServer server;
  server.route("/later", Response{503, {{"Retry-After", "3600"}}, "", {}, {}});
  const FetchedDocument doc = crawl_one(server, "/later", fast_options());
  CHECK(doc.http_status == 503);
  CHECK(server.hits("/later") == 1);
}

TEST_CASE("crawl: 500 then success is retried and a persistent 500 stops after two retries") {
  LoopbackServer server;
  int calls = 0;
  server.route("/flaky", [&calls](const SeenRequest&) {
    return ++calls == 1 ? Response{500, {}, "oops", {}, {}} : Response{200, {}, "fine", {}, {}};
  });
  server.route("/broken", Response{500, {}, "always", {}, {}});
  server.route("/gone", Response{404, {}, "", {}, {}});
  CHECK(crawl_one(server, "/flaky", fast_options()).body == "fine");
  CrawlStats stats;
  CHECK(crawl_one(server, "/broken", fast_options(), &stats).http_status == 500);
  CHECK(server.hits("/broken") == 3);
  CHECK(stats.retries == 2);
  CHECK(stats.errors == 1);
  CHECK(crawl_one(server, "/gone", fast_options()).http_status == 404);
  CHECK(server.hits("/gone") == 1);  // 4xx other than 408/429 is not retried
}

// Client sockets of this process connected to `port` (the server's own sockets have it as their
// local port, not their peer's).
int client_sockets_to(int port) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) == 0 &&
        peer.sin_family == AF_INET && ntohs(peer.sin_port) == port) {
      ++count;
    }
  }
  return count;
}

TEST_CASE("crawl: every connection is closed when the crawl ends, reused or failed") {
  // Connections idle in libcurl's pool stay registered with the event loop between requests
  // and are closed through the loop's close callback: none may outlive the crawl.
  LoopbackServer server;
  server.route("/", [&](const SeenRequest&) {
    std::string page = "<html>";
    for (int i = 0; i < 20; ++i) {
      page += "<a href=\"/p" + std::to_string(i) + "\">p</a>";
    }
    return Response{200, {{"Content-Type", "text/html"}}, page + "</html>", {}, {}};
  });
  for (int i = 0; i < 20; ++i) {
    server.route("/p" + std::to_string(i), Response{200, {{"ETag", "\"e\""}}, "p", {}, {}});
  }
  server.route("/cut", Response{0, {}, "", {}, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab"});
  server.route("/slow", Response{200, {}, "late", std::chrono::milliseconds(1500), {}});
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  o.max_concurrency = 4;
  o.per_host_concurrency = 4;
  o.timeout = std::chrono::milliseconds(300);
  o.max_retries = 0;
  RecordingSink sink;
  REQUIRE(
      crawl({Seed{server.url("/")}, Seed{server.url("/cut")}, Seed{server.url("/slow")}}, o, sink));
  CHECK(sink.docs.size() == 23);
  CHECK(sink.find(server.url("/p19"))->http_status == 200);
  CHECK(sink.find(server.url("/slow"))->error.find("timed out") != std::string::npos);
  CHECK(client_sockets_to(server.port()) == 0);
  // A refresh of the same pages, every one a 304 over reused connections.
  RecordingSink warm;
  for (int i = 0; i < 20; ++i) {
    warm.cache[server.url("/p" + std::to_string(i))] =
        CachedState{"\"e\"", "", false, {}, "", "", {}};
  }
  o.revalidate = true;
  std::vector<Seed> seeds;
  for (int i = 0; i < 20; ++i) {
    seeds.push_back(Seed{server.url("/p" + std::to_string(i))});
  }
  REQUIRE(crawl(seeds, o, warm));
  CHECK(warm.docs.size() == 20);
  CHECK(client_sockets_to(server.port()) == 0);
}

TEST_CASE("crawl: a truncated body and a slow response are recorded as errors") {
  LoopbackServer server;
  server.route("/truncated",
               Response{0, {}, "", {}, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this"});
  server.route("/slow", Response{200, {}, "late", std::chrono::milliseconds(3000), {}});
  const FetchedDocument truncated = crawl_one(server, "/truncated", fast_options());
  CHECK(truncated.http_status == 0);
  CHECK(truncated.error.find("truncated") != std::string::npos);
  CHECK(truncated.body.empty());
  CrawlOptions o = fast_options();
  o.timeout = std::chrono::milliseconds(300);
  const auto t0 = std::chrono::steady_clock::now();
  const FetchedDocument slow = crawl_one(server, "/slow", o);
  CHECK(slow.http_status == 0);
  CHECK(slow.error.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(2000));
}

TEST_CASE("crawl: oversized bodies and compression bombs stop at the inflated cap") {
  LoopbackServer server;
  server.route("/big", Response{200, {}, std::string(50000, 'x'), {}, {}});
  server.route("/bomb", Response{200,
                                 {{"Content-Encoding", "gzip"}},
                                 om::test::gzip(std::string(8u << 20, '\0')),
                                 {},
                                 {}});
  CrawlOptions o = fast_options();
  o.max_response_bytes = 10000;
  const FetchedDocument big = crawl_one(server, "/big", o);
  CHECK(big.http_status == 0);
  CHECK(big.error == "response larger than 10000 bytes");
  o.max_response_bytes = 1u << 20;
  CrawlStats stats;
  const FetchedDocument bomb = crawl_one(server, "/bomb", o, &stats);
  CHECK(bomb.error == "response larger than 1048576 bytes");
  CHECK(stats.bytes < (2u << 20));
}

TEST_CASE("crawl: redirect loops and off-scope or metadata redirects are refused") {
  LoopbackServer server;
  server.route("/loop1", Response{302, {{"Location", "/loop2"}}, "", {}, {}});
  server.route("/loop2", Response{302, {{"Location", "/loop1"}}, "", {}, {}});
  server.route("/away", Response{301, {{"Location", "http://elsewhere.invalid/x"}}, "", {}, {}});
  server.route(
      "/meta",
      Response{302, {{"Location", "http://169.254.169.254/latest/meta-data/"}}, "", {}, {}});
  server.route("/moved", Response{301, {{"Location", "/new"}}, "", {}, {}});
  server.route("/new", Response{200, {}, "new home", {}, {}});
  const FetchedDocument loop = crawl_one(server, "/loop1", fast_options());
  CHECK(loop.error.find("redirect loop") != std::string::npos);
  CHECK(server.hits("/loop1") == 1);
  const FetchedDocument away = crawl_one(server, "/away", fast_options());
  CHECK(away.error == "refused: redirect to off-scope host elsewhere.invalid");
  CrawlOptions o = fast_options();
  o.allowed_hosts.push_back("169.254.169.254");  // in scope, yet the address guard refuses it
  const FetchedDocument meta = crawl_one(server, "/meta", o);
  CHECK(meta.http_status == 0);
  CHECK(meta.error == "refused: 169.254.169.254 is a link-local address");
  const FetchedDocument moved = crawl_one(server, "/moved", fast_options());
  CHECK(moved.http_status == 200);
  CHECK(moved.final_url == server.url("/new"));
  CHECK(moved.body == "new home");
}

TEST_CASE(
    "regression #19: redirects to metadata outside link-local are refused with loopback allowed") {
  // allow_private is on (loopback); each target is in scope: only the address table refuses it.
  LoopbackServer server;
  const std::vector<std::pair<std::string, std::string>> targets = {
      {"100.100.100.200", "refused: 100.100.100.200 is a cloud-metadata address"},
      {"[fd00:ec2::254]", "refused: fd00:ec2::254 is a cloud-metadata address"},
      {"[2002:a9fe:a9fe::]", "refused: 2002:a9fe:a9fe:: is a link-local address"},
      {"[::ffff:169.254.169.254]", "refused: ::ffff:169.254.169.254 is a link-local address"},
  };
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::string& host = targets[i].first;
    const std::string path = "/to" + std::to_string(i);
    server.route(
        path, Response{302, {{"Location", "http://" + host + "/latest/meta-data/"}}, "", {}, {}});
    CrawlOptions o = fast_options();
    o.allowed_hosts.push_back(host);
    o.allowed_hosts.push_back(
        host.substr(host.front() == '[' ? 1 : 0, host.size() - (host.front() == '[' ? 2 : 0)));
    const FetchedDocument doc = crawl_one(server, path, o);
    CAPTURE(host);
    CHECK(doc.http_status == 0);
    CHECK(doc.error == targets[i].second);
  }
}

TEST_CASE("crawl: loopback is refused before any byte is sent unless allowed") {
  LoopbackServer server;
  server.route("/", Response{200, {}, "hi", {}, {}});
  CrawlOptions o = fast_options();
  o.allow_private = false;
  const FetchedDocument doc = crawl_one(server, "/", o);
  CHECK(doc.http_status == 0);
  CHECK(doc.error == "refused: 127.0.0.1 is a loopback address");
  CHECK(server.requests().empty());
}

TEST_CASE("crawl: credentials are sent to their host only, never across a redirect") {
  LoopbackServer server;
  server.route(
      "/start",
      Response{302,
               {{"Location", "http://localhost:" + std::to_string(server.port()) + "/end"}},
               "",
               {},
               {}});
  server.route("/end", Response{200, {}, "done", {}, {}});
  CrawlOptions o = fast_options();
  o.allowed_hosts.push_back("localhost");
  o.host_headers["127.0.0.1"] = {"Authorization: Bearer secret"};
  CHECK(crawl_one(server, "/start", o).body == "done");
  const auto seen = server.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].headers.count("authorization") == 1);
  CHECK(seen[1].headers.count("authorization") == 0);
}

TEST_CASE("crawl: cached validators give a 304 and fresh entries no request at all") {
  LoopbackServer server;
  const std::string last_modified = "Tue, 15 Nov 1994 12:45:26 GMT";
  server.route("/doc", [&](const SeenRequest& r) {
    const bool match =
        r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"v1\"";
    return match ? Response{304, {}, "", {}, {}}
                 : Response{
                       200, {{"ETag", "\"v1\""}, {"Last-Modified", last_modified}}, "body", {}, {}};
  });
  RecordingSink sink;
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  REQUIRE(crawl({Seed{server.url("/doc")}}, o, sink));
  REQUIRE(sink.docs.size() == 1);
  CHECK(sink.docs[0].etag == "\"v1\"");
  CHECK(sink.docs[0].last_modified == last_modified);
  RecordingSink warm;
  warm.cache[server.url("/doc")] = CachedState{"\"v1\"", last_modified, false, {}, "", "", {}};
  auto stats = crawl({Seed{server.url("/doc")}}, o, warm);
  REQUIRE(stats);
  REQUIRE(warm.docs.size() == 1);
  CHECK(warm.docs[0].http_status == 304);
  CHECK(warm.docs[0].body.empty());
  CHECK(stats->not_modified == 1);
  CHECK(server.requests().back().headers["if-modified-since"] == last_modified);
  RecordingSink fresh;
  fresh.cache[server.url("/doc")] = CachedState{"\"v1\"", last_modified, true, {}, "", "", {}};
  auto fresh_stats = crawl({Seed{server.url("/doc")}}, o, fresh);
  CHECK(fresh_stats->from_cache == 1);
  CHECK(fresh.docs.empty());
  CHECK(server.hits("/doc") == 2);
}

TEST_CASE("crawl: a refresh asks for robots.txt conditionally and a 304 keeps its rules") {
  LoopbackServer server;
  const std::string rules = "User-agent: *\nDisallow: /secret\n";
  server.route("/robots.txt", [&](const SeenRequest& r) {
    if (r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"r1\"") {
      return Response{304, {}, "", {}, {}};
    }
    return Response{200, {{"ETag", "\"r1\""}}, rules, {}, {}};
  });
  server.route("/", [](const SeenRequest&) {
    return Response{200, {{"Content-Type", "text/html"}}, "<a href=/secret>s</a>", {}, {}};
  });
  server.route("/secret", [](const SeenRequest&) { return Response{200, {}, "s", {}, {}}; });
  RecordingSink warm;
  warm.cache[server.url("/robots.txt")] = CachedState{"\"r1\"", "", true, {}, "", rules, {}};
  CrawlOptions o = fast_options();
  o.revalidate = true;
  auto stats = crawl({Seed{server.url("/")}}, o, warm);
  REQUIRE(stats);
  CHECK(server.hits("/robots.txt") == 1);
  CHECK(warm.find(server.url("/robots.txt"))->http_status == 304);
  CHECK(server.hits("/secret") == 0);  // the cached rules still apply
  const FetchedDocument* secret = warm.find(server.url("/secret"));
  REQUIRE(secret != nullptr);
  CHECK(secret->error.find("robots.txt") != std::string::npos);
  CHECK(stats->bytes == 21);  // the page only; robots.txt came back without a body
}

TEST_CASE("crawl: an unreachable robots.txt disallows the host and a 500 on it is retried") {
  LoopbackServer server;
  server.route("/robots.txt", Response{503, {}, "", {}, {}});
  server.route("/page", Response{200, {}, "p", {}, {}});
  RecordingSink sink;
  CrawlOptions o = fast_options();
  REQUIRE(crawl({Seed{server.url("/page")}}, o, sink));
  CHECK(server.hits("/page") == 0);
  CHECK(server.hits("/robots.txt") == 3);
  REQUIRE(sink.find(server.url("/page")));
  CHECK(sink.find(server.url("/page"))->error.find("robots.txt unreachable") != std::string::npos);

  LoopbackServer second;
  int calls = 0;
  second.route("/robots.txt", [&calls](const SeenRequest&) {
    return ++calls == 1 ? Response{500, {}, "", {}, {}}
                        : Response{200, {}, "User-agent: *\nAllow: /\n", {}, {}};
  });
  second.route("/page", Response{200, {}, "p", {}, {}});
  RecordingSink sink2;
  REQUIRE(crawl({Seed{second.url("/page")}}, o, sink2));
  CHECK(sink2.find(second.url("/page"))->http_status == 200);
}

TEST_CASE("fetch_one: a document comes back, a refusal is an error naming the URL") {
  LoopbackServer server;
  server.route("/pkg",
               Response{200, {{"Content-Type", "application/json"}}, "{\"name\":1}", {}, {}});
  FetchOptions o;
  o.allow_private = true;
  auto doc = fetch_one(server.url("/pkg"), o);
  REQUIRE(doc);
  CHECK(doc->body == "{\"name\":1}");
  CHECK(doc->content_type == "application/json");
  CHECK(server.requests().size() == 1);  // no robots.txt, no probes
  o.allow_private = false;
  auto refused = fetch_one(server.url("/pkg"), o);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kRefused);
  CHECK(refused.error().message.find(server.url("/pkg")) != std::string::npos);
}

TEST_CASE("crawl: per-host delay and progress callbacks work together") {
  LoopbackServer server;
  std::string index = "<html>";
  for (int i = 0; i < 5; ++i) {
    index += "<a href=\"/p" + std::to_string(i) + "\">p</a>";
    server.route("/p" + std::to_string(i),
                 Response{200, {{"Content-Type", "text/html"}}, "<p>", {}, {}});
  }
  server.route("/", Response{200, {{"Content-Type", "text/html"}}, index, {}, {}});
  RecordingSink sink;
  CrawlOptions o = fast_options();
  o.obey_robots = false;
  o.delay = std::chrono::milliseconds(100);
  int calls = 0;
  bool saw_final = false;
  o.progress = [&](const CrawlStats&, bool final) { ++calls, saw_final = saw_final || final; };
  o.progress_interval = std::chrono::milliseconds(0);
  const auto t0 = std::chrono::steady_clock::now();
  auto stats = crawl({Seed{server.url("/")}}, o, sink);
  REQUIRE(stats);
  CHECK(stats->pages_ok == 6);
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(250));  // 5 x >=50 ms
  CHECK(saw_final);
  CHECK(calls >= 6);
}
