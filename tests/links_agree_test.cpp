// The crawl and the extraction read a page's links with two readers: the crawler's attribute
// scanner (core/html_links.h, hand-written) and the HTML extractor (gumbo, which decodes
// entities itself). Both resolve and normalise through core/url.h, honouring <base href>. This
// test holds them to one rule on the test sites' pages: every outlink the extraction names is,
// as the same text, a link the crawl follows (the crawl reads more: <link> and <iframe>
// targets).
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "core/html_links.h"
#include "core/url.h"
#include "extract/extract.h"

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::set<std::string> crawl_links(const std::string& url, const std::string& html) {
  const om::HtmlLinks links = om::scan_html_links(html);
  auto base = om::parse_url(url);
  REQUIRE(base.ok());
  if (!links.base_href.empty()) {
    if (auto declared = om::resolve_url(base.value(), links.base_href)) {
      base = std::move(declared);
    }
  }
  std::set<std::string> out;
  for (const std::string& href : links.hrefs) {
    if (auto resolved = om::resolve_url(base.value(), href)) {
      out.insert(resolved->str());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("links: every outlink the extraction names, the crawl follows too") {
  const std::filesystem::path root = std::filesystem::path(OM_SOURCE_DIR) / "tests/fixtures";
  int pages = 0;
  int outlinks = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".html") {
      continue;
    }
    const std::string rel = std::filesystem::relative(entry.path(), root).generic_string();
    om::FetchedDocument doc;
    doc.source = "links";
    doc.url = "https://docs.example.com/" + rel;
    doc.final_url = doc.url;
    doc.content_type = "text/html; charset=utf-8";
    doc.http_status = 200;
    doc.body = read_file(entry.path());
    const std::set<std::string> crawled = crawl_links(doc.url, doc.body);
    const om::Extraction extraction = om::extract::extract(doc);
    ++pages;
    for (const std::string& link : extraction.outlinks) {
      ++outlinks;
      INFO(rel << ": " << link);
      CHECK(crawled.count(link) == 1);
    }
  }
  CHECK(pages >= 4);
  CHECK(outlinks > 0);
}

TEST_CASE("links: character references in hrefs decode alike in both readers") {
  const std::string html =
      "<html><body>"
      "<a href=\"/search?q=a&amp;page=2\">and</a>"
      "<a href=\"/a&#x2F;b\">hex</a>"
      "<a href=\"/c&#47;d\">decimal</a>"
      "<a href='/say&quot;hi&quot;'>quot</a>"
      "<a href=\"/it&apos;s\">apos</a>"
      "<a href=\"/lt&lt;gt&gt;\">lt gt</a>"
      "<a href=\"/caf&#233;\">non-ASCII</a>"
      "<a href=\"/&#x1F600;\">astral</a>"
      "</body></html>";
  om::FetchedDocument doc;
  doc.source = "links";
  doc.url = "https://docs.example.com/refs.html";
  doc.final_url = doc.url;
  doc.content_type = "text/html";
  doc.http_status = 200;
  doc.body = html;
  const std::set<std::string> crawled = crawl_links(doc.url, html);
  const om::Extraction extraction = om::extract::extract(doc);
  REQUIRE(extraction.outlinks.size() == 8);
  for (const std::string& link : extraction.outlinks) {
    INFO(link);
    CHECK(crawled.count(link) == 1);
  }
}
