// Unit tests for the cheap link scanner and sitemap reader.
#include "crawler/links.h"

#include <doctest/doctest.h>

using namespace om::crawler;

TEST_CASE("links: href of a, area and link and src of iframes are found in order") {
  const char* html =
      "<html><head><base href='/docs/'><link rel=\"stylesheet\" href=\"/s.css\">"
      "<link rel=alternate href=/feed.xml></head><body>"
      "<A HREF=\"one.html#x\">1</A> <area shape=rect href=two.html>"
      "<a class=x href = 'three?a=1&amp;b=2'>3</a><iframe src=\"/embed\"></iframe>"
      "<a name=anchor>no href</a><img src=\"/img.png\"></body></html>";
  HtmlLinks links = scan_html_links(html);
  CHECK(links.base_href == "/docs/");
  CHECK(links.hrefs ==
        std::vector<std::string>{"/feed.xml", "one.html#x", "two.html", "three?a=1&b=2", "/embed"});
}

TEST_CASE("links: comments, scripts and styles are skipped") {
  const char* html =
      "<!-- <a href=/c1> --><script>var s='<a href=/s1>';</script>"
      "<STYLE>a[href='/s2']{}</STYLE><textarea><a href=/t></textarea>"
      "<a href=/real>ok</a>";
  CHECK(scan_html_links(html).hrefs == std::vector<std::string>{"/real"});
}

TEST_CASE("links: broken markup yields what it can and never reads past the end") {
  CHECK(scan_html_links("<a href=\"/unterminated").hrefs.size() == 1);
  CHECK(scan_html_links("<a href=").hrefs.empty());
  CHECK(scan_html_links("<script>never closed <a href=/x>").hrefs.empty());
  CHECK(scan_html_links("<").hrefs.empty());
  CHECK(scan_html_links("<!--").hrefs.empty());
}

TEST_CASE("links: sitemap loc entries are read, with entities and CDATA") {
  const char* xml =
      "<?xml version=\"1.0\"?><urlset><url><loc> https://a.test/1?x=1&amp;y=2 </loc>"
      "</url><url><loc><![CDATA[https://a.test/2]]></loc></url></urlset>";
  CHECK(looks_like_sitemap("application/xml", xml));
  CHECK_FALSE(looks_like_sitemap("text/html", xml));
  CHECK(scan_sitemap_locs(xml) ==
        std::vector<std::string>{"https://a.test/1?x=1&y=2", "https://a.test/2"});
}

TEST_CASE("links: character references are decoded") {
  CHECK(decode_entities("a&amp;b&#47;c&#x2F;d&bogus;&") == "a&b/c/d&bogus;&");
}
