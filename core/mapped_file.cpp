// MappedFile: mmap(2) read-only and private; release() is madvise(MADV_DONTNEED), which for such
// a mapping unmaps the pages without losing their contents (they come back from the file).
#include "core/mapped_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace om {

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string& path,
                                                           const std::string& cite) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // NOLINT(*-vararg)
  if (fd < 0) {
    return Error{ErrorCode::kNotFound,
                 "cannot open " + cite + ": " + std::generic_category().message(errno)};
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::kNotFound, "cannot read " + cite + ": not a regular file"};
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  void* data = nullptr;
  if (size > 0) {
    data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  if (data == MAP_FAILED) {
    const int mmap_errno = errno;
    ::close(fd);
    return Error{ErrorCode::kNotFound,
                 "cannot map " + cite + ": " + std::generic_category().message(mmap_errno)};
  }
  // The constructor is private: make_shared cannot reach it.
  return std::shared_ptr<const MappedFile>(
      new MappedFile(fd, static_cast<const char*>(data), size));
}

MappedFile::~MappedFile() {
  if (size_ > 0) {
    ::munmap(const_cast<char*>(data_), size_);  // NOLINT(*-const-cast): mmap's own pointer
  }
  ::close(fd_);
}

std::string MappedFile::read(std::size_t offset, std::size_t size) const {
  std::string out;
  read_into(offset, size, out);
  return out;
}

void MappedFile::read_into(std::size_t offset, std::size_t size, std::string& out) const {
  out.clear();
  if (offset >= size_) {
    return;
  }
  out.resize(std::min(size, size_ - offset));
  std::size_t got = 0;
  while (got < out.size()) {
    const ::ssize_t n =
        ::pread(fd_, out.data() + got, out.size() - got, static_cast<::off_t>(offset + got));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
}

bool MappedFile::clamp(std::string_view part, std::uintptr_t& from, std::uintptr_t& to) const {
  const auto base = reinterpret_cast<std::uintptr_t>(data_);
  from = std::max(reinterpret_cast<std::uintptr_t>(part.data()), base);
  to = std::min(reinterpret_cast<std::uintptr_t>(part.data()) + part.size(), base + size_);
  return size_ > 0 && from < to;
}

void MappedFile::release(std::string_view part) const {
  std::uintptr_t from = 0;
  std::uintptr_t to = 0;
  if (!clamp(part, from, to)) {
    return;
  }
  const auto base = reinterpret_cast<std::uintptr_t>(data_);
  // A fault on one page maps its neighbours too (Linux "fault-around", 64 KiB by default): a
  // release rounds out to 64 KiB so that no page mapped around a part's edges stays behind.
  // Dropping a page still in use costs a fault when it is read next, nothing more.
  constexpr std::uintptr_t kAround = std::uintptr_t{64} << 10;
  from = std::max(from & ~(kAround - 1), base);  // mmap() returned a page boundary
  to = std::min((to + kAround - 1) & ~(kAround - 1), base + size_);
  // Advice only: a failure leaves the pages resident, which is harmless.
  ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);  // NOLINT(*-int-to-ptr)
}

void MappedFile::prefetch(std::string_view part) const {
#ifdef MADV_POPULATE_READ
  std::uintptr_t from = 0;
  std::uintptr_t to = 0;
  if (!clamp(part, from, to)) {
    return;
  }
  static const auto kPage = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  from &= ~(kPage - 1);
  ::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_READ);  // NOLINT(*-int-to-ptr)
#else
  (void)part;
#endif
}

}  // namespace om
