// Record keys and RPC inputs shared by the OpenAPI entity detector (openapi_records.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

/// "{projectId}" -> "project", "{project_key}" -> "project", "{team}" -> "team".
[[nodiscard]] std::string var_noun(std::string_view var);
/// Folded names of an operation's required query parameters and, for a POST read, required
/// body properties (RPC-style APIs scope a list by `{workspaceId}` in the body).
[[nodiscard]] std::vector<std::string> required_inputs(const SpecContext& ctx, const Operation& op);
/// The required input an RPC get names its record by: POST /widgets/get {widgetId}.
[[nodiscard]] std::string rpc_key(const SpecContext& ctx, const Operation& get);
/// The primary key among a record's properties: id-like names, `<noun>_id` / `<noun>Id`, the
/// get path's variable `var`, a required uuid or "identifier"-described property; "" if none.
[[nodiscard]] std::string key_property(const SpecContext& ctx, const SchemaView& view,
                                       std::string_view noun, std::string_view var);

/// Object types a search says it returns: enum values of its query parameters (GET
/// /search?type=widget) and of its request body's properties (POST /v1/search).
[[nodiscard]] std::vector<std::string> searched_types(const SpecContext& ctx, const Operation& op);

}  // namespace om::extract::detail
