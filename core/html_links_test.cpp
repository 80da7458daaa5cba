// Unit tests for the HTML link reader: the attribute scanner, character references and the
// resolution against the page or its <base href>.
#include "core/html_links.h"

#include <doctest/doctest.h>

namespace {

std::vector<std::string> resolved(std::string_view html, const char* page) {
  std::vector<std::string> out;
  if (page == nullptr) {
    for (const om::Url& url : om::resolve_html_links(html, nullptr)) {
      out.push_back(url.str());
    }
    return out;
  }
  const om::Result<om::Url> base = om::parse_url(page);
  REQUIRE(base.ok());
  for (const om::Url& url : om::resolve_html_links(html, &base.value())) {
    out.push_back(url.str());
  }
  return out;
}

}  // namespace

TEST_CASE("html links: href of a, area and link and src of iframes are found in order") {
  const char* html =
      "<html><head><base href='/docs/'><link rel=\"stylesheet\" href=\"/s.css\">"
      "<link rel=alternate href=/feed.xml></head><body>"
      "<A HREF=\"one.html#x\">1</A> <area shape=rect href=two.html>"
      "<a class=x href = 'three?a=1&amp;b=2'>3</a><iframe src=\"/embed\"></iframe>"
      "<a name=anchor>no href</a><img src=\"/img.png\"></body></html>";
  om::HtmlLinks links = om::scan_html_links(html);
  CHECK(links.base_href == "/docs/");
  CHECK(links.hrefs ==
        std::vector<std::string>{"/feed.xml", "one.html#x", "two.html", "three?a=1&b=2", "/embed"});
}

TEST_CASE("html links: comments, scripts and styles are skipped") {
  const char* html =
      "<!-- <a href=/c1> --><script>var s='<a href=/s1>';</script>"
      "<STYLE>a[href='/s2']{}</STYLE><textarea><a href=/t></textarea>"
      "<a href=/real>ok</a>";
  CHECK(om::scan_html_links(html).hrefs == std::vector<std::string>{"/real"});
}

TEST_CASE("html links: broken markup yields what it can and never reads past the end") {
  CHECK(om::scan_html_links("<a href=\"/unterminated").hrefs.size() == 1);
  CHECK(om::scan_html_links("<a href=").hrefs.empty());
  CHECK(om::scan_html_links("<script>never closed <a href=/x>").hrefs.empty());
  CHECK(om::scan_html_links("<").hrefs.empty());
  CHECK(om::scan_html_links("<!--").hrefs.empty());
}

TEST_CASE("html links: character references are decoded") {
  CHECK(om::decode_entities("a&amp;b&#47;c&#x2F;d&bogus;&") == "a&b/c/d&bogus;&");
}

TEST_CASE("html links: character references in hrefs decode before resolution") {
  const char* html =
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
  CHECK(resolved(html, "https://docs.example.com/refs.html") ==
        std::vector<std::string>{
            "https://docs.example.com/search?q=a&page=2", "https://docs.example.com/a/b",
            "https://docs.example.com/c/d", "https://docs.example.com/say%22hi%22",
            "https://docs.example.com/it's", "https://docs.example.com/lt%3Cgt%3E",
            "https://docs.example.com/caf%C3%A9", "https://docs.example.com/%F0%9F%98%80"});
}

TEST_CASE("html links: links resolve against the <base href>, normalised, repeats kept") {
  const char* html =
      "<head><base href=\"/v2/guide/\"></head>"
      "<a href=\"intro.html#top\">a</a><a href='../ref/'>b</a><a href=\"intro.html\">c</a>"
      "<a href=\"mailto:api@x.io\">d</a><a href=\"javascript:void(0)\">e</a>"
      "<a href=\"HTTPS://Other.IO:443/%7euser\">f</a>";
  CHECK(
      resolved(html, "https://docs.x.io/a/page?q=1") ==
      std::vector<std::string>{"https://docs.x.io/v2/guide/intro.html", "https://docs.x.io/v2/ref/",
                               "https://docs.x.io/v2/guide/intro.html", "https://other.io/~user"});
  // A <base href> that does not resolve leaves the page as the base.
  CHECK(resolved("<base href=\"mailto:x\"><a href=b>b</a>", "https://x.io/a/p") ==
        std::vector<std::string>{"https://x.io/a/b"});
}

TEST_CASE("html links: without a page, only absolute hrefs or an absolute base resolve") {
  CHECK(resolved("<a href=other.html>o</a><a href=' HTTP://Host/x y '>h</a>", nullptr) ==
        std::vector<std::string>{"http://host/x%20y"});
  CHECK(resolved("<base href=\"https://x.io/docs/\"><a href=other.html>o</a>", nullptr) ==
        std::vector<std::string>{"https://x.io/docs/other.html"});
  CHECK(resolved("<base href=\"/docs/\"><a href=other.html>o</a>", nullptr).empty());
}
