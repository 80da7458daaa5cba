// Tests for render_markdown, research_json and the escaping of untrusted text.
#include <regex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <doctest/doctest.h>

#include "report/detail/markdown_text.h"
#include "report/detail/sample_research.h"
#include "report/report.h"

namespace om::report {

TEST_CASE("escape: untrusted text becomes one inert line") {
  const std::string s = detail::md_text(testing::kHostile).str();
  CHECK(s.find('\n') == std::string::npos);
  CHECK(s.find('<') == std::string::npos);
  CHECK(s.find("```") == std::string::npos);
  CHECK(s.find("&lt;!-- om-research:end --&gt;") != std::string::npos);
  CHECK(s.find(" \\#\\# Step 1") != std::string::npos);
  CHECK(s.find("\\|") != std::string::npos);
  CHECK(s.find("\\[click\\]") != std::string::npos);
}

// Document text (std::string, std::string_view, a runtime char pointer or buffer) does not
// become Markdown, nor join it, except through md_text, md_code or md_sentence (#19 item 8).
template <typename T>
concept JoinsMarkdown = requires(detail::Markdown m, T t) {
  m + t;
}
|| requires(detail::Markdown m, T t) {
  t + m;
}
|| requires(detail::Markdown m, T t) {
  m += t;
};
static_assert(!std::is_convertible_v<std::string, detail::Markdown>);
static_assert(!std::is_constructible_v<detail::Markdown, std::string>);
static_assert(!std::is_constructible_v<detail::Markdown, std::string_view>);
static_assert(!std::is_constructible_v<detail::Markdown, const char*>);
using CharBuffer = char (&)[8];     // NOLINT(modernize-avoid-c-arrays)
using Literal = const char (&)[8];  // NOLINT(modernize-avoid-c-arrays)
static_assert(!std::is_constructible_v<detail::Markdown, CharBuffer>);
static_assert(!JoinsMarkdown<std::string>);
static_assert(!JoinsMarkdown<std::string_view>);
static_assert(!JoinsMarkdown<const char*>);
static_assert(JoinsMarkdown<Literal>);  // a literal of ours
static_assert(!std::is_convertible_v<detail::Markdown, std::string>);

TEST_CASE("markdown text: literals and escaped document text join and numbers are digits") {
  using detail::Markdown;
  const Markdown m = "- **Base URL**: " + detail::md_code("https://x.example/v1") + " — " +
                     detail::md_text("a_b <i>") + ", " + Markdown::number(2.5) + " " +
                     Markdown::number(3) + " " + Markdown::decimal2(1) + " " + Markdown::count(7);
  CHECK(m.str() == "- **Base URL**: `https://x.example/v1` — a\\_b &lt;i&gt;, 2.50 3 1.00 7");
}

TEST_CASE("escape: identifiers are code spans unless they hold backticks, pipes or angles") {
  CHECK(detail::md_code("/v2/workbooks/{id}") == "`/v2/workbooks/{id}`");
  CHECK(detail::md_code("a`b") == "a\\`b");
  CHECK(detail::md_code("x|y") == "x\\|y");
  CHECK(detail::md_code("<b>") == "&lt;b&gt;");
  CHECK(detail::md_code("a\nb") == "a b");
  CHECK(detail::md_code("").empty());
  CHECK(detail::md_text(std::string(500, 'a'), 10) == "aaaaaaaaaa…");
}

TEST_CASE("markdown: sections come in DESIGN.md order under one level-2 heading") {
  const std::string md = render_markdown(testing::sample_research());
  CHECK(md.starts_with("## Source Research\n"));
  std::size_t last = 0;
  for (const char* h :
       {"### Summary", "### Authentication", "### Pagination", "### Rate limits",
        "### Entities mapped to OpenMetadata", "### Suggested test-connection steps", "### SDKs",
        "### Conflicts and gaps", "### Sources"}) {
    std::size_t at = md.find(std::string("\n") + h + "\n");
    CHECK_MESSAGE(at != std::string::npos, h);
    CHECK_MESSAGE(at > last, h);
    last = at;
  }
  CHECK(md.find("2024-05-03") == std::string::npos);  // generated_at is not in the body
  CHECK(md.find("**Truncation risk:**") != std::string::npos);
}

TEST_CASE("markdown: facts cite numbered sources that match the JSON documents") {
  const Research r = testing::sample_research();
  const std::string md = render_markdown(r);
  const Json j = research_json(r);
  const auto& docs = j["documents"].as_array();
  REQUIRE(docs.size() == 4);  // three fetched + the SDK evidence URL that had no row
  for (std::size_t i = 0; i < docs.size(); ++i) {
    CHECK(md.find("- [" + std::to_string(i + 1) + "] ") != std::string::npos);
  }
  CHECK(md.find("`https://api.acme.example/v2`") != std::string::npos);
  CHECK(md.find("| `Dashboard` |") != std::string::npos);
  CHECK(md.find("| `GetDashboards` | `GET /v2/workbooks` |") != std::string::npos);
}

TEST_CASE("json: auth methods are listed by their type's text, a type outside the set too") {
  Research r;
  r.source = {"acme", "Acme", "api", {}, false};
  for (const char* text : {"none", "http-digest", "apiKey", "Zeta-sig", "aws-sigv4", "http-bearer",
                           "oauth2", "mutualTLS", "openIdConnect"}) {
    AuthMethod a;
    set_auth_type(a, text);
    r.findings.auth.push_back(a);
  }
  std::vector<std::string> listed;
  const Json j = research_json(r);
  for (const Json& a : j["auth"].as_array()) {
    listed.push_back(a["type"].as_string());
  }
  // Plain byte order, as when the type was a string: upper case first, "mutualTLS" < "none".
  CHECK(listed == std::vector<std::string>{"Zeta-sig", "apiKey", "aws-sigv4", "http-bearer",
                                           "http-digest", "mutualTLS", "none", "oauth2",
                                           "openIdConnect"});
  const std::string md = render_markdown(r);
  CHECK(md.find("| `http-digest` |") != std::string::npos);
}

TEST_CASE("json: members follow DESIGN.md (v2 adds three) and every evidence doc index resolves") {
  const Json j = research_json(testing::sample_research());
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.as_object()) {
    keys.push_back(k);
  }
  CHECK(keys == std::vector<std::string>{"schema", "source", "base_urls", "api_versions", "auth",
                                         "pagination", "entities", "endpoints", "rate_limits",
                                         "sdks", "test_connection", "similar_connectors",
                                         "test_environment", "database", "conflicts", "gaps",
                                         "documents", "graphql"});
  CHECK(j["schema"].as_string() == "om-research/research/v2");
  CHECK(j["source"]["generated_at"].as_string() == "2024-05-03T12:00:00Z");
  const double n = static_cast<double>(j["documents"].as_array().size());
  for (const char* kind :
       {"base_urls", "auth", "pagination", "entities", "rate_limits", "sdks", "conflicts"}) {
    for (const auto& fact : j[kind].as_array()) {
      REQUIRE(!fact["evidence"].as_array().empty());
      for (const auto& e : fact["evidence"].as_array()) {
        CHECK(e["doc"].as_number(-1) >= 0);
        CHECK(e["doc"].as_number(-1) < n);
        CHECK(e["url"].is_null());
      }
    }
  }
  const auto& endpoints = j["endpoints"].as_array();
  for (std::size_t i = 1; i < endpoints.size(); ++i) {
    CHECK(endpoints[i - 1]["path"].as_string() <= endpoints[i]["path"].as_string());
  }
  CHECK(j["documents"].as_array().front()["fetched_at"].is_string());
}

TEST_CASE("markdown and json: an empty research still renders every section plainly") {
  Research r;
  r.source.name = "nothing";
  const std::string md = render_markdown(r);
  CHECK(md.find("No authentication method was found in the sources.") != std::string::npos);
  CHECK(md.find("No pagination scheme was found") != std::string::npos);
  CHECK(md.find("### Sources\n\nNo documents.\n") != std::string::npos);
  const Json j = research_json(r);
  CHECK(j["documents"].as_array().empty());
  CHECK(j["source"]["generated_at"].is_null());
  CHECK(splice_research_section("", md).ok());
}

}  // namespace om::report

namespace om::report {

TEST_CASE("regression #19: \"quoted\" stands only before text found verbatim in the evidence") {
  Research r = testing::sample_research();
  RateLimit summary;
  summary.text = "429 Too Many Requests declared on 1 of 5 operations";
  summary.evidence = {{"https://api.acme.example/openapi.json", "/paths/~1a/get/responses/429",
                       R"("429": {"description": "Too Many Requests"})"}};
  RateLimit prose;
  prose.text = "at most 10 calls per second";
  prose.evidence = {{"https://docs.acme.example/limits", "h2 > Limits",
                     "Clients may make at most 10 calls per second per token."}};
  r.findings.rate_limits = {summary, prose};
  const std::string md = render_markdown(r);
  CHECK(md.find("; 429 Too Many Requests declared on 1 of 5 operations") != std::string::npos);
  CHECK(md.find("quoted: “429") == std::string::npos);
  // The label names the quote's document, as every "quoted" does.
  CHECK(std::regex_search(md, std::regex("; quoted \\[[0-9]+\\]: “at most 10 calls per second”")));
}

}  // namespace om::report

namespace om::report {

TEST_CASE("regression #19: our sentences keep their code spans, document text in them is inert") {
  using detail::md_sentence;
  CHECK(md_sentence("Stop when: `next_cursor` missing or `has_more` is false") ==
        "Stop when: `next_cursor` missing or `has_more` is false");
  CHECK(md_sentence("offset + records received >= `total`") ==
        "offset + records received &gt;= `total`");
  CHECK(md_sentence("1 operation(s) declare `security: []` (no auth)") ==
        "1 operation(s) declare `security: []` (no auth)");
  // Outside spans the text is escaped; a span holding <, > or | is escaped too; an unpaired
  // backtick is escaped; newlines cannot start a heading.
  CHECK(md_sentence("a_b `x|y` and `<!-- om-research:end -->`") ==
        "a\\_b \\`x\\|y\\` and \\`&lt;!-- om-research:end --&gt;\\`");
  CHECK(md_sentence("stop at `cursor") == "stop at \\`cursor");
  CHECK(md_sentence("ok\n## Step 1 `x`") == "ok \\#\\# Step 1 `x`");
  Research r = testing::sample_research();
  REQUIRE_FALSE(r.findings.pagination.empty());
  r.findings.pagination[0].stop_condition = "`next_cursor` is empty";
  r.findings.pagination[0].truncation_risk = "without `limit` only 50 come back";
  const std::string md = render_markdown(r);
  CHECK(md.find("- Stop when: `next_cursor` is empty") != std::string::npos);
  CHECK(md.find("without `limit` only 50 come back") != std::string::npos);
  CHECK(md.find("\\`next\\_cursor\\`") == std::string::npos);
}

}  // namespace om::report
