// One-line RAII aliases for C handles (curl, sqlite, libarchive, cmark-gfm, libfyaml).
#pragma once

#include <memory>

namespace om {

template <auto F>
struct CallRelease {
  template <class T>
  void operator()(T* p) const noexcept {
    F(p);
  }
};
template <class T, auto F>
using CHandle = std::unique_ptr<T, CallRelease<F>>;

}  // namespace om
