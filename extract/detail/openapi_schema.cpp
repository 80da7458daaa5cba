// Schema walking for the OpenAPI pagination and entity detectors (EXTRACTION.md sections 2, 4):
// bounded breadth-first envelope walks, request bodies and the records array.
#include "extract/detail/openapi_schema.h"

#include <algorithm>
#include <array>
#include <deque>
#include <optional>

#include <re2/re2.h>

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

/// Pointer of property `key` in `view`: its own `properties`, else one of its allOf parts.
std::string property_pointer(const SpecContext& ctx, const SchemaView& view, std::string_view key,
                             const Node* value) {
  const Node* node = view.node;
  if (node != nullptr) {
    if (const Node* props = node->get("properties"); props != nullptr && props->get(key) == value) {
      return pointer_append(pointer_append(view.pointer, "properties"), key);
    }
    if (const Node* all = node->get("allOf"); all != nullptr && all->is_array()) {
      for (std::uint32_t i = 0; i < all->items().size(); ++i) {
        std::string p = pointer_append(pointer_append(view.pointer, "allOf"), std::to_string(i));
        const Node* part = ctx.resolve(&all->items()[i], &p);
        const Node* props = part != nullptr ? part->get("properties") : nullptr;
        if (props != nullptr && props->get(key) == value) {
          return pointer_append(pointer_append(p, "properties"), key);
        }
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

std::string fold_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    }
  }
  return out;
}

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
      std::string folded = fold_name(f->name);
      if (folded == plural || folded + "s" == plural || folded == std::string(plural) + "s") {
        return f;
      }
    }
  }
  for (std::string_view preferred : kRecordNames) {
    for (const Field* f : arrays) {
      if (fold_name(f->name) == preferred) {
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

RecordsPath find_records(const SpecContext& ctx, const Operation& op, std::string_view plural) {
  RecordsPath out;
  if (op.success_schema == nullptr) {
    return out;
  }
  SchemaView top = ctx.resolve_schema(op.success_schema, op.success_schema_pointer);
  if (top.is_array) {
    out.path = "$";
    out.pointer = top.pointer;
    out.items = top.items;
    out.items_pointer = top.items_pointer;
    return out;
  }
  for (const Member& m : top.properties) {
    if (fold_name(m.key()) == "id") {
      return out;  // an envelope has no id: this is one record (Stripe GET /v1/account)
    }
  }
  std::vector<Field> fields = envelope_fields(ctx, op.success_schema, op.success_schema_pointer, 2);
  for (int depth = 1; depth <= 2; ++depth) {
    std::vector<const Field*> arrays;
    for (const Field& f : fields) {
      std::string folded = fold_name(f.name);
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
  std::string folded = fold_name(last);
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
  std::string op_id = fold_name(op.op->str("operationId"));
  return op_id.rfind("search", 0) == 0 || op_id.rfind("query", 0) == 0;
}

namespace {

template <std::size_t N>
bool is_one_of(std::string_view folded, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), folded) != names.end();
}

constexpr std::array<std::string_view, 4> kBodyPagingObjects = {"pagination", "paging", "page",
                                                                "pageinfo"};
constexpr std::array<std::string_view, 9> kOffsetNames = {
    "offset",   "skip", "start",       "startat", "startindex",
    "startrow", "from", "firstresult", "first"};  // `first` + `max`: Keycloak-style offset
constexpr std::array<std::string_view, 21> kLimitNames = {
    "limit",    "perpage",    "pagesize",       "size",         "top",      "maxresults",
    "count",    "take",       "pagelen",        "pagelimit",    "maxitems", "maxpagesize",
    "rows",     "numresults", "resultsperpage", "itemsperpage", "max",      "batchsize",
    "numitems", "maxrecords", "recordsperpage"};
constexpr std::array<std::string_view, 7> kPageNames = {
    "page", "pagenumber", "pageno", "pagenum", "pageindex", "currentpage", "pagenr"};
constexpr std::array<std::string_view, 21> kCursorNames = {
    "cursor",          "after",         "before",       "pagetoken",
    "nexttoken",       "nextpagetoken", "continuation", "continuationtoken",
    "continue",  // Kubernetes list `continue` (fed by metadata.continue)
    "startcursor",     "pageafter",     "pagebefore",   "pagecursor",
    "paginationtoken", "skiptoken",     "batchtoken",   "starttoken",
    "startingtoken",   "scrollid",      "searchafter",  "exclusivestartkey"};
constexpr std::array<std::string_view, 12> kKeysetNames = {
    "startingafter", "endingbefore", "afterid", "beforeid",   "sinceid",      "maxid",
    "minid",         "marker",       "lastid",  "startafter", "startafterid", "lastkey"};
constexpr std::array<std::string_view, 15> kTimeNames = {
    "until",        "updatedsince", "modifiedsince", "updatedafter",  "modifiedafter",
    "changedsince", "starttime",    "endtime",       "begintime",     "startdate",
    "enddate",      "createdafter", "createdbefore", "updatedbefore", "modifiedbefore"};
constexpr std::array<std::string_view, 5> kTotalFlags = {"total", "includetotal", "withcount",
                                                         "inlinecount", "withtotal"};
constexpr std::array<std::string_view, 9> kSortNames = {"orderby",  "sort",          "sorts",
                                                        "sortby",   "order",         "sortorder",
                                                        "ordering", "sortdirection", "sortfield"};

bool is_numeric(std::string_view type) {
  return type.empty() || type == "integer" || type == "number";
}

bool is_time_like(const Node* schema, std::string_view description) {
  std::string_view format = schema != nullptr ? schema->str("format") : std::string_view{};
  return format == "date-time" || format == "date" || icontains(description, "time") ||
         icontains(description, "date");
}

PagingRole role_of(const std::string& f, std::string_view type, const Node* schema,
                   std::string_view description) {
  bool numeric = is_numeric(type);
  if (f == "since") {  // GitHub: the last user id; elsewhere a timestamp
    if (icontains(description, " id") || icontains(description, "identifier")) {
      return PagingRole::kKeyset;
    }
    if (is_time_like(schema, description)) {
      return PagingRole::kTime;
    }
    return type == "integer" ? PagingRole::kKeyset : PagingRole::kSince;
  }
  if ((f == "after" || f == "before") && is_time_like(schema, description)) {
    return PagingRole::kTime;
  }
  if ((f == "from" || f == "to") && is_time_like(schema, {})) {
    return PagingRole::kTime;
  }
  if (is_one_of(f, kOffsetNames)) {
    bool strict = f == "start" || f == "from" || f == "firstresult" || f == "first";
    return (strict ? type == "integer" : type != "boolean" && type != "array") ? PagingRole::kOffset
                                                                               : PagingRole::kNone;
  }
  if (is_one_of(f, kPageNames)) {
    return numeric ? PagingRole::kPage
                   : (type == "string" ? PagingRole::kCursor : PagingRole::kNone);
  }
  if (is_one_of(f, kLimitNames)) {
    // Unambiguous names (`limit`, `MaxResults`) stay page sizes when a spec types every query
    // parameter as a string (eBay, AWS); short generic words need an integer.
    bool strict = f == "count" || f == "size" || f == "max" || f == "rows";
    bool ok = strict ? type == "integer" : (numeric || type == "string");
    return ok ? PagingRole::kLimit : PagingRole::kNone;
  }
  if ((f == "after" || f == "before") && type == "integer") {
    return PagingRole::kKeyset;
  }
  if (is_one_of(f, kCursorNames) || f.ends_with("cursor") || f.ends_with("pagetoken") ||
      f.ends_with("continuationtoken")) {
    return type == "boolean" ? PagingRole::kNone : PagingRole::kCursor;
  }
  if (is_one_of(f, kKeysetNames)) {
    return PagingRole::kKeyset;
  }
  if (is_one_of(f, kTimeNames)) {
    return PagingRole::kTime;
  }
  if (is_one_of(f, kTotalFlags) || ((f == "count" || f == "totalcount") && type == "boolean")) {
    return PagingRole::kTotalFlag;
  }
  if (is_one_of(f, kSortNames)) {
    return PagingRole::kSort;
  }
  // rowOffset, recordOffset, startOffset: an integer offset under another prefix.
  return f.ends_with("offset") && type == "integer" ? PagingRole::kOffset : PagingRole::kNone;
}

bool is_deprecated(const Node* node, std::string_view description) {
  if (node == nullptr || !node->is_object()) {
    return false;
  }
  for (std::uint32_t i = 0; i < node->members().size(); ++i) {
    std::string_view key = node->members()[i].key();
    if ((key == "deprecated" || (key.starts_with("x-") && icontains(key, "deprecated"))) &&
        node->members()[i].value()->boolean) {
      return true;
    }
  }
  return icontains(description.substr(0, 16), "deprecated");
}

/// Credentials are never paging positions, whatever their description says.
bool names_a_credential(const std::string& folded) {
  for (std::string_view word : {"auth", "key", "access", "secret", "session", "csrf", "password"}) {
    if (folded.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

void add_input(PagingInput in, std::vector<PagingInput>& out) {
  in.folded = fold_name(in.name.substr(in.name.rfind('.') + 1));
  in.type = schema_type(in.schema);
  in.role = role_of(in.folded, in.type, in.schema, in.description);
  bool positional = in.role != PagingRole::kLimit && in.role != PagingRole::kSort &&
                    in.role != PagingRole::kTotalFlag;
  bool stringish = in.type == "string" || in.type.empty();
  if (positional && stringish && !names_a_credential(in.folded) &&
      describes_cursor(in.description)) {
    in.role = PagingRole::kCursor;  // "an opaque token returned by the previous call"
  }
  // Other strings are kept without a role: a response field may feed them (classify_paging).
  if (in.role != PagingRole::kNone || (stringish && in.location != "header")) {
    in.deprecated = is_deprecated(in.node, in.description);
    out.push_back(std::move(in));
  }
}

std::optional<double> stated_number(std::string_view text, const RE2& pattern) {
  int value = 0;
  if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), pattern, &value) && value > 0 &&
      value < 1000000) {
    return static_cast<double>(value);
  }
  return std::nullopt;
}

std::optional<double> number_member(const Node* schema, std::string_view key) {
  const Node* n = schema != nullptr ? schema->get(key) : nullptr;
  if (n != nullptr && n->type == NodeType::kNumber && n->number() > 0) {
    return n->number();
  }
  return std::nullopt;
}

}  // namespace

std::vector<PagingInput> paging_inputs(const SpecContext& ctx, const Operation& op) {
  std::vector<PagingInput> out;
  for (const Param& p : op.params) {
    if (p.in != "query" && p.in != "header") {
      continue;
    }
    add_input(PagingInput{std::string(p.name),
                          {},
                          PagingRole::kNone,
                          {},
                          p.node,
                          p.pointer,
                          p.schema,
                          p.description,
                          p.in,
                          false},
              out);
    if (p.in == "header" && !out.empty() && out.back().node == p.node &&
        out.back().role != PagingRole::kCursor) {
      out.pop_back();  // only cursors travel in headers
    }
  }
  if (!is_post_read(op)) {
    return out;
  }
  std::string pointer;
  const Node* body = request_body_schema(ctx, op, &pointer);
  if (body == nullptr) {
    return out;
  }
  // Top-level body properties, and those of a paging object ({pagination: {pageSize, rowOffset}}).
  for (const Field& f : envelope_fields(ctx, body, pointer, 2)) {
    std::string parent = f.depth > 1 ? f.path.substr(0, f.path.rfind('.')) : std::string();
    if (f.depth > 1 && !is_one_of(fold_name(parent), kBodyPagingObjects)) {
      continue;
    }
    add_input(PagingInput{f.path,
                          {},
                          PagingRole::kNone,
                          {},
                          f.schema,
                          f.pointer,
                          f.schema,
                          f.schema != nullptr ? f.schema->str("description") : std::string_view{},
                          "body",
                          false},
              out);
  }
  return out;
}

PageSize page_size_of(const PagingInput& input) {
  static const RE2 kDefault(R"((?i)default(?:s)?\b[^.\d]{0,40}?(\d+))");
  static const RE2 kMax(
      R"((?i)(?:maximum|\bmax\b|at most|up to|no more than|cannot exceed|greater than|not exceed|limit of)[^.\d]{0,30}?(\d+))");
  static const RE2 kBetween(R"((?i)between\s+\d+\s+and\s+(\d+))");
  PageSize out;
  out.param = std::string(input.name);
  out.default_value = number_member(input.schema, "default");
  out.max = number_member(input.schema, "maximum");
  std::string_view text = input.description;
  if (text.empty() && input.schema != nullptr) {
    text = input.schema->str("description");
  }
  if (!out.default_value) {
    out.default_value = stated_number(text, kDefault);
  }
  if (!out.max) {
    out.max = stated_number(text, kMax);
  }
  if (!out.max) {
    out.max = stated_number(text, kBetween);
  }
  return out;
}

bool describes_cursor(std::string_view description) {
  static const RE2 kCursor(R"((?i)\bcursor\b)");
  static const RE2 kToken(R"((?i)\btoken\b)");
  static const RE2 kPaging(
      R"((?i)\bpage\b|paginat|paging|\bnext\b|previous (?:call|request|response|page|result)|continu)");
  re2::StringPiece text(description.data(), description.size());
  return RE2::PartialMatch(text, kCursor) ||
         (RE2::PartialMatch(text, kToken) && RE2::PartialMatch(text, kPaging));
}

bool looks_like_url_field(const Field& field) {
  if (field.type != "string" && !field.type.empty()) {
    return false;
  }
  std::string_view format = field.schema != nullptr ? field.schema->str("format") : "";
  if (format == "uri" || format == "url" || format == "uri-reference" || format == "iri" ||
      format == "iri-reference") {
    return true;
  }
  std::string folded = fold_name(field.name);
  if (folded.find("url") != std::string::npos || folded.find("link") != std::string::npos ||
      folded.find("href") != std::string::npos || folded.find("uri") != std::string::npos) {
    return true;
  }
  if (field.schema == nullptr) {
    return false;
  }
  std::string_view example = field.schema->str("example");
  if (example.starts_with("http") || example.starts_with("/")) {
    return true;
  }
  std::string_view description = field.schema->str("description");
  return icontains(description, "url") || icontains(description, " link");
}

}  // namespace om::extract::detail
