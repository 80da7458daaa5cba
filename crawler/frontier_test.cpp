// Unit tests for the frontier: scope, dedupe, depth and page limits, per-host FIFO.
#include "crawler/frontier.h"

#include <doctest/doctest.h>

using namespace om::crawler;
using om::parse_url;

namespace {
Request page(const char* url, int depth = 0, RequestKind kind = RequestKind::kPage) {
  Request r;
  r.url = parse_url(url).value();
  r.depth = depth;
  r.kind = kind;
  return r;
}
}  // namespace

TEST_CASE("frontier: URLs are deduplicated after normalisation") {
  Frontier f({"a.test"}, 100, 5);
  CHECK(f.push(page("http://a.test/x#top")) == Admission::kQueued);
  CHECK(f.push(page("HTTP://A.test:80/./x")) == Admission::kDuplicate);
  CHECK(f.size() == 1);
}

TEST_CASE("frontier: off-scope hosts are refused, wildcard and added hosts admitted") {
  Frontier f({"a.test", "*.b.test"}, 100, 5);
  CHECK(f.push(page("http://evil.test/")) == Admission::kOffScope);
  CHECK(f.push(page("http://docs.b.test/")) == Admission::kQueued);
  CHECK(f.push(page("http://b.test/")) == Admission::kQueued);
  CHECK(f.push(page("http://notb.test/")) == Admission::kOffScope);
  const auto version = f.scope_version();
  f.allow_host("specs.test");
  CHECK(f.push(page("http://specs.test/openapi.json")) == Admission::kQueued);
  // The version tells a kept in_scope() answer from a stale one: it moves when the scope grows.
  CHECK(f.scope_version() != version);
  const auto grown = f.scope_version();
  f.allow_host("SPECS.test");  // already in
  f.allow_host("a.test");
  CHECK(f.scope_version() == grown);
  f.allow_host("*.c.test");
  CHECK(f.scope_version() != grown);
}

TEST_CASE("frontier: depth and page limits hold, probes do not count") {
  Frontier f({"a.test"}, 2, 1);
  CHECK(f.push(page("http://a.test/deep", 2)) == Admission::kTooDeep);
  CHECK(f.push(page("http://a.test/1", 1)) == Admission::kQueued);
  CHECK(f.push(page("http://a.test/2", 1)) == Admission::kQueued);
  CHECK(f.push(page("http://a.test/3", 1)) == Admission::kOverLimit);
  CHECK(f.push(page("http://a.test/openapi.json", 0, RequestKind::kProbe)) == Admission::kQueued);
  CHECK(f.size() == 3);
}

TEST_CASE("frontier: each host is a FIFO, pages before probes, retries at the front") {
  Frontier f({"a.test", "b.test"}, 100, 5);
  f.push(page("http://a.test/probe", 0, RequestKind::kProbe));
  f.push(page("http://a.test/1"));
  f.push(page("http://b.test/1"));
  f.push(page("http://a.test/2"));
  CHECK(f.authorities() == std::vector<std::string>{"a.test", "b.test"});
  CHECK(f.pop("a.test")->url.path == "/1");
  f.push_front(page("http://a.test/retry"));
  CHECK(f.peek("a.test")->url.path == "/retry");
  CHECK(f.pop("a.test")->url.path == "/retry");
  CHECK(f.pop("a.test")->url.path == "/2");
  CHECK(f.pop("a.test")->url.path == "/probe");
  CHECK_FALSE(f.pop("a.test"));
  CHECK(f.size() == 1);
  CHECK(f.clear() == 1);
  CHECK(f.empty());
}
