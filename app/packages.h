// Resolving SDK package specs (`npm:<name>[@<version>]`, `pypi:<name>[==<version>]`) to a
// verified tarball / wheel through the registries' JSON APIs. No network code of its own: the
// HTTP client is injected, so the crawler's fetch_one (or a test fake) does the transfers.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/types.h"

namespace om::packages {

/// One GET; any HTTP response is a document (its status says 404), no response is an Error.
using FetchFn = std::function<Result<FetchedDocument>(const std::string& url)>;

/// A parsed package spec. `version` "" means the registry's latest.
struct PackageSpec {
  std::string ecosystem;  // npm|pypi
  std::string name;
  std::string version;
  /// "npm:<name>@<version>" / "pypi:<name>==<version>" (without version when it is empty).
  [[nodiscard]] std::string id() const;
};

/// Where registries live. Defaults: https://registry.npmjs.org and https://pypi.org.
struct Registries {
  std::string npm = "https://registry.npmjs.org";
  std::string pypi = "https://pypi.org";
  /// Defaults overridden by env npm_config_registry and OM_RESEARCH_PYPI_INDEX.
  static Registries from_env();
};

/// True when `text` starts with "npm:" or "pypi:" (a local path does not).
[[nodiscard]] bool is_package_spec(std::string_view text);

/// Parses "npm:@scope/name@1.2.3", "npm:name", "pypi:name==1.0", "pypi:name"; names and
/// versions are checked against the registries' character sets (they end up in URLs).
[[nodiscard]] Result<PackageSpec> parse_package_spec(std::string_view text);

/// The archive of a package, its integrity verified: npm `dist.integrity` (sha512) or
/// `dist.shasum` (sha1); PyPI `digests.sha256` (a wheel preferred, else the sdist).
struct FetchedPackage {
  PackageSpec spec;          // version resolved
  std::string tarball_url;   // the archive's URL
  std::string metadata_url;  // the registry document it was found in
  FetchedDocument archive;   // url = tarball_url; found_via = "package <id>"
};

/// Resolves and fetches `spec`. Every failure names the package and the URL: unknown package
/// (404), unknown version, no archive, a failed transfer, a hash mismatch.
[[nodiscard]] Result<FetchedPackage> fetch_package(const PackageSpec& spec, const FetchFn& fetch,
                                                   const Registries& registries);

/// `<registry>/<name>` with a scoped name's slash encoded (@scope%2fname).
[[nodiscard]] std::string npm_metadata_url(const std::string& registry, const std::string& name);

}  // namespace om::packages
