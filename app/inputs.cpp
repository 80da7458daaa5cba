// Reads command-line paths into FetchedDocument values; errors name the path.
#include "app/inputs.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <sys/mman.h>

#include "core/c_handle.h"
#include "core/text.h"

namespace om::app {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxLocalBytes = 512ULL * 1024 * 1024;
constexpr std::size_t kReadPadding = 64;  // simdjson::SIMDJSON_PADDING

/// Asks for transparent huge pages over the 2 MiB-aligned part of a big buffer before it is first
/// touched: one fault per 2 MiB instead of per 4 KiB page (faults dominate reading a big spec).
void advise_huge_pages(char* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) {
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice only
  }
#else
  (void)data;
  (void)bytes;
#endif
}

Result<FetchedDocument> read_one(const fs::path& path, const std::string& cite,
                                 const SourceId& source, const std::string& found_via) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    return Error{ErrorCode::kNotFound, "cannot read " + cite + ": " + ec.message()};
  }
  if (size > kMaxLocalBytes) {
    return Error{ErrorCode::kLimit, cite + " is larger than 512 MiB"};
  }
  CHandle<std::FILE, std::fclose> in(std::fopen(path.c_str(), "rb"));
  if (!in) {
    return Error{ErrorCode::kNotFound, "cannot open " + cite};
  }
  FetchedDocument doc;
  doc.source = source;
  doc.url = cite;
  doc.final_url = cite;
  // Spare zeroed bytes past the end let the JSON spec parser (simdjson) read the body in place
  // instead of copying it into a padded buffer: tens of MB less to touch for a big spec.
  doc.body.reserve(static_cast<std::size_t>(size) + kReadPadding);
  advise_huge_pages(doc.body.data(), doc.body.capacity());
  doc.body.resize(static_cast<std::size_t>(size) + kReadPadding);
  doc.body.resize(static_cast<std::size_t>(size));
  std::size_t got = std::fread(doc.body.data(), 1, doc.body.size(), in.get());
  if (got != size) {
    return Error{ErrorCode::kNotFound, "short read of " + cite};
  }
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
                                                const std::string& found_via) {
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
  for (const auto& f : files) {
    auto doc = read_one(f, f.string(), source, found_via + " (folder " + path_text + ")");
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
