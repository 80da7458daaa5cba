// The MCP tools' input schemas and the checking of call arguments against them (app/mcp.cpp).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "app/mcp.h"
#include "core/json.h"

namespace om::app::mcp_schema {

struct ToolSpec {
  const char* name;
  const char* title;
  const char* description;
  Json (*schema)();
  bool read_only;
  McpToolFn McpTools::*callback;
};

/// The four tools, in tools/list order.
[[nodiscard]] const std::array<ToolSpec, 4>& tool_specs();
/// The tool of that name whose callback is set, or nullptr.
[[nodiscard]] const ToolSpec* find_tool(const McpTools& tools, std::string_view name);
/// "" when `args` fits the tool's input schema, else what is wrong.
[[nodiscard]] std::string validate_args(const Json& schema, const Json& args);
/// A member of an object, nullptr when absent (or `object` is no object).
[[nodiscard]] const Json* member(const Json& object, std::string_view key);

}  // namespace om::app::mcp_schema
