// Facts from a GraphQL schema (EXTRACTION.md sections 2 and 4, "GraphQL Relay"): entities from
// the Query root and the connections one hop below it, Relay / offset / page pagination with
// page-size limits from argument defaults, descriptions and directives, and query-cost rate
// limits. A GraphQL field is cited as the EndpointRef {"GRAPHQL", "Query.repository.issues"}:
// the root type and the field names a query selects, since GraphQL has no paths.
#include "extract/detail/graphql_facts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <re2/re2.h>

#include "core/text.h"

namespace om::extract::detail {
namespace {

constexpr std::string_view kMethod = "GRAPHQL";

bool is_composite(const GqlType* t) {
  return t != nullptr && (t->kind == GqlKind::kObject || t->kind == GqlKind::kInterface);
}

const GqlField* field_named(const GqlType* t, std::string_view name) {
  if (t == nullptr) {
    return nullptr;
  }
  for (const auto& f : t->fields) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

const GqlArgument* arg_named(const GqlField& f, std::string_view name) {
  for (const auto& a : f.args) {
    if (a.name == name) {
      return &a;
    }
  }
  return nullptr;
}

/// "PullRequest" -> "pull_request": entity names as the REST detectors write them.
std::string snake(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper && i > 0 &&
        ((name[i - 1] >= 'a' && name[i - 1] <= 'z') ||
         (i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z' && name[i - 1] >= 'A' &&
          name[i - 1] <= 'Z'))) {
      out += '_';
    }
    out += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

/// "issues" for Issue, "boxes" for Box, "categories" for Category (case ignored).
bool is_plural_of(std::string_view field, std::string_view type) {
  const std::string f = to_lower(field);
  const std::string t = to_lower(type);
  return f == t + "s" || f == t + "es" ||
         (!t.empty() && t.back() == 'y' && f == t.substr(0, t.size() - 1) + "ies");
}

/// An `id`, `<x>Id` or `<x>_id` argument: the field fetches one record by its key.
bool is_id_arg(const GqlArgument& a) {
  return a.name == "id" ||
         (a.name.size() > 2 && (a.name.ends_with("Id") || a.name.ends_with("_id")));
}

/// Whether a field of this kind yields many records (a connection or a list), not one.
bool yields_many(GraphqlFieldKind kind) {
  return kind == GraphqlFieldKind::kConnection || kind == GraphqlFieldKind::kList;
}

struct Shape {
  GraphqlFieldKind kind = GraphqlFieldKind::kUnknown;  // kUnknown: not a record field
  std::string node_type;
  std::string records_path;
  const GqlType* connection = nullptr;
};

Shape shape_of(const GqlSchema& schema, const GqlField& f) {
  const GqlType* t = schema.find(gql_named_type(f.type));
  Shape s;
  if (t == nullptr || (t->kind != GqlKind::kObject && t->kind != GqlKind::kInterface &&
                       t->kind != GqlKind::kUnion)) {
    return s;
  }
  const GqlField* nodes = field_named(t, "nodes");
  const GqlField* edges = field_named(t, "edges");
  const bool connection = !gql_is_list(f.type) && is_composite(t) &&
                          (t->name.ends_with("Connection") || field_named(t, "pageInfo")) &&
                          (nodes != nullptr || edges != nullptr);
  if (connection) {
    s.kind = GraphqlFieldKind::kConnection;
    s.connection = t;
    if (nodes != nullptr) {
      s.node_type = gql_named_type(nodes->type);
      s.records_path = "nodes";
    } else {
      const GqlField* node = field_named(schema.find(gql_named_type(edges->type)), "node");
      s.node_type = node == nullptr ? "" : std::string(gql_named_type(node->type));
      s.records_path = "edges[].node";
    }
    return s;
  }
  s.node_type = t->name;
  if (gql_is_list(f.type)) {
    s.kind = GraphqlFieldKind::kList;
    s.records_path = "$";  // the field's value is the list itself
  } else if (std::any_of(f.args.begin(), f.args.end(), is_id_arg)) {
    s.kind = GraphqlFieldKind::kGet;
  } else if (std::any_of(f.args.begin(), f.args.end(),
                         [](const GqlArgument& a) { return a.type.ends_with("!"); })) {
    s.kind = GraphqlFieldKind::kLookup;  // one record by a natural key: repository(owner:, name:)
  } else {
    s.kind = GraphqlFieldKind::kObject;
  }
  return s;
}

std::optional<double> number_in(const RE2& re, std::string_view text) {
  std::string digits;
  if (!RE2::PartialMatch(text, re, &digits)) {
    return std::nullopt;
  }
  digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  return std::stod(digits);
}

/// Page size from the argument: its default, else "defaults to 50" in its description; the
/// maximum from "maximum of 100", "up to 100", "between 1 and 100" or a directive's `max:`.
PageSize page_size_of(const GqlArgument& a) {
  static const RE2 kDefault(R"((?i)\bdefaults?\s*(?:to|is|:|of)?\s*(\d[\d,]*))");
  static const RE2 kMax(
      R"((?i)(?:\bmax(?:imum)?(?:\s+(?:of|is|value))?\s*:?\s*|\bup to\s+|\bat most\s+|\bno more than\s+|\bcannot exceed\s+|\bbetween\s+\d+\s+and\s+|\blimit(?:ed)? (?:of|to)\s+)(\d[\d,]*))");
  static const RE2 kDirectiveMax(R"(\bmax\s*:\s*(\d+))");
  PageSize p;
  p.param = a.name;
  if (!a.default_value.empty() && std::all_of(a.default_value.begin(), a.default_value.end(),
                                              [](char c) { return c >= '0' && c <= '9'; })) {
    p.default_value = std::stod(a.default_value);
  } else {
    p.default_value = number_in(kDefault, a.description);
  }
  p.max = number_in(kMax, a.description);
  if (!p.max) {
    p.max = number_in(kDirectiveMax, a.directives);
  }
  return p;
}

struct Paging {
  std::optional<PageStyle> style = PageStyle::kNone;  // nullopt: not a record field
  std::vector<std::string> params;
  std::vector<std::string> response_fields;
  PageSize size;
  std::string stop;
};

Paging paging_of(const GqlSchema& schema, const GqlField& f, const Shape& shape) {
  Paging p;
  auto has = [&f](std::string_view n) { return arg_named(f, n) != nullptr; };
  auto take = [&](std::initializer_list<std::string_view> names) {
    for (auto n : names) {
      if (const GqlArgument* a = arg_named(f, n); a != nullptr) {
        p.params.emplace_back(n);
      }
    }
  };
  const GqlType* page_info =
      schema.find(gql_named_type(field_named(shape.connection, "pageInfo") == nullptr
                                     ? ""
                                     : field_named(shape.connection, "pageInfo")->type));
  const bool forward = has("first") && has("after");
  const bool backward = has("last") && has("before");
  const std::string_view size_arg = forward ? "first" : backward ? "last" : "";
  if (forward || backward) {
    take({"first", "after", "last", "before"});
    const bool declared = field_named(page_info, "hasNextPage") != nullptr &&
                          field_named(page_info, "endCursor") != nullptr;
    p.style = declared ? PageStyle::kRelay : PageStyle::kCursor;
    if (declared) {
      p.response_fields = {"pageInfo.hasNextPage", "pageInfo.endCursor"};
      p.stop = "`pageInfo.hasNextPage` is false";
    } else {
      p.stop = "a page shorter than `" + std::string(size_arg) + "` or empty";
    }
  } else if (has("skip") || has("offset")) {
    take({"first", "limit", "take", "skip", "offset"});
    p.style = PageStyle::kOffset;
    p.stop = field_named(shape.connection, "totalCount") != nullptr
                 ? "the offset reaches `totalCount`"
                 : "a page shorter than the page size, or empty";
  } else if (has("page") || has("pageNumber")) {
    take({"page", "pageNumber", "perPage", "pageSize", "per_page", "limit"});
    p.style = PageStyle::kPage;
    p.stop = "a page shorter than the page size, or empty";
  }
  for (std::string_view n :
       {size_arg, std::string_view("first"), std::string_view("limit"), std::string_view("take"),
        std::string_view("perPage"), std::string_view("pageSize"), std::string_view("per_page")}) {
    if (p.style == PageStyle::kNone || n.empty()) {
      continue;
    }
    if (const GqlArgument* a = arg_named(f, n); a != nullptr) {
      p.size = page_size_of(*a);
      break;
    }
  }
  return p;
}

std::string format_number(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s;
}

std::string truncation_risk(const Paging& p) {
  std::vector<std::string> risks;
  if (p.size.default_value) {
    risks.push_back("without `" + p.size.param + "` only the first " +
                    format_number(*p.size.default_value) + " records come back");
  }
  if (p.size.max) {
    risks.push_back("at most " + format_number(*p.size.max) + " per page");
  }
  if (p.style == PageStyle::kRelay && !p.size.default_value && !p.size.max) {
    risks.push_back("the schema states no default or maximum for `" + p.size.param +
                    "`: a server limit may apply");
  }
  if (p.style == PageStyle::kOffset || p.style == PageStyle::kPage) {
    risks.emplace_back("no cursor: records added or removed while paging shift the pages");
  }
  std::string out;
  for (const auto& r : risks) {
    out += (out.empty() ? "" : "; ") + r;
  }
  return out;
}

Evidence evidence_of(const std::string& url, const GqlSource& s) {
  return {url, s.locator, s.quote};
}

/// One pass over a schema: the record fields of Query and one hop below, then the facts.
class GraphqlRun {
 public:
  GraphqlRun(const GqlSchema& schema, const std::string& url, Findings& out, GraphqlSchema& g)
      : schema_(schema), url_(url), out_(out), g_(g) {}

  void collect() {
    const GqlType* query = schema_.find(schema_.query_type);
    std::vector<const GqlType*> reached;  // parents: types a root field returns
    std::map<std::string, int> via_rank;  // parent -> rank of the root field in via_
    for (const auto& f : query->fields) {
      const Shape shape = shape_of(schema_, f);
      if (shape.kind == GraphqlFieldKind::kUnknown) {
        continue;
      }
      add_field(g_.root_fields, schema_.query_type + "." + f.name, f, shape);
      const GqlType* parent = schema_.find(shape.node_type);
      // The root type itself (GitHub's `relay: Query!`) is no parent: its fields are roots.
      if (!is_composite(parent) || parent == query) {
        continue;
      }
      // A child is reached through one record (`Query.team.issues`), by the field named after
      // the type first: a get or lookup before a list, whose children hang below its records.
      const bool single = !yields_many(shape.kind);
      const bool named = iequals(f.name, parent->name) || is_plural_of(f.name, parent->name);
      const int rank = (single ? 0 : 2) + (named ? 0 : 1);
      auto [it, added] = via_rank.try_emplace(parent->name, rank);
      if (added) {
        reached.push_back(parent);
      }
      if (added || rank < it->second) {
        it->second = rank;
        via_[parent->name] = schema_.query_type + "." + f.name;
      }
    }
    for (const GqlType* parent : reached) {
      for (const auto& f : parent->fields) {
        const Shape shape = shape_of(schema_, f);
        if (shape.kind == GraphqlFieldKind::kConnection) {
          add_field(g_.connection_fields, via_[parent->name] + "." + f.name, f, shape,
                    parent->name);
        }
      }
    }
    entities();
    for (const auto& t : schema_.types) {
      const GqlField* id = field_named(&t, "id");
      if (t.kind == GqlKind::kObject && id != nullptr && id->type == "ID!") {
        g_.node_types.push_back(t.name);
      }
    }
    std::sort(g_.node_types.begin(), g_.node_types.end());
    g_.page_args.assign(page_args_.begin(), page_args_.end());
    pagination();
    rate_limits();
  }

 private:
  struct Record {  // a record field with what the facts need
    const GqlField* field;
    Shape shape;
    Paging paging;
    std::string path;    // "Query.repository.issues"
    std::string parent;  // owner type below Query, "" for root fields
  };

  void add_field(std::vector<GraphqlField>& list, std::string path, const GqlField& f,
                 const Shape& shape, std::string parent = {}) {
    Paging paging = yields_many(shape.kind) ? paging_of(schema_, f, shape)
                                            : Paging{std::nullopt, {}, {}, {}, {}};
    GraphqlField out;
    out.field = path;
    out.type = f.type;
    out.kind = shape.kind;
    out.node_type = shape.node_type;
    for (const auto& a : f.args) {
      out.args.push_back(a.name + ": " + a.type);
    }
    out.pagination = paging.style;
    out.records_path = shape.records_path;
    out.evidence.push_back(evidence_of(url_, f.source));
    for (const auto& p : paging.params) {
      page_args_.insert(p);
    }
    list.push_back(std::move(out));
    records_.push_back({&f, shape, std::move(paging), std::move(path), std::move(parent)});
  }

  /// One entity per record type: root lists and connections first, then root gets and lookups,
  /// then connections one hop below (their parent the type they hang from). In each group the
  /// fields named after their record type come first: the plural for lists (`Query.issues`
  /// before `Query.issueSearch`, `Repository.issues` before `Organization.enterpriseOwners` for
  /// User), the type's own name for gets (`Query.issue` before `Query.attachmentIssue`).
  void entities() {
    std::map<std::string, std::size_t> by_type;
    auto entity_for = [&](const Record& r) -> Entity* {
      const GqlType* t = schema_.find(r.shape.node_type);
      if (t == nullptr || t->kind != GqlKind::kObject) {
        return nullptr;  // interfaces and unions are not one kind of record
      }
      auto [it, added] = by_type.emplace(t->name, out_.entities.size());
      if (added) {
        Entity e;
        e.name = snake(t->name);
        const GqlField* id = field_named(t, "id");
        e.primary_key = id != nullptr && gql_named_type(id->type) == "ID" ? "id" : "";
        e.confidence = confidence::kStructural;
        out_.entities.push_back(std::move(e));
      }
      return &out_.entities[it->second];
    };
    for (int pass = 0; pass < 6; ++pass) {
      const bool named_only = pass % 2 == 0;  // the named fields of a group, then the others
      for (const Record& r : records_) {
        const bool list = yields_many(r.shape.kind);
        const bool get =
            r.shape.kind == GraphqlFieldKind::kGet || r.shape.kind == GraphqlFieldKind::kLookup;
        const bool named = list ? is_plural_of(r.field->name, r.shape.node_type)
                                : iequals(r.field->name, r.shape.node_type);
        const bool wanted = (!named_only || named) && (pass < 2   ? list && r.parent.empty()
                                                       : pass < 4 ? get && r.parent.empty()
                                                                  : list && !r.parent.empty());
        Entity* e = wanted ? entity_for(r) : nullptr;
        if (e == nullptr || (list && !e->list.empty()) || (get && !e->get.empty())) {
          continue;
        }
        (list ? e->list : e->get) = EndpointRef{std::string(kMethod), r.path};
        if (list) {
          e->records_path = r.shape.records_path;
          e->pagination = r.paging.style;
          e->parent = r.parent.empty() ? "" : snake(r.parent);
        }
        e->evidence.push_back(evidence_of(url_, r.field->source));
      }
    }
  }

  /// Paged record fields grouped by style, parameters and page size, as REST families are.
  void pagination() {
    std::map<std::string, Pagination> families;
    for (const Record& r : records_) {
      if (!r.paging.style || *r.paging.style == PageStyle::kNone) {
        continue;
      }
      const Paging& p = r.paging;
      std::string key = std::string(to_string(*p.style)) + "|" + join(p.params) + "|" +
                        p.size.param + "|" +
                        (p.size.default_value ? format_number(*p.size.default_value) : "") + "|" +
                        (p.size.max ? format_number(*p.size.max) : "") + "|" + p.stop;
      auto [it, added] = families.try_emplace(std::move(key));
      Pagination& fam = it->second;
      if (added) {
        fam.style = *p.style;
        fam.request_params = p.params;
        fam.response_fields = p.response_fields;
        fam.page_size = p.size;
        fam.stop_condition = p.stop;
        fam.truncation_risk = truncation_risk(p);
        fam.confidence =
            p.style == PageStyle::kRelay ? confidence::kStructural : confidence::kLexical;
      }
      fam.endpoints.push_back(std::string(kMethod) + " " + r.path);
      if (fam.evidence.size() < 3) {
        fam.evidence.push_back(evidence_of(url_, r.field->source));
      }
    }
    for (auto& [key, fam] : families) {
      out_.pagination.push_back(std::move(fam));
    }
  }

  void rate_limits();

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
      out += s + ",";
    }
    return out;
  }

  const GqlSchema& schema_;
  const std::string& url_;
  Findings& out_;
  GraphqlSchema& g_;
  std::vector<Record> records_;
  std::map<std::string, std::string> via_;  // parent type -> the root field that reaches it
  std::set<std::string> page_args_;
};

/// Query cost limits: a root field whose type reports `cost` and `remaining` (GitHub's
/// `rateLimit`), with the window and limit its descriptions state; and "N points/requests per
/// hour" stated in any description of the root or cost types.
void GraphqlRun::rate_limits() {
  static const RE2 kWindow(R"((?i)\b(\d+)[ -](second|minute|hour|day)s?\b)");
  static const RE2 kPer(
      R"((?i)\b(\d[\d,]*)\s+(?:points|requests|queries)\s+(?:per|an|each|every)\s+(second|minute|hour|day)\b)");
  const GqlType* query = schema_.find(schema_.query_type);
  for (const auto& f : query->fields) {
    const GqlType* t = schema_.find(gql_named_type(f.type));
    if (field_named(t, "cost") == nullptr || field_named(t, "remaining") == nullptr) {
      continue;
    }
    RateLimit r;
    r.scope = "query cost (points)";
    r.confidence = confidence::kStructural;
    std::string fields;
    for (const auto& tf : t->fields) {
      fields += (fields.empty() ? "" : " ") + tf.name;
    }
    r.text = "GraphQL query cost: select `" + f.name + " { " + fields +
             " }` to read the cost of a query and the points left";
    r.evidence.push_back(evidence_of(url_, f.source));
    for (const auto& tf : t->fields) {
      std::string amount;
      std::string unit;
      if (!r.window_seconds && RE2::PartialMatch(tf.description, kWindow, &amount, &unit)) {
        const double n = std::stod(amount);
        r.window_seconds = n * (unit[0] == 's' || unit[0] == 'S'   ? 1
                                : unit[0] == 'm' || unit[0] == 'M' ? 60
                                : unit[0] == 'h' || unit[0] == 'H' ? 3600
                                                                   : 86400);
        r.evidence.push_back(evidence_of(url_, tf.source));
      }
      if (!r.limit && RE2::PartialMatch(tf.description, kPer, &amount, &unit)) {
        amount.erase(std::remove(amount.begin(), amount.end(), ','), amount.end());
        r.limit = std::stod(amount);
        if (r.evidence.back().locator != tf.source.locator) {
          r.evidence.push_back(evidence_of(url_, tf.source));
        }
      }
    }
    out_.rate_limits.push_back(std::move(r));
    return;
  }
}

}  // namespace

std::string graphql_entity_name(std::string_view type_name) {
  return snake(type_name);
}

void detect_graphql(const GqlSchema& schema, const std::string& url, Findings& out) {
  GraphqlSchema g;
  g.document = url;
  g.format = schema.format;
  g.query_type = schema.query_type;
  g.mutation_type = schema.mutation_type;
  g.type_count = schema.types.size();
  const GqlType* query = schema.find(schema.query_type);
  if (query == nullptr) {
    out.gaps.push_back("graphql: " + url + " declares no `" + schema.query_type +
                       "` type; no entity or pagination can be read from it");
    return;
  }
  const Evidence root_ev{url, schema.schema_source.locator, schema.schema_source.quote};
  g.evidence.push_back(root_ev);
  GraphqlRun run{schema, url, out, g};
  run.collect();
  out.graphql.push_back(std::move(g));
}

}  // namespace om::extract::detail
