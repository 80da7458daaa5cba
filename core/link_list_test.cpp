// Tests for LinkList: one buffer, one URL per line, iterated as views.
#include "core/link_list.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

TEST_CASE("link list: URLs come back in order and the stored form is one per line") {
  om::LinkList links;
  CHECK(links.empty());
  CHECK(links.push_back("https://a.example/x"));
  CHECK(links.push_back("https://a.example/y?q=1"));
  CHECK_FALSE(links.empty());
  CHECK(links.joined() == "https://a.example/x\nhttps://a.example/y?q=1\n");
  CHECK(links.to_vector() ==
        std::vector<std::string>{"https://a.example/x", "https://a.example/y?q=1"});
}

TEST_CASE("link list: an empty URL or one holding a newline is refused, nothing kept") {
  om::LinkList links{"https://a.example/"};
  CHECK_FALSE(links.push_back(""));
  CHECK_FALSE(links.push_back("https://a.example/\nINJECTED"));
  CHECK(links.joined() == "https://a.example/\n");
}

TEST_CASE(
    "link list: the stored form is read back, blank lines and a missing last newline are fine") {
  const om::LinkList read(std::string("\nhttps://a/1\n\n\nhttps://a/2"));
  CHECK(read.to_vector() == std::vector<std::string>{"https://a/1", "https://a/2"});
  CHECK(read == om::LinkList{"https://a/1", "https://a/2"});
  CHECK_FALSE(read == om::LinkList{"https://a/1"});
  CHECK(om::LinkList(std::string("\n\n")).empty());
  int count = 0;
  for (std::string_view link : read) {
    CHECK(link.starts_with("https://a/"));
    ++count;
  }
  CHECK(count == 2);
}
