#include "extract/detail/charset.h"

#include <string>

#include <doctest/doctest.h>

#include "extract/extract.h"

namespace {

using om::extract::detail::declared_charset;
using om::extract::detail::html_as_utf8;

om::FetchedDocument page(std::string url, std::string body, std::string content_type = "") {
  om::FetchedDocument d;
  d.url = std::move(url);
  d.body = std::move(body);
  d.content_type = std::move(content_type);
  d.http_status = 200;
  return d;
}

TEST_CASE("charset: the HTTP header wins, then <meta charset>, then <meta http-equiv>") {
  CHECK(declared_charset("text/html; charset=ISO-8859-1", "<meta charset=utf-8>") == "iso-8859-1");
  CHECK(declared_charset("text/html", "<html><head><meta charset=\"Shift_JIS\">") == "shift_jis");
  CHECK(declared_charset(
            "", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">") ==
        "koi8-r");
  CHECK(declared_charset("", "<p>no declaration</p>").empty());
}

TEST_CASE("charset: a Latin-1 page is decoded, never read as nothing") {
  // "Authentification: envoyez l'en-tête" in ISO-8859-1 (ê = 0xEA), then an API key header.
  const std::string latin1 =
      "<html><head><meta charset=\"iso-8859-1\"></head><body><h2>Authentification</h2>"
      "<p>Envoyez l'en-t\xEAte <code>X-API-Key</code> avec votre cl\xE9 API.</p></body></html>";
  auto utf8 = html_as_utf8(latin1, "", "p.html");
  REQUIRE(utf8.ok());
  CHECK(utf8->find("en-t\xC3\xAAte") != std::string::npos);
  auto e = om::extract::extract(page("https://docs.example/p.html", latin1, "text/html"));
  CHECK(e.error.empty());
  CHECK(e.text.find("t\xC3\xAAte") != std::string::npos);
  // Undeclared and not UTF-8: windows-1252, HTML's default for legacy pages.
  auto undeclared = html_as_utf8("<p>caf\xE9 \x93quoted\x94</p>", "text/html", "u.html");
  REQUIRE(undeclared.ok());
  CHECK(*undeclared == "<p>caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D</p>");
  auto unknown = html_as_utf8("<p>x</p>", "text/html; charset=x-no-such-charset", "bad.html");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("bad.html") != std::string::npos);
}

TEST_CASE("charset: Markdown that is not UTF-8 is a recorded error naming the file") {
  auto e = om::extract::extract(page("docs/auth.md", "# Auth\n\nSend the cl\xE9 header.\n"));
  CHECK(e.kind == om::DocKind::kMarkdown);
  CHECK(e.error.find("docs/auth.md") != std::string::npos);
  CHECK(e.error.find("UTF-8") != std::string::npos);
}

}  // namespace
