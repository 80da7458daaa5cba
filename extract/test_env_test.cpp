// Tests for the test-environment detectors (issue #23): `docker run -p`, compose services and
// SQLAlchemy URLs on documentation pages and in SDK READMEs.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/prose.h"
#include "extract/detail/sdk_test_archive.h"
#include "extract/extract.h"

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(OM_SOURCE_DIR) + "/tests/fixtures/docs/test_env/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

om::Findings run(const std::string& name) {
  om::FetchedDocument doc;
  doc.url = "https://docs.example.com/" + name;
  doc.body = fixture(name);
  doc.content_type = "text/markdown";
  doc.http_status = 200;
  return om::extract::extract(doc).findings;
}

const om::TestImage* image(const om::Findings& f, const std::string& name, om::ImageVia via) {
  auto it = std::find_if(f.test_images.begin(), f.test_images.end(),
                         [&](const auto& t) { return t.image == name && t.via == via; });
  return it == f.test_images.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("test env: docker run -p gives the image and its port mapping, cited") {
  const auto f = run("local-setup.md");
  const auto* run_image = image(f, "acmebi/acme-bi:4.2", om::ImageVia::kDockerRun);
  REQUIRE(run_image != nullptr);
  CHECK(run_image->ports == std::vector<std::string>{"8088:8088"});
  REQUIRE(run_image->evidence.size() == 1);
  CHECK(run_image->evidence[0].url == "https://docs.example.com/local-setup.md");
  CHECK(run_image->evidence[0].locator.find("Docker") != std::string::npos);
  CHECK(run_image->evidence[0].quote.find("docker run") != std::string::npos);
}

TEST_CASE("test env: compose services give image and ports, each service its own") {
  const auto f = run("local-setup.md");
  const auto* acme = image(f, "acmebi/acme-bi:4.2", om::ImageVia::kCompose);
  REQUIRE(acme != nullptr);
  CHECK(acme->ports == std::vector<std::string>{"8088:8088"});
  const auto* db = image(f, "postgres:16", om::ImageVia::kCompose);
  REQUIRE(db != nullptr);
  CHECK(db->ports.empty());
  const auto* pulled = image(f, "acmebi/acme-bi-worker:4.2", om::ImageVia::kDockerPull);
  REQUIRE(pulled != nullptr);
}

TEST_CASE("test env: placeholders are never images") {
  const auto f = run("local-setup.md");
  CHECK(f.test_images.size() == 4);
  for (const auto& t : f.test_images) {
    CHECK(t.image.find('<') == std::string::npos);
    CHECK(t.image.find('$') == std::string::npos);
  }
}

TEST_CASE("test env: SQLAlchemy URLs give dialect, driver and port, other URLs nothing") {
  const auto f = run("cratedb-sqlalchemy.md");
  REQUIRE(f.sql_urls.size() == 2);
  CHECK(f.sql_urls[0].scheme == "crate");
  CHECK(f.sql_urls[0].dialect == "crate");
  CHECK(f.sql_urls[0].driver.empty());
  CHECK(f.sql_urls[0].port == "4200");
  CHECK(f.sql_urls[0].evidence[0].quote.find("create_engine") != std::string::npos);
  CHECK(f.sql_urls[1].scheme == "crate+psycopg");
  CHECK(f.sql_urls[1].driver == "psycopg");
  CHECK(f.sql_urls[1].port == "5432");
  const auto* crate = image(f, "crate/crate:5.8", om::ImageVia::kDockerRun);
  REQUIRE(crate != nullptr);
  CHECK(crate->ports == std::vector<std::string>{"4200:4200", "5432:5432"});
}

TEST_CASE("test env: a docker run line's options with values are skipped before the image") {
  om::extract::detail::PageText page;
  page.url = "README.md";
  om::extract::detail::Piece piece;
  piece.kind = om::extract::detail::PieceKind::kCode;
  piece.text = "docker run --name x --network host -v /d:/d --publish=9000:9000 minio/minio server";
  page.pieces.push_back(piece);
  om::Findings f;
  om::extract::detail::detect_test_images(page, f);
  REQUIRE(f.test_images.size() == 1);
  CHECK(f.test_images[0].image == "minio/minio");
  CHECK(f.test_images[0].ports == std::vector<std::string>{"9000:9000"});
}

TEST_CASE("test env: an SDK package's README gives images and SQLAlchemy URLs, cited in README") {
  using om::extract::test_support::TestFormat;
  const std::string readme =
      "# acme-db\n\n## Local server\n\n```bash\ndocker run -p 5433:5432 acme/acme-db:2\n```\n\n"
      "## SQLAlchemy\n\n```python\nengine = create_engine('acmedb+acmepg://u:p@localhost:5433/x')\n"
      "```\n";
  const std::string tgz = om::extract::test_support::build_archive(
      {{"package/package.json", R"({"name": "acme-db", "version": "2.0.0", "main": "index.js"})"},
       {"package/index.js", "module.exports = {};\n"},
       {"package/README.md", readme}},
      TestFormat::kTgz);
  REQUIRE_FALSE(tgz.empty());
  om::FetchedDocument doc;
  doc.url = "/tmp/acme-db-2.0.0.tgz";
  doc.body = tgz;
  doc.http_status = 200;
  const om::Findings f = om::extract::extract(doc).findings;
  const auto* server = image(f, "acme/acme-db:2", om::ImageVia::kDockerRun);
  REQUIRE(server != nullptr);
  CHECK(server->ports == std::vector<std::string>{"5433:5432"});
  CHECK(server->evidence[0].locator == "README > acme-db > Local server");
  REQUIRE(f.sql_urls.size() == 1);
  CHECK(f.sql_urls[0].scheme == "acmedb+acmepg");
  CHECK(f.sql_urls[0].port == "5433");
}

TEST_CASE(
    "test env: a docker command whose word quotes split is read, and code without one is not") {
  om::FetchedDocument doc;
  doc.url = "https://docs.example.com/quoted.md";
  doc.body =
      "# Local setup\n\n```bash\ndo\"ck\"er run -p 5432:5432 'postgres:15'\n```\n\n"
      "```bash\ncurl -H 'Authorization: Bearer x' \"https://api.example.com/v1/dock/er\"\n```\n";
  doc.content_type = "text/markdown";
  doc.http_status = 200;
  const auto f = om::extract::extract(doc).findings;
  REQUIRE(f.test_images.size() == 1);
  CHECK(f.test_images[0].image == "postgres:15");
  CHECK(f.test_images[0].via == om::ImageVia::kDockerRun);
  CHECK(f.test_images[0].ports == std::vector<std::string>{"5432:5432"});
}
