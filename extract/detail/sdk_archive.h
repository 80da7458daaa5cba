// SDK and spec packages (.tgz, .whl, .zip, .tar.gz sdists) read in memory with libarchive:
// limits, the entry classification and the extractor entry point with explicit limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <archive.h>

#include "core/c_handle.h"
#include "core/types.h"

namespace om::extract::detail {

using ArchiveReader = CHandle<archive, archive_read_free>;

/// A reader over an archive held in memory (tar, tgz, tar.bz2, tar.xz or zip; only in-process
/// decoders); nullptr when the library is missing or the bytes are not such an archive.
[[nodiscard]] ArchiveReader open_archive(std::string_view bytes);

/// The path stored for `entry` (its UTF-8 form when the archive has one); "" when it has none.
[[nodiscard]] std::string_view entry_pathname(archive_entry* entry);
/// The entry's declared size in bytes (0 when the archive does not say).
[[nodiscard]] std::uint64_t entry_size(archive_entry* entry);
/// Whether the archive wraps its files in one top folder that citations leave out: tarballs
/// (npm's "package/", an sdist's "<name>-<version>/"). Known once the first header is read.
[[nodiscard]] bool wraps_in_top_folder(archive* a);

enum class ReadOutcome { kOk, kTooBig, kError };

/// Appends the rest of the current entry to `out`; stops once it would pass `cap` bytes.
ReadOutcome read_entry_data(archive* a, std::string& out, std::uint64_t cap);
/// Reads whole blocks of the current entry into `out` until it holds at least `at_least` bytes
/// or the entry ends; read_entry_data() may then read on. False on a read error.
bool peek_entry_data(archive* a, std::string& out, std::size_t at_least);

/// Bounds on what one archive may cost. Exceeding a per-entry bound skips that entry (a gap is
/// recorded); exceeding an archive-wide bound stops reading (a gap is recorded, facts kept).
struct ArchiveLimits {
  std::size_t max_entries = 20'000;
  std::uint64_t max_entry_bytes = 64ULL << 20;   // per entry, inflated
  std::uint64_t max_total_bytes = 512ULL << 20;  // whole archive, inflated (skipped ones too)
  std::size_t max_path_bytes = 1024;
  std::uint64_t max_source_bytes = 2ULL << 20;  // one .js/.ts/.py file analysed
  std::uint64_t max_all_source_bytes = 64ULL << 20;
  std::size_t max_line_bytes = 2'000;  // longer lines (minified bundles) are skipped
};

/// What an archive entry is to us, from its path inside the package.
enum class EntryRole {
  kSkip,
  kNpmManifest,
  kPythonMetadata,
  kPyproject,
  kSource,
  kSpecCandidate,
  kReadme
};

/// Why libarchive (opened on first use, archive_library.cpp) cannot be loaded; "" when it can.
[[nodiscard]] std::string archive_library_error();

/// The role of `path` (already stripped of the tarball's top folder, see package_path).
[[nodiscard]] EntryRole classify_entry(std::string_view path);

/// The path as cited: tarballs (npm, sdists) wrap everything in one folder ("package/"), which
/// npm strips; wheels and zips are cited as stored.
[[nodiscard]] std::string package_path(std::string_view stored_path, bool strip_top_folder);

/// Reads the package in memory and extracts SDK facts plus the facts of any spec inside it.
[[nodiscard]] Extraction extract_sdk_archive(const FetchedDocument& doc,
                                             const ArchiveLimits& limits);

}  // namespace om::extract::detail
