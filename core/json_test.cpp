// Tests for the small JSON reader/writer and the facts round trip.
#include "core/json.h"

#include <doctest/doctest.h>

#include "core/findings_json.h"
#include "core/text.h"

TEST_CASE("json: parse and dump round-trip keeps member order") {
  auto r = om::Json::parse(R"({"b":1,"a":[true,null,"x\u00e9"],"c":{"d":-2.5e1}})");
  REQUIRE(r.ok());
  CHECK(r->dump() == R"({"b":1,"a":[true,null,"xé"],"c":{"d":-25}})");
}

TEST_CASE("json: errors name the byte offset") {
  auto r = om::Json::parse(R"({"a":})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("byte 5") != std::string::npos);
  CHECK_FALSE(om::Json::parse("[1,2").ok());
  CHECK_FALSE(om::Json::parse("01x").ok());
}

TEST_CASE("json: depth is bounded") {
  std::string deep(1000, '[');
  deep += std::string(1000, ']');
  CHECK_FALSE(om::Json::parse(deep).ok());
  CHECK(om::Json::parse(deep, 2000).ok());
}

TEST_CASE("json: invalid UTF-8 is replaced when written") {
  std::string out;
  om::append_json_string(out, std::string("a\xff") + "b\x01");
  CHECK(out ==
        "\"a\xEF\xBF\xBD"
        "b\\u0001\"");
  CHECK(om::utf8_prefix("h\xC3\xA9llo", 2) == "h");
}

TEST_CASE("findings: JSON round trip keeps facts and evidence") {
  om::Findings f;
  om::AuthMethod a;
  a.type = om::AuthType::kOAuth2;
  a.flows.push_back({om::OAuthFlowKind::kClientCredentials, "https://x/token", "", "", {"read"}});
  a.evidence.push_back({"spec.json", "/components/securitySchemes/o", "\"type\": \"oauth2\""});
  f.auth.push_back(a);
  om::Pagination p;
  p.style = om::PageStyle::kCursor;
  p.page_size = {"limit", 20.0, 100.0};
  f.pagination.push_back(p);
  f.gaps.push_back("no rate limits stated");
  auto back = om::findings_from_json(om::Json::parse(om::findings_to_json(f).dump()).value());
  REQUIRE(back.auth.size() == 1);
  CHECK(back.auth[0].flows[0].token_url == "https://x/token");
  CHECK(back.auth[0].flows[0].flow == om::OAuthFlowKind::kClientCredentials);
  CHECK(back.auth[0].evidence[0].locator == "/components/securitySchemes/o");
  CHECK(back.pagination[0].page_size.max == doctest::Approx(100));
  CHECK(back.gaps == f.gaps);
}
TEST_CASE("regression fuzz_catalog: is_valid_utf8 rejects what libfyaml loops on") {
  CHECK(om::is_valid_utf8("plain ascii, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80"));
  CHECK_FALSE(om::is_valid_utf8("%\xfaQ"));            // the hang found by fuzz_catalog
  CHECK_FALSE(om::is_valid_utf8("caf\xe9"));           // Latin-1
  CHECK_FALSE(om::is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(om::is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(om::is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(om::is_valid_utf8("\xe2\x82"));          // truncated
}

TEST_CASE("json: integers beyond 2^53 are read and written back exactly") {
  for (const char* text : {"9007199254740993", "-9007199254740993", "9223372036854775807"}) {
    auto j = om::Json::parse(text);
    REQUIRE(j.ok());
    CHECK(j->is_number());
    CHECK(j->dump() == text);
  }
  CHECK(om::Json::parse("9007199254740993")->as_number() == 9007199254740992.0);
  CHECK(om::Json::parse("1e300")->dump() == om::Json(1e300).dump());  // not an integer literal
  CHECK(om::Json::parse("12345678901234567890123")->is_number());     // beyond int64: a double
  CHECK(om::Json::parse("42")->dump() == "42");
}
