// The UTF-8 toolkit and the text helpers added beside it (fold_alnum, edit distance, nearest).
#include "core/utf8.h"

#include <string>

#include <doctest/doctest.h>

#include "core/text.h"

TEST_CASE("utf8: every length encodes, is measured back and validates") {
  for (char32_t cp : {U'A', U'\u00e9', U'\u20ac', U'\U0001F600', U'\U0010FFFF'}) {
    std::string s;
    om::append_utf8(s, cp);
    CHECK(om::utf8_sequence_length(s, 0) == s.size());
    CHECK(om::is_valid_utf8(s));
  }
  CHECK(om::utf8_sequence_length("\xC0\xAF", 0) == 0);          // overlong
  CHECK(om::utf8_sequence_length("\xED\xA0\x80", 0) == 0);      // surrogate
  CHECK(om::utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
  CHECK_FALSE(om::is_valid_utf8("caf\xE9"));
  CHECK(om::utf8_prefix("h\xC3\xA9llo", 2) == "h");
  CHECK(om::utf8_prefix("h\xC3\xA9llo", 3) == "h\xC3\xA9");
}

TEST_CASE("text: names fold to letters and digits, and the nearest names come first") {
  CHECK(om::fold_alnum("GitHub v3 REST-API") == "githubv3restapi");
  CHECK(om::edit_distance("widget", "widgets") == 1);
  CHECK(om::edit_distance("ab", "ba") == 1);  // a transposition
  CHECK(om::nearest("api/widget.json", {"api/gadgets.json", "api/widgets.json", "README.md"}, 2) ==
        std::vector<std::string>{"api/widgets.json", "api/gadgets.json"});
}
