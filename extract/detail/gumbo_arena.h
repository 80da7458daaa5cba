// GumboArena: the memory of one gumbo parse (html.cpp), served from blocks kept by the thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace om::extract::detail {

// gumbo allocates every node, string and vector through its options' allocator. An arena (one
// a thread) serves them by bumping a pointer and drops them all at once after the walk, instead
// of one malloc and one free each (gumbo's own teardown frees the tree node by node). Its blocks
// are kept for the thread's next page up to kKeptBytes, so a usual page maps no new memory.
class GumboArena {
 public:
  static void* allocate(void* arena, std::size_t size) {
    return static_cast<GumboArena*>(arena)->take(size);
  }
  static void release(void* /*arena*/, void* /*ptr*/) {}  // freed with the whole arena

  /// Forgets every allocation; keeps the first blocks for reuse, up to kKeptBytes.
  void reset() {
    std::size_t kept = 0;
    std::size_t n = 0;
    while (n < blocks_.size() && kept + blocks_[n].size() <= kKeptBytes) {
      kept += blocks_[n].size();
      ++n;
    }
    blocks_.resize(n);
    current_ = 0;
    used_ = 0;
  }

 private:
  static constexpr std::size_t kBlockBytes = std::size_t{256} << 10;
  static constexpr std::size_t kKeptBytes = std::size_t{4} << 20;
  static constexpr std::size_t kAlign = alignof(std::max_align_t);

  void* take(std::size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    while (current_ < blocks_.size() && used_ + size > blocks_[current_].size()) {
      ++current_;  // a kept block too small for this request is skipped for this page
      used_ = 0;
    }
    if (current_ == blocks_.size()) {
      // operator new (under the vector) aligns for any object of the block's size.
      blocks_.emplace_back(std::max(size, kBlockBytes));
      used_ = 0;
    }
    void* out = blocks_[current_].data() + used_;
    used_ += size;
    return out;
  }

  std::vector<std::vector<std::byte>> blocks_;
  std::size_t current_ = 0;  // the block being filled
  std::size_t used_ = 0;     // bytes taken from blocks_[current_]
};

}  // namespace om::extract::detail
