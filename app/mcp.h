// `om-research mcp`: a Model Context Protocol server on stdio (JSON-RPC 2.0, one message per line;
// MCP 2024-11-05 to 2025-11-25) exposing the tools research, lookup, search and sources.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"

namespace om::app {

/// Reports progress of a long tool call: `progress` must grow; `total` <= 0 means unknown.
/// Sends `notifications/progress` only when the request carried `_meta.progressToken`.
using ProgressFn = std::function<void(double progress, double total, std::string_view message)>;

/// What a running tool call can ask of the server. Both may be called from any thread.
struct ToolCall {
  /// Reports progress (see ProgressFn); the server also repeats the last message every second
  /// while a long call runs, so a client's timeout that resets on progress keeps waiting.
  ProgressFn progress;
  /// True once the client sent notifications/cancelled for this request (or the server stops):
  /// the tool should return what it has, marked partial, within a second.
  std::function<bool()> cancelled;
};

/// A tool's work: `args` were validated against the tool's input schema. The result's text content
/// is the Json value dumped (a Json string is sent as is); an object is also sent as
/// structuredContent from protocol 2025-06-18 on. An Error becomes a result with isError: true
/// whose text is the error message.
using McpToolFn = std::function<Result<Json>(const Json& args, const ToolCall& call)>;

/// Callbacks the app wires to the pipeline; a tool whose callback is empty is not listed.
struct McpTools {
  McpToolFn research;  // args: source, spec[], docs[], sdk[], service_type, offline, refresh
  McpToolFn
      lookup;  // args: source, topic (auth|pagination|entities|endpoints|rate-limits|sdks|all)
  McpToolFn search;   // args: source, query, limit
  McpToolFn sources;  // args: name (optional)
  std::string server_version = "0.1.0";
};

/// Serves MCP until `in` ends: reads newline-delimited JSON-RPC messages, writes one line per
/// response or notification to `out` (flushed, one writer at a time). Long tools (research) run
/// on a thread of their own, so ping and the read-only tools are answered meanwhile; at the end of
/// input the calls still running finish and are answered. Returns 0 at end of input, 1 if `out`
/// failed.
int run_mcp_server(std::istream& in, std::ostream& out, const McpTools& tools);

/// The `tools` array of a tools/list result for these callbacks (names, descriptions, schemas).
[[nodiscard]] Json mcp_tool_list(const McpTools& tools);

}  // namespace om::app
