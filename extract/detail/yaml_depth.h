// A linear pre-scan of YAML flow nesting: libfyaml's scanner reads a flow collection to its end
// before its first event (a `[` may start a simple key), so the tree's depth limit would fire only
// after the whole input was tokenised, at hundreds of bytes per bracket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace om::extract::detail {

struct FlowDepth {
  std::uint32_t max_depth = 0;  // the deepest flow nesting seen (up to the limit + 1)
  std::size_t line = 0;         // 1-based line where it passed the limit; 0 if it did not
};

/// The flow-collection nesting of `yaml`, scanning until it passes `limit`. A `[` or `{` opens a
/// flow collection where a node may start (line start, after "- ", ": ", "? ") or inside one;
/// quoted scalars and comments are skipped. It may over-count brackets in block scalar text that
/// starts a line with `[`, never under-count real nesting.
[[nodiscard]] FlowDepth scan_flow_depth(std::string_view yaml, std::uint32_t limit);

}  // namespace om::extract::detail
