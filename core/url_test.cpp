// Unit tests for URL normalisation and RFC 3986 5.4 reference resolution.
#include "core/url.h"

#include <doctest/doctest.h>

using om::normalize_url;
using om::parse_url;
using om::resolve_url;

TEST_CASE("url: scheme and host are lower-cased and the default port dropped") {
  CHECK(normalize_url("HTTPS://Docs.Example.COM:443/A/b") == "https://docs.example.com/A/b");
  CHECK(normalize_url("http://example.com:80") == "http://example.com/");
  CHECK(normalize_url("http://example.com:8080/x") == "http://example.com:8080/x");
  CHECK(normalize_url("https://example.com:80/") == "https://example.com:80/");
}

TEST_CASE("url: fragments are dropped, dot segments removed, empty queries dropped") {
  CHECK(normalize_url("http://a.test/b/./c/../d#frag") == "http://a.test/b/d");
  CHECK(normalize_url("http://a.test/../../x") == "http://a.test/x");
  CHECK(normalize_url("http://a.test/x?") == "http://a.test/x");
  CHECK(normalize_url("http://a.test/x?a=1&b=2#f") == "http://a.test/x?a=1&b=2");
}

TEST_CASE("url: percent-encoding is normalised") {
  CHECK(normalize_url("http://a.test/%7euser/%41%2f%3a") == "http://a.test/~user/A%2F%3A");
  CHECK(normalize_url("http://a.test/a b/\xC3\xA9") == "http://a.test/a%20b/%C3%A9");
  CHECK(normalize_url("http://a.test/100%") == "http://a.test/100%25");
  CHECK(normalize_url("http://a.test/%2e%2E/x") == "http://a.test/x");
}

TEST_CASE("url: non-http schemes, user info and bad ports are rejected") {
  CHECK_FALSE(parse_url("ftp://a.test/x"));
  CHECK_FALSE(parse_url("javascript:alert(1)"));
  CHECK_FALSE(parse_url("http://user:pw@a.test/"));
  CHECK_FALSE(parse_url("http://a.test:99999/"));
  CHECK_FALSE(parse_url("/relative/only"));
  CHECK(parse_url("http://[::1]:8080/x")->authority() == "[::1]:8080");
}

TEST_CASE("url: RFC 3986 5.4.1 normal examples resolve as specified") {
  auto base = parse_url("http://a/b/c/d;p?q");
  REQUIRE(base);
  auto r = [&](const char* ref) {
    auto u = resolve_url(*base, ref);
    return u ? u->str() : std::string("ERROR");
  };
  CHECK(r("g") == "http://a/b/c/g");
  CHECK(r("./g") == "http://a/b/c/g");
  CHECK(r("g/") == "http://a/b/c/g/");
  CHECK(r("/g") == "http://a/g");
  CHECK(r("//g") == "http://g/");
  CHECK(r("?y") == "http://a/b/c/d;p?y");
  CHECK(r("g?y") == "http://a/b/c/g?y");
  CHECK(r("#s") == "http://a/b/c/d;p?q");
  CHECK(r(";x") == "http://a/b/c/;x");
  CHECK(r("") == "http://a/b/c/d;p?q");
  CHECK(r(".") == "http://a/b/c/");
  CHECK(r("..") == "http://a/b/");
  CHECK(r("../g") == "http://a/b/g");
  CHECK(r("../..") == "http://a/");
  CHECK(r("../../../g") == "http://a/g");
  CHECK(r("g;x=1/../y") == "http://a/b/c/y");
  CHECK(r("  \tg\n ") == "http://a/b/c/g");
  CHECK(r("mailto:x@y") == "ERROR");
  CHECK(r("HTTPS://B/x") == "https://b/x");
}

TEST_CASE("url: normalising twice changes nothing") {
  for (const char* text : {"HTTP://A.test:80/%7e/./x/../y?q=%5b#f", "https://b.test/a%20b?c d",
                           "http://c.test/%zz/%2F"}) {
    const std::string once = normalize_url(text);
    REQUIRE_FALSE(once.empty());
    CHECK(normalize_url(once) == once);
  }
}
