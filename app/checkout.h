// Research that knows the OpenMetadata checkout it runs in (issue #23): finding the checkout,
// reading the connectors of one service type (connection schema + client code) and ranking them
// by how well they agree with the research.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/types.h"

namespace om::app::checkout {

/// The two folders that make a directory an OpenMetadata checkout.
inline constexpr const char* kSourceDir = "ingestion/src/metadata/ingestion/source";
inline constexpr const char* kSchemaDir = "openmetadata-spec/src/main/resources/json/schema";

/// True when `dir` holds both kSourceDir and kSchemaDir.
[[nodiscard]] bool is_checkout_root(const std::filesystem::path& dir);

/// Walks up from `start` (a directory, or a file whose directory is used) to the first checkout
/// root; nullopt when no ancestor is one.
[[nodiscard]] std::optional<std::filesystem::path> find_root(const std::filesystem::path& start);

/// One file of a connector: its path relative to the checkout root and its text.
struct ConnectorFile {
  std::string path;
  std::string text;
};

/// A connector's files as read from the checkout: `<type>/<name>Connection.json` (when found)
/// and the client code (`client.py`, `connection.py`) of `source/<type>/<name>/`.
struct ConnectorFiles {
  std::string name;  // the source directory's name
  std::string service_type;
  std::optional<ConnectorFile> schema;
  std::vector<ConnectorFile> code;
};

/// Reads every connector directory of `service_type` under `root` (files over 1 MiB and shared
/// modules such as `common_db_source.py` are skipped). Fails when the type's folder is missing.
[[nodiscard]] Result<std::vector<ConnectorFiles>> read_connectors(const std::filesystem::path& root,
                                                                  const std::string& service_type);

/// What one connector offers, read from its files (pure): the OM auth kinds of its connection
/// schema, the paging style of its code and the client libraries it imports, each cited.
[[nodiscard]] SimilarConnector describe(const ConnectorFiles& files);

/// What the research found, in the terms describe() uses.
struct ResearchProfile {
  std::set<std::string> auth;       // basicAuth, token, oauthCredentials, clientCredentials, ...
  std::set<std::string> paging;     // cursor, next-url, offset, page, ...
  std::set<std::string> libraries;  // Python import names of its SDKs; "sqlalchemy" for SQL URLs
  bool http = false;                // the research found a REST/HTTP API (endpoints, base URLs)
};

/// The research's auth kinds, paging styles, SDK import names and interface.
[[nodiscard]] ResearchProfile profile_of(const Research& research);

/// Scores each connector against `profile` (shared auth kind 3 each, same paging family 3,
/// shared library 2, both HTTP 1), keeps those scoring above 0 with their reasons and the
/// evidence behind them, best first (ties by name), at most `keep`.
[[nodiscard]] std::vector<SimilarConnector> rank(std::vector<SimilarConnector> connectors,
                                                 const ResearchProfile& profile,
                                                 std::size_t keep = 3);

}  // namespace om::app::checkout
