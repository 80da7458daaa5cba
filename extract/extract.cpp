// Sniffs a document's format and dispatches to the matching extractor.
#include "extract/extract.h"

#include <optional>

#include "core/text.h"
#include "extract/detail/extractors.h"
#include "extract/detail/graphql_facts.h"

namespace om::extract {
namespace {

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  std::string lower = to_lower(s);
  for (auto suf : suffixes) {
    if (lower.size() >= suf.size() &&
        lower.compare(lower.size() - suf.size(), suf.size(), suf) == 0) {
      return true;
    }
  }
  return false;
}

std::string_view path_of(const FetchedDocument& doc) {
  std::string_view u = doc.final_url.empty() ? doc.url : doc.final_url;
  auto cut = u.find_first_of("?#");
  return cut == std::string_view::npos ? u : u.substr(0, cut);
}

bool is_archive(std::string_view body) {
  return body.size() >= 4 && ((static_cast<unsigned char>(body[0]) == 0x1f &&
                               static_cast<unsigned char>(body[1]) == 0x8b) ||          // gzip
                              body.substr(0, 4) == std::string_view("PK\x03\x04", 4));  // zip
}

}  // namespace

bool is_openapi(std::string_view body) {
  body = strip_bom(body);
  // Look for a root-level `openapi`/`swagger` key near the start, or anywhere at the root for
  // YAML files whose keys are sorted (components first). Cheap: no full parse.
  std::string_view head = body.substr(0, 4096);
  std::string_view t = trim(head);
  if (t.empty()) {
    return false;
  }
  if (t.front() == '{') {
    return head.find("\"openapi\"") != std::string_view::npos ||
           head.find("\"swagger\"") != std::string_view::npos ||
           body.find("\"openapi\":") != std::string_view::npos ||
           body.find("\"swagger\":") != std::string_view::npos;
  }
  for (std::string_view key : {"openapi:", "swagger:", "\"openapi\":", "'openapi':"}) {
    std::size_t pos = 0;
    while ((pos = body.find(key, pos)) != std::string_view::npos) {
      if (pos == 0 || body[pos - 1] == '\n') {
        return true;
      }
      pos += key.size();
    }
  }
  return false;
}

namespace {

/// What sniff()'s rules look at: the path and content type once, the spec test on first use.
struct Clues {
  std::string_view path;
  std::string ctype;
  std::string_view bytes;
  mutable std::optional<bool> openapi;
  [[nodiscard]] bool is_spec() const {
    if (!openapi) {
      openapi = is_openapi(bytes);
    }
    return *openapi;
  }
  [[nodiscard]] bool ctype_has(std::string_view what) const {
    return ctype.find(what) != std::string::npos;
  }
};

struct SniffRule {
  DocKind kind;
  bool (*matches)(const Clues&);
};

// In order; the first rule that matches decides. A page's extension wins over its content (a
// Markdown page quoting `swagger: "2.0"` is a page); JSON or YAML that is not a spec is other.
constexpr SniffRule kSniffRules[] = {
    {DocKind::kSdk,
     [](const Clues& c) {
       return is_archive(c.bytes) || ends_with_any(c.path, {".tgz", ".tar.gz", ".whl", ".zip"});
     }},
    {DocKind::kRobots, [](const Clues& c) { return ends_with_any(c.path, {"/robots.txt"}); }},
    {DocKind::kMarkdown,
     [](const Clues& c) {
       return ends_with_any(c.path, {".md", ".markdown", ".mdx"});
     }},
    {DocKind::kHtml,
     [](const Clues& c) {
       return ends_with_any(c.path, {".html", ".htm"});
     }},
    {DocKind::kGraphql,
     [](const Clues& c) {
       return ends_with_any(c.path, {".graphql", ".gql", ".graphqls"}) ||
              c.ctype_has("application/graphql");
     }},
    {DocKind::kOpenApi, [](const Clues& c) { return c.is_spec(); }},
    {DocKind::kGraphql,
     [](const Clues& c) { return detail::is_graphql_document(c.path, c.bytes); }},
    {DocKind::kOther,
     [](const Clues& c) {
       return ends_with_any(c.path, {".json", ".yaml", ".yml"}) || c.ctype_has("json") ||
              c.ctype_has("yaml");
     }},
    {DocKind::kMarkdown, [](const Clues& c) { return c.ctype_has("markdown"); }},
    {DocKind::kHtml,
     [](const Clues& c) {
       std::string_view head = trim(c.bytes.substr(0, 1024));
       return c.ctype_has("html") || icontains(head, "<!doctype html") || icontains(head, "<html");
     }},
    {DocKind::kMarkdown,
     [](const Clues& c) {
       return ends_with_any(c.path, {".txt", ".rst"});
     }},
};

}  // namespace

DocKind sniff(const FetchedDocument& doc) {
  const Clues clues{path_of(doc), to_lower(doc.content_type), doc.bytes(), std::nullopt};
  for (const SniffRule& rule : kSniffRules) {
    if (rule.matches(clues)) {
      return rule.kind;
    }
  }
  return DocKind::kOther;
}

namespace {

Extraction extract_by_kind(const FetchedDocument& doc) {
  switch (sniff(doc)) {
    case DocKind::kOpenApi:
      return detail::extract_openapi(doc);
    case DocKind::kHtml:
      return detail::extract_html(doc);
    case DocKind::kMarkdown:
      return detail::extract_markdown(doc);
    case DocKind::kSdk:
      return detail::extract_sdk_archive(doc);
    case DocKind::kGraphql:
      return detail::extract_graphql(doc);
    case DocKind::kRobots: {
      Extraction e;
      e.kind = DocKind::kRobots;
      return e;
    }
    case DocKind::kOther:
      break;
  }
  Extraction e;
  e.kind = DocKind::kOther;
  e.error = "not an OpenAPI/Swagger spec, HTML or Markdown page, or SDK archive: " + doc.url;
  return e;
}

}  // namespace

Extraction extract(const FetchedDocument& doc) {
  Extraction e = extract_by_kind(doc);
  e.extractor = kGeneration;
  return e;
}

}  // namespace om::extract
