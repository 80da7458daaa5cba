// Internals of om_config: the YAML reader and the checks it shares with catalog.cpp.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/catalog.h"
#include "core/result.h"

namespace om::config::detail {

/// config/catalog.yaml's bytes, generated at build time (catalog_data.cpp); NUL-terminated.
extern const char kBuiltinCatalogYaml[];
extern const std::size_t kBuiltinCatalogYamlSize;

/// Entries of a catalog file, in file order; errors name origin, line and key path.
[[nodiscard]] Result<std::vector<CatalogEntry>> read_catalog_yaml(std::string_view yaml,
                                                                  std::string_view origin);

/// Entry-level checks (slug name, known service type, non-empty aliases); `fail` builds the
/// error with the entry's position.
[[nodiscard]] Status check_entry(const CatalogEntry& entry,
                                 const std::function<Error(const std::string&)>& fail);
[[nodiscard]] bool is_http_url(std::string_view url);
/// "npm:<name>[@<version>]" or "pypi:<name>[==<version>]".
[[nodiscard]] bool is_package_id(std::string_view id);
/// Lower-cased host of an http(s) URL, without port or user info; "" if none.
[[nodiscard]] std::string url_host(std::string_view url);

}  // namespace om::config::detail
