// A file mapped read-only: its bytes read like a string's, but they are the kernel's page cache
// rather than a copy, and parts already read can be dropped from this process's resident memory
// (release()) and are read back on their next access. A spec read into a string stays resident
// whole while its tree is built; mapped, the JSON reader holds only a window of it.
// The file must not be truncated while mapped: reading a page past its new end is a SIGBUS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace om {

class MappedFile {
 public:
  /// Maps the regular file at `path`; errors name `cite`. An empty file maps nothing.
  static Result<std::shared_ptr<const MappedFile>> open(const std::string& path,
                                                        const std::string& cite);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&&) = delete;
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile();

  [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }
  /// Drops the pages holding `part` (a view into bytes()) from resident memory. The bytes stay
  /// readable: the mapping is private and never written, so a page is read back from the page
  /// cache when next touched. Parts outside bytes() are ignored.
  void release(std::string_view part) const;
  /// Maps the pages holding `part` in one call ahead of a sequential read (MADV_POPULATE_READ,
  /// Linux 5.14; advice only): one system call instead of a fault per 64 KiB.
  void prefetch(std::string_view part) const;
  /// A copy of at most `size` bytes from `offset`, read from the file (pread), not through the
  /// mapping: a few bytes here and there (quotes) map no pages. Short when the file has less.
  [[nodiscard]] std::string read(std::size_t offset, std::size_t size) const;
  /// read() into `out`, reusing its storage.
  void read_into(std::size_t offset, std::size_t size, std::string& out) const;

 private:
  /// The addresses of `part` inside the mapping, [from, to); false when none are.
  bool clamp(std::string_view part, std::uintptr_t& from, std::uintptr_t& to) const;

  MappedFile(int fd, const char* data, std::size_t size) : fd_(fd), data_(data), size_(size) {}
  int fd_;  // kept open for read()
  const char* data_;
  std::size_t size_;
};

}  // namespace om
