// Schema walking for the OpenAPI pagination and entity detectors (EXTRACTION.md sections 2, 4):
// bounded breadth-first envelope walks, request bodies and the records array (paging inputs:
// openapi_paging_inputs.cpp).
#include "extract/detail/openapi_schema.h"

#include <algorithm>
#include <array>
#include <deque>

#include "core/text.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxFields = 256;

// Envelope members that never hold the records (dlt's runtime skip list, plus errors).
constexpr std::array<std::string_view, 12> kNotRecords = {
    "errors", "error",   "warnings", "meta",    "metadata", "links",
    "paging", "headers", "extras",   "include", "messages", "pagination"};
// Preferred record containers, in order (dlt runtime + AutoRest `value`).
constexpr std::array<std::string_view, 15> kRecordNames = {
    "data",    "items",   "results", "value",   "entries", "records",   "rows", "entities",
    "objects", "content", "values",  "payload", "hits",    "resources", "nodes"};

template <std::size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view folded) {
  for (std::string_view x : list) {
    if (x == folded) {
      return true;
    }
  }
  return false;
}

bool is_objectish(const Node* schema) {
  return schema != nullptr && schema->is_object() &&
         (schema_has_type(schema, "object") || schema->get("properties") != nullptr ||
          schema->get("allOf") != nullptr);
}

/// Pointer of property `key` in `view`: its own `properties`, else the allOf part (at any depth
/// of nested allOf chains, bounded) that declares it.
std::string property_pointer(const SpecContext& ctx, const SchemaView& view, std::string_view key,
                             const Node* value) {
  constexpr std::size_t kMaxParts = 64;
  std::vector<std::pair<const Node*, std::string>> todo{{view.node, view.pointer}};
  for (std::size_t next = 0; next < todo.size() && next < kMaxParts; ++next) {
    const Node* node = todo[next].first;
    std::string at = todo[next].second;
    if (node == nullptr || !node->is_object()) {
      continue;
    }
    if (const Node* props = node->get("properties"); props != nullptr && props->get(key) == value) {
      return pointer_append(pointer_append(at, "properties"), key);
    }
    if (const Node* all = node->get("allOf"); all != nullptr && all->is_array()) {
      for (std::uint32_t i = 0; i < all->items().size(); ++i) {
        std::string p = pointer_append(pointer_append(at, "allOf"), std::to_string(i));
        const Node* part = ctx.resolve(&all->items()[i], &p);
        todo.emplace_back(part, std::move(p));
      }
    }
  }
  return pointer_append(pointer_append(view.pointer, "properties"), key);
}

struct Pending {
  const Node* schema;
  std::string pointer;
  std::string prefix;
  int depth;
};

}  // namespace

std::string_view schema_type(const Node* schema) {
  if (schema == nullptr || !schema->is_object()) {
    return {};
  }
  if (const Node* t = schema->get("type"); t != nullptr) {
    if (t->is_string()) {
      return t->text();
    }
    if (t->is_array()) {
      for (std::uint32_t i = 0; i < t->items().size(); ++i) {
        if (t->items()[i].is_string() && t->items()[i].text() != "null") {
          return t->items()[i].text();
        }
      }
    }
  }
  if (schema->get("items") != nullptr) {
    return "array";
  }
  if (schema->get("properties") != nullptr || schema->get("allOf") != nullptr) {
    return "object";
  }
  return {};
}

std::vector<Field> envelope_fields(const SpecContext& ctx, const Node* schema,
                                   const std::string& pointer, int max_depth) {
  std::vector<Field> out;
  std::deque<Pending> queue;
  queue.push_back(Pending{schema, pointer, "", 1});
  while (!queue.empty() && out.size() < kMaxFields) {
    Pending at = std::move(queue.front());
    queue.pop_front();
    SchemaView view = ctx.resolve_schema(at.schema, at.pointer);
    if (view.node == nullptr || view.is_array) {
      continue;
    }
    for (const Member& m : view.properties) {
      if (out.size() >= kMaxFields) {
        break;
      }
      Field f;
      f.name = m.key();
      f.path = at.prefix.empty() ? std::string(m.key()) : at.prefix + "." + std::string(m.key());
      f.pointer = property_pointer(ctx, view, m.key(), m.value());
      f.schema = ctx.resolve(m.value(), &f.pointer);
      f.type = schema_type(f.schema);
      f.depth = at.depth;
      if (at.depth < max_depth && f.type != "array" && is_objectish(f.schema)) {
        queue.push_back(Pending{f.schema, f.pointer, f.path, at.depth + 1});
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

const Node* request_body_schema(const SpecContext& ctx, const Operation& op, std::string* pointer) {
  for (const Param& p : op.params) {
    if (p.in == "body" && p.node != nullptr && p.node->get("schema") != nullptr) {
      *pointer = pointer_append(p.pointer, "schema");
      return ctx.resolve(p.node->get("schema"), pointer);
    }
  }
  *pointer = pointer_append(op.pointer, "requestBody");
  const Node* body = ctx.resolve(op.op->get("requestBody"), pointer);
  const Node* content = body != nullptr ? body->get("content") : nullptr;
  if (content == nullptr || !content->is_object()) {
    return nullptr;
  }
  for (std::uint32_t i = 0; i < content->members().size(); ++i) {
    const Member& media = content->members()[i];
    if (icontains(media.key(), "json") && media.value()->get("schema") != nullptr) {
      *pointer = pointer_append(pointer_append(pointer_append(*pointer, "content"), media.key()),
                                "schema");
      return ctx.resolve(media.value()->get("schema"), pointer);
    }
  }
  return nullptr;
}

namespace {

/// True when the array's items are objects (records), not scalars (ids, column names).
bool holds_objects(const SpecContext& ctx, const Field& array) {
  SchemaView view = ctx.resolve_schema(array.schema, array.pointer);
  if (view.items == nullptr) {
    return false;
  }
  SchemaView item = ctx.resolve_schema(view.items, view.items_pointer);
  return item.is_object || !item.properties.empty();
}

/// Picks the records array among same-depth candidates; nullptr when ambiguous.
const Field* pick_records(const SpecContext& ctx, const std::vector<const Field*>& arrays,
                          std::string_view plural) {
  if (arrays.empty()) {
    return nullptr;
  }
  if (!plural.empty()) {
    for (const Field* f : arrays) {
      std::string folded = fold_alnum(f->name);
      if (folded == plural || folded + "s" == plural || folded == std::string(plural) + "s") {
        return f;
      }
    }
  }
  for (std::string_view preferred : kRecordNames) {
    for (const Field* f : arrays) {
      if (fold_alnum(f->name) == preferred) {
        return f;
      }
    }
  }
  if (arrays.size() == 1) {
    return arrays.front();
  }
  const Field* of_objects = nullptr;  // Superset: `result` beside `ids` and `list_columns`
  for (const Field* f : arrays) {
    if (holds_objects(ctx, *f)) {
      if (of_objects != nullptr) {
        return nullptr;
      }
      of_objects = f;
    }
  }
  return of_objects;
}

}  // namespace

namespace {

RecordsPath records_in(const SpecContext& ctx, const Node* schema, const std::string& pointer,
                       std::string_view plural, int alternatives_depth);

/// The records of a response whose schema is only alternatives (oneOf/anyOf): the one records
/// path every alternative that has records agrees on (a bare string or error object beside
/// `{records: [...]}`), else none.
RecordsPath records_in_alternatives(const SpecContext& ctx, const SchemaView& top,
                                    std::string_view plural, int depth) {
  RecordsPath agreed;
  for (std::string_view key : {"oneOf", "anyOf"}) {
    const Node* alts = top.node->get(key);
    for (std::uint32_t i = 0; alts != nullptr && alts->is_array() && i < alts->items().size();
         ++i) {
      std::string pointer = pointer_append(pointer_append(top.pointer, key), std::to_string(i));
      RecordsPath r = records_in(ctx, &alts->items()[i], pointer, plural, depth + 1);
      if (r.path.empty()) {
        continue;
      }
      if (!agreed.path.empty() && agreed.path != r.path) {
        return {};
      }
      if (agreed.path.empty()) {
        agreed = std::move(r);
      }
    }
  }
  return agreed;
}

}  // namespace

RecordsPath find_records(const SpecContext& ctx, const Operation& op, std::string_view plural) {
  if (op.success_schema == nullptr) {
    return {};
  }
  return records_in(ctx, op.success_schema, op.success_schema_pointer, plural, 0);
}

namespace {

RecordsPath records_in(const SpecContext& ctx, const Node* schema, const std::string& pointer,
                       std::string_view plural, int alternatives_depth) {
  RecordsPath out;
  SchemaView top = ctx.resolve_schema(schema, pointer);
  if (top.node == nullptr) {
    return out;
  }
  if (!top.is_array && top.properties.empty() && top.has_alternatives && alternatives_depth < 2) {
    return records_in_alternatives(ctx, top, plural, alternatives_depth);
  }
  if (top.is_array) {
    out.path = "$";
    out.pointer = top.pointer;
    out.items = top.items;
    out.items_pointer = top.items_pointer;
    return out;
  }
  for (const Member& m : top.properties) {
    if (fold_alnum(m.key()) == "id") {
      return out;  // an envelope has no id: this is one record (Stripe GET /v1/account)
    }
  }
  std::vector<Field> fields = envelope_fields(ctx, schema, pointer, 2);
  for (int depth = 1; depth <= 2; ++depth) {
    std::vector<const Field*> arrays;
    for (const Field& f : fields) {
      std::string folded = fold_alnum(f.name);
      bool metadata = folded.ends_with("metadata") || folded.ends_with("meta");
      if (f.depth == depth && f.type == "array" && !in_list(kNotRecords, folded) && !metadata) {
        arrays.push_back(&f);
      }
    }
    if (const Field* pick = pick_records(ctx, arrays, plural); pick != nullptr) {
      SchemaView view = ctx.resolve_schema(pick->schema, pick->pointer);
      out.path = pick->path;
      out.pointer = pick->pointer;
      out.items = view.items;
      out.items_pointer = view.items_pointer;
      return out;
    }
    if (!arrays.empty()) {
      return out;  // 2+ arrays and nothing to choose by: ambiguous
    }
  }
  return out;
}

}  // namespace

bool is_post_read(const Operation& op) {
  if (op.method != "POST") {
    return false;
  }
  std::string_view path = op.path;
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  std::string_view last = path.substr(path.rfind('/') + 1);
  if (std::size_t colon = last.rfind(':'); colon != std::string_view::npos) {
    last = last.substr(colon + 1);
  }
  std::string folded = fold_alnum(last);
  if (folded.find("search") != std::string::npos || folded == "query" || folded == "find" ||
      folded.starts_with("list")) {
    return true;
  }
  // RPC reads: POST /widgets/get, /widgets/get_by_id, /widgets/sync.
  for (std::string_view verb : {"get", "getbyid", "info", "read", "fetch", "retrieve", "sync"}) {
    if (folded == verb) {
      return true;
    }
  }
  std::string op_id = fold_alnum(op.op->str("operationId"));
  return op_id.rfind("search", 0) == 0 || op_id.rfind("query", 0) == 0;
}

}  // namespace om::extract::detail
