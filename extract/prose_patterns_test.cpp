#include <cstddef>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "extract/detail/prose.h"

namespace d = om::extract::detail;

TEST_CASE("prose patterns: the one-pass scan reports exactly the patterns each piece matches") {
  d::PageText page;
  for (const char* text : {
           "GET /v1/users returns users.",
           "The base URL is https://api.acme.io/v2 for all calls.",
           "Authorization: Bearer abc\nX-Api-Key: k",
           R"({"Authorization": "Bearer t"})",
           "curl https://h/x?api_key=abc&page=2",
           "grant_type=client_credentials",
           "Send your API key in a header. Create a personal access token first.",
           "Pass the id of the last item from the previous page.",
           R"({"next_cursor": "x", "has_more": true})",
           R"(Link: <https://h/x?page=2>; rel="next")",
           "Results are paginated. This endpoint is not paginated.",
           "You may send 100 requests per minute, or 10 req/s.",
           "X-RateLimit-Remaining and Retry-After; a 429 means too many requests.",
           "postgresql+psycopg2://u:p@db:5432/x",
           "Plain prose with none of them.",
           "",
       }) {
    d::Piece piece;
    piece.text = text;
    page.pieces.push_back(piece);
  }
  const d::PieceScan scan(page);
  std::vector<bool> seen(static_cast<std::size_t>(d::ProsePattern::kCount));
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    for (std::size_t p = 0; p < static_cast<std::size_t>(d::ProsePattern::kCount); ++p) {
      const auto pattern = static_cast<d::ProsePattern>(p);
      const bool matches = RE2::PartialMatch(page.pieces[i].text, d::prose_re(pattern));
      CAPTURE(i);
      CAPTURE(p);
      CHECK(scan.may_match(i, pattern) == matches);
      seen[p] = seen[p] || matches;
    }
  }
  for (std::size_t p = 0; p < seen.size(); ++p) {
    CAPTURE(p);
    CHECK(seen[p]);  // each pattern is tested on a piece it matches
  }
  CHECK_FALSE(scan.may_match(14, d::ProsePattern::kEndpointInline));
}
