// The structural paging rules for one OpenAPI operation (EXTRACTION.md section 2): Link/next
// header, next-URL field, cursor + feeding field, keyset, offset, page, time window; and the
// helpers they share. openapi_paging_classify.cpp applies them in order.
#include "extract/detail/openapi_paging_rules.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/text.h"

namespace om::extract::detail {

namespace {

constexpr std::array<std::string_view, 8> kHasMore = {
    "hasmore", "more", "hasnextpage", "hasnext", "islast", "endofstream", "moreresults", "done"};

constexpr std::array<std::string_view, 11> kNextUrl = {
    "next",           "nexturl",  "nextlink", "odatanextlink", "nextpageurl", "nextpagelink",
    "nextrecordsurl", "nexthref", "nextpage", "nextpageuri",   "nexturi"};

constexpr std::array<std::string_view, 13> kCursorFeeds = {
    "nextcursor",     "nextpagetoken", "nexttoken", "continuationtoken", "continuation",
    "endcursor",      "nextmarker",    "scrollid",  "nextkey",           "lastevaluatedkey",
    "nextpagecursor", "next",          "nextpage"};

constexpr std::array<std::string_view, 6> kWindowFeeds = {
    "endtime", "nexttime", "nextstarttime", "endofstream", "nextsince", "nextwindow"};

}  // namespace

const Field* find_field(const OpView& v, std::string_view folded, bool numeric_only) {
  for (const Field& f : v.fields) {
    if (fold_alnum(f.name) == folded &&
        (!numeric_only || f.type == "integer" || f.type == "number")) {
      return &f;
    }
  }
  return nullptr;
}

namespace {

template <std::size_t N>
const Field* find_any(const OpView& v, const std::array<std::string_view, N>& names,
                      std::string_view type = {}) {
  for (const Field& f : v.fields) {  // least nested first
    bool type_ok = type.empty() || f.type == type || (type == "integer" && f.type == "number") ||
                   f.type.empty();
    if (type_ok && is_one_of(fold_alnum(f.name), names)) {
      return &f;
    }
  }
  return nullptr;
}

}  // namespace

/// A stop field (total, has-more, page count) counts at the top of the envelope, inside a paging
/// container, or inside the object that holds the records (Spotify `artists.total` beside
/// `artists.items`), not inside a record (GitHub `base_commit.stats.total`).
bool in_paging_container(const OpView& v, const Field& f) {
  std::size_t dot = f.path.rfind('.');
  if (dot == std::string::npos) {
    return true;
  }
  std::string parent = f.path.substr(0, dot);
  if (is_one_of(fold_alnum(parent.substr(parent.rfind('.') + 1)), kPagingContainers)) {
    return true;
  }
  for (const Field& g : v.fields) {  // an array of records beside it
    if (g.type == "array" && g.path.size() > parent.size() && g.path.starts_with(parent + ".") &&
        g.path.find('.', parent.size() + 1) == std::string::npos) {
      return true;
    }
  }
  return false;
}

std::vector<const PagingInput*> inputs_with(const OpView& v, PagingRole role) {
  std::vector<const PagingInput*> out;
  for (const PagingInput& in : v.inputs) {
    if (in.role == role) {
      out.push_back(&in);
    }
  }
  return out;
}

void use_input(const OpView& v, OpPaging& p, const PagingInput* in) {
  if (in == nullptr) {
    return;
  }
  if (std::find(p.core_params.begin(), p.core_params.end(), in->name) == p.core_params.end()) {
    p.core_params.emplace_back(in->name);
    p.evidence.push_back(v.ctx.evidence(in->node, in->pointer));
  }
  if (in->location == "body") {
    p.location = "body";
  }
}

namespace {

/// The page-size input: for page paging a `per_page`/`page_size`/`size`, else a `limit`/`top`.
void use_size(const OpView& v, OpPaging& p) {
  std::vector<const PagingInput*> sizes = inputs_with(v, PagingRole::kLimit);
  if (sizes.empty()) {
    return;
  }
  const PagingInput* pick = sizes.front();
  bool page_style = p.style == PageStyle::kPage;
  for (const PagingInput* in : sizes) {
    bool page_word = in->folded.find("page") != std::string::npos || in->folded == "size";
    if (page_word == page_style) {
      pick = in;
      break;
    }
  }
  use_input(v, p, pick);
  p.page_size = page_size_of(*pick);
}

}  // namespace

void use_field(const OpView& v, OpPaging& p, const Field* f, std::string* slot) {
  if (f == nullptr) {
    return;
  }
  if (slot != nullptr) {
    *slot = f->path;
  }
  if (std::find(p.response_fields.begin(), p.response_fields.end(), f->path) ==
      p.response_fields.end()) {
    p.response_fields.push_back(f->path);
    p.evidence.push_back(v.ctx.evidence(f->schema, f->pointer));
  }
}

namespace {

/// Fields that tell a client when to stop: has-more flag, total, page count.
void use_stop_fields(const OpView& v, OpPaging& p) {
  use_field(v, p, find_stop(v, kHasMore, "boolean"), &p.has_more_field);
  if (p.style == PageStyle::kOffset || p.style == PageStyle::kPage) {
    use_field(v, p, find_stop(v, kTotals, "integer"), &p.total_field);
  }
  if (p.style == PageStyle::kPage) {
    use_field(v, p, find_stop(v, kPages, "integer"), &p.pages_field);
  }
  for (const ResponseHeader& h : v.op.response_headers) {
    std::string folded = fold_alnum(h.name);
    if (folded.find("total") != std::string::npos &&
        (p.style == PageStyle::kOffset || p.style == PageStyle::kPage)) {
      p.response_headers.emplace_back(h.name);
      p.evidence.push_back(v.ctx.evidence(h.node, h.pointer));
    }
  }
}

/// No response schema, or an object schema with no properties: it may hold anything.
bool is_opaque(const OpView& v) {
  if (v.op.success_schema == nullptr) {
    return true;
  }
  SchemaView top = v.ctx.resolve_schema(v.op.success_schema, v.op.success_schema_pointer);
  std::string_view type = schema_type(top.node);
  return !top.is_array && top.properties.empty() && !top.has_alternatives &&
         (type.empty() || type == "object");
}

}  // namespace

bool is_list_like(const OpView& v) {
  if (v.op.success_schema == nullptr) {
    return true;  // undeclared response: names are all we have
  }
  SchemaView top = v.ctx.resolve_schema(v.op.success_schema, v.op.success_schema_pointer);
  return top.is_array || is_opaque(v) || !find_records(v.ctx, v.op, {}).path.empty();
}

/// The request inputs a style moves (used when nothing more specific names them).
void use_role_inputs(const OpView& v, OpPaging& p) {
  PagingRole main = p.style == PageStyle::kOffset   ? PagingRole::kOffset
                    : p.style == PageStyle::kPage   ? PagingRole::kPage
                    : p.style == PageStyle::kKeyset ? PagingRole::kKeyset
                                                    : PagingRole::kCursor;
  for (const PagingInput* in : inputs_with(v, main)) {
    use_input(v, p, in);
  }
  // A next URL or Link header carries the position, but clients send the first request with
  // the endpoint's own paging inputs ($top/$skip, page, page size).
  if (p.style == PageStyle::kLinkHeader || p.style == PageStyle::kNextUrl) {
    for (PagingRole role : {PagingRole::kOffset, PagingRole::kPage}) {
      for (const PagingInput* in : inputs_with(v, role)) {
        use_input(v, p, in);
      }
    }
  }
  use_size(v, p);
}

/// A declared `Link` response header (RFC 8288), or a next-page header (X-Next-Page, ...).
bool header_paging(const OpView& v, OpPaging& p) {
  for (const ResponseHeader& h : v.op.response_headers) {
    std::string folded = fold_alnum(h.name);
    bool next_ish = folded.find("next") != std::string::npos ||
                    folded.find("continuation") != std::string::npos;
    if (folded != "link" && !next_ish) {
      continue;
    }
    const Node* schema = h.node != nullptr ? v.ctx.resolve(h.node->get("schema")) : nullptr;
    bool url = folded.find("url") != std::string::npos ||
               folded.find("link") != std::string::npos ||
               (schema != nullptr && schema->str("format") == "uri");
    bool numeric_page = folded.find("nextpage") != std::string::npos && !url &&
                        !inputs_with(v, PagingRole::kPage).empty();
    p.style = folded == "link" ? PageStyle::kLinkHeader
              : numeric_page   ? PageStyle::kPage
              : url            ? PageStyle::kNextUrl
                               : PageStyle::kHeaderToken;
    p.feed_field = folded == "link" ? "" : std::string(h.name);
    p.response_headers.emplace_back(h.name);
    p.evidence.push_back(v.ctx.evidence(h.node, h.pointer));
    p.confidence = confidence::kStructural;
    use_role_inputs(v, p);
    return true;
  }
  return false;
}

/// A response field holding the next page's URL (`next` format uri, `@odata.nextLink`,
/// `links.next`, `_links.next.href`).
bool next_url_paging(const OpView& v, OpPaging& p) {
  for (const Field& f : v.fields) {
    std::string folded = fold_alnum(f.name);
    bool named = is_one_of(folded, kNextUrl) || (folded == "href" && icontains(f.path, "next"));
    if (!named || (f.type != "string" && !f.type.empty())) {
      continue;
    }
    bool in_links = icontains(f.path, "links.") || icontains(f.path, "hydra");
    if (!looks_like_url_field(f) && !in_links) {
      continue;  // `next` without URL cues: a token (cursor step) or a page number
    }
    p.style = PageStyle::kNextUrl;
    p.confidence = confidence::kStructural;
    use_field(v, p, &f, &p.feed_field);
    use_role_inputs(v, p);
    use_stop_fields(v, p);
    return true;
  }
  return false;
}

namespace {

const Field* cursor_feed(const OpView& v, const PagingInput& in) {
  if (const Field* same = find_field(v, in.folded); same != nullptr && same->type != "array") {
    return same;
  }
  std::string rest = in.folded;
  for (std::string_view prefix : {"start", "page", "starting"}) {
    if (rest.starts_with(prefix) && rest.size() > prefix.size() + 2) {
      rest = rest.substr(prefix.size());
      break;
    }
  }
  if (const Field* next = find_field(v, "next" + rest); next != nullptr) {
    return next;
  }
  if (const Field* next = find_field(v, "next" + in.folded); next != nullptr) {
    return next;
  }
  return find_any(v, kCursorFeeds, "string");
}

/// A non-URL next-position value in a paging container (`pagination.next` holding a timestamp)
/// on an endpoint with no offset or page input: the position inputs (time, since, keyset) take it.
const Field* position_feed(const OpView& v) {
  if (!inputs_with(v, PagingRole::kOffset).empty() || !inputs_with(v, PagingRole::kPage).empty()) {
    return nullptr;
  }
  for (const Field& f : v.fields) {
    bool scalar = f.type == "string" || f.type == "number" || f.type == "integer";
    if (f.depth >= 2 && scalar && is_one_of(fold_alnum(f.name), kCursorFeeds) &&
        !looks_like_url_field(f) && in_paging_container(v, f) &&
        is_one_of(fold_alnum(f.path.substr(0, f.path.find('.'))), kPagingContainers)) {
      return &f;
    }
  }
  return nullptr;
}

}  // namespace

/// A cursor input and, ideally, the response field that feeds it.
bool cursor_paging(const OpView& v, OpPaging& p) {
  std::vector<const PagingInput*> cursors = inputs_with(v, PagingRole::kCursor);
  for (const PagingInput* offset : inputs_with(v, PagingRole::kOffset)) {
    if (offset->type == "string" && find_field(v, "nextoffset") != nullptr) {
      cursors.push_back(offset);  // Chargebee: an opaque offset fed by `next_offset`
    }
  }
  for (const PagingInput* key : inputs_with(v, PagingRole::kKeyset)) {
    if (find_field(v, "next" + key->folded) != nullptr) {
      cursors.push_back(key);  // Box: `marker` fed by `next_marker` is a server-issued cursor
    }
  }
  const Field* position = nullptr;
  if (cursors.empty()) {
    position = position_feed(v);
    for (PagingRole role : {PagingRole::kKeyset, PagingRole::kSince, PagingRole::kTime}) {
      for (const PagingInput* in :
           position != nullptr ? inputs_with(v, role) : std::vector<const PagingInput*>{}) {
        cursors.push_back(in);  // `until` receives `pagination.next` (a timestamp)
      }
    }
  }
  if (cursors.empty()) {
    return false;
  }
  p.style = PageStyle::kCursor;
  const Field* feed = position;
  for (const PagingInput* in : cursors) {
    if (feed == nullptr) {
      feed = in->role != PagingRole::kCursor ? find_field(v, "next" + in->folded)
                                             : cursor_feed(v, *in);
    }
  }
  for (const PagingInput* in : cursors) {
    use_input(v, p, in);
  }
  use_size(v, p);
  if (feed != nullptr) {
    p.confidence = confidence::kStructural;
    use_field(v, p, feed, &p.feed_field);
    use_stop_fields(v, p);
    return true;
  }
  const std::string& name = cursors.front()->folded;
  bool explicit_name =
      name.find("cursor") != std::string::npos || name.find("token") != std::string::npos ||
      name.find("continuation") != std::string::npos || name.find("scroll") != std::string::npos;
  // A declared response with no token in it leaves a cursor name in doubt; a description that
  // calls the input the paging cursor does not.
  bool described = describes_cursor(cursors.front()->description);
  if (!described && (!explicit_name || !is_opaque(v))) {
    p.style = PageStyle::kUnknown;
    p.candidates.push_back("cursor via `" + std::string(cursors.front()->name) +
                           "` but the declared response has no field feeding it");
  }
  p.confidence = confidence::kLexical;
  use_stop_fields(v, p);
  return true;
}

bool feeds_a_url(const OpView& v, const std::string& path) {
  for (const Field& f : v.fields) {
    if (f.path == path) {
      return looks_like_url_field(f);
    }
  }
  return false;
}

/// Keyset: the id of the last record (starting_after, after_id, since_id, integer `since`).
bool keyset_paging(const OpView& v, OpPaging& p) {
  std::vector<const PagingInput*> keys = inputs_with(v, PagingRole::kKeyset);
  if (keys.empty() || !is_list_like(v)) {
    return false;
  }
  p.style = PageStyle::kKeyset;
  for (const PagingInput* in : keys) {
    use_input(v, p, in);
  }
  use_size(v, p);
  use_stop_fields(v, p);
  p.confidence = p.has_more_field.empty() ? confidence::kLexical : confidence::kStructural;
  if (p.has_more_field.empty() && keys.size() == 1 && keys.front()->folded == "marker") {
    p.style = PageStyle::kUnknown;  // a marker may be the last key (keyset) or an opaque token
    p.candidates.push_back("`marker` as the last key (keyset) or as an opaque cursor");
  }
  return true;
}

namespace {

int page_base(const PagingInput& in) {
  for (std::string_view key : {"minimum", "default"}) {
    const Node* n = in.schema != nullptr ? in.schema->get(key) : nullptr;
    if (n != nullptr && n->type == NodeType::kNumber && (n->number() == 0 || n->number() == 1)) {
      return static_cast<int>(n->number());
    }
  }
  return -1;
}

OpPaging page_style(const OpView& v, const PagingInput& page) {
  OpPaging p;
  p.style = PageStyle::kPage;
  use_input(v, p, &page);
  use_size(v, p);
  p.page_base = page_base(page);
  if (const Field* next = find_field(v, "nextpage", true); next != nullptr) {
    use_field(v, p, next, &p.feed_field);
  }
  use_stop_fields(v, p);
  bool fed = !p.response_fields.empty() || !p.response_headers.empty();
  p.confidence = fed ? confidence::kStructural : confidence::kLexical;
  if (page.deprecated) {
    p.note = "deprecated (the spec marks `" + std::string(page.name) + "` deprecated)";
  }
  return p;
}

}  // namespace

/// Offset + limit (+ total), and page + size; both when an endpoint offers both.
std::vector<OpPaging> offset_or_page(const OpView& v) {
  std::vector<OpPaging> out;
  std::vector<const PagingInput*> offsets = inputs_with(v, PagingRole::kOffset);
  std::vector<const PagingInput*> pages = inputs_with(v, PagingRole::kPage);
  bool has_limit = !inputs_with(v, PagingRole::kLimit).empty();
  if (!offsets.empty()) {
    OpPaging p;
    p.style = PageStyle::kOffset;
    use_input(v, p, offsets.front());
    use_size(v, p);
    use_field(v, p, find_field(v, "nextoffset", true), &p.feed_field);
    use_stop_fields(v, p);
    bool fed = !p.response_fields.empty() || !p.response_headers.empty();
    p.confidence = fed ? confidence::kStructural : confidence::kLexical;
    if (!fed && !has_limit) {
      p.style = PageStyle::kUnknown;
      p.candidates.push_back("offset via `" + std::string(offsets.front()->name) +
                             "` with no limit and no total");
    }
    for (const PagingInput* flag : inputs_with(v, PagingRole::kTotalFlag)) {
      p.aux_params.emplace_back(flag->name);
    }
    out.push_back(std::move(p));
  }
  if (!pages.empty()) {
    out.push_back(page_style(v, *pages.front()));
    if (!offsets.empty() && out.back().note.empty()) {
      out.back().note = "an alternative to the offset parameters on the same endpoints";
    }
  }
  for (OpPaging& p : out) {
    for (const PagingInput* sort : inputs_with(v, PagingRole::kSort)) {
      p.aux_params.emplace_back(sort->name);
    }
  }
  return out;
}

/// Time-window paging, or an ambiguous `since`, on a list endpoint with nothing else.
bool time_paging(const OpView& v, OpPaging& p) {
  std::vector<const PagingInput*> times = inputs_with(v, PagingRole::kTime);
  std::vector<const PagingInput*> since = inputs_with(v, PagingRole::kSince);
  if ((times.empty() && since.empty()) || !is_list_like(v) || v.op.success_schema == nullptr) {
    return false;
  }
  p.confidence = confidence::kLexical;
  if (!since.empty()) {
    p.style = PageStyle::kUnknown;
    p.candidates.push_back("`" + std::string(since.front()->name) +
                           "` may be the last id (keyset) or a timestamp (time-window)");
    use_input(v, p, since.front());
    return true;
  }
  p.style = PageStyle::kTimeWindow;
  for (std::size_t i = 0; i < times.size() && i < 2; ++i) {
    use_input(v, p, times[i]);
  }
  const Field* feed = find_any(v, kWindowFeeds);
  use_field(v, p, feed != nullptr && feed->depth == 1 ? feed : nullptr, &p.feed_field);
  use_stop_fields(v, p);
  if (p.feed_field.empty()) {  // a time filter alone is not a paging scheme
    p.style = PageStyle::kUnknown;
    p.candidates.push_back("a time filter (`" + p.core_params.front() +
                           "`) and no paging parameters");
  }
  return true;
}

}  // namespace om::extract::detail
