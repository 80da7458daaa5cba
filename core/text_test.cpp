// Tests for core/text.h's white-space helpers.
#include "core/text.h"

#include <random>
#include <string>

#include <doctest/doctest.h>

TEST_CASE("squash_space_in_place: the same text as squash_space, in the same string") {
  for (const std::string s :
       {"", " ", " \t\n\r ", "a", "  a  b\t\tc\n", "a\r\nb", "\xC3\xA9  \xC3\xA9 "}) {
    std::string t = s;
    om::squash_space_in_place(t);
    CHECK(t == om::squash_space(s));
  }
  std::mt19937 rng(7);
  const std::string alphabet = "ab \t\n\r\xC3\xA9";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (std::size_t n = rng() % 40; n > 0; --n) {
      s += alphabet[rng() % alphabet.size()];
    }
    std::string t = s;
    om::squash_space_in_place(t);
    CHECK(t == om::squash_space(s));
  }
}
