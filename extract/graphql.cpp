// GraphQL schema documents: SDL files, introspection results and graphql-codegen TypeScript
// types, read into one model (detail/graphql_model.h) and handed to the GraphQL detectors.
#include <string>

#include "core/text.h"
#include "extract/detail/extractors.h"
#include "extract/detail/graphql_facts.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxDigestBytes = std::size_t{1} << 20;

/// The file name locators use: the URL's last path segment, without query or fragment.
std::string file_name_of(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  auto slash = url.rfind('/');
  std::string_view name = slash == std::string_view::npos ? url : url.substr(slash + 1);
  return name.empty() ? std::string("schema.graphql") : std::string(name);
}

/// Plain text for full-text search: each type's name and description, then Query's fields.
std::string digest(const GqlSchema& schema) {
  std::string out;
  auto add = [&out](std::string_view text) {
    if (!text.empty() && out.size() < kMaxDigestBytes) {
      out.append(text.substr(0, kMaxDigestBytes - out.size()));
      out.push_back('\n');
    }
  };
  for (const auto& t : schema.types) {
    add(t.name);
    add(t.description);
  }
  if (const GqlType* q = schema.find(schema.query_type); q != nullptr) {
    for (const auto& f : q->fields) {
      add(schema.query_type + "." + f.name + ": " + f.type);
      add(f.description);
    }
  }
  return out;
}

}  // namespace

bool is_graphql_document(std::string_view path, std::string_view bytes) {
  std::string lower = to_lower(path);
  for (std::string_view ext : {".graphql", ".gql", ".graphqls"}) {
    if (lower.size() >= ext.size() &&
        lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return is_graphql_introspection(bytes) || is_graphql_codegen_ts(path, bytes);
}

Extraction extract_graphql(const FetchedDocument& doc) {
  Extraction extraction;
  extraction.kind = DocKind::kGraphql;
  const std::string& url = doc.final_url.empty() ? doc.url : doc.final_url;
  const std::string_view bytes = doc.bytes();
  const std::string file = file_name_of(url);
  auto schema = is_graphql_introspection(bytes)      ? parse_graphql_introspection(bytes, url)
                : is_graphql_codegen_ts(file, bytes) ? parse_graphql_codegen_ts(bytes, file)
                                                     : parse_graphql_sdl(bytes, file);
  if (!schema) {
    extraction.error = schema.error().message;
    return extraction;
  }
  detect_graphql(schema.value(), url, extraction.findings);
  extraction.text = digest(schema.value());
  return extraction;
}

}  // namespace om::extract::detail
