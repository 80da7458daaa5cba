// Unit tests for the sitemap reader and the content sniffing (the HTML scanner's are in
// core/html_links_test.cpp).
#include "crawler/links.h"

#include <doctest/doctest.h>

using om::crawler::looks_like_html;
using om::crawler::looks_like_sitemap;
using om::crawler::scan_sitemap_locs;

TEST_CASE("links: sitemap loc entries are read, with entities and CDATA") {
  const char* xml =
      "<?xml version=\"1.0\"?><urlset><url><loc> https://a.test/1?x=1&amp;y=2 </loc>"
      "</url><url><loc><![CDATA[https://a.test/2]]></loc></url></urlset>";
  CHECK(looks_like_sitemap("application/xml", xml));
  CHECK_FALSE(looks_like_sitemap("text/html", xml));
  CHECK(scan_sitemap_locs(xml) ==
        std::vector<std::string>{"https://a.test/1?x=1&y=2", "https://a.test/2"});
}

TEST_CASE("links: HTML is told by its content type, else by its first bytes") {
  CHECK(looks_like_html("text/html; charset=utf-8", ""));
  CHECK_FALSE(looks_like_html("application/json", "<html>"));
  CHECK(looks_like_html("", "  <!DOCTYPE html><html>"));
  CHECK_FALSE(looks_like_html("", "{\"openapi\": \"3.0.0\"}"));
}
