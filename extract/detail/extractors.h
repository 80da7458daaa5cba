// The per-format extractors that extract() dispatches to; each lives in its own .cpp.
#pragma once

#include "core/types.h"

namespace om::extract::detail {

/// Whether extract_openapi() also writes the spec's text for full-text search.
enum class SpecText { kDigest, kNone };
/// OpenAPI 3.x / Swagger 2.0 (JSON or YAML): openapi.cpp and detectors/openapi_*.cpp.
/// Extraction::text is the spec's digest, or "" with SpecText::kNone.
Extraction extract_openapi(const FetchedDocument& doc, SpecText text = SpecText::kDigest);
/// HTML documentation pages: html.cpp + prose detectors.
Extraction extract_html(const FetchedDocument& doc);
/// Markdown documentation pages: markdown.cpp + prose detectors.
Extraction extract_markdown(const FetchedDocument& doc);
/// GraphQL schemas: SDL (.graphql/.gql) or introspection JSON; graphql.cpp + detectors.
Extraction extract_graphql(const FetchedDocument& doc);
/// SDK / spec packages (.tgz, .whl, .zip), read in memory: sdk.cpp.
Extraction extract_sdk_archive(const FetchedDocument& doc);

}  // namespace om::extract::detail
