// store: SourceStates, the compact table of a source's cached states a crawl reads at its start
// (Repository::source_states()). Included by store.h, the module's public header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace om::store {

/// What a crawl asks its cache about each of a source's documents, read in one query
/// (Repository::source_states()) and held compactly: the text of every state in a few blocks,
/// a flat table in stored order and an open-addressing index by URL. A map of StoredDocuments
/// cost ~8 allocations per document.
class SourceStates {
 public:
  struct State {
    std::string_view url;
    std::string_view etag;
    std::string_view last_modified;
    std::string_view content_type;
    std::string_view error;
    std::string_view found_via;
    Clock::time_point fetched_at{};
    std::int64_t row = 0;  // for Repository::links()
    int status = 0;
    DocKind kind = DocKind::kOther;
    int depth = 0;  // FetchedDocument::depth
  };

  /// The state of `url`; nullptr if the cache has none. Valid while this object lives.
  [[nodiscard]] const State* find(std::string_view url) const;
  /// Every state, in the order the documents were stored (a crawl's).
  [[nodiscard]] const std::vector<State>& in_stored_order() const { return states_; }
  [[nodiscard]] std::size_t size() const { return states_.size(); }

  /// Adds a state, copying its text (a later duplicate URL is found second; build() keeps the
  /// first). Then build() makes find() work.
  void add(const State& state);
  void build();

 private:
  std::string_view keep(std::string_view text);
  std::vector<std::unique_ptr<char[]>> blocks_;  // text; never moved, so the views stay valid
  std::size_t block_used_ = 0, block_size_ = 0;
  std::vector<State> states_;
  std::vector<std::uint32_t> slots_;  // index + 1 into states_; 0 = empty
};

}  // namespace om::store
