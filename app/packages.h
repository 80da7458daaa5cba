// Resolving SDK package specs (`npm:<name>[@<version>]`, `pypi:<name>[==<version>]`) to a
// verified tarball / wheel through the registries' JSON APIs. No network code of its own: the
// HTTP client is injected, so the crawler's fetch_one (or a test fake) does the transfers.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"

namespace om::packages {

/// One GET; any HTTP response is a document (its status says 404), no response is an Error.
using FetchFn = std::function<Result<FetchedDocument>(const std::string& url)>;

/// A parsed package spec. `version` "" means the registry's latest.
struct PackageSpec {
  Ecosystem ecosystem = Ecosystem::kUnknown;  // set by parse_package_spec
  std::string name;
  std::string version;
  /// A file inside the package ("#<path>" after the id): only that file is read.
  std::string path;
  /// "npm:<name>@<version>" / "pypi:<name>==<version>" (without version when it is empty).
  [[nodiscard]] std::string id() const;
  /// How a file of the package is cited: "<id>/<path>".
  [[nodiscard]] std::string file_id(const std::string& file) const;
};

/// Where registries live. Defaults: https://registry.npmjs.org and https://pypi.org (whose JSON
/// API sits beside its /simple index).
struct Registries {
  std::string npm = "https://registry.npmjs.org";
  std::string pypi = "https://pypi.org";
  /// Set when the user configured the registry (env or config file), not the default.
  bool npm_configured = false;
  bool pypi_configured = false;
  /// Hosts of the configured registries: trusted on private addresses (a company mirror on
  /// 10.x), never on link-local or metadata ones.
  [[nodiscard]] std::vector<std::string> trusted_hosts() const;
  /// From the environment and the user's config files, as npm and pip read them (see
  /// RegistrySettings).
  static Registries configured();
};

/// What the user configured, as found: values from the environment and config file texts,
/// each list highest precedence first.
struct RegistrySettings {
  std::string npm_env;                      // npm_config_registry (or NPM_CONFIG_REGISTRY)
  std::vector<std::string> npmrc_texts;     // project .npmrc, then the user's (~/.npmrc)
  std::string pypi_override;                // OM_RESEARCH_PYPI_INDEX: the JSON API's base
  std::string pip_env;                      // PIP_INDEX_URL: an index (".../simple")
  std::vector<std::string> pip_conf_texts;  // PIP_CONFIG_FILE, venv, user, then global files
  /// Reads the environment and the files: the project .npmrc in the nearest folder above
  /// `cwd` holding package.json or node_modules (else `cwd`), $NPM_CONFIG_USERCONFIG or
  /// ~/.npmrc; $PIP_CONFIG_FILE, $VIRTUAL_ENV/pip.conf, $XDG_CONFIG_HOME/pip/pip.conf,
  /// ~/.pip/pip.conf, /etc/xdg/pip/pip.conf, /etc/pip.conf.
  static RegistrySettings read(const std::string& cwd);
};

/// The registries the settings name: env first, then the files in order; npm's `registry=`,
/// pip's `index-url` under [install] or [global] (the /simple suffix dropped for the JSON API).
[[nodiscard]] Registries resolve_registries(const RegistrySettings& settings);

/// True when `text` starts with "npm:" or "pypi:" (a local path does not).
[[nodiscard]] bool is_package_spec(std::string_view text);

/// Parses "npm:@scope/name@1.2.3", "npm:name", "pypi:name==1.0", "pypi:name", each optionally
/// followed by "#<path in package>"; names and versions are checked against the registries'
/// character sets (they end up in URLs), paths must be relative and stay inside the package.
[[nodiscard]] Result<PackageSpec> parse_package_spec(std::string_view text);

/// The archive of a package, its integrity verified: npm `dist.integrity` (sha512) or
/// `dist.shasum` (sha1); PyPI `digests.sha256` (a wheel preferred, else the sdist).
struct FetchedPackage {
  PackageSpec spec;          // version resolved
  std::string tarball_url;   // the archive's URL
  std::string metadata_url;  // the registry document it was found in
  FetchedDocument archive;   // url = tarball_url; found_via: the package
};

/// Resolves and fetches `spec`. Every failure names the package and the URL: unknown package
/// (404), unknown version, no archive, a failed transfer, a hash mismatch.
[[nodiscard]] Result<FetchedPackage> fetch_package(const PackageSpec& spec, const FetchFn& fetch,
                                                   const Registries& registries);

/// `<registry>/<name>` with a scoped name's slash encoded (@scope%2fname).
[[nodiscard]] std::string npm_metadata_url(const std::string& registry, const std::string& name);

}  // namespace om::packages
