// extract: pure functions from a document's bytes to cited facts (STYLE.md 2.5). The only
// header of this module that other modules include.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"

namespace om::extract {

/// The extractor's generation, stored with each document's facts (Extraction::extractor). Bump it
/// when the same bytes would now give other facts (a new fact kind, a detector's fix): a run then
/// re-extracts the cached bytes of the documents whose facts an older generation made.
inline constexpr int kGeneration = 2;

/// Sniffs the document (OpenAPI JSON/YAML, HTML, Markdown, SDK archive) and extracts its facts.
/// Never throws; a bad document yields `Extraction::error` and no facts.
[[nodiscard]] Extraction extract(const FetchedDocument& doc);

/// What `extract` would treat the document as, from its name, content type and first bytes.
[[nodiscard]] DocKind sniff(const FetchedDocument& doc);

/// True when the text is a JSON or YAML document whose root has `openapi` or `swagger`.
[[nodiscard]] bool is_openapi(std::string_view body);

/// An OpenAPI/Swagger file inside a package archive, with what identifies its API.
struct PackageSpecFile {
  std::string path;                // inside the package, as cited (a tarball's top folder left out)
  std::string title;               // info.title; "" when absent or unreadable
  std::vector<std::string> hosts;  // lower-cased hosts of servers[].url (3.x) or host (2.0)
  std::uint64_t bytes = 0;
};

/// The bytes of the file at `path` inside a package archive (tar, tgz or zip) held in memory.
/// Entries before it are skipped unkept. Errors name the archive and the path; a path that is
/// not there lists the nearest ones.
[[nodiscard]] Result<std::string> read_package_file(const FetchedDocument& archive,
                                                    std::string_view path);

/// Every OpenAPI/Swagger file and GraphQL schema (SDL, introspection JSON, graphql-codegen
/// TypeScript types) in a package archive, in archive order.
[[nodiscard]] Result<std::vector<PackageSpecFile>> list_package_specs(
    const FetchedDocument& archive);

}  // namespace om::extract
