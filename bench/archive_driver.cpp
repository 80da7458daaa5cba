// Benchmark driver (bench/archive_bench.sh): reading an SDK/spec package in memory, three ways.
//   walk  libarchive opened as extract/sdk.cpp opens it, every entry inflated block by block and
//         dropped: the same work as /work/shared/bench/tgz_list.py (the floor of our reader)
//   list  om's reader (extract_sdk_archive) with max_entry_bytes = 0: every header read and
//         classified, every entry inflated (skipping through gzip inflates), manifest, README
//         and sources analysed, every spec candidate skipped with a gap
//   full  om::extract::extract() with the default limits: the specs under the per-entry cap are
//         kept and run through the OpenAPI extractor
// The time includes reading FILE into memory. Prints one JSON line.
// usage: archive_driver FILE.tgz walk|list|full
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <archive.h>
#include <archive_entry.h>

#include "extract/detail/sdk_archive.h"
#include "extract/extract.h"

namespace {

struct Walked {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  bool ok = true;
};

// Same filters and formats as open_reader() in extract/sdk.cpp.
Walked walk(const std::string& body) {
  Walked w;
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_bzip2(a);
  archive_read_support_filter_xz(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_zip_seekable(a);
  if (archive_read_open_memory(a, body.data(), body.size()) != ARCHIVE_OK) {
    archive_read_free(a);
    return {0, 0, false};
  }
  archive_entry* entry = nullptr;
  int r = ARCHIVE_OK;
  while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    if (archive_entry_filetype(entry) != AE_IFREG) {
      continue;
    }
    ++w.files;
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    while ((r = archive_read_data_block(a, &block, &size, &offset)) == ARCHIVE_OK) {
      w.bytes += size;
    }
    if (r != ARCHIVE_EOF) {
      w.ok = false;
      break;
    }
  }
  w.ok = w.ok && r == ARCHIVE_EOF;
  archive_read_free(a);
  return w;
}

// One allocation of the file's size (no doubling, which would inflate peak RSS).
std::string read_whole(const std::filesystem::path& p) {
  std::string s(std::filesystem::file_size(p), '\0');
  std::ifstream in(p, std::ios::binary);
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::size_t fact_count(const om::Findings& f) {
  return f.base_urls.size() + f.api_versions.size() + f.auth.size() + f.pagination.size() +
         f.entities.size() + f.endpoints.size() + f.rate_limits.size() + f.sdks.size() +
         f.conflicts.size();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc == 3 ? argv[2] : "";
  if (mode != "walk" && mode != "list" && mode != "full") {
    std::fprintf(stderr, "usage: archive_driver FILE.tgz walk|list|full\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  om::FetchedDocument doc;
  doc.url = argv[1];
  doc.final_url = doc.url;
  doc.http_status = 200;
  doc.body = read_whole(argv[1]);
  Walked w;
  om::Extraction e;
  if (mode == "walk") {
    w = walk(doc.body);
  } else if (mode == "list") {
    om::extract::detail::ArchiveLimits limits;
    limits.max_entry_bytes = 0;
    e = om::extract::detail::extract_sdk_archive(doc, limits);
  } else {
    e = om::extract::extract(doc);
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& g : e.findings.gaps) {
    std::fprintf(stderr, "gap: %s\n", g.c_str());
  }
  const bool ok = mode == "walk" ? w.ok : e.error.empty();
  std::printf(
      "{\"tool\": \"archive_driver %s\", \"compressed_bytes\": %zu, \"files\": %zu, "
      "\"uncompressed_bytes\": %llu, \"parse_ms\": %.1f, \"endpoints\": %zu, \"facts\": %zu, "
      "\"gaps\": %zu, \"error\": \"%s\"}\n",
      std::string(mode).c_str(), doc.body.size(), w.files, static_cast<unsigned long long>(w.bytes),
      s * 1e3, e.findings.endpoints.size(), fact_count(e.findings), e.findings.gaps.size(),
      ok ? "" : "failed");
  return ok ? 0 : 1;
}
