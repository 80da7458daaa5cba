// Reads command-line paths into FetchedDocument values; errors name the path.
#include "app/inputs.h"

#include <algorithm>
#include <filesystem>

#include "core/mapped_file.h"
#include "core/text.h"

namespace om::app {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxLocalBytes = 512ULL * 1024 * 1024;

Result<FetchedDocument> read_one(const fs::path& path, const std::string& cite,
                                 const SourceId& source, const FoundVia& found_via) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    return Error{ErrorCode::kNotFound, "cannot read " + cite + ": " + ec.message()};
  }
  if (size > kMaxLocalBytes) {
    return Error{ErrorCode::kLimit, cite + " is larger than 512 MiB"};
  }
  // Mapped, not read: the JSON reader releases what it has read and the other passes (digest,
  // cache write) pread parts, so a big spec is never resident whole next to its tree.
  auto mapped = MappedFile::open(path.string(), cite);
  if (!mapped.ok()) {
    return mapped.error();
  }
  FetchedDocument doc;
  doc.source = source;
  doc.url = cite;
  doc.final_url = cite;
  doc.mapped = std::move(mapped.value());
  doc.http_status = 200;
  doc.found_via = found_via;
  doc.fetched_at = Clock::now();
  return doc;
}

bool is_doc_file(const fs::path& p) {
  std::string ext = to_lower(p.extension().string());
  return ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm" || ext == ".mdx";
}

}  // namespace

bool is_remote(const std::string& input) {
  std::string lower = to_lower(input.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

bool is_package_id(const std::string& input) {
  return input.rfind("npm:", 0) == 0 || input.rfind("pypi:", 0) == 0;
}

Result<std::vector<FetchedDocument>> read_local(const std::string& input, const SourceId& source,
                                                const FoundVia& found_via) {
  std::string path_text = input.rfind("file://", 0) == 0 ? input.substr(7) : input;
  fs::path path(path_text);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return Error{ErrorCode::kNotFound, "no such file or folder: " + input};
  }
  std::vector<FetchedDocument> docs;
  if (!fs::is_directory(path, ec)) {
    auto doc = read_one(path, path_text, source, found_via);
    if (!doc.ok()) {
      return doc.error();
    }
    docs.push_back(std::move(doc.value()));
    return docs;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && is_doc_file(it->path())) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  FoundVia in_folder = found_via;
  in_folder.detail += " (folder " + path_text + ")";
  for (const auto& f : files) {
    auto doc = read_one(f, f.string(), source, in_folder);
    if (!doc.ok()) {
      return doc.error();
    }
    docs.push_back(std::move(doc.value()));
  }
  if (docs.empty()) {
    return Error{ErrorCode::kNotFound, "no .md or .html files under " + input};
  }
  return docs;
}

}  // namespace om::app
