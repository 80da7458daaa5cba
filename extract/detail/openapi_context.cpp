// Builds SpecContext from a SpecTree: operations with merged parameters, the success response
// and its JSON schema, effective security (OpenAPI 3.x and Swagger 2.0 alike).
#include "extract/detail/openapi_context.h"

#include <array>

#include "core/text.h"

namespace om::extract::detail {
namespace {

constexpr std::array<std::string_view, 9> kMethods = {"get",  "put",   "post",  "delete", "options",
                                                      "head", "patch", "trace", "query"};
constexpr std::uint32_t kMaxAllOfDepth = 8;

bool is_json_media(std::string_view media) {
  return icontains(media, "json");
}

}  // namespace

bool schema_has_type(const Node* schema, std::string_view type) {
  if (schema == nullptr || !schema->is_object()) {
    return false;
  }
  const Node* t = schema->get("type");
  if (t == nullptr) {
    return false;
  }
  if (t->is_string()) {
    return t->text() == type;
  }
  if (t->is_array()) {
    for (std::uint32_t i = 0; i < t->items().size(); ++i) {
      if (t->items()[i].is_string() && t->items()[i].text() == type) {
        return true;
      }
    }
  }
  return false;
}

const Param* Operation::param(std::string_view name, std::string_view in) const {
  for (const Param& p : params) {
    if (iequals(p.name, name) && (in.empty() || p.in == in)) {
      return &p;
    }
  }
  return nullptr;
}

const Node* SchemaView::property(std::string_view name) const {
  for (const Member& m : properties) {
    if (m.key() == name) {
      return m.value();
    }
  }
  return nullptr;
}

SpecContext::SpecContext(const SpecTree& tree, std::string url)
    : tree_(&tree), url_(std::move(url)) {
  const Node* root = tree.root();
  if (root != nullptr) {
    std::string_view swagger = root->scalar("swagger");
    if (!swagger.empty()) {
      major_ = 2;
      version_text_ = swagger;
    } else {
      version_text_ = root->scalar("openapi");
    }
  }
  collect_operations();
}

Evidence SpecContext::evidence(const Node* node, std::string pointer) const {
  return Evidence{url_, std::move(pointer), tree_->quote(node)};
}

const Node* SpecContext::resolve(const Node* node, std::string* pointer) const {
  return tree_->resolve(node, pointer);
}

const Node* SpecContext::security_schemes(std::string* pointer) const {
  const Node* root = tree_->root();
  if (root == nullptr) {
    return nullptr;
  }
  if (major_ == 2) {
    if (pointer != nullptr) {
      *pointer = "/securityDefinitions";
    }
    return root->get("securityDefinitions");
  }
  if (pointer != nullptr) {
    *pointer = "/components/securitySchemes";
  }
  const Node* components = root->get("components");
  return components != nullptr ? components->get("securitySchemes") : nullptr;
}

namespace {

struct SchemaMerger {
  const SpecContext& ctx;
  SchemaView& view;
  std::vector<const Node*> visited;

  // Bounded by kMaxAllOfDepth and a visited list. NOLINTNEXTLINE(misc-no-recursion)
  void merge(const Node* schema, std::uint32_t depth) {
    if (schema == nullptr || !schema->is_object() || depth > kMaxAllOfDepth) {
      return;
    }
    for (const Node* seen : visited) {
      if (seen->same(*schema)) {  // a YAML alias is a copy of its anchor's node
        return;
      }
    }
    visited.push_back(schema);
    if (const Node* props = schema->get("properties"); props != nullptr && props->is_object()) {
      view.is_object = true;
      for (std::uint32_t i = 0; i < props->members().size(); ++i) {
        if (view.property(props->members()[i].key()) == nullptr) {
          view.properties.emplace_back(props->members()[i]);
        }
      }
    }
    if (const Node* req = schema->get("required"); req != nullptr && req->is_array()) {
      for (std::uint32_t i = 0; i < req->items().size(); ++i) {
        if (req->items()[i].is_string()) {
          view.required.push_back(req->items()[i].text());
        }
      }
    }
    view.is_object = view.is_object || schema_has_type(schema, "object");
    view.nullable = view.nullable || schema_has_type(schema, "null") ||
                    (schema->get("nullable") != nullptr && schema->get("nullable")->boolean);
    view.has_alternatives =
        view.has_alternatives || schema->get("oneOf") != nullptr || schema->get("anyOf") != nullptr;
    bool array_typed = schema_has_type(schema, "array") ||
                       (schema->get("type") == nullptr && schema->get("items") != nullptr);
    if (array_typed && !view.is_array) {
      view.is_array = true;
      std::string items_pointer = pointer_append(current_pointer, "items");
      view.items = ctx.resolve(schema->get("items"), &items_pointer);
      view.items_pointer = items_pointer;
    }
    if (const Node* all = schema->get("allOf"); all != nullptr && all->is_array()) {
      std::string saved = current_pointer;
      for (std::uint32_t i = 0; i < all->items().size(); ++i) {
        current_pointer = pointer_append(pointer_append(saved, "allOf"), std::to_string(i));
        merge(ctx.resolve(&all->items()[i], &current_pointer), depth + 1);
      }
      current_pointer = saved;
    }
  }
  std::string current_pointer;
};

}  // namespace

SchemaView SpecContext::resolve_schema(const Node* schema, std::string pointer) const {
  SchemaView view;
  view.node = tree_->resolve(schema, &pointer);
  view.pointer = pointer;
  SchemaMerger merger{*this, view, {}, pointer};
  merger.merge(view.node, 0);
  return view;
}

void SpecContext::collect_operations() {
  const Node* root = tree_->root();
  const Node* paths = root != nullptr ? root->get("paths") : nullptr;
  if (paths == nullptr || !paths->is_object()) {
    return;
  }
  operations_.reserve(static_cast<std::size_t>(paths->members().size()) * 2);
  for (std::uint32_t i = 0; i < paths->members().size(); ++i) {
    std::string_view path = paths->members()[i].key();
    std::string item_pointer = pointer_append("/paths", path);
    const Node* item = tree_->resolve(paths->members()[i].value(), &item_pointer);
    if (item == nullptr || !item->is_object()) {
      continue;
    }
    for (std::uint32_t m = 0; m < item->members().size(); ++m) {
      std::string_view key = item->members()[m].key();
      for (std::string_view method : kMethods) {
        if (key == method && item->members()[m].value()->is_object()) {
          add_operation(path, item, item_pointer, method, item->members()[m].value());
        }
      }
    }
  }
}

namespace {

void add_params(const SpecContext& ctx, const Node* list, const std::string& list_pointer,
                std::vector<Param>& out) {
  if (list == nullptr || !list->is_array()) {
    return;
  }
  for (std::uint32_t i = 0; i < list->items().size(); ++i) {
    Param p;
    p.pointer = pointer_append(list_pointer, std::to_string(i));
    p.node = ctx.resolve(&list->items()[i], &p.pointer);
    if (p.node == nullptr || !p.node->is_object()) {
      continue;
    }
    p.name = p.node->str("name");
    p.in = p.node->str("in");
    p.description = p.node->str("description");
    const Node* schema = p.node->get("schema");
    p.schema =
        schema != nullptr ? ctx.resolve(schema) : (ctx.major_version() == 2 ? p.node : nullptr);
    bool replaced = false;
    for (Param& have : out) {  // operation-level parameters override path-level ones
      if (have.name == p.name && have.in == p.in) {
        have = p;
        replaced = true;
      }
    }
    if (!replaced) {
      out.push_back(std::move(p));
    }
  }
}

/// The 200 response, else the first other 2xx / 2XX, else `default`.
const Member* pick_success(const Node* responses) {
  if (responses == nullptr || !responses->is_object()) {
    return nullptr;
  }
  const Member* best = nullptr;
  int best_rank = 99;
  for (std::uint32_t i = 0; i < responses->members().size(); ++i) {
    std::string_view code = responses->members()[i].key();
    int rank = code == "200"                          ? 0
               : (code.size() == 3 && code[0] == '2') ? 1
               : code == "default"                    ? 2
                                                      : 99;
    if (rank < best_rank) {
      best_rank = rank;
      best = &responses->members()[i];
    }
  }
  return best;
}

void fill_success(const SpecContext& ctx, Operation& op) {
  std::string responses_pointer = pointer_append(op.pointer, "responses");
  const Member* success = pick_success(op.op->get("responses"));
  if (success == nullptr) {
    return;
  }
  op.success_status = success->key();
  op.success_pointer = pointer_append(responses_pointer, success->key());
  op.success_response = ctx.resolve(success->value(), &op.success_pointer);
  const Node* response = op.success_response;
  if (response == nullptr || !response->is_object()) {
    return;
  }
  if (const Node* schema = response->get("schema")) {  // Swagger 2.0
    op.success_schema_pointer = pointer_append(op.success_pointer, "schema");
    op.success_schema = ctx.resolve(schema, &op.success_schema_pointer);
  } else if (const Node* content = response->get("content"); content && content->is_object()) {
    const Member* pick = nullptr;
    for (std::uint32_t i = 0; i < content->members().size() && pick == nullptr; ++i) {
      if (is_json_media(content->members()[i].key())) {
        pick = &content->members()[i];
      }
    }
    for (std::uint32_t i = 0; i < content->members().size() && pick == nullptr; ++i) {
      if (content->members()[i].key() == "*/*" || i + 1 == content->members().size()) {
        pick = &content->members()[i];
      }
    }
    if (pick != nullptr && pick->value()->is_object() && pick->value()->get("schema") != nullptr) {
      op.success_schema_pointer = pointer_append(
          pointer_append(pointer_append(op.success_pointer, "content"), pick->key()), "schema");
      op.success_schema = ctx.resolve(pick->value()->get("schema"), &op.success_schema_pointer);
    }
  }
  if (const Node* headers = response->get("headers"); headers && headers->is_object()) {
    std::string headers_pointer = pointer_append(op.success_pointer, "headers");
    for (std::uint32_t i = 0; i < headers->members().size(); ++i) {
      ResponseHeader h{headers->members()[i].key(), nullptr,
                       pointer_append(headers_pointer, headers->members()[i].key())};
      h.node = ctx.resolve(headers->members()[i].value(), &h.pointer);
      op.response_headers.push_back(std::move(h));
    }
  }
}

SecurityUse security_of(const Node* security, std::string pointer, bool from_operation) {
  SecurityUse use;
  if (security == nullptr || !security->is_array()) {
    return use;
  }
  use.declared = true;
  use.from_operation = from_operation;
  use.node = security;
  use.pointer = std::move(pointer);
  for (std::uint32_t i = 0; i < security->items().size(); ++i) {
    const Node* requirement = &security->items()[i];
    if (!requirement->is_object()) {
      continue;
    }
    std::vector<std::string_view> names;
    names.reserve(requirement->members().size());
    for (std::uint32_t m = 0; m < requirement->members().size(); ++m) {
      names.push_back(requirement->members()[m].key());
    }
    use.alternatives.push_back(std::move(names));  // `{}` = an anonymous alternative
  }
  return use;
}

}  // namespace

void SpecContext::add_operation(std::string_view path, const Node* item, std::string item_pointer,
                                std::string_view method, const Node* op_node) {
  Operation op;
  op.method = to_upper(method);
  op.path = path;
  op.pointer = pointer_append(item_pointer, method);
  op.op = op_node;
  op.path_item = item;
  add_params(*this, item->get("parameters"), pointer_append(item_pointer, "parameters"), op.params);
  add_params(*this, op_node->get("parameters"), pointer_append(op.pointer, "parameters"),
             op.params);
  fill_success(*this, op);
  if (const Node* own = op_node->get("security")) {
    op.security = security_of(own, pointer_append(op.pointer, "security"), true);
  } else {
    op.security = security_of(tree_->root()->get("security"), "/security", false);
  }
  operations_.push_back(std::move(op));
}

}  // namespace om::extract::detail
