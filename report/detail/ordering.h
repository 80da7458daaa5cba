// Internals shared by research_json and render_markdown: one deterministic order for every list,
// document rows for every cited URL, URL normalisation and UTC time formatting.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.h"

namespace om::report::detail {

/// Lower-cases scheme and host, drops a default port, a fragment and a trailing slash.
[[nodiscard]] std::string normalize_url(std::string_view url);

/// `research` with every list sorted (see research_json) and `documents` sorted by URL, with a
/// row added for each evidence URL no document has. Pass an rvalue to sort without a copy.
[[nodiscard]] Research sorted_research(Research research);

/// Evidence URL -> index into a document list (exact URL first, then normalised).
class DocIndex {
 public:
  explicit DocIndex(const std::vector<DocumentRecord>& documents);
  /// -1 when no document has this URL.
  [[nodiscard]] int find(const std::string& url) const;

 private:
  std::unordered_map<std::string, int> exact_;
  std::unordered_map<std::string, int> normalized_;
};

/// "2024-05-01T12:00:00Z", or "" for the epoch (unknown).
[[nodiscard]] std::string iso8601_utc(Clock::time_point t);

}  // namespace om::report::detail
