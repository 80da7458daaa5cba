// StringSet against std::set: the same answers for every insert and lookup, through growth.
#include "core/string_set.h"

#include <random>
#include <set>
#include <string>

#include <doctest/doctest.h>

namespace om {
namespace {

TEST_CASE("string set: insert reports new keys once, contains finds exactly the inserted") {
  StringSet set;
  CHECK(set.empty());
  CHECK_FALSE(set.contains("https://example.com/"));
  CHECK(set.insert("https://example.com/"));
  CHECK_FALSE(set.insert("https://example.com/"));
  CHECK(set.contains("https://example.com/"));
  CHECK_FALSE(set.contains("https://example.com"));  // a prefix is another key
  CHECK_FALSE(set.contains("https://example.com//"));
  CHECK(set.insert(""));  // the empty key is a key like any other
  CHECK(set.contains(""));
  CHECK_FALSE(set.insert(""));
  CHECK(set.size() == 2);
}

TEST_CASE("string set: agrees with std::set over 20,000 random keys with repeats, through growth") {
  StringSet set;
  std::set<std::string> reference;
  std::mt19937_64 random(42);
  auto key = [&] {
    // Short keys from a small alphabet: many repeats and shared prefixes.
    std::string k = "https://h/";
    const std::size_t length = random() % 4;
    for (std::size_t i = 0; i < length; ++i) {
      k.push_back(static_cast<char>('a' + random() % 16));
    }
    return k;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string k = key();
    REQUIRE(set.insert(k) == reference.insert(k).second);
    const std::string probe = key();
    REQUIRE(set.contains(probe) == (reference.count(probe) == 1));
  }
  CHECK(set.size() == reference.size());
  for (const std::string& k : reference) {
    CHECK(set.contains(k));
  }
}

}  // namespace
}  // namespace om
