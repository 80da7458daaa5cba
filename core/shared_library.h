// A shared library opened on first use (dlopen), so a run that never needs it never maps it:
// libcurl (the crawler) and libarchive (SDK packages) with their dependencies cost resident
// memory and start-up time (bench/RESULTS.md) that an offline spec run does not need.
// The functions of such a library are defined by a small forwarding file (C linkage, as the
// library's header declares them) that asks symbol() once per function.
#pragma once

#include <mutex>
#include <string>

#include "core/result.h"

namespace om {

class SharedLibrary {
 public:
  /// `soname`: e.g. "libcurl.so.4"; `needed_for`: what the error says it is needed for.
  SharedLibrary(std::string soname, std::string needed_for)
      : soname_(std::move(soname)), needed_for_(std::move(needed_for)) {}
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  SharedLibrary(SharedLibrary&&) = delete;
  SharedLibrary& operator=(SharedLibrary&&) = delete;
  ~SharedLibrary() = default;  // never closed: libraries keep global state until exit

  /// Opens the library once (thread-safe); the error names it, why, and what needs it.
  Status load();
  /// Why the library cannot be loaded (trying once); "" when it can.
  [[nodiscard]] std::string load_error();
  /// The address of `name` (loading the library first), or nullptr if it cannot be had.
  [[nodiscard]] void* symbol(const char* name);
  /// The function `name` as a `Fn`, or nullptr. POSIX: a dlsym() result converts to a function
  /// pointer.
  template <class Fn>
  [[nodiscard]] Fn function(const char* name) {
    return reinterpret_cast<Fn>(symbol(name));
  }

 private:
  std::string soname_, needed_for_;
  std::once_flag once_;
  void* handle_ = nullptr;
  std::string error_;
};

}  // namespace om
