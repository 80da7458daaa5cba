#include "core/types.h"

#include <string>

#include <doctest/doctest.h>

TEST_CASE("types: a pagination style's text reads back as the same style") {
  for (auto s : {om::PageStyle::kUnknown, om::PageStyle::kNone, om::PageStyle::kOffset,
                 om::PageStyle::kPage, om::PageStyle::kCursor, om::PageStyle::kKeyset,
                 om::PageStyle::kNextUrl, om::PageStyle::kLinkHeader, om::PageStyle::kHeaderToken,
                 om::PageStyle::kTimeWindow, om::PageStyle::kRelay}) {
    CHECK(om::page_style_from_string(om::to_string(s)) == s);
  }
  CHECK(std::string(om::to_string(om::PageStyle::kNextUrl)) == "next-url");
  CHECK_FALSE(om::page_style_from_string("").has_value());
  CHECK_FALSE(om::page_style_from_string("Offset").has_value());
}

TEST_CASE("types: how a document was found, as text and back") {
  using om::FoundVia;
  using om::ViaKind;
  CHECK(om::to_string(FoundVia{ViaKind::kCommandLine, "--docs (folder d)"}) ==
        "command line --docs (folder d)");
  CHECK(om::to_string(FoundVia{ViaKind::kCatalog}) == "catalog");
  CHECK(om::to_string(FoundVia{ViaKind::kLink, "https://a.example/"}) ==
        "link from https://a.example/");
  CHECK(om::to_string(FoundVia{ViaKind::kPackage, "npm:x@1"}) == "package npm:x@1");
  CHECK(om::to_string(FoundVia{}).empty());
  CHECK(om::found_via_from_string("well-known path") == FoundVia{ViaKind::kWellKnownPath});
  CHECK(om::found_via_from_string("catalog (SDK)") == FoundVia{ViaKind::kCatalog, "(SDK)"});
  CHECK(om::found_via_from_string("catalogue").kind == ViaKind::kOther);
  for (const char* text :
       {"", "seed", "fetch", "command line", "command line --spec", "command line ", "catalog",
        "catalog (spec package)", "link from ", "link from https://x.example/a", "spec link",
        "sitemap", "robots.txt", "package pypi:y==2", "robots.txt!", "an older text"}) {
    CHECK(om::to_string(om::found_via_from_string(text)) == text);
  }
}
