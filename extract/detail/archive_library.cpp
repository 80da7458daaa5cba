// libarchive, loaded when the first SDK package is read, not when the process starts: a run
// without --sdk never maps it and what it pulls in (libxml2, ICU, lzma, zstd, lz4, bzip2, acl,
// nettle) and the resident memory they cost (bench/RESULTS.md). The libarchive functions om_extract
// calls are defined here with C linkage, as <archive.h> declares them, and forward to the real
// ones, resolved once from OM_ARCHIVE_SONAME (the soname CMake found). If the library cannot be
// loaded, archive_read_new() returns nullptr and the package is reported unreadable with
// sdk_archive_error() naming the library.
#include <archive.h>
#include <archive_entry.h>

#include "core/shared_library.h"
#include "extract/detail/sdk_archive.h"

#ifndef OM_ARCHIVE_SONAME
#error "OM_ARCHIVE_SONAME (e.g. \"libarchive.so.13\") is set by extract/CMakeLists.txt"
#endif

namespace om::extract::detail {
namespace {

SharedLibrary& library() {
  static SharedLibrary archive(OM_ARCHIVE_SONAME,
                               "reading SDK packages (Debian package libarchive13)");
  return archive;
}

}  // namespace

std::string archive_library_error() {
  return library().load_error();
}

}  // namespace om::extract::detail

using om::extract::detail::library;

extern "C" {

archive* archive_read_new() {
  static const auto fn = library().function<archive* (*)()>("archive_read_new");
  return fn != nullptr ? fn() : nullptr;
}

int archive_read_free(archive* a) {
  static const auto fn = library().function<int (*)(archive*)>("archive_read_free");
  return fn != nullptr ? fn(a) : ARCHIVE_FATAL;
}

int archive_read_support_filter_gzip(archive* a) {
  static const auto fn = library().function<int (*)(archive*)>("archive_read_support_filter_gzip");
  return fn != nullptr ? fn(a) : ARCHIVE_FATAL;
}

int archive_read_support_filter_bzip2(archive* a) {
  static const auto fn = library().function<int (*)(archive*)>("archive_read_support_filter_bzip2");
  return fn != nullptr ? fn(a) : ARCHIVE_FATAL;
}

int archive_read_support_filter_xz(archive* a) {
  static const auto fn = library().function<int (*)(archive*)>("archive_read_support_filter_xz");
  return fn != nullptr ? fn(a) : ARCHIVE_FATAL;
}

int archive_read_support_format_tar(archive* a) {
  static const auto fn = library().function<int (*)(archive*)>("archive_read_support_format_tar");
  return fn != nullptr ? fn(a) : ARCHIVE_FATAL;
}

int archive_read_support_format_zip_seekable(archive* a) {
  static const auto fn =
      library().function<int (*)(archive*)>("archive_read_support_format_zip_seekable");
  return fn != nullptr ? fn(a) : ARCHIVE_FATAL;
}

int archive_read_open_memory(archive* a, const void* buff, size_t size) {
  static const auto fn =
      library().function<int (*)(archive*, const void*, size_t)>("archive_read_open_memory");
  return fn != nullptr ? fn(a, buff, size) : ARCHIVE_FATAL;
}

int archive_read_next_header(archive* a, archive_entry** entry) {
  static const auto fn =
      library().function<int (*)(archive*, archive_entry**)>("archive_read_next_header");
  return fn != nullptr ? fn(a, entry) : ARCHIVE_FATAL;
}

int archive_read_data_block(archive* a, const void** buff, size_t* size, la_int64_t* offset) {
  static const auto fn = library().function<int (*)(archive*, const void**, size_t*, la_int64_t*)>(
      "archive_read_data_block");
  return fn != nullptr ? fn(a, buff, size, offset) : ARCHIVE_FATAL;
}

const char* archive_error_string(archive* a) {
  static const auto fn = library().function<const char* (*)(archive*)>("archive_error_string");
  return fn != nullptr ? fn(a) : nullptr;
}

la_int64_t archive_filter_bytes(archive* a, int n) {
  static const auto fn = library().function<la_int64_t (*)(archive*, int)>("archive_filter_bytes");
  return fn != nullptr ? fn(a, n) : -1;
}

int archive_format(archive* a) {
  static const auto fn = library().function<int (*)(archive*)>("archive_format");
  return fn != nullptr ? fn(a) : 0;
}

__LA_MODE_T archive_entry_filetype(archive_entry* entry) {
  static const auto fn =
      library().function<__LA_MODE_T (*)(archive_entry*)>("archive_entry_filetype");
  return fn != nullptr ? fn(entry) : 0;
}

const char* archive_entry_pathname(archive_entry* entry) {
  static const auto fn =
      library().function<const char* (*)(archive_entry*)>("archive_entry_pathname");
  return fn != nullptr ? fn(entry) : nullptr;
}

const char* archive_entry_pathname_utf8(archive_entry* entry) {
  static const auto fn =
      library().function<const char* (*)(archive_entry*)>("archive_entry_pathname_utf8");
  return fn != nullptr ? fn(entry) : nullptr;
}

la_int64_t archive_entry_size(archive_entry* entry) {
  static const auto fn = library().function<la_int64_t (*)(archive_entry*)>("archive_entry_size");
  return fn != nullptr ? fn(entry) : 0;
}

int archive_entry_size_is_set(archive_entry* entry) {
  static const auto fn = library().function<int (*)(archive_entry*)>("archive_entry_size_is_set");
  return fn != nullptr ? fn(entry) : 0;
}

}  // extern "C"
