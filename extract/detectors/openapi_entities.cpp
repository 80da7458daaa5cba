// Entity detection for OpenAPI specs (EXTRACTION.md section 4): list / get / nested child
// endpoints grouped by collection path, records path, primary key and parent entity.
#include <algorithm>
#include <array>
#include <map>

#include "core/text.h"
#include "core/words.h"
#include "extract/detail/openapi_records.h"
#include "extract/detail/openapi_schema.h"
#include "extract/detail/path_words.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxNameParts = 3;

// Last segments that name an action, a singleton or a service endpoint, not a collection.
constexpr std::array<std::string_view, 20> kNotEntities = {
    "health", "healthz", "ping",   "version",  "status",  "login", "logout",
    "token",  "auth",    "config", "settings", "info",    "stats", "metrics",
    "count",  "export",  "import", "openapi",  "swagger", "schema"};
constexpr std::array<std::string_view, 3> kFormatSuffixes = {"json", "xml", "yaml"};
constexpr std::array<std::string_view, 5> kListVerbs = {"list", "all", "search", "query", "find"};
constexpr std::array<std::string_view, 3> kSearchVerbs = {"search", "query", "find"};
// RPC-style reads of one record: POST /widgets/get, /widgets/get_by_id, GET /widgets.info?id=.
constexpr std::array<std::string_view, 7> kGetVerbs = {"get",   "getbyid",  "info", "read",
                                                       "fetch", "retrieve", "show"};

template <std::size_t N>
bool is_one_of(std::string_view folded, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), folded) != names.end();
}

/// A path cut into segments, with its collection (the path without a trailing var, format
/// suffix or list verb) and the kind of operation it is.
struct Shape {
  std::vector<std::string_view> segs;  // without empty segments
  std::size_t collection_end = 0;      // segs[0, collection_end) is the collection
  bool is_get = false;                 // trailing var: one record
  bool via_verb = false;               // `/search`, `/list`, POST reads
};

/// "Accounts.json" -> "Accounts", "{Sid}.json" -> "{Sid}": a format extension on a segment
/// (Twilio, Discourse) does not change what the segment names.
std::string_view without_format_extension(std::string_view seg) {
  std::size_t dot = seg.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return seg;
  }
  return is_one_of(fold_alnum(seg.substr(dot + 1)), kFormatSuffixes) ? seg.substr(0, dot) : seg;
}

/// "conversations.list" -> {"conversations", "list"}: a dotted RPC method names noun and verb.
void split_dotted_method(std::vector<std::string_view>& segs) {
  std::string_view last = segs.back();
  std::size_t dot = last.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || is_var(last)) {
    return;
  }
  std::string verb = fold_alnum(last.substr(dot + 1));
  if (is_one_of(verb, kListVerbs) || is_one_of(verb, kGetVerbs)) {
    segs.back() = last.substr(0, dot);
    segs.push_back(last.substr(dot + 1));
  }
}

/// An RPC read of one record names it by a required input: a query parameter for GET, a
/// required body property for POST.
bool names_one_record(const SpecContext& ctx, const Operation& op) {
  if (op.method == "GET") {
    return !rpc_key(ctx, op).empty();
  }
  std::string pointer;
  SchemaView body = ctx.resolve_schema(request_body_schema(ctx, op, &pointer), pointer);
  return !body.required.empty();
}

Shape shape_of(const SpecContext& ctx, const Operation& op) {
  Shape s;
  for (std::string_view seg : split(op.path, '/')) {
    if (!seg.empty()) {
      s.segs.push_back(seg);
    }
  }
  if (!s.segs.empty()) {
    s.segs.back() = without_format_extension(s.segs.back());
    split_dotted_method(s.segs);
  }
  std::size_t end = s.segs.size();
  if (end >= 2 && is_one_of(fold_alnum(s.segs[end - 1]), kFormatSuffixes)) {
    --end;  // Docker: /containers/json, /containers/{id}/json
  }
  if (end >= 2 && !is_var(s.segs[end - 1]) && is_one_of(fold_alnum(s.segs[end - 1]), kGetVerbs) &&
      !is_var(s.segs[end - 2]) && names_one_record(ctx, op)) {
    s.is_get = true;
    s.via_verb = true;
    s.collection_end = end - 1;
    return s;
  }
  if (end >= 1 && !is_var(s.segs[end - 1])) {
    std::string last = fold_alnum(s.segs[end - 1]);
    if (op.method == "POST" || (is_one_of(last, kListVerbs) && end >= 2)) {
      s.via_verb = true;
      --end;
    }
  } else if (end >= 1) {
    s.is_get = true;
    --end;
  }
  s.collection_end = end;
  return s;
}

std::string collection_key(const Shape& s) {
  std::string key;
  for (std::size_t i = 0; i < s.collection_end; ++i) {
    key += "/" + (is_var(s.segs[i]) ? std::string("{}") : std::string(s.segs[i]));
  }
  return key;
}

/// Singular snake_case name from the static segments after the collection's last var.
std::string entity_name(const Shape& s) {
  std::vector<std::string> parts;
  for (std::size_t i = s.collection_end; i-- > 0;) {
    if (is_var(s.segs[i])) {
      break;
    }
    if (!is_version_like(s.segs[i])) {
      parts.insert(parts.begin(), singular(snake(s.segs[i])));
    }
  }
  if (parts.size() > kMaxNameParts) {
    parts.erase(parts.begin(), parts.end() - kMaxNameParts);
  }
  std::string name;
  for (const std::string& p : parts) {
    name += (name.empty() ? "" : "_") + p;
  }
  return name;
}

/// One collection path and the operations that read it.
struct Collection {
  std::string key;   // "/dags/{}/dagRuns"
  std::string name;  // "dag_run"
  const Operation* list = nullptr;
  const Operation* get = nullptr;
  int list_rank = 99;  // 0 plain GET, 1 GET verb, 2 POST read
  Shape list_shape, get_shape;
  std::string parent;      // key of the parent collection
  bool singleton = false;  // a static-path GET of one object (/account, /me)
  bool merged_away = false;
  std::string merged_into;  // the key of the list collection it was paired with
  /// End of the list path's collection, where its plural noun is (0 when there is no list).
  [[nodiscard]] std::size_t collection_plural_end() const {
    return list != nullptr ? list_shape.collection_end : 0;
  }
};

bool is_excluded(const Shape& s) {
  for (std::size_t i = 0; i < s.collection_end; ++i) {
    if (is_one_of(fold_alnum(s.segs[i]), kNotEntities) && !is_var(s.segs[i])) {
      return i + 1 == s.collection_end;  // only the collection's own last segment counts
    }
  }
  return false;
}

/// A list needs evidence of many records: an array payload, a paging verdict, or no schema.
bool reads_many(const SpecContext& ctx, const Operation& op) {
  if (op.success_schema == nullptr) {
    return true;
  }
  if (!find_records(ctx, op, {}).path.empty()) {
    return true;
  }
  for (const OpPaging& p : classify_paging(ctx, op)) {
    if (p.style != PageStyle::kUnknown && p.style != PageStyle::kNone) {
      return true;
    }
  }
  return false;
}

/// "/submissions/{submission_id}", "/things/{id}": the last variable is the id of the record of
/// the static segment before it.
bool var_names_its_segment(const Shape& s) {
  std::size_t last = s.collection_end;  // the get's variable
  if (last == 0 || last >= s.segs.size() || is_var(s.segs[last - 1])) {
    return false;
  }
  std::string noun = var_noun(s.segs[last]);
  return noun == "id" || noun == "uuid" || noun == "key" ||
         noun == fold_alnum(singular(snake(s.segs[last - 1]))) ||
         noun == fold_alnum(s.segs[last - 1]);
}

bool is_paged(const SpecContext& ctx, const Operation& op) {
  std::vector<OpPaging> paging = classify_paging(ctx, op);
  return std::any_of(paging.begin(), paging.end(), [](const OpPaging& p) {
    return p.style != PageStyle::kUnknown && p.style != PageStyle::kNone;
  });
}

/// A GET on a path without variables that returns one object with properties: /account, /me.
bool is_singleton(const SpecContext& ctx, const Operation& op, const Shape& s) {
  if (op.method != "GET" || s.via_verb || s.collection_end != s.segs.size() ||
      std::any_of(s.segs.begin(), s.segs.end(), is_var) ||
      std::any_of(s.segs.begin(), s.segs.end(), [](std::string_view seg) {
        return !is_version_like(seg) && seg.find('.') != std::string_view::npos;
      })) {  // /views.open: an RPC action, no record
    return false;
  }
  std::size_t nouns = static_cast<std::size_t>(std::count_if(
      s.segs.begin(), s.segs.end(), [](std::string_view seg) { return !is_version_like(seg); }));
  if (nouns == 0 || nouns > 2) {
    return false;  // /account, /users/me; not /reports/daily/summary
  }
  SchemaView view = ctx.resolve_schema(op.success_schema, op.success_schema_pointer);
  return !view.is_array && !view.properties.empty();
}

/// A GET whose last segment is a variable but which returns a paged records array
/// (/project/{owner}/{project} with limit/offset) lists a collection keyed by that variable.
bool is_paged_collection(const SpecContext& ctx, const Operation& op) {
  return op.method == "GET" && !find_records(ctx, op, {}).path.empty() && is_paged(ctx, op);
}

/// A name for a collection whose path ends in a variable: its record schema's name, else the
/// variable's ("Build" -> "build", "{project}" -> "project_record").
std::string name_from_records(const SpecContext& ctx, const Operation& op, const Shape& s) {
  const RecordsPath records = find_records(ctx, op, {});  // the view below reads into it
  std::string_view pointer = records.items_pointer;
  for (std::string_view under : {"/components/schemas/", "/definitions/"}) {
    if (pointer.starts_with(under) && pointer.find('/', under.size()) == std::string_view::npos) {
      return singular(snake(pointer.substr(under.size())));
    }
  }
  std::string_view last = s.segs[s.collection_end - 1];
  return snake(last.substr(1, last.size() - 2)) + "_record";
}

void consider(const SpecContext& ctx, const Operation& op, std::map<std::string, Collection>& by,
              std::vector<std::string>& order, std::vector<const Operation*>& item_gets) {
  if (op.method != "GET" && !is_post_read(op)) {
    return;
  }
  Shape s = shape_of(ctx, op);
  if (s.collection_end == 0 || is_excluded(s)) {
    return;
  }
  if (s.is_get && !var_names_its_segment(s) && is_paged_collection(ctx, op)) {
    s.is_get = false;
    s.collection_end += 1;
  }
  if (s.is_get && s.collection_end >= 1 && is_var(s.segs[s.collection_end - 1])) {
    // /things/{id}/{sub_id}: a variant of the get on /things/{id}, or the item of a paged
    // collection that ends in a variable (attach_item_gets).
    item_gets.push_back(&op);
    return;
  }
  bool singleton = false;
  if (!s.is_get && !reads_many(ctx, op)) {
    singleton = is_singleton(ctx, op, s);
    if (!singleton) {
      return;
    }
  }
  std::string key = collection_key(s);
  auto [it, fresh] = by.try_emplace(key);
  Collection& c = it->second;
  if (fresh) {
    order.push_back(key);
    c.key = key;
    c.name = entity_name(s);
    if (c.name.empty() && !s.is_get && is_var(s.segs[s.collection_end - 1])) {
      c.name = name_from_records(ctx, op, s);
    }
  }
  if (s.is_get || singleton) {
    if (c.get == nullptr) {
      c.get = &op;
      c.get_shape = s;
      c.singleton = singleton;
    }
    return;
  }
  int rank = op.method == "POST" ? 2 : (s.via_verb ? 1 : 0);
  if (const Node* deprecated = op.op->get("deprecated");
      deprecated != nullptr && deprecated->boolean && !is_paged(ctx, op)) {
    rank += 3;  // a paged search sibling beats a deprecated unpaged list
  }
  if (rank < c.list_rank) {
    c.list = &op;
    c.list_rank = rank;
    c.list_shape = s;
  }
}

/// A get-only collection whose parent path is a GET returning the same record schema: the
/// spec declared the list as one record (`GET /branches` and `GET /branches/{b}` both return
/// Branch), so that GET is the list.
void adopt_lists_by_schema(const SpecContext& ctx, std::map<std::string, Collection>& by) {
  std::map<std::string_view, const Operation*> gets;
  for (const Operation& op : ctx.operations()) {
    if (op.method == "GET" && !op.success_schema_pointer.empty()) {
      gets.emplace(op.path, &op);
    }
  }
  for (auto& [key, c] : by) {
    if (c.list != nullptr || c.get == nullptr || c.singleton || !c.get_shape.is_get) {
      continue;
    }
    std::string_view path = c.get->path;
    auto it = gets.find(path.substr(0, path.rfind('/')));
    if (it == gets.end() || it->second->success_schema_pointer != c.get->success_schema_pointer) {
      continue;
    }
    Shape s = shape_of(ctx, *it->second);
    if (!s.is_get && !s.via_verb && collection_key(s) == key) {
      c.list = it->second;
      c.list_shape = s;
      c.list_rank = 0;
    }
  }
}

/// Gets of items of collections that end in a variable: /project/{o}/{p}/{num} for the list
/// /project/{o}/{p}.
void attach_item_gets(const SpecContext& ctx, const std::vector<const Operation*>& item_gets,
                      std::map<std::string, Collection>& by) {
  for (const Operation* op : item_gets) {
    Shape s = shape_of(ctx, *op);
    auto it = by.find(collection_key(s));
    if (it != by.end() && it->second.list != nullptr && it->second.get == nullptr) {
      it->second.get = op;
      it->second.get_shape = s;
    }
  }
}

/// The collection a path variable of `c` names: /project/{owner}/{project}/secrets -> projects.
std::string parent_by_var(const Collection& c, const std::map<std::string, Collection>& by) {
  const Shape& shape = c.list != nullptr ? c.list_shape : c.get_shape;
  for (std::size_t i = shape.collection_end; i-- > 0;) {
    if (!is_var(shape.segs[i])) {
      continue;
    }
    std::string noun = var_noun(shape.segs[i]);
    for (const auto& [key, other] : by) {
      if (key != c.key && !other.merged_away && !other.name.empty() &&
          fold_alnum(other.name) == noun) {
        return key;
      }
    }
  }
  return {};
}

/// The key of the nearest ancestor collection: "/a/{}/b/{}/c" -> "/a/{}/b" (then "/a").
std::vector<std::string> ancestors(const std::string& key) {
  std::vector<std::string> out;
  std::string k = key;
  while (true) {
    std::size_t var = k.rfind("/{}");
    if (var == std::string::npos) {
      return out;
    }
    k = k.substr(0, var);
    out.push_back(k);
  }
}

/// Key of the parent collection: the nearest ancestor collection with a name or, failing that,
/// the entity a required query parameter `<entity>_id` names (GET /v1/comments?block_id=).
std::string parent_of(const SpecContext& ctx, const Collection& c,
                      const std::map<std::string, Collection>& by) {
  for (const std::string& a : ancestors(c.key)) {
    auto it = by.find(a);
    if (it != by.end() && !it->second.name.empty() && !it->second.merged_away) {
      // An ancestor with no list of its own (GET /report/meetings/{id} only, "report_meeting")
      // yields to the entity the path variable names exactly ({meetingId} -> "meeting").
      std::string named = it->second.list == nullptr ? parent_by_var(c, by) : std::string();
      return !named.empty() && named != it->first ? named : it->first;
    }
    if (it != by.end() && it->second.merged_away && !it->second.merged_into.empty() &&
        it->second.merged_into != c.key) {
      return it->second.merged_into;  // /meetings/{id}/x: /meetings was paired with its list
    }
  }
  if (std::string by_var = parent_by_var(c, by); !by_var.empty()) {
    return by_var;
  }
  const Operation* op = c.list != nullptr ? c.list : c.get;
  for (const std::string& folded : required_inputs(ctx, *op)) {
    if (!folded.ends_with("id")) {
      continue;
    }
    for (const auto& [key, other] : by) {
      if (!other.name.empty() && !other.merged_away && other.key != c.key &&
          fold_alnum(other.name) + "id" == folded) {
        return key;
      }
    }
  }
  return {};
}

/// A list-only and a get-only collection with the same name and one of each: one entity
/// (Netlify: GET /sites/{site_id}/builds with GET /builds/{build_id}).
void pair_by_name(std::map<std::string, Collection>& by, const std::vector<std::string>& order) {
  std::map<std::string, std::vector<Collection*>> lists, gets;
  for (const std::string& key : order) {
    Collection& c = by[key];
    if (c.name.empty() || c.singleton || (c.list != nullptr) == (c.get != nullptr)) {
      continue;
    }
    (c.list != nullptr ? lists : gets)[c.name].push_back(&c);
  }
  for (auto& [name, ls] : lists) {
    auto g = gets.find(name);
    if (ls.size() != 1 || g == gets.end() || g->second.size() != 1) {
      continue;
    }
    ls.front()->get = g->second.front()->get;
    ls.front()->get_shape = g->second.front()->get_shape;
    g->second.front()->merged_away = true;
    g->second.front()->merged_into = ls.front()->key;
  }
}

/// Root-level POST search (POST /v1/search) becomes the list of get-only entities it names.
void assign_root_search(const SpecContext& ctx, std::map<std::string, Collection>& by) {
  for (const Operation& op : ctx.operations()) {
    Shape s = shape_of(ctx, op);
    std::size_t end = s.collection_end;
    bool get_search = op.method == "GET" && !s.segs.empty() && end == s.segs.size() &&
                      is_one_of(fold_alnum(s.segs.back()), kSearchVerbs);
    if (!is_post_read(op) && !get_search) {
      continue;
    }
    end -= get_search ? 1 : 0;  // GET /v1/search?type=widget: the search segment is the verb
    bool root = std::all_of(s.segs.begin(), s.segs.begin() + end,
                            [](std::string_view seg) { return is_version_like(seg); });
    if (!root) {
      continue;
    }
    std::vector<std::string> types = searched_types(ctx, op);
    for (auto& [key, c] : by) {
      if (c.list == nullptr && c.get != nullptr && !c.name.empty() &&
          std::find(types.begin(), types.end(), fold_alnum(c.name)) != types.end()) {
        c.list = &op;
        c.list_rank = 2;
        c.list_shape = s;
      }
    }
  }
}

/// Primary key: `id`-like property of a record, else the get path's last var.
std::string primary_key(const SpecContext& ctx, const Collection& c, const RecordsPath& records) {
  const Node* item = records.items;
  std::string pointer = records.items_pointer;
  std::string var;
  if (c.get != nullptr && c.get_shape.collection_end < c.get_shape.segs.size() &&
      is_var(c.get_shape.segs[c.get_shape.collection_end])) {
    std::string_view last = c.get_shape.segs[c.get_shape.collection_end];
    var = std::string(last.substr(1, last.size() - 2));
  } else if (c.get != nullptr && !c.singleton) {
    var = rpc_key(ctx, *c.get);
  }
  SchemaView view = ctx.resolve_schema(item, pointer);
  if (view.properties.empty() && c.get != nullptr) {  // a bare record type: try the get's
    view = ctx.resolve_schema(c.get->success_schema, c.get->success_schema_pointer);
  }
  std::string key = key_property(ctx, view, fold_alnum(c.name), var);
  return key.empty() ? var : key;
}

/// Names for child lists reached by POST on a record (POST /data_sources/{id}/query), then
/// parent keys, then distinct names: a clashing child takes its parent's name as a prefix.
void name_and_link(const SpecContext& ctx, std::map<std::string, Collection>& by) {
  for (auto& [key, c] : by) {
    if (c.name.empty() && key.ends_with("/{}")) {
      auto it = by.find(key.substr(0, key.size() - 3));
      if (it != by.end() && !it->second.name.empty()) {
        c.name = it->second.name + "_record";
      }
    }
  }
  std::map<std::string, int> uses;
  for (auto& [key, c] : by) {
    c.parent = parent_of(ctx, c, by);
    uses[c.name] += c.merged_away || c.name.empty() ? 0 : 1;
  }
  for (auto& [key, c] : by) {
    if (uses[c.name] > 1 && !c.parent.empty() && !c.merged_away) {
      const std::string& parent_name = by[c.parent].name;
      if (!c.name.starts_with(parent_name)) {
        c.name = parent_name + "_" + c.name;
      }
    }
  }
}

Entity to_entity(const SpecContext& ctx, const Collection& c,
                 const std::map<std::string, Collection>& by) {
  Entity e;
  e.name = c.name;
  if (c.list != nullptr) {
    e.list = EndpointRef{c.list->method, std::string(c.list->path)};
    e.evidence.push_back(ctx.evidence(c.list->op, c.list->pointer));
  }
  if (c.get != nullptr) {
    e.get = EndpointRef{c.get->method, std::string(c.get->path)};
    e.evidence.push_back(ctx.evidence(c.get->op, c.get->pointer));
  }
  if (!c.parent.empty()) {
    e.parent = by.at(c.parent).name;
  }
  std::string plural;
  if (c.collection_plural_end() > 0) {
    plural = fold_alnum(c.list_shape.segs[c.collection_plural_end() - 1]);
  }
  RecordsPath records;
  if (c.list != nullptr) {
    records = find_records(ctx, *c.list, plural);
    e.records_path = records.path;
    for (const OpPaging& p : classify_paging(ctx, *c.list)) {
      if (!e.pagination && p.style != PageStyle::kUnknown) {
        e.pagination = p.style;
      }
    }
  }
  e.primary_key = primary_key(ctx, c, records);
  bool solid = c.list == nullptr || !records.path.empty() || e.pagination.has_value();
  e.confidence = solid ? confidence::kStructural : confidence::kLexical;
  return e;
}

}  // namespace

void detect_entities(const SpecContext& ctx, Findings& out) {
  std::map<std::string, Collection> by;
  std::vector<std::string> order;
  std::vector<const Operation*> item_gets;
  for (const Operation& op : ctx.operations()) {
    consider(ctx, op, by, order, item_gets);
  }
  attach_item_gets(ctx, item_gets, by);
  adopt_lists_by_schema(ctx, by);
  // POST reads only stand in for a missing GET list; root searches serve get-only entities.
  for (auto& [key, c] : by) {
    if (c.list == nullptr && c.get == nullptr) {
      c.name.clear();
    }
  }
  pair_by_name(by, order);
  assign_root_search(ctx, by);
  name_and_link(ctx, by);
  std::size_t before = out.entities.size();
  for (const std::string& key : order) {
    const Collection& c = by[key];
    if (c.merged_away || c.name.empty() || (c.list == nullptr && c.get == nullptr)) {
      continue;
    }
    out.entities.push_back(to_entity(ctx, c, by));
  }
  std::sort(out.entities.begin() + static_cast<std::ptrdiff_t>(before), out.entities.end(),
            [](const Entity& a, const Entity& b) {
              const std::string& pa = a.list.empty() ? a.get.path : a.list.path;
              const std::string& pb = b.list.empty() ? b.get.path : b.list.path;
              return pa != pb ? pa < pb : a.name < b.name;
            });
}

}  // namespace om::extract::detail
