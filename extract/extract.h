// extract: pure functions from a document's bytes to cited facts (STYLE.md 2.5). The only
// header of this module that other modules include.
#pragma once

#include <string_view>

#include "core/types.h"

namespace om::extract {

/// Sniffs the document (OpenAPI JSON/YAML, HTML, Markdown, SDK archive) and extracts its facts.
/// Never throws; a bad document yields `Extraction::error` and no facts.
[[nodiscard]] Extraction extract(const FetchedDocument& doc);

/// What `extract` would treat the document as, from its name, content type and first bytes.
[[nodiscard]] DocKind sniff(const FetchedDocument& doc);

/// True when the text is a JSON or YAML document whose root has `openapi` or `swagger`.
[[nodiscard]] bool is_openapi(std::string_view body);

}  // namespace om::extract
