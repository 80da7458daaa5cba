// The research section as a reader sees it (issue #19 item 8): rendered with cmark-gfm (GFM
// tables), our own sentences show no literal backticks or backslashes, and every "quoted"
// string is found verbatim in an evidence quote.
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include "core/text.h"
#include "report/report.h"

namespace om {
namespace {

std::string to_html(const std::string& md) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
      cmark_parser_new(CMARK_OPT_DEFAULT), &cmark_parser_free);
  cmark_syntax_extension* table = cmark_find_syntax_extension("table");
  REQUIRE(table != nullptr);
  cmark_parser_attach_syntax_extension(parser.get(), table);
  cmark_parser_feed(parser.get(), md.data(), md.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root(cmark_parser_finish(parser.get()),
                                                               &cmark_node_free);
  char* html = cmark_render_html(root.get(), CMARK_OPT_DEFAULT,
                                 cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  std::free(html);  // NOLINT(cppcoreguidelines-no-malloc): cmark's allocator is malloc
  return out;
}

// The text a reader sees outside <code> elements: tags dropped, entities decoded.
std::string visible_text_outside_code(std::string_view html) {
  std::string out;
  bool in_code = false;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      std::size_t end = html.find('>', i);
      std::string_view tag = html.substr(i, end - i + 1);
      in_code = tag.starts_with("<code") ? true : (tag == "</code>" ? false : in_code);
      i = end + 1;
      continue;
    }
    std::size_t next = html.find('<', i);
    std::string_view text = html.substr(i, next == std::string_view::npos ? next : next - i);
    if (!in_code) {
      out += text;
    }
    i = next == std::string_view::npos ? html.size() : next;
  }
  for (auto [entity, ch] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}}) {
    for (std::size_t p = out.find(entity); p != std::string::npos; p = out.find(entity, p)) {
      out.replace(p, std::string_view(entity).size(), ch);
    }
  }
  for (std::size_t p = out.find("&amp;"); p != std::string::npos; p = out.find("&amp;", p + 1)) {
    out.replace(p, 5, "&");
  }
  return out;
}

// A research like the demo's: our sentences name identifiers in code spans; document text,
// verbatim in the quotes, holds backticks and underscores of its own.
Research demo_like_research() {
  Research r;
  r.source.name = "acme";
  r.source.display_name = "Acme";
  r.source.service_type = "dashboard";
  const std::string spec = "https://api.acme.example/openapi.yaml";
  const std::string docs = "https://docs.acme.example/pagination.md";
  for (const auto& [url, kind] : {std::pair{spec, DocKind::kOpenApi}, {docs, DocKind::kMarkdown}}) {
    DocumentRecord d;
    d.url = url;
    d.kind = kind;
    d.status = 200;
    r.documents.push_back(d);
  }
  AuthMethod key;
  key.type = "apiKey";
  key.in = "header";
  key.name = "X-Acme-Key";
  key.notes = "1 operation(s) declare `security: []` (no authentication)";
  key.evidence = {{spec, "/components/securitySchemes/key", "name: X-Acme-Key"}};
  r.findings.auth.push_back(key);
  Pagination p;
  p.style = PageStyle::kCursor;
  p.request_params = {"cursor", "limit"};
  p.response_fields = {"next_cursor", "has_more"};
  p.stop_condition = "`next_cursor` missing, null or empty or `has_more` is false";
  p.truncation_risk = "without `limit` only the first 50 records come back; at most 200 per page";
  p.endpoints = {"GET /v1/dashboards"};
  p.evidence = {{docs, "h2 > Pagination",
                 "Pass `next_cursor` from the previous page as `cursor`; stop when has_more is "
                 "false."}};
  r.findings.pagination.push_back(p);
  RateLimit summary;
  summary.text = "429 Too Many Requests declared on 1 of 5 operations";
  summary.evidence = {{spec, "/paths/~1v1~1dashboards/get/responses/429", "429: Too Many"}};
  r.findings.rate_limits.push_back(summary);
  Entity e;
  e.name = "dashboard";
  e.om_entity = "Dashboard";
  e.list = {"GET", "/v1/dashboards"};
  e.evidence = {{spec, "/paths/~1v1~1dashboards/get", "operationId: listDashboards"}};
  r.findings.entities.push_back(e);
  r.findings.endpoints.push_back({"GET", "/v1/dashboards", "listDashboards", "List them", {}});
  return r;
}

std::vector<std::string> all_quotes(const Research& r) {
  std::vector<std::string> out;
  auto add = [&out](const EvidenceList& ev) {
    for (const auto& e : ev) {
      out.push_back(squash_space(e.quote));
    }
  };
  for (const auto& x : r.findings.auth) {
    add(x.evidence);
  }
  for (const auto& x : r.findings.pagination) {
    add(x.evidence);
  }
  for (const auto& x : r.findings.rate_limits) {
    add(x.evidence);
  }
  for (const auto& x : r.findings.entities) {
    add(x.evidence);
  }
  return out;
}

}  // namespace

TEST_CASE("regression #19: the rendered brief shows our sentences as meant, quotes verbatim") {
  const Research r = demo_like_research();
  const std::string html = to_html(report::render_markdown(r));
  std::string text = visible_text_outside_code(html);
  // Every “…” after "quoted" is in an evidence quote; then the quotes are cut out, leaving
  // our own text, which must show no backtick or backslash.
  const std::vector<std::string> quotes = all_quotes(r);
  std::size_t quoted = 0;
  for (std::size_t at = text.find("quoted"); at != std::string::npos; at = text.find("quoted")) {
    std::size_t open = text.find("“", at);
    std::size_t close = text.find("”", open);
    REQUIRE(open != std::string::npos);
    REQUIRE(close != std::string::npos);
    const std::size_t from = open + std::string_view("“").size();
    const std::string shown = text.substr(from, close - from);
    CAPTURE(shown);
    bool found = false;
    for (const auto& q : quotes) {
      found = found || q.find(shown) != std::string::npos;
    }
    CHECK(found);
    text.erase(at, close + std::string_view("”").size() - at);
    ++quoted;
  }
  CHECK(quoted >= 2);
  CAPTURE(text);
  CHECK(text.find('`') == std::string::npos);
  CHECK(text.find('\\') == std::string::npos);
  CHECK(html.find("<code>next_cursor</code>") != std::string::npos);
  CHECK(html.find("<code>security: []</code>") != std::string::npos);
  CHECK(text.find("429 Too Many Requests declared on 1 of 5 operations") != std::string::npos);
}

}  // namespace om
