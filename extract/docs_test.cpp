// Tests for HTML and Markdown documentation pages: PageText reading, prose detectors, the dev
// corpus pages (Redash api.md, PagerDuty CONCEPTS.md) and hostile input.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/page_text.h"
#include "extract/extract.h"

namespace {

using om::extract::detail::PageText;
using om::extract::detail::PieceKind;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture(const std::string& name) {
  return read_file(std::string(OM_SOURCE_DIR) + "/tests/fixtures/docs/" + name);
}

om::Extraction run(std::string body, std::string url, std::string content_type = "") {
  om::FetchedDocument doc;
  doc.url = std::move(url);
  doc.body = std::move(body);
  doc.content_type = std::move(content_type);
  doc.http_status = 200;
  return om::extract::extract(doc);
}

bool has_endpoint(const om::Findings& f, std::string_view method, std::string_view path) {
  return std::any_of(f.endpoints.begin(), f.endpoints.end(),
                     [&](const om::Endpoint& e) { return e.method == method && e.path == path; });
}

const om::Entity* entity(const om::Findings& f, std::string_view name) {
  for (const om::Entity& e : f.entities) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

const om::AuthMethod* auth(const om::Findings& f, std::string_view type) {
  for (const om::AuthMethod& a : f.auth) {
    if (om::auth_type_text(a) == type) {
      return &a;
    }
  }
  return nullptr;
}

// Every fact is cited: non-empty evidence, the page URL, a heading locator, a short quote.
void check_cited(const om::Findings& f, const std::string& url) {
  auto check = [&](const om::EvidenceList& list) {
    REQUIRE_FALSE(list.empty());
    for (const om::Evidence& ev : list) {
      CHECK(ev.url == url);
      CHECK_FALSE(ev.locator.empty());
      CHECK_FALSE(ev.quote.empty());
      CHECK(ev.quote.size() <= 240);
    }
  };
  for (const auto& x : f.base_urls) check(x.evidence);
  for (const auto& x : f.auth) check(x.evidence);
  for (const auto& x : f.pagination) check(x.evidence);
  for (const auto& x : f.entities) check(x.evidence);
  for (const auto& x : f.rate_limits) check(x.evidence);
}

constexpr const char* kRefUrl = "https://docs.acmeboard.io/docs/api/reference.html";

}  // namespace

TEST_CASE("html: a reference page yields its endpoints, entities, base URL, auth and paging") {
  om::Extraction e = run(fixture("reference.html"), kRefUrl);
  const om::Findings& f = e.findings;
  CHECK(e.kind == om::DocKind::kHtml);
  CHECK(e.error.empty());
  CHECK(has_endpoint(f, "GET", "/v2/projects"));
  CHECK(has_endpoint(f, "GET", "/v2/projects/{project_id}"));
  CHECK(has_endpoint(f, "DELETE", "/v2/projects/{project_id}"));
  const om::Entity* project = entity(f, "project");
  REQUIRE(project != nullptr);
  CHECK(project->list.path == "/v2/projects");
  CHECK(project->get.path == "/v2/projects/{project_id}");
  const om::Entity* boards = entity(f, "project_board");
  REQUIRE(boards != nullptr);
  CHECK(boards->parent == "project");
  REQUIRE(f.base_urls.size() == 1);
  CHECK(f.base_urls[0].url == "https://api.acmeboard.io");
  const om::AuthMethod* bearer = auth(f, "http-bearer");
  REQUIRE(bearer != nullptr);
  CHECK(bearer->in == om::AuthLocation::kHeader);
  CHECK(bearer->name == "Authorization");
  REQUIRE(f.pagination.size() == 1);
  CHECK(f.pagination[0].style == om::PageStyle::kCursor);
  CHECK(f.pagination[0].page_size.param == "limit");
  CHECK(std::count(f.pagination[0].response_fields.begin(), f.pagination[0].response_fields.end(),
                   "next_cursor") == 1);
  for (const auto& p : f.pagination) CHECK(p.confidence == om::confidence::kProse);
  check_cited(f, kRefUrl);
}

TEST_CASE("html: navigation, header, footer, script and style produce no facts") {
  om::Extraction e = run(fixture("reference.html"), kRefUrl);
  const om::Findings& f = e.findings;
  CHECK_FALSE(has_endpoint(f, "GET", "/v2/nav-only-projects"));
  CHECK_FALSE(has_endpoint(f, "GET", "/styles/should-not-count"));
  CHECK(f.rate_limits.empty());  // "9999 requests per second" in the sidebar, "1 request" in footer
  CHECK(auth(f, "apiKey") == nullptr);  // api_key= inside <script>
  CHECK(e.text.find("On this page") == std::string::npos);
  CHECK(e.text.find("Fair use") == std::string::npos);
  CHECK(e.text.find("Returns a paginated list of projects") != std::string::npos);
}

TEST_CASE("html: outlinks are absolute http(s), resolved, without fragments, chrome included") {
  om::Extraction e = run(fixture("reference.html"), kRefUrl);
  for (const std::string& link : e.outlinks) {
    CHECK(om::extract::detail::is_absolute_http_url(link));
    CHECK(link.find('#') == std::string::npos);
  }
  auto has = [&](std::string_view u) {
    return std::find(e.outlinks.begin(), e.outlinks.end(), u) != e.outlinks.end();
  };
  CHECK(has("https://docs.acmeboard.io/docs/api/rate-limits.html"));
  CHECK(has("https://docs.acmeboard.io/docs/changelog/"));
  CHECK(has("https://docs.acmeboard.io/docs/boards?ref=projects"));
  CHECK(has("https://status.acmeboard.io/"));
  CHECK_FALSE(has("mailto:api@acmeboard.io"));
}

TEST_CASE("html: code tabs keep one block per language and headings give the locator") {
  PageText page = om::extract::detail::read_html(fixture("reference.html"), kRefUrl);
  std::vector<std::string> langs;
  for (const auto& piece : page.pieces) {
    if (piece.kind == PieceKind::kCode) {
      langs.push_back(piece.language);
      if (piece.language == "python") {
        CHECK(piece.locator == "Projects API > List projects > Example request");
      }
    }
  }
  CHECK(std::count(langs.begin(), langs.end(), "bash") == 3);
  CHECK(std::count(langs.begin(), langs.end(), "python") == 1);
  CHECK(std::count(langs.begin(), langs.end(), "json") == 1);
  REQUIRE(page.tables.size() == 2);
  CHECK(page.tables[0].header == std::vector<std::string>{"Method", "Path", "Description"});
  CHECK(page.tables[0].rows.size() == 4);
}

TEST_CASE("html: a rate-limit page gives limits, windows, scopes, headers and Retry-After") {
  om::Extraction e = run(fixture("rate-limits.html"), "https://docs.acmeboard.io/rate-limits");
  const auto& limits = e.findings.rate_limits;
  REQUIRE(limits.size() == 2);
  CHECK(limits[0].limit == 600);
  CHECK(limits[0].window_seconds == 60);
  CHECK(limits[0].scope == "token");
  CHECK(limits[1].limit == 10);
  CHECK(limits[1].window_seconds == 3600);
  CHECK(limits[1].scope == "account");
  CHECK(limits[0].retry_after);
  CHECK(std::count(limits[0].headers.begin(), limits[0].headers.end(), "X-RateLimit-Limit") == 1);
  check_cited(e.findings, "https://docs.acmeboard.io/rate-limits");
}

TEST_CASE("html: an auth page gives bearer, a key header and an OAuth2 client-credentials flow") {
  om::Extraction e = run(fixture("auth.html"), "https://docs.acmeboard.io/docs/auth");
  const om::Findings& f = e.findings;
  const om::AuthMethod* bearer = auth(f, "http-bearer");
  REQUIRE(bearer != nullptr);
  CHECK(bearer->scheme == "bearer");
  const om::AuthMethod* key = auth(f, "apiKey");
  REQUIRE(key != nullptr);
  CHECK(key->in == om::AuthLocation::kHeader);
  CHECK(key->name == "X-Acme-Key");
  const om::AuthMethod* oauth = auth(f, "oauth2");
  REQUIRE(oauth != nullptr);
  REQUIRE(oauth->flows.size() == 1);
  CHECK(oauth->flows[0].flow == om::OAuthFlowKind::kClientCredentials);
  CHECK(oauth->flows[0].token_url == "https://auth.acmeboard.io/oauth/token");
  CHECK(f.gaps.empty());
  CHECK(entity(f, "token") == nullptr);
  check_cited(f, "https://docs.acmeboard.io/docs/auth");
}

TEST_CASE("markdown: front matter and template tags never leak, tables and code are read") {
  om::Extraction e = run(fixture("guide.md"), "https://docs.records.io/guides/listing.md");
  CHECK(e.kind == om::DocKind::kMarkdown);
  CHECK(e.text.find("layout: guide") == std::string::npos);
  CHECK(e.text.find("front-matter-only") == std::string::npos);
  CHECK(e.text.find("template-only") == std::string::npos);
  CHECK(e.text.find("user.name") == std::string::npos);
  CHECK(e.text.find("{{ this.stays.inside.code }}") != std::string::npos);
  const om::Findings& f = e.findings;
  CHECK_FALSE(has_endpoint(f, "GET", "/v9/front-matter-only"));
  CHECK(has_endpoint(f, "GET", "/v1/records"));
  REQUIRE(f.pagination.size() == 1);
  CHECK(f.pagination[0].style == om::PageStyle::kLinkHeader);
  CHECK(f.pagination[0].request_params == std::vector<std::string>{"page", "per_page"});
  const om::AuthMethod* basic = auth(f, "http-basic");
  REQUIRE(basic != nullptr);
  CHECK(f.base_urls.empty());  // records.example.com is an example host
  CHECK(std::find(e.outlinks.begin(), e.outlinks.end(), "https://docs.records.io/guides/faq.md") !=
        e.outlinks.end());
  check_cited(f, "https://docs.records.io/guides/listing.md");
}

TEST_CASE("markdown: the bare word token is not auth evidence, nor is chatter about keys") {
  om::Extraction e =
      run("# Setup\n\nGet a token from the dashboard. Keep your API key safe.\n", "notes.md");
  CHECK(e.findings.auth.empty());
  CHECK(e.findings.gaps.empty());
}

TEST_CASE("markdown: a stated base URL is cited, example hosts are not base URLs") {
  om::Extraction e =
      run("## Intro\n\nThe base URL is `https://api.widgets.io/v3`.\n\n"
          "Each endpoint is appended to your base URL. For example:\n\n- `https://example.com/x`\n",
          "intro.md");
  REQUIRE(e.findings.base_urls.size() == 1);
  CHECK(e.findings.base_urls[0].url == "https://api.widgets.io/v3");
  CHECK(e.findings.base_urls[0].evidence[0].locator == "Intro");
}

TEST_CASE("markdown: Redash api.md gives apiKey without a location, unknown paging, 4 entities") {
  std::string body = read_file(std::string(OM_SHARED_DIR) + "/corpus/redash/api.md");
  if (body.empty()) {
    MESSAGE("dev corpus not found; skipped");
    return;
  }
  om::Extraction e = run(body, "api.md");
  const om::Findings& f = e.findings;
  REQUIRE(f.auth.size() == 1);
  CHECK(f.auth[0].type == om::AuthType::kApiKey);
  CHECK(f.auth[0].in == om::AuthLocation::kUnknown);
  CHECK(f.auth[0].name.empty());
  CHECK(f.auth[0].evidence[0].locator == "API Authentication");
  REQUIRE(f.pagination.size() == 1);
  CHECK(f.pagination[0].style == om::PageStyle::kUnknown);
  CHECK(f.pagination[0].endpoints ==
        std::vector<std::string>{"GET /api/queries", "GET /api/dashboards"});
  CHECK(f.gaps.size() == 2);
  CHECK(f.base_urls.empty());
  CHECK(f.rate_limits.empty());
  const om::Entity* query = entity(f, "query");
  REQUIRE(query != nullptr);
  CHECK(query->get.path == "/api/queries/<id>");
  const om::Entity* result = entity(f, "query_result");
  REQUIRE(result != nullptr);
  CHECK(result->get.path == "/api/query_results/<query_result_id>");
  CHECK(result->parent == "query");
  REQUIRE(entity(f, "job") != nullptr);
  CHECK(entity(f, "job")->list.empty());
  REQUIRE(entity(f, "dashboard") != nullptr);
  CHECK(entity(f, "dashboard")->get.path == "/api/dashboards/<dashboard_slug>");
  CHECK(has_endpoint(f, "POST", "/api/dashboards/<dashboard_id>"));
  CHECK(e.text.find("callout") == std::string::npos);
  CHECK(e.text.find("helpscout_url") == std::string::npos);
  check_cited(f, "api.md");
}

TEST_CASE("markdown: PagerDuty CONCEPTS.md invents no auth, paging, limits or base URLs") {
  std::string body = read_file(std::string(OM_SHARED_DIR) + "/corpus/pagerduty/CONCEPTS.md");
  if (body.empty()) {
    MESSAGE("dev corpus not found; skipped");
    return;
  }
  om::Extraction e = run(body, "CONCEPTS.md");
  CHECK(e.findings.auth.empty());
  CHECK(e.findings.pagination.empty());
  CHECK(e.findings.rate_limits.empty());
  CHECK(e.findings.base_urls.empty());
  CHECK(e.findings.endpoints.empty());
  CHECK(e.text.find("Escalation Policies") != std::string::npos);
  CHECK(e.outlinks.size() > 10);
}

TEST_CASE("html: outlinks are the crawl's links of the page, distinct, without the page") {
  const std::string html =
      "<html><head><link rel=alternate href=\"/feed.xml\"><link rel=icon href=\"/i.png\">"
      "</head><body><a href=\"b\">b</a><a href=\"page.html#top\">self</a>"
      "<iframe src=\"/embed\"></iframe><a href=\"./b\">b again</a>"
      "<a href=\"https://other.io/x\">abs</a></body></html>";
  CHECK(run(html, "https://x.io/a/page.html", "text/html").outlinks ==
        std::vector<std::string>{"https://x.io/feed.xml", "https://x.io/a/b", "https://x.io/embed",
                                 "https://other.io/x"});
  // A local file: only its absolute links.
  CHECK(run(html, "docs/page.html", "text/html").outlinks ==
        std::vector<std::string>{"https://other.io/x"});
}

TEST_CASE("links: relative references resolve per RFC 3986, other schemes are dropped") {
  using om::extract::detail::resolve_http_link;
  const char* base = "https://docs.x.io/a/b/page.html?q=1";
  CHECK(resolve_http_link(base, "c.html") == "https://docs.x.io/a/b/c.html");
  CHECK(resolve_http_link(base, "../c") == "https://docs.x.io/a/c");
  CHECK(resolve_http_link(base, "/root#frag") == "https://docs.x.io/root");
  CHECK(resolve_http_link(base, "//cdn.x.io/s.js") == "https://cdn.x.io/s.js");
  CHECK(resolve_http_link(base, "?p=2") == "https://docs.x.io/a/b/page.html?p=2");
  CHECK(resolve_http_link(base, "#top").empty());
  CHECK(resolve_http_link(base, "javascript:alert(1)").empty());
  CHECK(resolve_http_link("local/file.md", "other.md").empty());
  CHECK(resolve_http_link("local/file.md", "HTTP://Host/x y") == "http://host/x%20y");
  CHECK(resolve_http_link(base, "HTTPS://Docs.X.io:443/a/./b/%7euser") ==
        "https://docs.x.io/a/b/~user");  // normalised as the crawl's links are
}

TEST_CASE("hostile: 100k nested elements neither recurse nor take long") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "GET /deep/path";
  auto start = std::chrono::steady_clock::now();
  om::Extraction e = run(html, "https://x.io/deep.html");
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < std::chrono::seconds(10));
  CHECK(has_endpoint(e.findings, "GET", "/deep/path"));

  std::string md(100000, '>');
  md += " GET /deep/quote\n";
  for (int i = 0; i < 50000; ++i) md += "- ";
  md += "x\n";
  start = std::chrono::steady_clock::now();
  om::Extraction m = run(md, "deep.md");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  CHECK(m.error.empty());
}

TEST_CASE("hostile: huge attributes, NUL bytes and invalid UTF-8 are survived") {
  std::string html = "<html><body><a href=\"" + std::string(4 << 20, 'a') + "\">x</a>";
  html += std::string("<p>GET /nul\0path and \xff\xfe bad bytes 5 requests per \xc3", 46);
  html += "second</p><a href=\"/ok\xff\x01\">y</a></body></html>";
  om::Extraction e = run(html, "https://x.io/h.html");
  for (const std::string& link : e.outlinks) {
    CHECK(om::extract::detail::is_absolute_http_url(link));
  }
  std::string md =
      std::string("# T\x00itle\n\n", 10) + "\xf0\x28\x8c\x28 `GET /x` [l](http://a\x01b)\n";
  om::Extraction m = run(md, "bad.md");
  for (const std::string& link : m.outlinks) {
    CHECK(om::extract::detail::is_absolute_http_url(link));
  }
  CHECK(m.kind == om::DocKind::kMarkdown);
}
