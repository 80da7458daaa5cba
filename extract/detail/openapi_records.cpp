// Record keys and RPC inputs for the OpenAPI entity detector: the primary key of a record,
// the required inputs that scope a list or name one record, and the noun a path variable names.
#include "extract/detail/openapi_records.h"

#include <algorithm>
#include <iterator>

#include "core/text.h"
#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {

/// "{projectId}" -> "project", "{project_key}" -> "project", "{team}" -> "team".
std::string var_noun(std::string_view var) {
  std::string f = fold_alnum(var);
  for (std::string_view suffix : {"uuid", "id", "key", "slug", "number", "num", "name"}) {
    if (f.size() > suffix.size() + 1 && f.ends_with(suffix)) {
      return f.substr(0, f.size() - suffix.size());
    }
  }
  return f;
}

/// Folded names of an operation's required query parameters and, for a POST read, required
/// body properties (RPC-style APIs scope a list by `{workspaceId}` in the body).
std::vector<std::string> required_inputs(const SpecContext& ctx, const Operation& op) {
  std::vector<std::string> out;
  for (const Param& p : op.params) {
    const Node* required = p.node != nullptr ? p.node->get("required") : nullptr;
    if (p.in == "query" && required != nullptr && required->boolean) {
      out.push_back(fold_alnum(p.name));
    }
  }
  if (op.method == "POST") {
    std::string pointer;
    SchemaView body = ctx.resolve_schema(request_body_schema(ctx, op, &pointer), pointer);
    for (std::string_view name : body.required) {
      out.push_back(fold_alnum(name));
    }
  }
  return out;
}

/// The required input an RPC get names its record by: POST /widgets/get {widgetId}.
namespace {

/// A caller's credential or a request's own id, never the key of a record.
bool names_no_record(std::string_view name) {
  std::string folded = fold_alnum(name);
  for (std::string_view word : {"token", "apikey", "auth", "secret", "password", "clientid"}) {
    if (folded.find(word) != std::string::npos) {
      return true;
    }
  }
  return folded.starts_with("request") || folded.starts_with("trace") ||
         folded.starts_with("correlation") || folded.starts_with("idempotency");
}

}  // namespace

std::string rpc_key(const SpecContext& ctx, const Operation& get) {
  if (get.method == "GET") {
    for (const Param& p : get.params) {
      const Node* required = p.node != nullptr ? p.node->get("required") : nullptr;
      if (p.in == "query" && required != nullptr && required->boolean && !names_no_record(p.name)) {
        return std::string(p.name);  // a required `token` is the caller's credential
      }
    }
    return {};
  }
  std::string pointer;
  SchemaView body = ctx.resolve_schema(request_body_schema(ctx, get, &pointer), pointer);
  std::vector<std::string_view> keys;
  std::copy_if(body.required.begin(), body.required.end(), std::back_inserter(keys),
               [](std::string_view name) { return !names_no_record(name); });
  return keys.size() == 1 ? std::string(keys.front()) : std::string();
}

std::string key_property(const SpecContext& ctx, const SchemaView& view, std::string_view noun,
                         std::string_view var) {
  if (view.node == nullptr) {
    return {};
  }
  for (std::string_view want : {"id", "pk", "uuid", "identifier", "primarykey"}) {
    for (const Member& m : view.properties) {
      if (fold_alnum(m.key()) == want) {
        return std::string(m.key());
      }
    }
  }
  std::string noun_id = std::string(noun) + "id";  // workspace -> workspaceId, workspace_id
  for (const Member& m : view.properties) {
    if (!noun.empty() && fold_alnum(m.key()) == noun_id) {
      return std::string(m.key());
    }
  }
  if (!var.empty() && view.property(var) != nullptr) {
    return std::string(var);
  }
  for (std::string_view name : view.required) {  // a required uuid, or "the identifier of"
    if (names_no_record(name)) {
      continue;  // request_id: "a unique identifier for the request"
    }
    const Node* property = ctx.resolve(view.property(name));
    if (property != nullptr && (property->str("format") == "uuid" ||
                                icontains(property->str("description"), "identifier"))) {
      return std::string(name);
    }
  }
  return {};
}

/// Object types a root search endpoint says it returns (enum values in its request body).
std::vector<std::string> searched_types(const SpecContext& ctx, const Operation& op) {
  std::vector<std::string> out;
  for (const Param& p : op.params) {  // GET /search?type=widget
    const Node* values = p.in == "query" && p.schema != nullptr ? p.schema->get("enum") : nullptr;
    for (std::uint32_t i = 0; values != nullptr && values->is_array() && i < values->items().size();
         ++i) {
      if (values->items()[i].is_string()) {
        out.push_back(fold_alnum(values->items()[i].text()));
      }
    }
  }
  std::string pointer;
  const Node* body = request_body_schema(ctx, op, &pointer);
  if (body == nullptr) {
    return out;
  }
  for (const Field& f : envelope_fields(ctx, body, pointer, 2)) {
    const Node* values = f.schema != nullptr ? f.schema->get("enum") : nullptr;
    for (std::uint32_t i = 0; values != nullptr && values->is_array() && i < values->items().size();
         ++i) {
      if (values->items()[i].is_string()) {
        out.push_back(fold_alnum(values->items()[i].text()));
      }
    }
  }
  return out;
}

}  // namespace om::extract::detail
