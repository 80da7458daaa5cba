// GraphQL introspection results (GraphQL spec, October 2021, "Introspection": the __schema
// query's answer) read into the same model as SDL, each declaration cited by its JSON pointer.
#include <algorithm>
#include <string>

#include "core/text.h"
#include "extract/detail/graphql_model.h"
#include "extract/detail/spec_tree.h"

namespace om::extract::detail {
namespace {

/// A __Type reference ({kind, name, ofType}) written as SDL: NON_NULL(LIST(NON_NULL(Issue)))
/// -> "[Issue!]!". The ofType chain is walked in a loop, bounded by `max_depth`.
Result<std::string> type_text(const Node* t, std::size_t max_depth, std::string_view where) {
  std::vector<std::string_view> wrappers;
  while (t != nullptr && t->is_object()) {
    std::string_view kind = t->str("kind");
    if (kind != "NON_NULL" && kind != "LIST") {
      // Wrappers apply innermost first: the brackets open in outer-to-inner order.
      std::string out;
      for (std::string_view w : wrappers) {
        if (w == "LIST") {
          out += '[';
        }
      }
      out += t->str("name");
      // Closing in inner-to-outer order: a reverse walk (C++20 has no reverse range-for).
      // NOLINTNEXTLINE(modernize-loop-convert)
      for (auto it = wrappers.rbegin(); it != wrappers.rend(); ++it) {
        out += *it == "LIST" ? ']' : '!';
      }
      return out;
    }
    if (wrappers.size() >= max_depth) {
      return Error{ErrorCode::kParse, std::string(where) + ": type reference nested deeper than " +
                                          std::to_string(max_depth) + ": refused"};
    }
    wrappers.push_back(kind);
    t = t->get("ofType");
  }
  return Error{ErrorCode::kParse, std::string(where) + ": type reference without a named type"};
}

GqlKind kind_of(std::string_view kind) {
  if (kind == "INTERFACE") {
    return GqlKind::kInterface;
  }
  if (kind == "INPUT_OBJECT") {
    return GqlKind::kInput;
  }
  if (kind == "ENUM") {
    return GqlKind::kEnum;
  }
  if (kind == "UNION") {
    return GqlKind::kUnion;
  }
  if (kind == "SCALAR") {
    return GqlKind::kScalar;
  }
  return GqlKind::kObject;
}

class Reader {
 public:
  Reader(const SpecTree& tree, std::string_view name, const GqlLimits& limits)
      : tree_(tree), name_(name), limits_(limits) {}

  Result<GqlSchema> read(const Node* schema, const std::string& pointer) {
    GqlSchema out;
    out.format = "introspection";
    if (const Node* q = schema->get("queryType"); q != nullptr && !q->str("name").empty()) {
      out.query_type = std::string(q->str("name"));
      out.schema_source = {pointer + "/queryType", tree_.quote(q)};
    }
    if (const Node* m = schema->get("mutationType"); m != nullptr) {
      out.mutation_type = std::string(m->str("name"));
    }
    const Node* types = schema->get("types");
    if (types == nullptr || !types->is_array()) {
      return Error{ErrorCode::kParse, std::string(name_) + ": " + pointer + "/types is not a list"};
    }
    if (types->items().size() > limits_.max_types) {
      return Error{ErrorCode::kParse, std::string(name_) + ": more than " +
                                          std::to_string(limits_.max_types) + " types: refused"};
    }
    for (std::size_t i = 0; i < types->items().size(); ++i) {
      const std::string at = pointer + "/types/" + std::to_string(i);
      auto type = read_type(types->items()[i], at);
      if (!type) {
        return type.error();
      }
      if (type->name.empty() || out.index.count(type->name) != 0) {
        continue;
      }
      out.index.emplace(type->name, out.types.size());
      out.types.push_back(std::move(type.value()));
    }
    return out;
  }

 private:
  Result<GqlType> read_type(const Node& t, const std::string& at) {
    GqlType type;
    type.kind = kind_of(t.str("kind"));
    type.name = std::string(t.str("name"));
    type.description = std::string(t.str("description"));
    type.source = {at, tree_.quote(&t)};
    const Node* fields = t.get(type.kind == GqlKind::kInput ? "inputFields" : "fields");
    const std::string member = type.kind == GqlKind::kInput ? "/inputFields/" : "/fields/";
    for (std::size_t i = 0; fields != nullptr && i < fields->items().size(); ++i) {
      const Node& f = fields->items()[i];
      const std::string field_at = at + member + std::to_string(i);
      auto field_type = type_text(f.get("type"), limits_.max_depth, where(field_at));
      if (!field_type) {
        return field_type.error();
      }
      GqlField field{std::string(f.str("name")),
                     std::move(field_type.value()),
                     {},
                     std::string(f.str("description")),
                     {},
                     {field_at, tree_.quote(&f)}};
      const Node* args = f.get("args");
      for (std::size_t k = 0; args != nullptr && k < args->items().size(); ++k) {
        const Node& a = args->items()[k];
        const std::string arg_at = field_at + "/args/" + std::to_string(k);
        auto arg_type = type_text(a.get("type"), limits_.max_depth, where(arg_at));
        if (!arg_type) {
          return arg_type.error();
        }
        field.args.push_back({std::string(a.str("name")),
                              std::move(arg_type.value()),
                              std::string(a.scalar("defaultValue")),
                              std::string(a.str("description")),
                              {},
                              {arg_at, tree_.quote(&a)}});
      }
      type.fields.push_back(std::move(field));
    }
    return type;
  }

  [[nodiscard]] std::string where(const std::string& pointer) const {
    return std::string(name_) + ": " + pointer;
  }

  const SpecTree& tree_;
  std::string_view name_;
  GqlLimits limits_;
};

}  // namespace

bool is_graphql_introspection(std::string_view text) {
  std::string_view head = trim(strip_bom(text.substr(0, 4096)));
  return !head.empty() && head.front() == '{' &&
         head.find("\"__schema\"") != std::string_view::npos;
}

Result<GqlSchema> parse_graphql_introspection(std::string_view text, std::string_view name,
                                              const GqlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{ErrorCode::kParse, std::string(name) + ": " + std::to_string(text.size()) +
                                        " bytes, over the limit for a GraphQL schema"};
  }
  TreeLimits tree_limits;
  tree_limits.max_depth = static_cast<std::uint32_t>(std::max<std::size_t>(limits.max_depth, 16));
  auto tree = SpecTree::parse_view(text, name, nullptr, tree_limits);
  if (!tree) {
    return tree.error();
  }
  std::string pointer = "/__schema";
  const Node* schema = tree->root() == nullptr ? nullptr : tree->root()->get("__schema");
  if (schema == nullptr && tree->root() != nullptr) {
    if (const Node* data = tree->root()->get("data"); data != nullptr) {
      schema = data->get("__schema");
      pointer = "/data/__schema";
    }
  }
  if (schema == nullptr || !schema->is_object()) {
    return Error{ErrorCode::kParse,
                 std::string(name) +
                     ": no __schema object (expected {\"data\":{\"__schema\":…}} "
                     "or {\"__schema\":…})"};
  }
  return Reader(tree.value(), name, limits).read(schema, pointer);
}

std::string_view gql_named_type(std::string_view type) {
  while (!type.empty() && (type.front() == '[')) {
    type.remove_prefix(1);
  }
  while (!type.empty() && (type.back() == ']' || type.back() == '!')) {
    type.remove_suffix(1);
  }
  return type;
}

bool gql_is_list(std::string_view type) {
  return !type.empty() && type.front() == '[';
}

}  // namespace om::extract::detail
