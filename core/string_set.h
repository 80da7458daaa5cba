// StringSet: an insert-only set of strings for the crawl's seen URLs. Keys are copied into one
// buffer and found through an open-addressing table of {hash, offset, length}: a lookup is a
// hash, usually one probe in a table that stays in cache, and one comparison with the key's
// bytes. std::unordered_set<std::string> chased a bucket, a node and the string's own buffer and
// divided by a prime on every lookup, a visible share of a large refresh, which looks up each
// page's kept links (perf, bench/RESULTS.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace om {

class StringSet {
 public:
  /// Adds `key`; false if it was already there.
  bool insert(std::string_view key);
  [[nodiscard]] bool contains(std::string_view key) const;
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty (a key's hash of 0 is stored as 1)
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  static std::uint64_t hash_of(std::string_view key);
  /// The slot holding `key`, or the empty slot where it would go.
  [[nodiscard]] std::size_t find(std::string_view key, std::uint64_t hash) const;
  void grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::string bytes_;        // every key, one after another
  std::size_t size_ = 0;
};

}  // namespace om
