// A GraphQL schema as the detectors see it, whichever way it was written: SDL (graphql_sdl.cpp,
// GraphQL spec October 2021, "Type System"), an introspection result (graphql_introspection.cpp)
// or graphql-codegen's TypeScript types (graphql_codegen.cpp).
// Every declaration carries the locator and quote its facts cite.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace om::extract::detail {

/// Where a declaration was read: "schema.graphql:12" (SDL, TypeScript) or a JSON pointer
/// (introspection),
/// and a verbatim quote of its source (at most 240 bytes).
struct GqlSource {
  std::string locator;
  std::string quote;
};

struct GqlArgument {
  std::string name;
  std::string type;           // as written: "Int", "[ID!]!"
  std::string default_value;  // source text of the default, "" when none
  std::string description;
  std::string directives;  // the directives' source text, e.g. "@constraint(max: 100)"
  GqlSource source;
};

struct GqlField {
  std::string name;
  std::string type;  // as written: "IssueConnection!"
  std::vector<GqlArgument> args;
  std::string description;
  std::string directives;
  GqlSource source;
};

enum class GqlKind { kObject, kInterface, kInput, kEnum, kUnion, kScalar };

struct GqlType {
  GqlKind kind = GqlKind::kObject;
  std::string name;
  std::string description;
  std::vector<GqlField> fields;  // objects, interfaces and inputs (input fields as fields)
  GqlSource source;
};

/// The whole schema: its types in document order and the root operation types.
struct GqlSchema {
  std::string format;  // "sdl", "introspection" or "typescript"
  std::string query_type = "Query";
  std::string mutation_type;  // "" when the schema has none
  GqlSource schema_source;    // the `schema { query: … }` block, or the query type when absent
  std::vector<GqlType> types;
  std::unordered_map<std::string, std::size_t> index;  // type name -> position in `types`

  [[nodiscard]] const GqlType* find(std::string_view name) const {
    auto it = index.find(std::string(name));
    return it == index.end() ? nullptr : &types[it->second];
  }
};

/// Limits that bound hostile input.
struct GqlLimits {
  std::size_t max_bytes = std::size_t{64} << 20;
  std::size_t max_depth = 64;  // nesting of list types, values and brackets
  std::size_t max_types = 200'000;
};

/// Parses SDL. `name` is the file name used in locators and errors ("schema.graphql:12: …").
[[nodiscard]] Result<GqlSchema> parse_graphql_sdl(std::string_view text, std::string_view name,
                                                  const GqlLimits& limits = {});

/// Reads an introspection result ({"data":{"__schema":…}} or {"__schema":…}); `name` names
/// the document in errors. Locators are JSON pointers.
[[nodiscard]] Result<GqlSchema> parse_graphql_introspection(std::string_view text,
                                                            std::string_view name,
                                                            const GqlLimits& limits = {});

/// Reads graphql-codegen "typescript" plugin output (a .d.ts / .d.mts declaration file of an SDK):
/// object types are `type X = { __typename?: "X"; … }`, `<Parent><Field>Args` types give a
/// field's arguments. `name` is the file name used in locators ("index.d.mts:20663").
[[nodiscard]] Result<GqlSchema> parse_graphql_codegen_ts(std::string_view text,
                                                         std::string_view name,
                                                         const GqlLimits& limits = {});

/// True for a TypeScript source or declaration file name (.ts, .mts, .cts, and their .d. forms).
[[nodiscard]] bool is_typescript_path(std::string_view path);

/// True when `path` is TypeScript and `text` declares the object type literal `Query` whose first
/// member is `__typename?: "Query"`: graphql-codegen's schema types, whoever ships them.
[[nodiscard]] bool is_graphql_codegen_ts(std::string_view path, std::string_view text);

/// True when `text` looks like an introspection result: a JSON object whose `__schema` member
/// appears near its start.
[[nodiscard]] bool is_graphql_introspection(std::string_view text);

/// The named type under list and non-null wrappers: "[Issue!]!" -> "Issue".
[[nodiscard]] std::string_view gql_named_type(std::string_view type);
/// True when the type is a list once its outer non-null is dropped: "[Issue!]!".
[[nodiscard]] bool gql_is_list(std::string_view type);

}  // namespace om::extract::detail
