// Tests for the HTML reader (html.cpp): the parser's events become the same PageText page after
// page, whatever the page declares about itself.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "extract/detail/page_text.h"

namespace {

using om::extract::detail::PageText;
using om::extract::detail::PieceKind;
using om::extract::detail::read_html;

// The text of the first piece of `kind`, or "" when there is none.
std::string first(const PageText& page, PieceKind kind) {
  for (const auto& p : page.pieces) {
    if (p.kind == kind) {
      return p.text;
    }
  }
  return "";
}

}  // namespace

TEST_CASE("html reader: two readings of one page give the same pieces") {
  const std::string html = "<h1>Title</h1><p>GET /v1/users returns users.</p>";
  PageText a = read_html(html, "https://x/a");
  PageText b = read_html(html, "https://x/a");
  REQUIRE(a.pieces.size() == 2);
  REQUIRE(b.pieces.size() == 2);
  CHECK(a.pieces[1].text == b.pieces[1].text);
  CHECK(b.pieces[1].locator == "Title");
}

TEST_CASE("html reader: comments open nothing, so many of them do not flatten the page") {
  // The nesting guard drops tags it counts deeper than 256; a comment must not count as one.
  std::string html = "<html><body>";
  for (int i = 0; i < 400; ++i) {
    html += "<!-- type=var -->\n";
  }
  html += "<h2>Auth</h2><p>Send the key in the <code>X-Api-Key</code> header.</p></body></html>";
  PageText page = read_html(html, "https://x/c");
  CHECK(first(page, PieceKind::kHeading) == "Auth");
  REQUIRE(!page.pieces.empty());
  CHECK(page.pieces.back().kind == PieceKind::kParagraph);
  CHECK(page.pieces.back().locator == "Auth");
  CHECK(page.pieces.back().text == "Send the key in the X-Api-Key header.");
  REQUIRE(page.pieces.back().code_spans.size() == 1);
  CHECK(page.pieces.back().code_spans.front() == "X-Api-Key");
}

TEST_CASE("html reader: the text is read as UTF-8 whatever a meta charset says") {
  // html_as_utf8 has decoded the page already; a <meta charset> must not re-decode it.
  PageText page = read_html(
      "<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9"
      "</p></body></html>",
      "https://x/m");
  CHECK(first(page, PieceKind::kParagraph) == "caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9");
}

TEST_CASE("html reader: a bad byte stays one replacement character, the rest stays UTF-8") {
  PageText page =
      read_html(std::string("<p>a\xff b</p><p>caf\xc3\xa9</p><p>x\0y</p>", 33), "https://x/b");
  REQUIRE(page.pieces.size() == 3);
  CHECK(page.pieces[0].text == "a\xef\xbf\xbd b");
  CHECK(page.pieces[1].text == "caf\xc3\xa9");
  CHECK(page.pieces[2].text == "x y");  // a NUL does not end the page
}

TEST_CASE("html reader: implied end tags close lists, cells and paragraphs") {
  PageText page = read_html(
      "<h2>Limits</h2><ul><li>100 requests<li>per minute</ul><table><tr><th>Plan<th>Limit"
      "<tr><td>Free<td>10/s</table><p>one<p>two",
      "https://x/i");
  int items = 0;
  int rows = 0;
  for (const auto& p : page.pieces) {
    items += p.kind == PieceKind::kListItem ? 1 : 0;
    rows += p.kind == PieceKind::kTableRow ? 1 : 0;
  }
  CHECK(items == 2);
  REQUIRE(page.tables.size() == 1);
  CHECK(page.tables[0].header == std::vector<std::string>{"Plan", "Limit"});
  REQUIRE(page.tables[0].rows.size() == 1);
  CHECK(page.tables[0].rows[0] == std::vector<std::string>{"Free", "10/s"});
  CHECK(rows >= 1);
  CHECK(page.pieces.back().text == "two");
  CHECK(page.pieces.back().locator == "Limits");
}
