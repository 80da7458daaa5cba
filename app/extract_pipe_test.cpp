// Tests for ExtractionPipe: results come back in submit order and equal a serial extraction,
// the window bounds what is held, and cancel() drops what no worker started.
#include "app/extract_pipe.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "extract/extract.h"

namespace {

using om::Extraction;
using om::FetchedDocument;
using om::app::ExtractionPipe;

// Markdown pages of different lengths, so workers finish out of order.
FetchedDocument page(int i) {
  FetchedDocument d;
  d.url = "https://docs.test/p" + std::to_string(i) + ".md";
  d.final_url = d.url;
  d.http_status = 200;
  d.content_type = "text/markdown";
  d.body = "# Page " + std::to_string(i) + "\n\n";
  for (int k = 0; k < (i % 7) * 200; ++k) {
    d.body += "Send the `Authorization: Bearer <token>` header. See [next](p" +
              std::to_string(i + 1) + ".md).\n\n";
  }
  d.body += "Rate limit: " + std::to_string(100 + i) + " requests per minute.\n";
  return d;
}

}  // namespace

TEST_CASE("the pipe hands results back in submit order, equal to a serial extraction") {
  for (unsigned workers : {0U, 1U, 2U, 4U}) {
    CAPTURE(workers);
    std::vector<std::string> order;
    std::vector<std::string> texts;
    std::size_t most_held = 0;
    std::size_t given = 0;
    {
      ExtractionPipe pipe(workers, 3);
      const ExtractionPipe::Take take = [&](FetchedDocument&& doc, Extraction&& e) {
        most_held = std::max(most_held, given - order.size());
        order.push_back(doc.url);
        texts.push_back(e.text);
        CHECK(e.error.empty());
        CHECK(e.findings.rate_limits.size() == 1);
      };
      for (int i = 0; i < 40; ++i) {
        pipe.submit(page(i), take);
        ++given;
        if (i % 5 == 0) {
          pipe.take_ready(take);
        }
      }
      pipe.drain(take);
    }
    REQUIRE(order.size() == 40);
    for (int i = 0; i < 40; ++i) {
      CHECK(order[static_cast<std::size_t>(i)] == page(i).url);
      FetchedDocument d = page(i);
      CHECK(texts[static_cast<std::size_t>(i)] == om::extract::extract(d).text);
    }
    CHECK(most_held <= 3);  // the window: never more than 3 given and not yet taken
  }
}

TEST_CASE("cancel drops what no worker started and the pipe can be used again") {
  ExtractionPipe pipe(1, 50);
  int taken = 0;
  const ExtractionPipe::Take take = [&](FetchedDocument&&, Extraction&&) { ++taken; };
  for (int i = 0; i < 30; ++i) {
    pipe.submit(page(6), take);  // the longest page: the one worker is still busy
  }
  pipe.cancel();
  pipe.drain(take);
  CHECK(taken == 0);  // cancelled work is not reported, started or not
  pipe.submit(page(1), take);
  pipe.drain(take);
  CHECK(taken == 1);
}
