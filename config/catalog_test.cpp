// Tests for the catalog: the built-in file, lookups, suggestions, overrides and error messages.
#include "config/catalog.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <unistd.h>

namespace {

using om::config::Catalog;
using om::config::CatalogEntry;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Catalog builtin() {
  auto catalog = om::config::load_builtin();
  REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? "" : catalog.error().message));
  return std::move(catalog.value());
}

std::string parse_error(const std::string& yaml) {
  auto catalog = om::config::parse_catalog(yaml, "test.yaml");
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().code == om::ErrorCode::kConfig);
  return catalog.error().message;
}

const char* const kMinimal = R"(version: 1
sources:
  - name: acme
    display_name: "Acme Cloud"
    service_type: api
    docs:
      - url: https://docs.acme.test/api
        cite: "test fixture"
)";

// A temporary directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path =
        std::filesystem::temp_directory_path() / ("om_catalog_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
};

// Sets XDG_CONFIG_HOME for one scope (tests run on one thread, nothing else reads it meanwhile).
class ScopedXdgConfigHome {
 public:
  explicit ScopedXdgConfigHome(const std::string& value) {
    const char* old = std::getenv("XDG_CONFIG_HOME");  // NOLINT(concurrency-mt-unsafe)
    had_old_ = old != nullptr;
    old_ = had_old_ ? old : "";
    setenv("XDG_CONFIG_HOME", value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
  }
  ~ScopedXdgConfigHome() {
    if (had_old_) {
      setenv("XDG_CONFIG_HOME", old_.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    } else {
      unsetenv("XDG_CONFIG_HOME");  // NOLINT(concurrency-mt-unsafe)
    }
  }
  ScopedXdgConfigHome(const ScopedXdgConfigHome&) = delete;
  ScopedXdgConfigHome& operator=(const ScopedXdgConfigHome&) = delete;
  ScopedXdgConfigHome(ScopedXdgConfigHome&&) = delete;
  ScopedXdgConfigHome& operator=(ScopedXdgConfigHome&&) = delete;

 private:
  bool had_old_ = false;
  std::string old_;
};

}  // namespace

TEST_CASE("catalog: the built-in file parses and is the compiled-in copy of config/catalog.yaml") {
  Catalog catalog = builtin();
  CHECK(catalog.origin() == "built-in");
  CHECK(catalog.entries().size() >= 60);
  CHECK(om::config::builtin_catalog_text() == read_text(OM_SOURCE_DIR "/config/catalog.yaml"));
}

TEST_CASE("catalog: every verified source of catalog-facts.tsv is in the built-in catalog") {
  std::ifstream tsv(OM_SHARED_DIR "/catalog-facts.tsv");
  if (!tsv) {
    MESSAGE("catalog-facts.tsv not available; skipped");
    return;
  }
  Catalog catalog = builtin();
  std::string line;
  std::getline(tsv, line);  // header
  std::set<std::string> verified;
  while (std::getline(tsv, line)) {
    std::vector<std::string> cols;
    std::istringstream row(line);
    for (std::string col; std::getline(row, col, '\t');) {
      cols.push_back(col);
    }
    if (cols.size() >= 9 && cols[8] == "yes") {
      verified.insert(cols[0]);
    }
  }
  CHECK(verified.size() >= 60);
  for (const std::string& name : verified) {
    const CatalogEntry* entry = catalog.find(name);
    CHECK_MESSAGE(entry != nullptr, name);
  }
}

TEST_CASE("catalog: every entry has an OpenMetadata service type and a citation per location") {
  const std::set<std::string> types{"database", "dashboard", "pipeline", "messaging",
                                    "mlmodel",  "storage",   "search",   "api"};
  const Catalog catalog = builtin();  // the range-for must not outlive a temporary catalog
  for (const CatalogEntry& e : catalog.entries()) {
    CHECK_MESSAGE(types.count(e.service_type) == 1, e.name);
    CHECK_MESSAGE(!e.display_name.empty(), e.name);
    CHECK_MESSAGE(e.docs.size() + e.specs.size() + e.sdks.size() > 0, e.name);
    for (const auto* list : {&e.docs, &e.specs, &e.sdks}) {
      for (const auto& loc : *list) {
        CHECK_MESSAGE(!loc.cite.empty(), e.name << " line " << loc.line);
        CHECK_MESSAGE((!loc.url.empty() || !loc.package.empty()), e.name << " line " << loc.line);
      }
    }
  }
}

TEST_CASE("catalog: names and aliases resolve with case, '-', '_' and spaces folded") {
  Catalog catalog = builtin();
  for (const char* name : {"powerbi", "power-bi", "Power_BI", "Power BI", "microsoft-power-bi"}) {
    const CatalogEntry* entry = catalog.find(name);
    REQUIRE_MESSAGE(entry != nullptr, name);
    CHECK(entry->name == "powerbi");
    CHECK(entry->service_type == "dashboard");
  }
  REQUIRE(catalog.find("dbtcloud") != nullptr);
  CHECK(catalog.find("dbtcloud")->name == "dbt-cloud");
  CHECK(catalog.find("no-such-source") == nullptr);
  CHECK(catalog.find("") == nullptr);
}

TEST_CASE("catalog: closest() suggests tableau for the typo tablaeu") {
  Catalog catalog = builtin();
  auto suggestions = catalog.closest("tablaeu", 3);
  REQUIRE_FALSE(suggestions.empty());
  CHECK(suggestions.front() == "tableau");
  CHECK(catalog.closest("zzzzzzzzzzzzzzzzz", 3).empty());
  CHECK(catalog.closest("strpie", 1) == std::vector<std::string>{"stripe"});
}

TEST_CASE("catalog: notion carries its pinned npm spec package and its npm SDK") {
  Catalog catalog = builtin();
  const CatalogEntry* notion = catalog.find("notion");
  REQUIRE(notion != nullptr);
  auto spec = std::find_if(notion->specs.begin(), notion->specs.end(), [](const auto& loc) {
    return loc.package == "npm:@notionhq/notion-mcp-server@2.5.2";
  });
  REQUIRE(spec != notion->specs.end());
  CHECK(spec->path == "scripts/notion-openapi.json");
  CHECK(spec->url.empty());
  CHECK(spec->cite.find("2.5.2") != std::string::npos);
  auto sdk = std::find_if(notion->sdks.begin(), notion->sdks.end(),
                          [](const auto& loc) { return loc.package == "npm:@notionhq/client"; });
  REQUIRE(sdk != notion->sdks.end());
  CHECK_FALSE(sdk->cite.empty());
}

TEST_CASE("catalog: allowed hosts are derived from the URLs plus the listed hosts") {
  std::string yaml = std::string(kMinimal) +
                     "    specs:\n"
                     "      - url: https://raw.example.test:8443/spec.json\n"
                     "        cite: x\n"
                     "    hosts:\n"
                     "      - host: API.acme.test\n"
                     "        cite: y\n";
  auto catalog = om::config::parse_catalog(yaml, "test.yaml");
  REQUIRE(catalog.ok());
  const CatalogEntry* acme = catalog->find("ACME");
  REQUIRE(acme != nullptr);
  CHECK(acme->allowed_hosts ==
        std::vector<std::string>{"api.acme.test", "docs.acme.test", "raw.example.test"});
  CHECK(acme->aliases.empty());
  CHECK(om::config::to_json(*acme)["allowed_hosts"].as_array().size() == 3);
}

TEST_CASE("catalog: an unknown key is an error naming the file, line and key path") {
  std::string yaml = std::string(kMinimal) + "    homepage: https://acme.test\n";
  std::string msg = parse_error(yaml);
  CHECK(msg.find("test.yaml:9:") == 0);
  CHECK(msg.find("sources[0].homepage") != std::string::npos);
  CHECK(msg.find("unknown key") != std::string::npos);

  std::string nested = parse_error(R"(version: 1
sources:
  - name: acme
    display_name: Acme
    service_type: api
    docs:
      - uri: https://docs.acme.test
        cite: x
)");
  CHECK(nested.find("test.yaml:7: sources[0].docs[0].uri: unknown key") == 0);
}

TEST_CASE("catalog: wrong types, missing keys and bad values are errors with a line") {
  std::string base = "version: 1\nsources:\n  - name: acme\n    display_name: Acme\n";
  CHECK(parse_error(base + "    service_type: api\n    aliases: acme-cloud\n")
            .find("test.yaml:6: sources[0].aliases: expected a list, found a scalar") == 0);
  CHECK(parse_error(base + "    service_type: [api]\n")
            .find("test.yaml:5: sources[0].service_type: expected a scalar, found a list") == 0);
  CHECK(parse_error(base + "    service_type: warehouse\n").find("not one of") !=
        std::string::npos);
  CHECK(parse_error(base).find("missing key 'service_type'") != std::string::npos);
  CHECK(parse_error(base + "    service_type: api\n    docs:\n      - url: https://a.test\n")
            .find("test.yaml:7: sources[0].docs[0]: missing key 'cite'") == 0);
  CHECK(parse_error(base + "    service_type: api\n    specs:\n      - package: npm:x\n"
                           "        path: a.json\n        cite: c\n")
            .find("npm:<name>@<version>") != std::string::npos);
  CHECK(parse_error(base + "    service_type: api\n    name: other\n").find("duplicate key") !=
        std::string::npos);
  CHECK(parse_error("version: 2\nsources: []\n").find("test.yaml:1: version") == 0);
  CHECK(parse_error("sources: []\n").find("missing key 'version'") != std::string::npos);
}

TEST_CASE("catalog: a name or alias used by two entries is an error") {
  std::string yaml = std::string(kMinimal) +
                     "  - name: other\n"
                     "    display_name: Other\n"
                     "    service_type: api\n"
                     "    aliases: [ACME]\n";
  std::string msg = parse_error(yaml);
  CHECK(msg.find("test.yaml:9:") == 0);
  CHECK(msg.find("already used by 'acme'") != std::string::npos);
}

TEST_CASE("catalog: malformed YAML, aliases and deep nesting give errors, never a crash") {
  CHECK(parse_error("version: 1\nsources: [\n").find("test.yaml") == 0);
  CHECK(parse_error(
            "version: 1\nsources:\n  - &a {name: x, display_name: X, service_type: api}\n  - *a\n")
            .find("alias") != std::string::npos);
  std::string deep = "version: 1\nsources: " + std::string(100000, '[') + std::string(100000, ']');
  CHECK(parse_error(deep).find("test.yaml") == 0);
  CHECK(parse_error("").find("test.yaml") == 0);
  CHECK(parse_error("version: 1\nsources: []\n---\nversion: 1\n").find("one YAML document") !=
        std::string::npos);
}

TEST_CASE("catalog: an override file replaces the built-in catalog") {
  TempDir dir;
  std::string path = (dir.path / "catalog.yaml").string();
  std::ofstream(path) << kMinimal;

  auto by_flag = om::config::load_default(path);
  REQUIRE(by_flag.ok());
  CHECK(by_flag->origin() == path);
  CHECK(by_flag->entries().size() == 1);
  CHECK(by_flag->find("acme") != nullptr);
  CHECK(by_flag->find("tableau") == nullptr);

  std::filesystem::create_directories(dir.path / "xdg" / "om-research");
  std::ofstream((dir.path / "xdg" / "om-research" / "catalog.yaml").string()) << kMinimal;
  auto by_env = [&] {
    ScopedXdgConfigHome env((dir.path / "xdg").string());
    CHECK(om::config::user_catalog_path() ==
          (dir.path / "xdg" / "om-research" / "catalog.yaml").string());
    return om::config::load_default("");
  }();
  auto fallback = [&] {
    ScopedXdgConfigHome env((dir.path / "empty").string());
    return om::config::load_default("");
  }();
  REQUIRE(by_env.ok());
  CHECK(by_env->find("tableau") == nullptr);
  CHECK(by_env->find("acme") != nullptr);
  REQUIRE(fallback.ok());
  CHECK(fallback->origin() == "built-in");

  auto missing = om::config::load_file((dir.path / "nope.yaml").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("nope.yaml") != std::string::npos);
}

TEST_CASE("catalog: specs of one format and one api label are alternatives of one description") {
  const std::string yaml = R"(version: 1
sources:
  - name: widgets
    display_name: "Widgets"
    service_type: api
    specs:
      - url: "https://mirror.example/widgets.json"
        cite: "a"
      - url: "https://example.com/v2.json"
        api: "v2"
        cite: "b"
      - package: "npm:widgets-specs@1.0.0"
        path: "api/widgets.json"
        cite: "c"
      - url: "https://example.com/schema.graphql"
        format: "graphql"
        cite: "d"
)";
  auto catalog = om::config::parse_catalog(yaml, "test.yaml");
  REQUIRE(catalog.ok());
  auto groups = om::config::spec_groups(catalog.value().entries().front());
  REQUIRE(groups.size() == 3);
  REQUIRE(groups[0].size() == 2);
  CHECK(groups[0][0]->url == "https://mirror.example/widgets.json");
  CHECK(groups[0][1]->package == "npm:widgets-specs@1.0.0");
  CHECK(groups[1].front()->api == "v2");
  CHECK(groups[2].front()->format == "graphql");
  CHECK(om::config::to_json(catalog.value().entries().front())["specs"]
            .as_array()[1]["api"]
            .as_string() == "v2");
}

TEST_CASE("catalog: the built-in catalog's spec packages each name the file they hold") {
  const Catalog catalog = builtin();  // entries() refers into it: not into a temporary
  for (const CatalogEntry& e : catalog.entries()) {
    for (const auto& loc : e.specs) {
      if (!loc.package.empty()) {
        CHECK_MESSAGE(!loc.path.empty(), e.name << ": " << loc.package);
      }
    }
  }
}

TEST_CASE("catalog: database facts are read, each with a kind, value and citation") {
  std::string yaml = std::string(kMinimal) +
                     "    database:\n"
                     "      - fact: dialect_package\n"
                     "        value: sqlalchemy-acme\n"
                     "        cite: \"PyPI: the dialect\"\n"
                     "      - fact: default_port\n"
                     "        value: \"4200\"\n"
                     "        cite: docs\n";
  auto catalog = om::config::parse_catalog(yaml, "test.yaml");
  REQUIRE(catalog.ok());
  const CatalogEntry* acme = catalog->find("acme");
  REQUIRE(acme != nullptr);
  REQUIRE(acme->database.size() == 2);
  CHECK(acme->database[0].fact == "dialect_package");
  CHECK(acme->database[0].value == "sqlalchemy-acme");
  CHECK(acme->database[1].value == "4200");
  std::string bad = std::string(kMinimal) +
                    "    database:\n"
                    "      - fact: dialect\n"
                    "        value: x\n"
                    "        cite: y\n";
  CHECK(parse_error(bad).find("'fact' must be") != std::string::npos);
  auto builtin = om::config::load_builtin();
  REQUIRE(builtin.ok());
  const CatalogEntry* snowflake = builtin->find("snowflake");
  REQUIRE(snowflake != nullptr);
  CHECK(snowflake->database.size() == 3);
  CHECK(om::config::to_json(*snowflake)["database"].as_array().size() == 3);
  CHECK(om::config::to_json(*acme)["database"].as_array().size() == 2);
}
