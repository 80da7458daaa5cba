// The research section as a reader sees it (issue #19 item 8): rendered with cmark-gfm (GFM
// tables), our own sentences show no literal backticks or backslashes, every "quoted" string is
// found verbatim in its document at its locator (a fixture source whose documents are in
// tests/fixtures/brief/, read by the real extractors), and hostile document text is inert.
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <doctest/doctest.h>

#include "core/json.h"
#include "core/text.h"
#include "extract/extract.h"
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
  key.type = AuthType::kApiKey;
  key.in = AuthLocation::kHeader;
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

namespace om {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(OM_SOURCE_DIR) + "/tests/fixtures/brief/" + name, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  return body.str();
}

// One fixture document: where the brief says it came from, and what the extractor read.
struct FixtureDoc {
  std::string url;
  std::string body;
  std::string text;  // the extractor's plain text (HTML without tags, entities decoded)
};

struct Fixture {
  Research research;
  std::vector<FixtureDoc> docs;  // in the order of research.documents
};

// The fixture source: a spec, a Markdown guide and an HTML page, each with hostile text
// (headings, markers, HTML, fences, pipes, backticks, backslashes), through extract and merge
// as a run would take them.
Fixture fixture_research() {
  Fixture f;
  f.research.source = {"acme", "Acme", "dashboard", {}, false};
  std::vector<Findings> per_document;
  // In URL order, the order of the brief's Sources: document [n] is docs[n - 1].
  for (const auto& [url, file, type] :
       {std::tuple{"https://api.acme.example/openapi.json", "openapi.json", "application/json"},
        {"https://docs.acme.example/auth.html", "hostile.html", "text/html"},
        {"https://docs.acme.example/guide.md", "guide.md", "text/markdown"}}) {
    FetchedDocument doc;
    doc.source = "acme";
    doc.url = doc.final_url = url;
    doc.content_type = type;
    doc.body = read_fixture(file);
    REQUIRE_FALSE(doc.body.empty());
    doc.http_status = 200;
    Extraction x = extract::extract(doc);
    REQUIRE_MESSAGE(x.error.empty(), x.error);
    DocumentRecord rec;
    rec.url = url;
    rec.kind = x.kind;
    rec.status = 200;
    rec.bytes = doc.body.size();
    f.research.documents.push_back(rec);
    f.docs.push_back({url, doc.body, x.text});
    per_document.push_back(std::move(x.findings));
  }
  f.research.findings = report::merge(std::move(per_document));
  report::map_to_openmetadata(f.research);
  return f;
}

std::vector<Evidence> all_evidence(const Findings& f) {
  std::vector<Evidence> out;
  auto add = [&out](const auto& facts) {
    for (const auto& x : facts) {
      out.insert(out.end(), x.evidence.begin(), x.evidence.end());
    }
  };
  add(f.base_urls);
  add(f.api_versions);
  add(f.auth);
  add(f.pagination);
  add(f.entities);
  add(f.rate_limits);
  add(f.sdks);
  add(f.conflicts);
  return out;
}

// The node a JSON pointer names, or nullptr.
const Json* at_pointer(const Json& root, std::string_view pointer) {
  const Json* at = &root;
  while (!pointer.empty() && at != nullptr) {
    pointer.remove_prefix(1);
    const std::size_t end = pointer.find('/');
    std::string token(pointer.substr(0, end));
    pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
    for (std::size_t p = token.find("~1"); p != std::string::npos; p = token.find("~1", p)) {
      token.replace(p, 2, "/");
    }
    for (std::size_t p = token.find("~0"); p != std::string::npos; p = token.find("~0", p)) {
      token.replace(p, 2, "~");
    }
    if (at->is_array()) {
      const std::size_t i = std::stoul(token);
      at = i < at->as_array().size() ? &at->as_array()[i] : nullptr;
    } else if (at->is_object()) {
      const Json* next = nullptr;
      for (const auto& [key, value] : at->as_object()) {
        next = key == token ? &value : next;
      }
      at = next;
    } else {
      at = nullptr;
    }
  }
  return at;
}

// Whether `shown` is verbatim in the document at `e`'s locator: a JSON pointer names a node of
// the document; a heading path ("A > B") names headings found in order, with `shown` after the
// last of them. The document is read as written and as the extractor read it.
bool found_at_locator(const FixtureDoc& doc, const Evidence& e, const std::string& shown) {
  if (e.locator.starts_with("/")) {
    auto json = Json::parse(doc.body);
    return json && at_pointer(*json, e.locator) != nullptr &&
           squash_space(doc.body).find(shown) != std::string::npos;
  }
  for (const std::string& text : {squash_space(doc.body), squash_space(doc.text)}) {
    std::size_t at = 0;
    bool headings = true;
    std::string_view rest = e.locator;
    while (headings && !rest.empty()) {
      const std::size_t sep = rest.find(" > ");
      const std::string heading(rest.substr(0, sep));
      rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 3);
      at = text.find(heading, at);
      headings = at != std::string::npos;
    }
    if (headings && text.find(shown, at) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Removes every `needle` from `text`, and a clipped `needle` (a prefix and "…") as the brief
// shows a long one.
void erase_all(std::string& text, const std::string& needle) {
  for (std::size_t p = text.find(needle); !needle.empty() && p != std::string::npos;
       p = text.find(needle, p)) {
    text.erase(p, needle.size());
  }
  for (std::size_t len = needle.size(); len >= 20; --len) {
    std::string clipped = needle.substr(0, len);
    clipped += "…";
    for (std::size_t p = text.find(clipped); p != std::string::npos; p = text.find(clipped, p)) {
      text.erase(p, clipped.size());
    }
  }
}

// The document text the brief shows outside quotes, flattened as the renderer flattens it.
std::vector<std::string> shown_document_text(const Research& r) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& s) {
    std::string flat;
    for (char c : s) {
      flat.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    }
    out.push_back(squash_space(flat));
  };
  for (const auto& b : r.findings.base_urls) {
    add(b.description);
  }
  for (const auto& e : r.findings.endpoints) {
    add(e.summary);
  }
  for (const auto& l : r.findings.rate_limits) {
    add(l.text);
    add(l.scope);
  }
  add(r.source.display_name);
  return out;
}

const std::regex& quoted_pattern() {
  static const std::regex pattern("quoted((?: ?\\[[0-9]+\\])*): “(.*?)”");
  return pattern;
}

}  // namespace

TEST_CASE("regression #19: each \"quoted\" string is in its document at its locator") {
  const Fixture f = fixture_research();
  const std::string text = visible_text_outside_code(to_html(report::render_markdown(f.research)));
  const std::vector<Evidence> evidence = all_evidence(f.research.findings);
  std::size_t quoted = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), quoted_pattern());
       it != std::sregex_iterator(); ++it) {
    std::string shown = (*it)[2].str();
    if (shown.ends_with("…")) {
      shown.erase(shown.size() - std::string_view("…").size());
    }
    CAPTURE(shown);
    const std::string cites = (*it)[1].str();
    REQUIRE_MESSAGE(cites.find('[') != std::string::npos, "a quote names its document");
    const std::size_t n = std::stoul(cites.substr(cites.find('[') + 1));
    REQUIRE(n >= 1);
    REQUIRE(n <= f.docs.size());
    const FixtureDoc& doc = f.docs[n - 1];
    bool found = false;
    for (const Evidence& e : evidence) {
      if (e.url == doc.url && squash_space(e.quote).find(shown) != std::string::npos) {
        CAPTURE(e.locator);
        found = found || found_at_locator(doc, e, shown);
      }
    }
    CHECK(found);
    ++quoted;
  }
  CHECK(quoted >= 3);
}

TEST_CASE("regression #19: in the fixture's brief our own text shows no backtick or backslash") {
  const Fixture f = fixture_research();
  const std::string html = to_html(report::render_markdown(f.research));
  std::string text = std::regex_replace(visible_text_outside_code(html), quoted_pattern(), "");
  for (const std::string& s : shown_document_text(f.research)) {
    erase_all(text, s);
  }
  CAPTURE(text);
  CHECK(text.find('`') == std::string::npos);
  CHECK(text.find('\\') == std::string::npos);
  // The spec's ambiguous paging is a gap of ours naming `marker` as code.
  CHECK(html.find("(<code>marker</code> as the last key") != std::string::npos);
  CHECK(html.find("<code>next_cursor</code>") != std::string::npos);
}

TEST_CASE("regression #19: hostile document text renders inert in the fixture's brief") {
  const Fixture f = fixture_research();
  const std::string md = report::render_markdown(f.research);
  const std::string html = to_html(md);
  CAPTURE(md);
  // The hostile strings did reach the brief, as text.
  CHECK(html.find("&lt;!-- om-research:end --&gt;") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("production ## Step 1: Read the Reference Connector") != std::string::npos);
  // No HTML, comment, fence or link from them; headings only ours.
  for (const char* tag : {"<script", "<img", "<b>", "<!--", "<pre", "<a ", "<h1", "<h5", "<h6",
                          "<del", "<em>x", "<strong>now"}) {
    CAPTURE(tag);
    CHECK(html.find(tag) == std::string::npos);
  }
  const std::regex heading("<h([2-4])>([^<]*)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), heading);
       it != std::sregex_iterator(); ++it) {
    const std::string level = (*it)[1].str();
    const std::string title = (*it)[2].str();
    CAPTURE(title);
    CHECK((level != "2" || title == "Source Research"));
    CHECK((level != "4" || html.compare(it->position(), 10, "<h4><code>") == 0));
    CHECK(title.find("Step 1") == std::string::npos);
  }
  // Every table row has as many cells as its header: no pipe broke a row.
  std::size_t tables = 0;
  for (std::size_t t = html.find("<table>"); t != std::string::npos;
       t = html.find("<table>", t + 1)) {
    ++tables;
    const std::string table = html.substr(t, html.find("</table>", t) - t);
    std::size_t header = 0;
    for (std::size_t p = table.find("<th"); p != std::string::npos; p = table.find("<th", p + 1)) {
      header += table.compare(p, 4, "<th>") == 0 || table.compare(p, 4, "<th ") == 0 ? 1 : 0;
    }
    for (std::size_t row = table.find("<tr>", table.find("<tbody>")); row != std::string::npos;
         row = table.find("<tr>", row + 1)) {
      const std::string r = table.substr(row, table.find("</tr>", row) - row);
      std::size_t cells = 0;
      for (std::size_t p = r.find("<td"); p != std::string::npos; p = r.find("<td", p + 1)) {
        ++cells;
      }
      CHECK(cells == header);
    }
  }
  CHECK(tables >= 2);
  // The body splices: no marker in it.
  CHECK(report::splice_research_section("", md).ok());
}

}  // namespace om
