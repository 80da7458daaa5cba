// Test support: builds .tgz / .zip packages in memory with libarchive's write API
// (archive_write_open_memory), including zero-filled "bomb" entries that inflate far past
// their compressed size. Used by extract/sdk_test.cpp and app/packages_test.cpp only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <archive.h>
#include <archive_entry.h>

#include "core/c_handle.h"

namespace om::extract::test_support {

struct TestEntry {
  std::string path;
  std::string content;
  std::uint64_t zero_bytes = 0;  // when > 0: that many zero bytes instead of `content`
};

enum class TestFormat { kTgz, kZip };

using ArchiveWriter = CHandle<archive, archive_write_free>;
using ArchiveEntry = CHandle<archive_entry, archive_entry_free>;

/// The archive's bytes, or "" when libarchive refused (the buffer is sized from the input).
inline std::string build_archive(const std::vector<TestEntry>& entries, TestFormat format) {
  std::uint64_t raw = 1 << 16;
  for (const TestEntry& e : entries) {
    raw += 1024 + (e.zero_bytes > 0 ? e.zero_bytes / 256 : e.content.size());
  }
  std::string buffer(static_cast<std::size_t>(raw), '\0');
  std::size_t used = 0;
  ArchiveWriter w(archive_write_new());
  if (format == TestFormat::kTgz) {
    archive_write_add_filter_gzip(w.get());
    archive_write_set_format_pax_restricted(w.get());
  } else {
    archive_write_set_format_zip(w.get());
  }
  if (archive_write_open_memory(w.get(), buffer.data(), buffer.size(), &used) != ARCHIVE_OK) {
    return {};
  }
  const std::string zeros(1 << 16, '\0');
  for (const TestEntry& e : entries) {
    ArchiveEntry entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), e.path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    std::uint64_t size = e.zero_bytes > 0 ? e.zero_bytes : e.content.size();
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    if (archive_write_header(w.get(), entry.get()) != ARCHIVE_OK) {
      return {};
    }
    if (e.zero_bytes == 0) {
      archive_write_data(w.get(), e.content.data(), e.content.size());
      continue;
    }
    for (std::uint64_t left = e.zero_bytes; left > 0;) {
      std::size_t n = left < zeros.size() ? static_cast<std::size_t>(left) : zeros.size();
      archive_write_data(w.get(), zeros.data(), n);
      left -= n;
    }
  }
  if (archive_write_close(w.get()) != ARCHIVE_OK) {
    return {};
  }
  buffer.resize(used);
  return buffer;
}

}  // namespace om::extract::test_support
