// SourceStates: a source's cached states in a few blocks of text, a flat table and an
// open-addressing index by URL (linear probing over a power-of-two table at most half full).
#include "store/source_states.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace om::store {

namespace {

constexpr std::size_t kBlockBytes = std::size_t{64} << 10;

std::size_t hash_of(std::string_view url) {
  return std::hash<std::string_view>{}(url);
}

}  // namespace

std::string_view SourceStates::keep(std::string_view text) {
  if (text.empty()) {
    return {};
  }
  if (blocks_.empty() || block_size_ - block_used_ < text.size()) {
    block_size_ = std::max(kBlockBytes, text.size());
    blocks_.push_back(std::make_unique<char[]>(block_size_));
    block_used_ = 0;
  }
  char* at = blocks_.back().get() + block_used_;
  std::memcpy(at, text.data(), text.size());
  block_used_ += text.size();
  return {at, text.size()};
}

void SourceStates::add(const State& state) {
  State kept = state;
  kept.url = keep(state.url);
  kept.etag = keep(state.etag);
  kept.last_modified = keep(state.last_modified);
  kept.content_type = keep(state.content_type);
  kept.error = keep(state.error);
  kept.found_via = keep(state.found_via);
  states_.push_back(kept);
}

void SourceStates::build() {
  std::size_t capacity = 16;
  while (capacity < 2 * states_.size()) {
    capacity *= 2;
  }
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::size_t i = 0; i < states_.size(); ++i) {
    for (std::size_t at = hash_of(states_[i].url) & mask;; at = (at + 1) & mask) {
      if (slots_[at] == 0) {
        slots_[at] = static_cast<std::uint32_t>(i + 1);
        break;
      }
      if (states_[slots_[at] - 1].url == states_[i].url) {
        break;  // a duplicate URL: the first one stays
      }
    }
  }
}

const SourceStates::State* SourceStates::find(std::string_view url) const {
  if (slots_.empty()) {
    return nullptr;
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash_of(url) & mask; slots_[at] != 0; at = (at + 1) & mask) {
    const State& candidate = states_[slots_[at] - 1];
    if (candidate.url == url) {
      return &candidate;
    }
  }
  return nullptr;
}

}  // namespace om::store
