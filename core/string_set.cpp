#include "core/string_set.h"

#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

namespace om {
namespace {

constexpr std::size_t kFirstCapacity = 64;

}  // namespace

std::uint64_t StringSet::hash_of(std::string_view key) {
  const std::uint64_t hash = std::hash<std::string_view>{}(key);
  return hash == 0 ? 1 : hash;
}

std::size_t StringSet::find(std::string_view key, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {  // never full: grow() keeps it half
    const Slot& slot = slots_[i];
    if (slot.hash == 0 ||
        (slot.hash == hash && std::string_view(bytes_).substr(slot.offset, slot.length) == key)) {
      return i;
    }
  }
}

bool StringSet::contains(std::string_view key) const {
  return !slots_.empty() && slots_[find(key, hash_of(key))].hash != 0;
}

bool StringSet::insert(std::string_view key) {
  if ((size_ + 1) * 2 > slots_.size()) {
    grow();
  }
  const std::uint64_t hash = hash_of(key);
  Slot& slot = slots_[find(key, hash)];
  if (slot.hash != 0) {
    return false;
  }
  if (bytes_.size() + key.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("StringSet: more than 4 GiB of keys");
  }
  slot =
      Slot{hash, static_cast<std::uint32_t>(bytes_.size()), static_cast<std::uint32_t>(key.size())};
  bytes_.append(key);
  ++size_;
  return true;
}

void StringSet::grow() {
  std::vector<Slot> old =
      std::exchange(slots_, std::vector<Slot>(slots_.empty() ? kFirstCapacity : slots_.size() * 2));
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) {
      continue;
    }
    std::size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) {
      i = (i + 1) & mask;
    }
    slots_[i] = slot;
  }
}

}  // namespace om
