// The MCP tools' input schemas (JSON Schema subsets) and argument checking.
#include "app/mcp_schema.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

namespace om::app::mcp_schema {

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

namespace {

Json prop(const char* type, const char* description) {
  Json p = Json::object();
  p.set("type", type);
  p.set("description", description);
  return p;
}

Json bounded(const char* type, const char* description, double min, double max) {
  Json p = prop(type, description);
  p.set("minimum", min);
  p.set("maximum", max);
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

// The paging arguments of research and lookup (app/agent_view.h).
void add_view_props(Json& p) {
  p.set("topic", enum_prop("Which facts (default all: a summary, then each kind in turn)",
                           {"auth", "pagination", "entities", "endpoints", "rate-limits", "sdks",
                            "base-urls", "gaps", "documents", "all"}));
  p.set("limit", bounded("integer", "Most items per page (default 25)", 1, 500));
  p.set("cursor", prop("string", "next_cursor of the previous page, for the next one"));
  p.set("detail", prop("string",
                       "One item whole, by its id from a previous result (\"auth/0\", "
                       "\"endpoints/12\", \"documents/3\")"));
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
  p.set("max_pages",
        bounded("integer", "Most pages to fetch per crawl (default: the server's)", 1, 1000000));
  p.set("max_seconds",
        bounded("number",
                "Time budget: stop after this many seconds and return what was gathered, marked "
                "partial (default: no limit)",
                1, 86400));
  add_view_props(p);
  return object_schema(std::move(p), {"source"});
}

Json lookup_schema() {
  Json p = Json::object();
  p.set("source", prop("string", "Source name"));
  add_view_props(p);
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

constexpr std::array<ToolSpec, 4> kToolSpecs{
    ToolSpec{"research", "Research a data source",
             "Crawl a source's API docs, OpenAPI specs and SDK packages (cached) and return a "
             "summary of the cited Research JSON (om-research/research/v2): counts, gaps, then "
             "facts (auth, pagination, entities, endpoints, rate limits, SDKs) a page at a time "
             "with the documents they cite; every page also heads with the closest existing "
             "connectors (when run inside an OpenMetadata checkout), the Docker image and port "
             "for tests, and database facts. Can take minutes: reports progress, honours "
             "cancellation and max_seconds (then returns what it gathered, partial).",
             &research_schema, false, &McpTools::research},
    ToolSpec{"lookup", "Look up cached facts",
             "Cited facts about a source from the knowledge cache, one topic or all, paged "
             "(limit/cursor); detail gives one fact or document whole. No network.",
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
  } else if (type == "number") {
    ok = value.is_number();
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

}  // namespace

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

const std::array<ToolSpec, 4>& tool_specs() {
  return kToolSpecs;
}

const ToolSpec* find_tool(const McpTools& tools, std::string_view name) {
  for (const ToolSpec& spec : kToolSpecs) {
    if (name == spec.name && tools.*spec.callback) {
      return &spec;
    }
  }
  return nullptr;
}

}  // namespace om::app::mcp_schema
