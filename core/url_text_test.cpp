#include "core/url_text.h"

#include <doctest/doctest.h>

TEST_CASE("url text: the host of an absolute URL, lower-cased, without userinfo or port") {
  CHECK(om::host_of_url("https://Registry.NPMjs.org/@a%2fb") == "registry.npmjs.org");
  CHECK(om::host_of_url("http://user:pw@10.1.2.3:4873/npm/") == "10.1.2.3");
  CHECK(om::host_of_url("http://[::1]:8080/api") == "::1");
  CHECK(om::host_of_url("https://api.example.com?x=1#y") == "api.example.com");
  CHECK(om::host_of_url("/relative/path").empty());
  CHECK(om::host_of_url("npm:left-pad@1.0.0").empty());
}

TEST_CASE("url text: the path of an absolute URL, as written") {
  CHECK(om::path_of_url("https://API.example.com:8443/v1/X/?y#z") == "/v1/X/");
  CHECK(om::path_of_url("https://h/") == "/");
  CHECK(om::path_of_url("https://h") == "");
  CHECK(om::path_of_url("https://h?q=/a") == "");
  CHECK(om::path_of_url("/v1/users") == "");
}

TEST_CASE("url text: the origin of an absolute URL, as written") {
  CHECK(om::origin_of_url("https://API.example.com:8443/v1/x?y#z") ==
        "https://API.example.com:8443");
  CHECK(om::origin_of_url("http://h?q=1") == "http://h");
  CHECK(om::origin_of_url("https://h") == "https://h");
  CHECK(om::origin_of_url("/v1/users").empty());
}
