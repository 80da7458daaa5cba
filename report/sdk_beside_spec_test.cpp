// Tests for SDK facts merged beside a spec's (issue #18 class 13): the spec is the declared truth,
// an SDK adds evidence to the facts it shares and never a scheme, host or paging style of its own.
#include <algorithm>

#include <doctest/doctest.h>

#include "report/report.h"

namespace om::report {
namespace {

Evidence at(std::string url, std::string locator) {
  return {std::move(url), std::move(locator), "q"};
}

/// A spec document: endpoints plus facts cited by JSON pointers.
Findings spec_doc() {
  Findings f;
  f.endpoints.push_back({"GET", "/incidents", "", "", {}});
  AuthMethod key;
  key.type = AuthType::kApiKey;
  key.in = AuthLocation::kHeader;
  key.name = "Authorization";
  key.declared_as = "api_key";
  key.evidence = {at("spec.json", "/components/securitySchemes/api_key")};
  f.auth.push_back(key);
  BaseUrl base;
  base.url = "https://api.acme.test";
  base.evidence = {at("spec.json", "/servers/0")};
  f.base_urls.push_back(base);
  Pagination offset;
  offset.style = PageStyle::kOffset;
  offset.request_params = {"offset", "limit"};
  offset.evidence = {at("spec.json", "/paths/~1incidents/get/parameters/0")};
  f.pagination.push_back(offset);
  return f;
}

Findings sdk_doc() {
  Findings f;
  f.sdks.push_back(
      Sdk{Ecosystem::kNpm, "acme-js", "1.0.0", "", {}, {}, {}, {at("npm:acme-js@1.0.0", "")}});
  AuthMethod bearer;
  bearer.type = AuthType::kHttpBearer;
  bearer.in = AuthLocation::kHeader;
  bearer.name = "Authorization";
  bearer.scheme = "Bearer";
  bearer.confidence = confidence::kSdk;
  bearer.evidence = {at("npm:acme-js@1.0.0", "lib/api.js:13")};
  f.auth.push_back(bearer);
  AuthMethod oauth;
  oauth.type = AuthType::kOAuth2;
  oauth.confidence = confidence::kSdk;
  oauth.evidence = {at("npm:acme-js@1.0.0", "lib/oauth.js:3")};
  f.auth.push_back(oauth);
  AuthMethod xsrf;
  xsrf.type = AuthType::kApiKey;
  xsrf.in = AuthLocation::kHeader;
  xsrf.name = "X-Requested-With";
  xsrf.confidence = confidence::kSdk;
  xsrf.evidence = {at("npm:acme-js@1.0.0", "lib/api.js:20")};
  f.auth.push_back(xsrf);
  BaseUrl same;
  same.url = "https://api.acme.test";
  same.evidence = {at("npm:acme-js@1.0.0", "lib/api.js:16")};
  f.base_urls.push_back(same);
  BaseUrl token;
  token.url = "https://login.acme.test/oauth/token";
  token.evidence = {at("npm:acme-js@1.0.0", "lib/oauth.js:9")};
  f.base_urls.push_back(token);
  Pagination link;
  link.style = PageStyle::kLinkHeader;
  link.confidence = confidence::kSdk;
  link.evidence = {at("npm:acme-js@1.0.0", "lib/paging.js:4")};
  f.pagination.push_back(link);
  return f;
}

}  // namespace

TEST_CASE("class 13: beside a spec, an SDK adds evidence, never schemes, hosts or styles") {
  Findings m = merge({spec_doc(), sdk_doc()});
  REQUIRE(m.auth.size() == 1);  // Bearer on the spec's Authorization header is the same fact
  CHECK(m.auth[0].type == AuthType::kApiKey);
  CHECK(m.auth[0].declared_as == "api_key");
  CHECK(std::any_of(m.auth[0].evidence.begin(), m.auth[0].evidence.end(),
                    [](const Evidence& e) { return e.locator == "lib/api.js:13"; }));
  REQUIRE(m.base_urls.size() == 1);
  CHECK(m.base_urls[0].url == "https://api.acme.test");
  REQUIRE(m.pagination.size() == 1);
  CHECK(m.pagination[0].style == PageStyle::kOffset);
  CHECK(std::any_of(m.gaps.begin(), m.gaps.end(), [](const std::string& g) {
    return g.find("oauth2") != std::string::npos && g.find("login.acme.test") != std::string::npos;
  }));
}

TEST_CASE("class 13: without a spec, the SDK's facts stand") {
  Findings m = merge({sdk_doc()});
  CHECK(m.auth.size() >= 2);
  CHECK(m.base_urls.size() == 2);
  CHECK(m.pagination.size() == 1);
}

}  // namespace om::report
