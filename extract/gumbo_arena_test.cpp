#include "extract/detail/gumbo_arena.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/page_text.h"

using om::extract::detail::GumboArena;

namespace {

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

}  // namespace

TEST_CASE("gumbo arena: allocations are aligned, distinct and writable") {
  GumboArena arena;
  std::set<std::uintptr_t> seen;
  for (std::size_t size : {1U, 7U, 16U, 33U, 1000U, 300000U, 5U}) {
    void* p = GumboArena::allocate(&arena, size);
    REQUIRE(p != nullptr);
    CHECK(address(p) % alignof(std::max_align_t) == 0);
    CHECK(seen.insert(address(p)).second);
    std::memset(p, 0xab, size);  // ASan reports a block too small for the request
    GumboArena::release(&arena, p);
  }
}

TEST_CASE("gumbo arena: a reset hands out the kept block again") {
  GumboArena arena;
  void* first = GumboArena::allocate(&arena, 64);
  static_cast<void>(GumboArena::allocate(&arena, 64));
  arena.reset();
  CHECK(GumboArena::allocate(&arena, 64) == first);
}

TEST_CASE("gumbo arena: the HTML reader parses many pages on one thread's arena") {
  // Two readings of the same page give the same text: nothing of the first survives in the second.
  const std::string html = "<h1>Title</h1><p>GET /v1/users returns users.</p>";
  auto a = om::extract::detail::read_html(html, "https://x/a");
  auto b = om::extract::detail::read_html(html, "https://x/a");
  REQUIRE(a.pieces.size() == 2);
  REQUIRE(b.pieces.size() == 2);
  CHECK(a.pieces[1].text == b.pieces[1].text);
  CHECK(b.pieces[1].locator == "Title");
}
