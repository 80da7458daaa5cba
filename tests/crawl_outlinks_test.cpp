// The crawl and the extraction read a page's links with one reader (core/html_links.h): the
// crawl's follow_links() on the bytes it fetched, the HTML extractor on the same page as UTF-8.
// This test crawls the test fixtures' pages from a loopback server and holds the extraction's
// outlinks of each to the links the crawl found there: the same, distinct, in first-seen order,
// without the page itself.
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include <doctest/doctest.h>

#include "core/types.h"
#include "crawler/crawler.h"
#include "crawler/test_sink.h"
#include "extract/extract.h"
#include "tests/support/loopback_server.h"

namespace {

using om::crawler::testing::fast_options;
using om::crawler::testing::RecordingSink;

// What the extraction's outlinks should be: the crawl's links, distinct, without the page.
std::vector<std::string> expected_outlinks(const om::FetchedDocument& doc) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (std::string_view link : *doc.links) {
    if (link != doc.final_url && seen.insert(std::string(link)).second) {
      out.emplace_back(link);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("links: the extraction's outlinks of a page are the links the crawl found on it") {
  const std::filesystem::path root = std::filesystem::path(OM_SOURCE_DIR) / "tests/fixtures";
  om::test::LoopbackServer server;
  server.serve_directory(root.string());
  // What the fixtures lack: a <base href>, <link>, <area> and <iframe> targets, references.
  server.route(
      "/more/page.html",
      om::test::Response{
          200,
          {{"Content-Type", "text/html"}},
          "<html><head><base href=\"/docs/\"><link rel=alternate href=\"../feed.xml\">"
          "<link rel=stylesheet href=\"/s.css\"></head><body>"
          "<a href=\"auth.html#top\">a</a><map><area href=\"/area\"></map>"
          "<iframe src=\"//other.example/embed\"></iframe><a href=\"auth.html\">again</a>"
          "<a href=\"q?a=1&amp;b=&#x32;\">q</a><a href=\"mailto:x@y.z\">m</a></body></html>",
          {},
          {}});
  std::vector<om::crawler::Seed> seeds{{server.url("/more/page.html")}};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".html") {
      seeds.push_back({server.url("/" + relative(entry.path(), root).generic_string())});
    }
  }
  om::crawler::CrawlOptions o = fast_options();
  o.obey_robots = false;
  o.max_depth = 1;  // the seeds are scanned; what they link to is fetched, not scanned
  RecordingSink sink;
  REQUIRE(om::crawler::crawl(seeds, o, sink));
  int pages = 0;
  std::size_t outlinks = 0;
  for (const om::FetchedDocument& doc : sink.docs) {
    if (doc.http_status != 200 || !doc.links || doc.depth != 0) {
      continue;
    }
    INFO(doc.url);
    const om::Extraction extraction = om::extract::extract(doc);
    CHECK(extraction.kind == om::DocKind::kHtml);
    CHECK(extraction.outlinks == expected_outlinks(doc));
    ++pages;
    outlinks += extraction.outlinks.size();
  }
  CHECK(pages == static_cast<int>(seeds.size()));
  CHECK(outlinks > 20);
  const om::FetchedDocument* more = sink.find(server.url("/more/page.html"));
  REQUIRE(more != nullptr);
  CHECK(om::extract::extract(*more).outlinks ==
        std::vector<std::string>{server.url("/feed.xml"), server.url("/docs/auth.html"),
                                 server.url("/area"), "http://other.example/embed",
                                 server.url("/docs/q?a=1&b=2")});
}
