// MCP server over stdio: JSON-RPC 2.0 messages, one per line (MCP "stdio" transport), with the
// lifecycle (initialize, notifications/initialized, ping), tools/list, tools/call and progress
// notifications. Requests are served in order on the calling thread.
#include "app/mcp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "core/types.h"

namespace om::app {
namespace {

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
// Newest first: a client asking for one of these gets it, anything else gets the newest.
constexpr std::array<std::string_view, 4> kProtocolVersions{"2025-11-25", "2025-06-18",
                                                            "2025-03-26", "2024-11-05"};

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  for (const auto& [k, v] : object.as_object()) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

Json prop(const char* type, const char* description) {
  Json p = Json::object();
  p.set("type", type);
  p.set("description", description);
  return p;
}

Json string_list_prop(const char* description) {
  Json p = prop("array", description);
  Json items = Json::object();
  items.set("type", "string");
  p.set("items", std::move(items));
  return p;
}

Json enum_prop(const char* description, std::initializer_list<const char*> values) {
  Json p = prop("string", description);
  Json list = Json::array();
  for (const char* v : values) {
    list.push(v);
  }
  p.set("enum", std::move(list));
  return p;
}

Json object_schema(Json properties, std::initializer_list<const char*> required) {
  Json schema = Json::object();
  schema.set("type", "object");
  schema.set("properties", std::move(properties));
  Json req = Json::array();
  for (const char* r : required) {
    req.push(r);
  }
  schema.set("required", std::move(req));
  schema.set("additionalProperties", false);
  return schema;
}

Json research_schema() {
  Json p = Json::object();
  p.set("source", prop("string", "Source name (catalog name or alias, or any slug)"));
  p.set("spec", string_list_prop("Extra OpenAPI/Swagger spec URLs or local paths"));
  p.set("docs",
        string_list_prop("Extra documentation roots: URLs, local .md/.html files or folders"));
  p.set("sdk",
        string_list_prop("Extra SDK packages: npm:<name>[@<ver>], pypi:<name>[==<ver>], or a "
                         "local .tgz/.whl/.zip"));
  p.set("service_type",
        enum_prop("OpenMetadata service type", {"database", "dashboard", "pipeline", "messaging",
                                                "mlmodel", "storage", "search", "api"}));
  p.set("offline", prop("boolean", "Never touch the network; answer from the cache"));
  p.set("refresh", prop("boolean", "Revalidate every cached document"));
  return object_schema(std::move(p), {"source"});
}

Json lookup_schema() {
  Json p = Json::object();
  p.set("source", prop("string", "Source name"));
  p.set("topic",
        enum_prop("Which facts (default all)",
                  {"auth", "pagination", "entities", "endpoints", "rate-limits", "sdks", "all"}));
  return object_schema(std::move(p), {"source"});
}

Json search_schema() {
  Json p = Json::object();
  p.set("source", prop("string", "Source name"));
  p.set("query", prop("string", "Words to search for in the cached documents"));
  Json limit = prop("integer", "Maximum number of hits (default 10)");
  limit.set("minimum", 1);
  limit.set("maximum", 100);
  p.set("limit", std::move(limit));
  return object_schema(std::move(p), {"source", "query"});
}

Json sources_schema() {
  Json p = Json::object();
  p.set("name", prop("string", "A source name or alias; omit to list the whole catalog"));
  return object_schema(std::move(p), {});
}

struct ToolSpec {
  const char* name;
  const char* title;
  const char* description;
  Json (*schema)();
  bool read_only;
  McpToolFn McpTools::*callback;
};

constexpr std::array kToolSpecs{
    ToolSpec{"research", "Research a data source",
             "Crawl a source's API docs, OpenAPI specs and SDK packages (cached) and return the "
             "cited Research JSON (om-research/research/v1): auth, pagination, entities, "
             "endpoints, rate limits, SDKs, conflicts and gaps. Can take minutes.",
             &research_schema, false, &McpTools::research},
    ToolSpec{"lookup", "Look up cached facts",
             "Cited facts about a source from the knowledge cache, one topic or all; no network.",
             &lookup_schema, true, &McpTools::lookup},
    ToolSpec{"search", "Search cached documents",
             "Full-text search of a source's cached documents; returns URLs and snippets.",
             &search_schema, true, &McpTools::search},
    ToolSpec{"sources", "List catalog sources",
             "The built-in catalog: names, aliases, service types, docs, specs and SDKs with "
             "their citations.",
             &sources_schema, true, &McpTools::sources},
};

// Checks `value` against one property schema of ours (string, boolean, integer, string array).
std::string check_value(const std::string& name, const Json& schema, const Json& value) {
  const std::string& type = schema["type"].as_string();
  bool ok = true;
  if (type == "string") {
    ok = value.is_string();
  } else if (type == "boolean") {
    ok = value.is_bool();
  } else if (type == "integer") {
    ok = value.is_number() && std::floor(value.as_number()) == value.as_number();
  } else if (type == "array") {
    ok = value.is_array() && std::all_of(value.as_array().begin(), value.as_array().end(),
                                         [](const Json& item) { return item.is_string(); });
    return ok ? "" : "argument '" + name + "' must be an array of strings";
  }
  if (!ok) {
    return "argument '" + name + "' must be " + (type == "integer" ? "an " : "a ") + type;
  }
  if (const Json* values = member(schema, "enum")) {
    const auto& list = values->as_array();
    if (std::none_of(list.begin(), list.end(),
                     [&](const Json& v) { return v.as_string() == value.as_string(); })) {
      return "argument '" + name + "' must be one of " + values->dump();
    }
  }
  const Json& min = schema["minimum"];
  const Json& max = schema["maximum"];
  if ((min.is_number() && value.as_number() < min.as_number()) ||
      (max.is_number() && value.as_number() > max.as_number())) {
    return "argument '" + name + "' is out of range";
  }
  return "";
}

// "" when `args` fits the tool's input schema, else what is wrong.
std::string validate_args(const Json& schema, const Json& args) {
  if (!args.is_object()) {
    return "arguments must be an object";
  }
  const Json& properties = schema["properties"];
  for (const auto& [name, value] : args.as_object()) {
    const Json* property = member(properties, name);
    if (property == nullptr) {
      return "unknown argument '" + name + "'";
    }
    if (std::string why = check_value(name, *property, value); !why.empty()) {
      return why;
    }
  }
  for (const Json& required : schema["required"].as_array()) {
    if (member(args, required.as_string()) == nullptr) {
      return "missing required argument '" + required.as_string() + "'";
    }
  }
  return "";
}

const ToolSpec* find_tool(const McpTools& tools, std::string_view name) {
  for (const ToolSpec& spec : kToolSpecs) {
    if (name == spec.name && tools.*spec.callback) {
      return &spec;
    }
  }
  return nullptr;
}

// One client connection: parses each line, dispatches, and writes replies in order.
class Session {
 public:
  Session(const McpTools& tools, std::ostream& out) : tools_(tools), out_(out) {}
  void handle_line(std::string_view line);

 private:
  void send(const Json& message);
  void reply(const Json& id, Json result);
  void reply_error(const Json& id, int code, const std::string& message);
  void handle_request(const Json& id, const std::string& method, const Json& params);
  Json initialize(const Json& params);
  void call_tool(const Json& id, const Json& params);
  ProgressFn progress_for(const Json& params);

  const McpTools& tools_;
  std::ostream& out_;
  std::string protocol_version_{kProtocolVersions.back()};
};

void Session::send(const Json& message) {
  out_ << message.dump() << '\n';  // dump() escapes control characters: one message per line
  out_.flush();
}

void Session::reply(const Json& id, Json result) {
  Json message = Json::object();
  message.set("jsonrpc", "2.0");
  message.set("id", id);
  message.set("result", std::move(result));
  send(message);
}

void Session::reply_error(const Json& id, int code, const std::string& text) {
  Json error = Json::object();
  error.set("code", code);
  error.set("message", text);
  Json message = Json::object();
  message.set("jsonrpc", "2.0");
  message.set("id", id);
  message.set("error", std::move(error));
  send(message);
}

void Session::handle_line(std::string_view line) {
  auto parsed = Json::parse(line);
  if (!parsed) {
    reply_error(Json(), kParseError, "Parse error: " + parsed.error().message);
    return;
  }
  const Json& msg = *parsed;
  if (!msg.is_object()) {  // batches were dropped from MCP in 2025-06-18; we never took them
    reply_error(Json(), kInvalidRequest, "Invalid Request: expected a JSON-RPC object");
    return;
  }
  const Json* id = member(msg, "id");
  const Json* method = member(msg, "method");
  bool valid_id = id == nullptr || id->is_string() || id->is_number();
  if (method == nullptr && (member(msg, "result") != nullptr || member(msg, "error") != nullptr)) {
    return;  // a response from the client; we send no requests, so nothing waits for it
  }
  if (msg["jsonrpc"].as_string() != "2.0" || method == nullptr || !method->is_string() ||
      !valid_id) {
    reply_error(valid_id && id != nullptr ? *id : Json(), kInvalidRequest,
                "Invalid Request: needs jsonrpc \"2.0\", a string method and a string or "
                "number id");
    return;
  }
  const Json* params = member(msg, "params");
  if (id == nullptr) {
    return;  // a notification (initialized, cancelled, or unknown): never answered
  }
  if (params != nullptr && !params->is_object()) {
    reply_error(*id, kInvalidParams, "Invalid params: params must be an object");
    return;
  }
  handle_request(*id, method->as_string(), params != nullptr ? *params : Json::object());
}

void Session::handle_request(const Json& id, const std::string& method, const Json& params) {
  if (method == "initialize") {
    reply(id, initialize(params));
  } else if (method == "ping") {
    reply(id, Json::object());
  } else if (method == "tools/list") {
    Json result = Json::object();
    result.set("tools", mcp_tool_list(tools_));
    reply(id, std::move(result));
  } else if (method == "tools/call") {
    call_tool(id, params);
  } else {
    reply_error(id, kMethodNotFound, "Method not found: " + method);
  }
}

Json Session::initialize(const Json& params) {
  const std::string& asked = params["protocolVersion"].as_string();
  auto known = std::find(kProtocolVersions.begin(), kProtocolVersions.end(), asked);
  protocol_version_ = known != kProtocolVersions.end() ? asked : std::string(kProtocolVersions[0]);
  Json tools = Json::object();
  tools.set("listChanged", false);
  Json capabilities = Json::object();
  capabilities.set("tools", std::move(tools));
  Json info = Json::object();
  info.set("name", "om-research");
  info.set("version", tools_.server_version);
  Json result = Json::object();
  result.set("protocolVersion", protocol_version_);
  result.set("capabilities", std::move(capabilities));
  result.set("serverInfo", std::move(info));
  result.set("instructions",
             "Cited API research for OpenMetadata connectors. Call `research` once per source "
             "(slow, cached), then `lookup` per topic; every fact carries evidence. Research "
             "on the web only what the result lists under `gaps`.");
  return result;
}

ProgressFn Session::progress_for(const Json& params) {
  const Json* token = member(params["_meta"], "progressToken");
  if (token == nullptr || !(token->is_string() || token->is_number())) {
    return [](double, double, std::string_view) {};
  }
  bool with_message = protocol_version_ >= "2025-03-26";
  return [this, token = *token, with_message, last = -std::numeric_limits<double>::infinity()](
             double progress, double total, std::string_view message) mutable {
    if (!(progress > last)) {
      return;  // MCP: progress must increase with each notification
    }
    last = progress;
    Json p = Json::object();
    p.set("progressToken", token);
    p.set("progress", progress);
    if (total > 0) {
      p.set("total", total);
    }
    if (with_message && !message.empty()) {
      p.set("message", message);
    }
    Json note = Json::object();
    note.set("jsonrpc", "2.0");
    note.set("method", "notifications/progress");
    note.set("params", std::move(p));
    send(note);
  };
}

void Session::call_tool(const Json& id, const Json& params) {
  const Json& name = params["name"];
  const ToolSpec* spec = name.is_string() ? find_tool(tools_, name.as_string()) : nullptr;
  if (spec == nullptr) {
    reply_error(id, kInvalidParams, "Unknown tool: " + (name.is_string() ? name.as_string() : ""));
    return;
  }
  const Json* given = member(params, "arguments");
  Json args = given != nullptr ? *given : Json::object();
  if (std::string why = validate_args(spec->schema(), args); !why.empty()) {
    reply_error(id, kInvalidParams,
                std::string("Invalid arguments for ") + spec->name + ": " + why);
    return;
  }
  std::optional<Result<Json>> outcome;
  try {  // a callback must not throw, but one that does must not kill the session
    outcome.emplace((tools_.*spec->callback)(args, progress_for(params)));
  } catch (const std::exception& e) {
    reply_error(id, kInternalError,
                std::string("Internal error in ") + spec->name + ": " + e.what());
    return;
  }
  Json content = Json::object();
  content.set("type", "text");
  bool failed = !outcome->ok();
  const Json* value = failed ? nullptr : &outcome->value();
  content.set("text", failed               ? outcome->error().message
                      : value->is_string() ? value->as_string()
                                           : value->dump());
  Json result = Json::object();
  result.set("content", Json(Json::Array{std::move(content)}));
  if (value != nullptr && value->is_object() && protocol_version_ >= "2025-06-18") {
    result.set("structuredContent", *value);
  }
  result.set("isError", failed);
  reply(id, std::move(result));
}

}  // namespace

Json mcp_tool_list(const McpTools& tools) {
  Json list = Json::array();
  for (const ToolSpec& spec : kToolSpecs) {
    if (!(tools.*spec.callback)) {
      continue;
    }
    Json tool = Json::object();
    tool.set("name", spec.name);
    tool.set("title", spec.title);
    tool.set("description", spec.description);
    tool.set("inputSchema", spec.schema());
    Json annotations = Json::object();
    annotations.set("readOnlyHint", spec.read_only);
    annotations.set("openWorldHint", !spec.read_only);
    tool.set("annotations", std::move(annotations));
    list.push(std::move(tool));
  }
  return list;
}

int run_mcp_server(std::istream& in, std::ostream& out, const McpTools& tools) {
  Session session(tools, out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.find_first_not_of(" \t") == std::string::npos) {
      continue;
    }
    session.handle_line(line);
    if (!out) {
      return 1;
    }
  }
  return 0;
}

}  // namespace om::app
