// Paging inputs of an OpenAPI operation (EXTRACTION.md section 2): the role of each query,
// header or POST-body input, page sizes, and the cues that a field is a URL or an input a cursor.
#include <algorithm>
#include <array>
#include <optional>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {

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

/// ...unless its default is a number or its description says it is one ("the page number").
bool numbered(const Node* schema, std::string_view description) {
  static const RE2 kNumber(
      R"((?i)\bnumber\b|\bnumeric\b|\binteger\b|\bstarts? (?:at|from) [01]\b)");
  const Node* def = schema != nullptr ? schema->get("default") : nullptr;
  if (def != nullptr && (def->type == NodeType::kNumber ||
                         (def->is_string() && !def->text().empty() &&
                          std::all_of(def->text().begin(), def->text().end(),
                                      [](char c) { return c >= '0' && c <= '9'; })))) {
    return true;
  }
  if (description.empty() && schema != nullptr) {
    description = schema->str("description");
  }
  return RE2::PartialMatch(re2::StringPiece(description.data(), description.size()), kNumber);
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
    if (type == "string" && !numbered(schema, description)) {
      return PagingRole::kCursor;  // a string page is a token (Stripe search)...
    }
    return numeric || type == "string" ? PagingRole::kPage : PagingRole::kNone;
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
  in.folded = fold_alnum(in.name.substr(in.name.rfind('.') + 1));
  in.type = schema_type(in.schema);
  in.role = role_of(in.folded, in.type, in.schema, in.description);
  // Keyset names (starting_after: "a cursor for use in pagination ... an object ID") keep
  // their role: the id of the last record is the position, not an opaque token.
  bool positional = in.role != PagingRole::kLimit && in.role != PagingRole::kSort &&
                    in.role != PagingRole::kTotalFlag && in.role != PagingRole::kKeyset;
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
    if (f.depth > 1 && !is_one_of(fold_alnum(parent), kBodyPagingObjects)) {
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
  std::string folded = fold_alnum(field.name);
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
