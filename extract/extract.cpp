// Sniffs a document's format and dispatches to the matching extractor.
#include "extract/extract.h"

#include "core/text.h"
#include "extract/detail/extractors.h"

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

DocKind sniff(const FetchedDocument& doc) {
  std::string_view path = path_of(doc);
  std::string ctype = to_lower(doc.content_type);
  if (is_archive(doc.bytes()) || ends_with_any(path, {".tgz", ".tar.gz", ".whl", ".zip"})) {
    return DocKind::kSdk;
  }
  if (ends_with_any(path, {"/robots.txt"})) {
    return DocKind::kRobots;
  }
  // A page's extension wins over its content: a Markdown page quoting `swagger: "2.0"` is a page.
  if (ends_with_any(path, {".md", ".markdown", ".mdx"})) {
    return DocKind::kMarkdown;
  }
  if (ends_with_any(path, {".html", ".htm"})) {
    return DocKind::kHtml;
  }
  if (ends_with_any(path, {".json", ".yaml", ".yml"}) || ctype.find("json") != std::string::npos ||
      ctype.find("yaml") != std::string::npos || is_openapi(doc.bytes())) {
    return is_openapi(doc.bytes()) ? DocKind::kOpenApi : DocKind::kOther;
  }
  if (ends_with_any(path, {".md", ".markdown", ".mdx"}) ||
      ctype.find("markdown") != std::string::npos) {
    return DocKind::kMarkdown;
  }
  std::string_view head = trim(doc.bytes().substr(0, 1024));
  if (ends_with_any(path, {".html", ".htm"}) || ctype.find("html") != std::string::npos ||
      icontains(head, "<!doctype html") || icontains(head, "<html")) {
    return DocKind::kHtml;
  }
  if (ends_with_any(path, {".txt", ".rst"})) {
    return DocKind::kMarkdown;
  }
  return DocKind::kOther;
}

Extraction extract(const FetchedDocument& doc) {
  switch (sniff(doc)) {
    case DocKind::kOpenApi:
      return detail::extract_openapi(doc);
    case DocKind::kHtml:
      return detail::extract_html(doc);
    case DocKind::kMarkdown:
      return detail::extract_markdown(doc);
    case DocKind::kSdk:
      return detail::extract_sdk_archive(doc);
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

}  // namespace om::extract
