// Local inputs named on the command line (paths and file:// URLs) read into documents.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/types.h"

namespace om::app {

/// True for http:// and https:// URLs (fetched by the crawler); false for paths and file:// URLs.
[[nodiscard]] bool is_remote(const std::string& input);
/// True for npm:/pypi: package ids.
[[nodiscard]] bool is_package_id(const std::string& input);

/// Reads a local file (or file:// URL) into a document cited by the path as given. A folder
/// (for --docs) yields every .md/.markdown/.html/.htm file below it, sorted.
[[nodiscard]] Result<std::vector<FetchedDocument>> read_local(const std::string& input,
                                                              const SourceId& source,
                                                              const FoundVia& found_via);

}  // namespace om::app
