// One file out of a package archive, and the list of API descriptions a package holds: what a
// catalog spec entry (`package` + `path`) or `--spec npm:<name>@<version>[#<path>]` reads (OpenAPI,
// Swagger, GraphQL SDL, introspection JSON, graphql-codegen TypeScript types). The
// archive streams past in memory; entries other than the one wanted are never kept (a tarball
// must still be inflated up to the entry: gzip cannot seek).
#include <algorithm>
#include <string>
#include <string_view>

#include <archive.h>
#include <archive_entry.h>

#include "core/text.h"
#include "core/url_text.h"
#include "extract/detail/graphql_facts.h"
#include "extract/detail/graphql_model.h"
#include "extract/detail/sdk_archive.h"
#include "extract/detail/spec_tree.h"
#include "extract/extract.h"

namespace om::extract {
namespace {

using detail::ArchiveReader;

constexpr std::size_t kSpecPeekBytes = 4096;
constexpr std::size_t kNearestShown = 5;

/// Walks the regular files of an archive: `fn(path, declared_size, reader)` returns false to
/// stop. Paths are as cited (a tarball's top folder left out). Errors name `what`.
template <typename Fn>
Status each_file(const FetchedDocument& doc, const std::string& what, Fn&& fn) {
  ArchiveReader a = detail::open_archive(doc.bytes());
  if (a == nullptr) {
    const std::string library = detail::archive_library_error();
    return Error{ErrorCode::kParse, library.empty() ? what + " is not a readable package archive"
                                                    : what + ": " + library};
  }
  bool strip_top_folder = false;
  const detail::ArchiveLimits limits;
  for (std::size_t entries = 0;; ++entries) {
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) {
      return Ok{};
    }
    if (r < ARCHIVE_WARN || entries >= limits.max_entries) {
      const char* why = archive_error_string(a.get());
      return Error{ErrorCode::kParse, what + ": unreadable after " + std::to_string(entries) +
                                          " entries" +
                                          (r < ARCHIVE_WARN && why ? std::string(": ") + why : "")};
    }
    if (entries == 0) {
      strip_top_folder = detail::wraps_in_top_folder(a.get());
    }
    if (archive_entry_filetype(entry) != AE_IFREG) {
      continue;
    }
    const std::string_view stored = detail::entry_pathname(entry);
    if (stored.empty() || stored.size() > limits.max_path_bytes) {
      continue;
    }
    if (!fn(detail::package_path(stored, strip_top_folder), detail::entry_size(entry), a.get())) {
      return Ok{};
    }
  }
}

/// The host of an absolute URL in a spec's servers list ("" for a relative or templated one).
std::string host_of_server(std::string_view url) {
  std::string host = host_of_url(url);
  return host.find('{') == std::string::npos ? host : "";
}

/// Title and server hosts of a spec file; an unparseable file keeps only its path.
void describe(std::string_view body, PackageSpecFile& file) {
  auto tree = detail::SpecTree::parse_view(body, file.path);
  if (!tree.ok() || tree.value().root() == nullptr) {
    return;
  }
  const detail::Node& root = *tree.value().root();
  if (const detail::Node* info = root.get("info"); info != nullptr) {
    file.title = std::string(info->str("title"));
  }
  auto add = [&file](std::string host) {
    if (!host.empty() &&
        std::find(file.hosts.begin(), file.hosts.end(), host) == file.hosts.end()) {
      file.hosts.push_back(std::move(host));
    }
  };
  if (const detail::Node* servers = root.get("servers"); servers != nullptr) {
    for (const detail::Node& s : servers->items()) {
      add(host_of_server(s.str("url")));
    }
  }
  std::string_view host = root.str("host");  // Swagger 2.0
  add(to_lower(host.substr(0, host.find(':'))));
}

/// Reads the current entry whole (up to the per-entry cap) into `out`.
Status read_whole(archive* a, const std::string& where, std::uint64_t declared, std::string& out) {
  const detail::ArchiveLimits limits;
  if (declared > limits.max_entry_bytes) {
    return Error{ErrorCode::kLimit, where + " is over the per-entry limit of " +
                                        std::to_string(limits.max_entry_bytes >> 20) + " MiB"};
  }
  out.reserve(static_cast<std::size_t>(declared));
  switch (detail::read_entry_data(a, out, limits.max_entry_bytes)) {
    case detail::ReadOutcome::kOk:
      return Ok{};
    case detail::ReadOutcome::kTooBig:
      return Error{ErrorCode::kLimit, where + " inflates past the per-entry limit"};
    case detail::ReadOutcome::kError:
      break;
  }
  const char* why = archive_error_string(a);
  return Error{ErrorCode::kParse, where + " could not be read: " + (why ? why : "unknown error")};
}

}  // namespace

Result<std::string> read_package_file(const FetchedDocument& archive, std::string_view path) {
  std::string want(path);
  while (want.rfind("./", 0) == 0) {
    want.erase(0, 2);
  }
  const std::string where = archive.url + "/" + want;
  std::string body;
  Status read = Ok{};
  bool found = false;
  std::vector<std::string> names;  // for the error when the path is not there
  Status walked = each_file(archive, archive.url,
                            [&](const std::string& p, std::uint64_t size, struct archive* a) {
                              if (p != want) {
                                if (names.size() < 100'000) {
                                  names.push_back(p);
                                }
                                return true;
                              }
                              found = true;
                              read = read_whole(a, where, size, body);
                              return false;
                            });
  if (!walked.ok()) {
    return walked.error();
  }
  if (!read.ok()) {
    return read.error();
  }
  if (!found) {
    std::string near;
    for (const auto& n : nearest(want, names, kNearestShown)) {
      near += (near.empty() ? "" : ", ") + n;
    }
    return Error{ErrorCode::kNotFound, "no file " + want + " in " + archive.url +
                                           (near.empty() ? "" : " (nearest: " + near + ")")};
  }
  return body;
}

Result<std::vector<PackageSpecFile>> list_package_specs(const FetchedDocument& archive) {
  std::vector<PackageSpecFile> out;
  Status walked = each_file(
      archive, archive.url, [&](const std::string& p, std::uint64_t size, struct archive* a) {
        const bool sdl = detail::is_graphql_document(p, "");
        std::string body;
        if (detail::is_typescript_path(p)) {
          // graphql-codegen's `type Query` may sit anywhere in a declaration file: read it whole
          // (one entry at a time, under the per-entry cap).
          if (read_whole(a, archive.url + "/" + p, size, body).ok() &&
              detail::is_graphql_codegen_ts(p, body)) {
            PackageSpecFile file;
            file.path = p;
            file.bytes = size;
            out.push_back(std::move(file));
          }
          return true;
        }
        if (!sdl && detail::classify_entry(p) != detail::EntryRole::kSpecCandidate) {
          return true;
        }
        if (!detail::peek_entry_data(a, body, kSpecPeekBytes)) {
          return true;
        }
        const std::string_view head = std::string_view(body).substr(0, kSpecPeekBytes);
        if (!sdl && !is_openapi(head) && !detail::is_graphql_document(p, head)) {
          return true;  // not a spec: the rest of the entry is skipped unread
        }
        PackageSpecFile file;
        file.path = p;
        file.bytes = size;
        std::string where = archive.url + "/" + p;
        if (read_whole(a, where, size, body).ok()) {
          describe(body, file);
        }
        out.push_back(std::move(file));
        return true;
      });
  if (!walked.ok()) {
    return walked.error();
  }
  return out;
}

}  // namespace om::extract
