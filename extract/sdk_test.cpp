// Tests for SDK / spec packages read in memory: synthetic packages built here with libarchive
// (always run, they carry the assertions) and the dev-set npm packages when fetched into
// tests/data/npm/ (`npm pack NAME@VERSION`; not committed).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "core/findings_json.h"
#include "core/mapped_file.h"
#include "extract/detail/extractors.h"
#include "extract/detail/sdk_archive.h"
#include "extract/detail/sdk_scan.h"
#include "extract/detail/sdk_test_archive.h"
#include "extract/extract.h"

namespace {

using om::extract::test_support::build_archive;
using om::extract::test_support::TestEntry;
using om::extract::test_support::TestFormat;
namespace detail = om::extract::detail;

const char* kClientJs = R"js("use strict";
const constants_1 = require("./constants");
class AcmeClient {
    constructor(options) {
        this.users = {
            list: (args) => {
                return this.request({ path: "users", method: "get", auth: args.auth });
            },
            retrieve: (args) => {
                return this.request({ path: `users/${args.id}`, method: "get" });
            },
        };
        this.databases = {
            query: (args) => {
                return this.request({ path: "databases/query", method: "post" });
            },
            rows: {
                list: (args) => this.request({ path: "rows", method: "get" }),
            },
        };
        this.search = (args) => {
            return this.request({ path: "search", method: "post" });
        };
        this.auth = options === null || options === void 0 ? void 0 : options.auth;
        this.prefixUrl = (options === null || options === void 0 ? void 0 : options.baseUrl) || constants_1.DEFAULT_BASE_URL;
        this.maxRetries = options?.maxRetries ?? 2;
    }
    async request(args) {
        const headers = {
            "Acme-Version": AcmeClient.defaultAcmeVersion,
        };
        headers["authorization"] = `Bearer ${this.auth}`;
        const response = await fetch(this.prefixUrl + args.path, { headers });
        if (response.status === 429) {
            const wait = response.headers.get("retry-after");
        }
        return response.json();
    }
}
AcmeClient.defaultAcmeVersion = "2024-01-01";
exports.default = AcmeClient;
)js";

const char* kHelpersJs = R"js("use strict";
async function* iterateAll(listFn, firstPageArgs) {
    let nextCursor = firstPageArgs.start_cursor;
    do {
        const response = await listFn({ ...firstPageArgs, start_cursor: nextCursor });
        yield* response.results;
        nextCursor = response.next_cursor;
    } while (nextCursor);
}
exports.iterateAll = iterateAll;
)js";

const char* kConstantsJs = R"js(exports.DEFAULT_BASE_URL = "https://api.acme.test";
// see https://github.com/acme/sdk for docs
)js";

const char* kClientDts = R"ts(export type ClientOptions = {
    auth?: string;
    baseUrl?: string;
    timeoutMs?: number;
};
export default class AcmeClient {
    static readonly defaultAcmeVersion = "2024-01-01";
    constructor(options?: ClientOptions);
    readonly users: {
        list: (args: ListUsersParameters) => Promise<ListUsersResponse>;
    };
}
)ts";

std::vector<TestEntry> acme_npm_entries() {
  return {
      {"package/package.json", R"({"name": "acme-sdk", "version": "1.2.3", "main": "index.js"})"},
      {"package/build/src/Client.js", kClientJs},
      {"package/build/src/Client.d.ts", kClientDts},
      {"package/build/src/helpers.js", kHelpersJs},
      {"package/build/src/constants.js", kConstantsJs},
      {"package/build/src/Client.test.js", "headers['authorization'] = `Basic ${x}`;\n"},
      {"package/tsconfig.json", R"({"compilerOptions": {}})"},
      {"package/README.md", "# Acme SDK\nUse `new AcmeClient({ auth })`.\n"},
  };
}

om::FetchedDocument doc_of(std::string body, std::string url) {
  om::FetchedDocument d;
  d.url = std::move(url);
  d.body = std::move(body);
  d.http_status = 200;
  return d;
}

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool any_gap_mentions(const om::Findings& f, const std::string& needle) {
  return std::any_of(f.gaps.begin(), f.gaps.end(), [&needle](const std::string& g) {
    return g.find(needle) != std::string::npos;
  });
}

// Every evidence of every fact, whatever the detectors of the spec extractor produce.
std::vector<om::Evidence> all_evidence(const om::Findings& f) {
  std::vector<om::Evidence> all;
  auto take = [&all](const auto& facts) {
    for (const auto& x : facts) {
      all.insert(all.end(), x.evidence.begin(), x.evidence.end());
    }
  };
  take(f.base_urls);
  take(f.api_versions);
  take(f.auth);
  take(f.pagination);
  take(f.entities);
  take(f.rate_limits);
  take(f.sdks);
  take(f.conflicts);
  return all;
}

std::string line_of(const std::string& text, int line) {
  std::istringstream in(text);
  std::string s;
  for (int i = 0; i < line && std::getline(in, s); ++i) {
  }
  return s;
}

}  // namespace

TEST_CASE("sdk: an npm package yields one Sdk with client, resources, auth options and helpers") {
  std::string tgz = build_archive(acme_npm_entries(), TestFormat::kTgz);
  REQUIRE_FALSE(tgz.empty());
  om::Extraction e = om::extract::extract(doc_of(tgz, "/tmp/acme-sdk-1.2.3.tgz"));
  REQUIRE(e.error.empty());
  CHECK(e.kind == om::DocKind::kSdk);
  REQUIRE(e.findings.sdks.size() == 1);
  const om::Sdk& sdk = e.findings.sdks.front();
  CHECK(sdk.ecosystem == om::Ecosystem::kNpm);
  CHECK(sdk.name == "acme-sdk");
  CHECK(sdk.version == "1.2.3");
  CHECK(sdk.client == "AcmeClient");
  CHECK(has(sdk.resources, "users.list"));
  CHECK(has(sdk.resources, "users.retrieve"));
  CHECK(has(sdk.resources, "databases.query"));
  CHECK(has(sdk.resources, "databases.rows.list"));
  CHECK(has(sdk.resources, "search"));
  CHECK_FALSE(has(sdk.resources, "path"));  // a key inside a method body is not a method
  CHECK(has(sdk.auth_options, "auth"));
  REQUIRE_FALSE(sdk.pagination_helpers.empty());
  CHECK(sdk.pagination_helpers.front() == "iterateAll (cursor: next_cursor -> start_cursor)");
  REQUIRE_FALSE(sdk.evidence.empty());
  for (const om::Evidence& ev : sdk.evidence) {
    CHECK(ev.url == "npm:acme-sdk@1.2.3");
    CHECK(ev.quote.size() <= 240);
  }
  CHECK(e.text.find("Acme SDK") != std::string::npos);
}

TEST_CASE("sdk: evidence cites path-in-package:line with the verbatim line") {
  std::string tgz = build_archive(acme_npm_entries(), TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "acme.tgz"));
  REQUIRE(e.findings.auth.size() == 1);  // the Basic in Client.test.js is a test file: ignored
  const om::AuthMethod& a = e.findings.auth.front();
  CHECK(a.type == om::AuthType::kHttpBearer);
  CHECK(a.in == om::AuthLocation::kHeader);
  CHECK(a.name == "Authorization");
  CHECK(a.scheme == "bearer");
  CHECK(a.om_connection == om::OmConnection::kToken);
  CHECK(a.confidence == doctest::Approx(om::confidence::kSdk));
  REQUIRE(a.evidence.size() == 1);
  const om::Evidence& ev = a.evidence.front();
  CHECK(ev.url == "npm:acme-sdk@1.2.3");
  REQUIRE(ev.locator.rfind("build/src/Client.js:", 0) == 0);
  int line = std::stoi(ev.locator.substr(ev.locator.find(':') + 1));
  std::string verbatim = line_of(kClientJs, line);
  CHECK(verbatim.find(ev.quote) != std::string::npos);
  CHECK(ev.quote.find("Bearer ${this.auth}") != std::string::npos);
}

TEST_CASE("sdk: base URL, version header default, cursor paging and retries come from the code") {
  std::string tgz = build_archive(acme_npm_entries(), TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "acme.tgz"));
  const om::Findings& f = e.findings;
  REQUIRE(f.base_urls.size() == 1);  // the github.com docs link is not an API base URL
  CHECK(f.base_urls.front().url == "https://api.acme.test");
  CHECK(f.base_urls.front().evidence.front().locator == "build/src/constants.js:1");
  REQUIRE(f.api_versions.size() == 1);
  CHECK(f.api_versions.front().name == "Acme-Version");
  CHECK(f.api_versions.front().via == om::VersionVia::kHeader);
  CHECK(f.api_versions.front().version == "2024-01-01");
  REQUIRE(f.pagination.size() == 1);
  const om::Pagination& p = f.pagination.front();
  CHECK(p.style == om::PageStyle::kCursor);
  CHECK(has(p.request_params, "start_cursor"));
  CHECK(has(p.response_fields, "next_cursor"));
  CHECK(p.confidence == doctest::Approx(om::confidence::kSdk));
  REQUIRE(f.rate_limits.size() == 1);
  CHECK(f.rate_limits.front().retry_after);
  CHECK(has(f.rate_limits.front().headers, "Retry-After"));
  CHECK(f.rate_limits.front().text.find("429") != std::string::npos);
}

TEST_CASE("sdk: a request function with a scheme table, offset paging and a host default") {
  const char* api_js = R"js(function api(apiParameters) {
    const types = {
        bearer: 'Bearer ',
        token: 'Token token=',
    };
    const { endpoint, server = 'api.widgets.test', token, tokenType = 'token', version = 2, ...rest } = apiParameters;
    const config = {
        headers: {
            Accept: `application/vnd.widgets+json;version=${version}`,
            Authorization: `${types[tokenType]}${token}`,
        },
    };
    return apiRequest(`https://${server}/${endpoint}`, config);
}
function nextFunc(url, options, data) {
    if (data.more && data.limit) {
        return () => apiRequest(url, { queryParameters: { limit: data.limit.toString(), offset: (data.limit + data.offset).toString() } });
    }
}
partial.all = (endpoint, shorthandParameters) => {
    return allInner([]);
};
)js";
  std::string tgz =
      build_archive({{"package/package.json", R"({"name":"@w/js","version":"2.0.0"})"},
                     {"package/build/api.js", api_js}},
                    TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "w.tgz"));
  const om::Findings& f = e.findings;
  REQUIRE(f.sdks.size() == 1);
  CHECK(f.sdks[0].client == "api");
  CHECK(has(f.sdks[0].auth_options, "token"));
  CHECK(has(f.sdks[0].auth_options, "tokenType"));
  REQUIRE(f.auth.size() == 2);
  CHECK(f.auth[0].type == om::AuthType::kHttpBearer);
  CHECK(f.auth[1].type == om::AuthType::kApiKey);
  CHECK(f.auth[1].scheme == "Token token=");
  CHECK(f.auth[1].name == "Authorization");
  REQUIRE(f.base_urls.size() == 1);
  CHECK(f.base_urls[0].url == "https://api.widgets.test");
  REQUIRE(f.api_versions.size() == 1);
  CHECK(f.api_versions[0].via == om::VersionVia::kMediaType);
  CHECK(f.api_versions[0].version == "2");
  REQUIRE(f.pagination.size() == 1);
  CHECK(f.pagination[0].style == om::PageStyle::kOffset);
  CHECK(has(f.pagination[0].response_fields, "more"));
  CHECK(f.sdks[0].pagination_helpers == std::vector<std::string>{"all (offset)"});
  CHECK(f.sdks[0].evidence.front().url == "npm:@w/js@2.0.0");
}

TEST_CASE("sdk: a Python wheel yields a pypi Sdk with constructor options and env vars") {
  const char* client_py = R"py(import os
import requests

class WidgetClient(object):
    def __init__(self, api_key=None, base_url="https://api.widgets.test/v2",
                 timeout=30):
        self.api_key = api_key or os.environ.get("WIDGETS_API_KEY")
        self.session = requests.Session()
        self.session.headers.update({"X-Widgets-Key": self.api_key})

    def list_widgets(self, page_token=None):
        params = {"page_token": page_token}
        resp = self.session.get(self.base_url + "/widgets", params=params)
        return resp.json()["next_page_token"]

    def _private(self):
        pass
)py";
  std::string whl = build_archive({{"widgets/__init__.py", "from .client import WidgetClient\n"},
                                   {"widgets/client.py", client_py},
                                   {"widgets-0.4.0.dist-info/METADATA",
                                    "Metadata-Version: 2.1\nName: widgets\nVersion: 0.4.0\n\nbody"},
                                   {"tests/test_client.py", "os.environ['OTHER_TOKEN']\n"}},
                                  TestFormat::kZip);
  REQUIRE_FALSE(whl.empty());
  om::Extraction e = om::extract::extract(doc_of(whl, "widgets-0.4.0-py3-none-any.whl"));
  REQUIRE(e.error.empty());
  const om::Findings& f = e.findings;
  REQUIRE(f.sdks.size() == 1);
  CHECK(f.sdks[0].ecosystem == om::Ecosystem::kPypi);
  CHECK(f.sdks[0].name == "widgets");
  CHECK(f.sdks[0].client == "WidgetClient");
  CHECK(has(f.sdks[0].resources, "list_widgets"));
  CHECK_FALSE(has(f.sdks[0].resources, "_private"));
  CHECK(has(f.sdks[0].auth_options, "api_key"));
  CHECK(has(f.sdks[0].auth_options, "env WIDGETS_API_KEY"));
  CHECK_FALSE(has(f.sdks[0].auth_options, "env OTHER_TOKEN"));
  CHECK(f.sdks[0].evidence.front().url == "pypi:widgets==0.4.0");
  CHECK(f.sdks[0].evidence.front().locator == "widgets/client.py:4");
  REQUIRE(f.auth.size() == 1);
  CHECK(f.auth[0].type == om::AuthType::kApiKey);
  CHECK(f.auth[0].name == "X-Widgets-Key");
  REQUIRE(f.base_urls.size() == 1);
  CHECK(f.base_urls[0].url == "https://api.widgets.test/v2");
}

TEST_CASE("sdk: a spec inside the package is extracted and cited as npm:<pkg>@<ver>/<path>") {
  const char* spec = R"({"openapi": "3.0.0", "info": {"title": "Acme", "version": "1"},
  "servers": [{"url": "https://api.acme.test/v1"}],
  "paths": {"/users": {"get": {"operationId": "listUsers", "responses": {"200": {"description": "ok"}}}}},
  "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
  "security": [{"bearerAuth": []}]})";
  // The spec comes before package.json in the tarball: its citations are fixed up at the end.
  std::string tgz =
      build_archive({{"package/spec/openapi.json", spec},
                     {"package/data/colors.json", R"({"red": 1})"},
                     {"package/package.json", R"({"name":"acme-spec","version":"1.0.0"})"}},
                    TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "acme-spec.tgz"));
  REQUIRE(e.error.empty());
  const om::Findings& f = e.findings;
  CHECK(f.sdks.empty());  // no code, no SDK
  std::vector<om::Evidence> evidence = all_evidence(f);
  REQUIRE_FALSE(evidence.empty());
  for (const om::Evidence& ev : evidence) {
    CHECK(ev.url == "npm:acme-spec@1.0.0/spec/openapi.json");
  }
}

TEST_CASE("sdk: a mapped tarball gives the facts its bytes give, its pages released as read") {
  // Random hex descriptions keep the compressed stream long (many 64 KiB windows released
  // behind the reader); the second spec is read after the first one's release.
  std::mt19937 rng(22);
  auto spec = [&rng](const std::string& prefix) {
    std::string text =
        R"({"openapi": "3.0.0", "info": {"title": "Big", "version": "1"}, "paths": {)";
    for (int i = 0; i < 2000; ++i) {
      std::string noise(160, ' ');
      std::generate(noise.begin(), noise.end(), [&rng] { return "0123456789abcdef"[rng() % 16]; });
      text += (i > 0 ? ",\"/" : "\"/") + prefix + std::to_string(i) +
              R"(": {"get": {"description": ")" + noise +
              R"(", "responses": {"200": {"description": "OK"}}}})";
    }
    return text + "}}";
  };
  const std::string tgz =
      build_archive({{"package/package.json", R"({"name":"big","version":"1"})"},
                     {"package/one.json", spec("one")},
                     {"package/two.json", spec("two")}},
                    TestFormat::kTgz);
  REQUIRE(tgz.size() > 256 * 1024);
  const auto path = std::filesystem::temp_directory_path() / "om_sdk_mapped.tgz";
  std::ofstream(path, std::ios::binary) << tgz;
  om::FetchedDocument from_file = doc_of("", path.string());
  from_file.mapped = om::MappedFile::open(path.string(), path.string()).value();
  const om::Extraction in_memory = om::extract::extract(doc_of(tgz, path.string()));
  const om::Extraction read_mapped = om::extract::extract(from_file);
  REQUIRE(read_mapped.error.empty());
  CHECK(read_mapped.findings.endpoints.size() == 4000);
  CHECK(om::findings_to_json(read_mapped.findings).dump() ==
        om::findings_to_json(in_memory.findings).dump());
  std::filesystem::remove(path);
}

TEST_CASE("sdk: a local archive without metadata cites its file path") {
  std::string tgz = build_archive(
      {{"pkg/openapi.yaml",
        "openapi: 3.0.0\ninfo: {title: x, version: '1'}\n"
        "paths:\n  /things:\n    get:\n      responses:\n        '200': {description: ok}\n"}},
      TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "/data/x.tgz"));
  REQUIRE(e.error.empty());
  std::vector<om::Evidence> evidence = all_evidence(e.findings);
  REQUIRE_FALSE(evidence.empty());
  CHECK(evidence.front().url == "/data/x.tgz/openapi.yaml");
}

TEST_CASE("sdk: corrupt, truncated and non-archive bytes are clear errors with no facts") {
  std::string tgz = build_archive(acme_npm_entries(), TestFormat::kTgz);
  std::string flipped = tgz;
  for (std::size_t i = flipped.size() / 3; i < flipped.size() / 3 + 64; ++i) {
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
  }
  for (const std::string& body : {flipped, tgz.substr(0, tgz.size() / 2),
                                  std::string("PK\x03\x04garbage", 11), std::string(300, 'x')}) {
    om::Extraction e = detail::extract_sdk_archive(doc_of(body, "bad.tgz"));
    CHECK_FALSE(e.error.empty());
    CHECK(e.error.find("bad.tgz") != std::string::npos);
    CHECK(e.findings.sdks.empty());
    CHECK(e.findings.auth.empty());
  }
}

TEST_CASE("sdk: a tar bomb entry past the per-entry limit is skipped with a gap") {
  std::vector<TestEntry> entries = acme_npm_entries();
  entries.push_back({"package/generated/huge.json", "", 70ULL << 20});  // default cap: 64 MiB
  std::string tgz = build_archive(entries, TestFormat::kTgz);
  REQUIRE(tgz.size() < (1u << 20));
  om::Extraction e = om::extract::extract(doc_of(tgz, "bomb.tgz"));
  CHECK(e.error.empty());
  CHECK(any_gap_mentions(e.findings, "generated/huge.json"));
  CHECK(any_gap_mentions(e.findings, "64 MiB"));
  CHECK(e.findings.sdks.size() == 1);  // the rest of the package is still read
}

TEST_CASE("sdk: an archive inflating past the total limit stops reading with a gap") {
  detail::ArchiveLimits limits;
  limits.max_total_bytes = 4ULL << 20;
  std::vector<TestEntry> entries = {{"package/a.bin", "", 3ULL << 20},
                                    {"package/b.bin", "", 3ULL << 20}};
  for (const TestEntry& x : acme_npm_entries()) {
    entries.push_back(x);
  }
  std::string tgz = build_archive(entries, TestFormat::kTgz);
  om::Extraction e = detail::extract_sdk_archive(doc_of(tgz, "total.tgz"), limits);
  CHECK(e.error.empty());
  CHECK(any_gap_mentions(e.findings, "inflates past the 4 MiB limit"));
  CHECK(e.findings.sdks.empty());  // stopped before the sources
}

TEST_CASE("sdk: a zip bomb entry past the per-entry limit is bounded") {
  detail::ArchiveLimits limits;
  limits.max_entry_bytes = 1ULL << 20;
  std::string zip = build_archive(
      {{"pkg/spec.json", "", 8ULL << 20}, {"pkg/client.py", "class ZClient:\n    pass\n"}},
      TestFormat::kZip);
  REQUIRE_FALSE(zip.empty());
  om::Extraction e = detail::extract_sdk_archive(doc_of(zip, "z.zip"), limits);
  CHECK(e.error.empty());
  CHECK(any_gap_mentions(e.findings, "pkg/spec.json"));
  REQUIRE(e.findings.sdks.size() == 1);
  CHECK(e.findings.sdks[0].client == "ZClient");
}

TEST_CASE("sdk: the entry-count limit stops reading with a gap") {
  detail::ArchiveLimits limits;
  limits.max_entries = 10;
  std::vector<TestEntry> entries;
  for (int i = 0; i < 25; ++i) {
    entries.push_back({"package/f" + std::to_string(i) + ".txt", "x"});
  }
  om::Extraction e = detail::extract_sdk_archive(
      doc_of(build_archive(entries, TestFormat::kTgz), "n.tgz"), limits);
  CHECK(any_gap_mentions(e.findings, "more than 10 entries"));
}

TEST_CASE("sdk: hostile entry names are data, never paths, over-long names are skipped") {
  const char* code = "headers['Authorization'] = `Bearer ${token}`;\n";
  std::string tgz = build_archive({{"../../evil/x.js", code},
                                   {"/abs/y.js", code},
                                   {"package/" + std::string(2000, 'a') + ".js", code}},
                                  TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "evil.tgz"));
  REQUIRE(e.error.empty());
  REQUIRE(e.findings.auth.size() == 1);
  std::vector<std::string> locators;
  for (const auto& ev : e.findings.auth[0].evidence) {
    locators.push_back(ev.locator);
  }
  CHECK(has(locators, "../evil/x.js:1"));
  CHECK(any_gap_mentions(e.findings, "over-long"));
}

TEST_CASE("sdk: lines of minified bundles are skipped") {
  std::string line =
      "var a={};headers['Authorization']='Bearer '+t;" + std::string(3000, ';') + "\n";
  std::string tgz = build_archive({{"package/package.json", R"({"name":"m","version":"1.0.0"})"},
                                   {"package/dist/bundle.js", line}},
                                  TestFormat::kTgz);
  om::Extraction e = om::extract::extract(doc_of(tgz, "m.tgz"));
  CHECK(e.findings.auth.empty());
}

TEST_CASE("sdk: entry roles and cited paths") {
  CHECK(detail::classify_entry("package.json") == detail::EntryRole::kNpmManifest);
  CHECK(detail::classify_entry("lib/package.json") == detail::EntryRole::kSpecCandidate);
  CHECK(detail::classify_entry("acme-1.0.dist-info/METADATA") ==
        detail::EntryRole::kPythonMetadata);
  CHECK(detail::classify_entry("PKG-INFO") == detail::EntryRole::kPythonMetadata);
  CHECK(detail::classify_entry("build/src/Client.d.ts") == detail::EntryRole::kSource);
  CHECK(detail::classify_entry("build/src/Client.js.map") == detail::EntryRole::kSkip);
  CHECK(detail::classify_entry("dist/app.min.js") == detail::EntryRole::kSkip);
  CHECK(detail::classify_entry("node_modules/x/index.js") == detail::EntryRole::kSkip);
  CHECK(detail::classify_entry("openapi.yaml") == detail::EntryRole::kSpecCandidate);
  CHECK(detail::package_path("package/lib/a.js", true) == "lib/a.js");
  CHECK(detail::package_path("./package/lib/a.js", true) == "lib/a.js");
  CHECK(detail::package_path("pkg/a.py", false) == "pkg/a.py");
}

// ---- dev set: real packages, when fetched into tests/data/npm ------------------------------

namespace {

bool load(const std::string& name, om::Extraction& out) {
  std::ifstream in(std::string(OM_SOURCE_DIR) + "/tests/data/npm/" + name, std::ios::binary);
  if (!in) {
    MESSAGE("not fetched, skipped: tests/data/npm/" << name);
    return false;
  }
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  out = om::extract::extract(doc_of(std::move(body), "tests/data/npm/" + name));
  return true;
}

}  // namespace

TEST_CASE("sdk dev set: @notionhq/client 5.26.0") {
  om::Extraction e;
  if (!load("notionhq-client-5.26.0.tgz", e)) {
    return;
  }
  const om::Findings& f = e.findings;
  REQUIRE(f.sdks.size() == 1);
  CHECK(f.sdks[0].name == "@notionhq/client");
  CHECK(f.sdks[0].client == "Client");
  CHECK(has(f.sdks[0].resources, "users.list"));
  CHECK(has(f.sdks[0].resources, "blocks.children.list"));
  CHECK(has(f.sdks[0].auth_options, "auth"));
  CHECK(std::any_of(f.sdks[0].pagination_helpers.begin(), f.sdks[0].pagination_helpers.end(),
                    [](const std::string& h) { return h.rfind("iteratePaginatedAPI", 0) == 0; }));
  CHECK(std::any_of(f.auth.begin(), f.auth.end(),
                    [](const om::AuthMethod& a) { return a.type == om::AuthType::kHttpBearer; }));
  REQUIRE_FALSE(f.api_versions.empty());
  CHECK(f.api_versions[0].name == "Notion-Version");
  CHECK(f.api_versions[0].version == "2025-09-03");
  REQUIRE_FALSE(f.base_urls.empty());
  CHECK(f.base_urls[0].url == "https://api.notion.com");
  REQUIRE_FALSE(f.pagination.empty());
  CHECK(f.pagination[0].style == om::PageStyle::kCursor);
  CHECK(has(f.pagination[0].response_fields, "next_cursor"));
  CHECK(has(f.pagination[0].request_params, "start_cursor"));
  REQUIRE(f.rate_limits.size() == 1);
  CHECK(f.rate_limits[0].retry_after);
}

TEST_CASE("sdk dev set: @pagerduty/pdjs 2.2.4") {
  om::Extraction e;
  if (!load("pagerduty-pdjs-2.2.4.tgz", e)) {
    return;
  }
  const om::Findings& f = e.findings;
  REQUIRE(f.sdks.size() == 1);
  CHECK(f.sdks[0].client == "api");
  CHECK(std::any_of(f.auth.begin(), f.auth.end(), [](const om::AuthMethod& a) {
    return a.type == om::AuthType::kApiKey && a.scheme == "Token token=";
  }));
  CHECK(std::any_of(f.base_urls.begin(), f.base_urls.end(),
                    [](const om::BaseUrl& b) { return b.url == "https://api.pagerduty.com"; }));
  CHECK(std::any_of(f.pagination.begin(), f.pagination.end(),
                    [](const om::Pagination& p) { return p.style == om::PageStyle::kOffset; }));
  CHECK(has(f.sdks[0].pagination_helpers, "all (cursor: cursor -> cursor; offset)"));
  CHECK(f.rate_limits.size() == 1);
}

TEST_CASE("sdk dev set: @looker/sdk-rtl 21.6.5 and @looker/sdk 26.12.0") {
  om::Extraction rtl;
  if (load("looker-sdk-rtl-21.6.5.tgz", rtl)) {
    CHECK(std::any_of(rtl.findings.auth.begin(), rtl.findings.auth.end(),
                      [](const om::AuthMethod& a) { return a.type == om::AuthType::kHttpBearer; }));
    CHECK(std::any_of(rtl.findings.pagination.begin(), rtl.findings.pagination.end(),
                      [](const om::Pagination& p) {
                        return p.style == om::PageStyle::kLinkHeader &&
                               has(p.response_headers, "X-Total-Count");
                      }));
  }
  om::Extraction sdk;
  if (load("looker-sdk-26.12.0.tgz", sdk)) {
    REQUIRE(sdk.findings.sdks.size() == 1);
    CHECK(sdk.findings.sdks[0].client == "Looker40SDK");
    CHECK(has(sdk.findings.sdks[0].resources, "all_dashboards"));
  }
}
