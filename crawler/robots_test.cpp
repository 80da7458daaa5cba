// Unit tests for the RFC 9309 robots.txt parser and matcher.
#include "crawler/robots.h"

#include <string>

#include <doctest/doctest.h>

using om::crawler::robots_pattern_matches;
using om::crawler::RobotsPolicy;

TEST_CASE("robots: the group naming our product token wins over '*'") {
  const char* body =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: OM-Research/2.0\nUser-agent: other\nDisallow: /private/\nCrawl-delay: 2.5\n";
  auto policy = RobotsPolicy::parse(body, "om-research");
  CHECK(policy.is_allowed("/docs/page"));
  CHECK_FALSE(policy.is_allowed("/private/x"));
  REQUIRE(policy.crawl_delay());
  CHECK(policy.crawl_delay()->count() == 2500);
  auto other = RobotsPolicy::parse(body, "somebot");
  CHECK_FALSE(other.is_allowed("/docs/page"));
}

TEST_CASE("robots: several groups for the same agent are merged") {
  const char* body =
      "user-agent: om-research\ndisallow: /a\n\nuser-agent: x\ndisallow: /x\n"
      "user-agent: om-research\ndisallow: /b\n";
  auto policy = RobotsPolicy::parse(body, "om-research");
  CHECK_FALSE(policy.is_allowed("/a"));
  CHECK_FALSE(policy.is_allowed("/b/c"));
  CHECK(policy.is_allowed("/x"));
}

TEST_CASE("robots: the longest match wins and Allow wins ties") {
  const char* body =
      "User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\n"
      "Allow: /tie\nDisallow: /tie\n";
  auto policy = RobotsPolicy::parse(body, "om-research");
  CHECK_FALSE(policy.is_allowed("/docs/secret"));
  CHECK(policy.is_allowed("/docs/public/page"));
  CHECK(policy.is_allowed("/tie"));
  CHECK(policy.is_allowed("/robots.txt"));
}

TEST_CASE("robots: '*' and '$' patterns match as RFC 9309 specifies") {
  CHECK(robots_pattern_matches("/*.json$", "/a/b/spec.json"));
  CHECK_FALSE(robots_pattern_matches("/*.json$", "/a/spec.json?x=1"));
  CHECK(robots_pattern_matches("/a*b*c", "/axxbyyc/z"));
  CHECK_FALSE(robots_pattern_matches("/a*b*c", "/axxcyyb"));
  CHECK(robots_pattern_matches("/", "/anything"));
  CHECK(robots_pattern_matches("*", ""));
  auto policy = RobotsPolicy::parse("User-agent: *\nDisallow: /*?session=\n", "om-research");
  CHECK_FALSE(policy.is_allowed("/page?session=1"));
  CHECK(policy.is_allowed("/page?x=1"));
}

TEST_CASE("robots: paths are compared after percent-encoding normalisation") {
  auto policy = RobotsPolicy::parse("User-agent: *\nDisallow: /%7ejoe/\n", "om-research");
  CHECK_FALSE(policy.is_allowed("/~joe/index.html"));
}

TEST_CASE("robots: 4xx allows all, 5xx and no response disallow all") {
  CHECK(RobotsPolicy::from_response(404, "", "om-research").is_allowed("/x"));
  CHECK(RobotsPolicy::from_response(403, "", "om-research").is_allowed("/x"));
  CHECK_FALSE(RobotsPolicy::from_response(503, "", "om-research").is_allowed("/x"));
  CHECK_FALSE(RobotsPolicy::from_response(0, "", "om-research").is_allowed("/x"));
  CHECK_FALSE(RobotsPolicy::from_response(429, "", "om-research").is_allowed("/x"));
}

TEST_CASE("robots: comments, empty Disallow, Sitemap lines and a BOM are handled") {
  const char* body = "\xEF\xBB\xBFUser-agent: * # all\nDisallow:\nSitemap: https://a.test/s.xml\n";
  auto policy = RobotsPolicy::parse(body, "om-research");
  CHECK(policy.is_allowed("/anything"));
  REQUIRE(policy.sitemaps().size() == 1);
  CHECK(policy.sitemaps()[0] == "https://a.test/s.xml");
}

TEST_CASE("robots: rules after the first 500 KiB are ignored") {
  std::string body = "User-agent: *\n";
  body.append(600 * 1024, '#');
  body += "\nDisallow: /\n";
  CHECK(RobotsPolicy::parse(body, "om-research").is_allowed("/x"));
}
