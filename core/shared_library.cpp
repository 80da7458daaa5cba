#include "core/shared_library.h"

#include <dlfcn.h>

namespace om {

Status SharedLibrary::load() {
  std::call_once(once_, [this] {
    handle_ = dlopen(soname_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      // Thread-local in glibc, and called inside call_once. NOLINTNEXTLINE(concurrency-mt-unsafe)
      const char* why = dlerror();
      error_ = "cannot load " + soname_ + " (" + (why != nullptr ? why : "unknown error") +
               "), needed for " + needed_for_;
    }
  });
  if (handle_ == nullptr) {
    return Error{ErrorCode::kConfig, error_};  // the installation, not the input
  }
  return Ok{};
}

std::string SharedLibrary::load_error() {
  Status loaded = load();
  return loaded ? std::string() : loaded.error().message;
}

void* SharedLibrary::symbol(const char* name) {
  if (!load()) {
    return nullptr;
  }
  return dlsym(handle_, name);
}

}  // namespace om
