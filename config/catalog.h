// The source catalog (DESIGN.md "Catalog and discovery"): names, aliases, OpenMetadata service
// type, docs roots, spec locations, SDK packages and allowed hosts, each with its citation.
// The built-in catalog is config/catalog.yaml compiled into the binary; its header is the schema.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace om::config {

/// One cited location: a docs root, a spec (URL, or package + path inside it) or an SDK package.
struct Location {
  std::string url;      // http(s) URL; "" for a package location
  std::string package;  // "npm:<pkg>@<ver>" or "pypi:<pkg>[==<ver>]"; "" for a URL
  std::string path;     // file inside `package`, relative to the package root (specs only)
  std::string format;   // specs only: "openapi" (default), "graphql", "protobuf", ...
  /// Specs only: which API of the source this describes. Specs of one format and one `api`
  /// ("" by default) are copies of one description: the first that reads is used, the others
  /// are its fallbacks. Distinct APIs of a source (v1 and v2) carry distinct labels.
  std::string api;
  std::string cite;  // where this location was verified; never empty
  int line = 0;      // 1-based line in the catalog file, for messages
};

/// An extra host in scope (besides the hosts of the entry's URLs), with its citation.
struct HostEntry {
  std::string host;
  std::string cite;
};

/// A cited database fact (issue #23): `fact` is dialect_package|driver_package|url_scheme|
/// default_port.
struct DatabaseFactEntry {
  std::string fact;
  std::string value;
  std::string cite;
};

struct CatalogEntry {
  std::string name;          // slug, e.g. "powerbi"
  std::string display_name;  // e.g. "Microsoft Power BI"
  std::string service_type;  // one of om::kServiceTypes
  std::string interface;     // REST|GraphQL|SDK|SQL or ""
  std::vector<std::string> aliases;
  std::vector<Location> docs, specs, sdks;
  std::vector<HostEntry> hosts;             // as listed in the file
  std::vector<DatabaseFactEntry> database;  // database sources only; may be empty
  std::vector<std::string> allowed_hosts;   // derived: hosts of all URLs plus `hosts`, sorted
  int line = 0;                             // line of the entry in the catalog file
};

class Catalog {
 public:
  Catalog() = default;
  Catalog(std::vector<CatalogEntry> entries, std::string origin);

  [[nodiscard]] const std::vector<CatalogEntry>& entries() const { return entries_; }
  /// "built-in" or the path of the file it was read from.
  [[nodiscard]] const std::string& origin() const { return origin_; }
  /// The entry whose name or alias folds (fold_name) to the same key as `name`; nullptr if none.
  [[nodiscard]] const CatalogEntry* find(std::string_view name) const;
  /// Up to `k` entry names nearest to `name` by edit distance over names and aliases (closest
  /// first, ties by name); only plausible ones (distance <= max(2, length / 3)).
  [[nodiscard]] std::vector<std::string> closest(std::string_view name, std::size_t k = 3) const;

 private:
  std::vector<CatalogEntry> entries_;
  std::string origin_;
};

/// Lower-case with '-', '_' and spaces removed: "Power_BI" and "power-bi" both give "powerbi".
[[nodiscard]] std::string fold_name(std::string_view name);

/// Parses catalog YAML in one forward pass; errors (kConfig) read "<origin>:<line>: <key path>:
/// <what>", e.g. "catalog.yaml:12: sources[3].docs[0].uri: unknown key".
[[nodiscard]] Result<Catalog> parse_catalog(std::string_view yaml, std::string_view origin);

/// The entry's specs grouped by (format, api): each group is one API description, its members
/// alternatives in catalog order.
[[nodiscard]] std::vector<std::vector<const Location*>> spec_groups(const CatalogEntry& entry);

/// The catalog compiled into the binary (config/catalog.yaml at build time).
[[nodiscard]] Result<Catalog> load_builtin();
/// The built-in catalog's YAML text.
[[nodiscard]] std::string_view builtin_catalog_text();
/// A catalog file; it replaces the built-in catalog entirely.
[[nodiscard]] Result<Catalog> load_file(const std::string& path);
/// `flag_path` (from --catalog) if not empty, else $XDG_CONFIG_HOME/om-research/catalog.yaml
/// (XDG default ~/.config) if that file exists, else the built-in catalog.
[[nodiscard]] Result<Catalog> load_default(const std::string& flag_path);
/// Where load_default looks for a user catalog ("" when neither XDG_CONFIG_HOME nor HOME is set).
[[nodiscard]] std::string user_catalog_path();

/// The entry as JSON (for `om-research sources` and the MCP `sources` tool).
[[nodiscard]] Json to_json(const CatalogEntry& entry);

}  // namespace om::config
