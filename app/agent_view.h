// Parts of the Research JSON sized for an agent (DESIGN.md, the `mcp` line): a summary first
// (counts, gaps one line each), then the facts asked for with their evidence cut short, and the
// documents they cite listed compactly; long lists are paged with limit/cursor, and `detail`
// returns one fact or document whole. The CLI's `lookup --json` keeps the full Research JSON.
#pragma once

#include <cstddef>
#include <string>

#include "core/json.h"
#include "core/result.h"

namespace om::app {

/// Cap on one tool result (characters of its JSON text), with a margin under the 20,000 of the
/// contract: a client writing the structured content again may spell numbers longer (a bm25
/// rank of -1.2e-06 is -0.0000012 in JavaScript).
inline constexpr std::size_t kAgentResultChars = 19000;

struct ViewRequest {
  /// auth|pagination|entities|endpoints|rate-limits|sdks|base-urls|gaps|documents|all.
  std::string topic = "all";
  int limit = 25;      // items per page
  std::string cursor;  // from a previous page's next_cursor; "" = the first page
  std::string detail;  // "auth/0", "endpoints/12", "documents/3": that item whole
  std::size_t max_chars = kAgentResultChars;
};

/// The view of `research` (a Research JSON object). Errors: a cursor or detail that names
/// nothing (the message says what is valid).
[[nodiscard]] Result<Json> agent_view(const Json& research, const ViewRequest& request);

/// Cuts a JSON object's largest array from the end until its text fits `max_chars`, noting how
/// many items were left out under "truncated"; other values are left alone.
[[nodiscard]] Json fit_to_size(Json value, std::size_t max_chars);

}  // namespace om::app
