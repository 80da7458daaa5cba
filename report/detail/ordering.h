// Internals shared by research_json and render_markdown: one deterministic order for every list,
// document rows for every cited URL, URL normalisation and UTC time formatting.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.h"

namespace om::report::detail {

/// The key two citations of one document share: scheme and host lower-cased, a default port, a
/// fragment and trailing slashes dropped. Any text (a local path too), unlike core/url.h's
/// normalize_url, which parses http(s) URLs only.
[[nodiscard]] std::string url_match_key(std::string_view url);

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
