// Pagination detection for OpenAPI specs, per endpoint with EXTRACTION.md section 2 precedence
// (extension > Link header > next-URL field > cursor + feeding field > keyset > offset > page >
// time window), then one Pagination fact per endpoint family (style + request params).
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/text.h"
#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxEvidencePerFamily = 6;

struct Family {
  OpPaging first;  // the first endpoint's verdict: params, evidence
  std::vector<std::string> endpoints;
  std::vector<std::string> aux, fields, headers;
  std::map<std::pair<double, double>, int> sizes;  // (default, max) -> endpoints stating it
  double confidence = 0;
  int with_aux = 0;
};

void add_unique(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const std::string& x : from) {
    if (std::find(into.begin(), into.end(), x) == into.end()) {
      into.push_back(x);
    }
  }
}

std::string family_key(const OpPaging& p) {
  std::vector<std::string> core;
  core.reserve(p.core_params.size());
  for (const std::string& x : p.core_params) {
    core.push_back(to_lower(x));
  }
  std::sort(core.begin(), core.end());
  std::string key = std::string(to_string(p.style.value_or(PageStyle::kUnknown))) + "|" +
                    p.location + "|" + p.note;
  for (const std::string& x : core) {
    key += "|" + x;
  }
  return key;
}

/// "`has_more` is false", but "`done` is true" for flags that say the end was reached.
std::string more_text(const std::string& field) {
  std::string leaf = field.substr(field.rfind('.') + 1);
  std::string folded = fold_alnum(leaf);
  bool ends = folded == "islast" || folded == "done" || folded == "endofstream";
  return "`" + field + (ends ? "` is true" : "` is false");
}

std::string stop_condition(const OpPaging& p, const std::string& size_param) {
  std::string more = p.has_more_field.empty() ? "" : " or " + more_text(p.has_more_field);
  std::string shorter =
      size_param.empty() ? "an empty page" : "a page shorter than `" + size_param + "`";
  if (p.style == PageStyle::kOffset) {
    if (!p.total_field.empty()) {
      return "offset + records received >= `" + p.total_field + "`" + more;
    }
    return p.has_more_field.empty() ? shorter : more_text(p.has_more_field);
  }
  if (p.style == PageStyle::kPage) {
    if (!p.pages_field.empty()) {
      return "page >= `" + p.pages_field + "`" + more;
    }
    return p.has_more_field.empty() ? shorter : more_text(p.has_more_field);
  }
  if (p.style == PageStyle::kCursor || p.style == PageStyle::kNextUrl ||
      p.style == PageStyle::kHeaderToken) {
    if (!p.feed_field.empty()) {
      return "`" + p.feed_field + "` missing, null or empty" + more;
    }
    return "no next cursor in the response (field not declared in the spec)" + more;
  }
  if (p.style == PageStyle::kKeyset) {
    return p.has_more_field.empty() ? shorter : more_text(p.has_more_field);
  }
  if (p.style == PageStyle::kLinkHeader) {
    return "no rel=\"next\" in the Link header";
  }
  if (p.style == PageStyle::kTimeWindow) {
    return "the window end reaches the present";
  }
  return {};
}

std::string format_number(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s;
}

std::string truncation_risk(const OpPaging& p, const Family& f) {
  std::vector<std::string> risks;
  const PageSize& size = p.page_size;
  if (size.default_value && !size.param.empty()) {
    risks.push_back("without `" + size.param + "` only the first " +
                    format_number(*size.default_value) + " records come back");
  }
  if (size.max) {
    risks.push_back("at most " + format_number(*size.max) + " per page");
  }
  if (f.sizes.size() > 1) {
    risks.push_back("page-size limits vary per endpoint");
  }
  if ((p.style == PageStyle::kOffset || p.style == PageStyle::kPage) && p.has_more_field.empty() &&
      p.total_field.empty() && p.pages_field.empty()) {
    risks.push_back("no total or has-more field is declared: stop on a short or empty page");
  }
  bool needs_feed = p.style == PageStyle::kCursor || p.style == PageStyle::kNextUrl ||
                    p.style == PageStyle::kHeaderToken;
  if (p.confidence < confidence::kStructural && needs_feed) {
    risks.push_back("the response field that feeds the next request is not declared");
  }
  if (p.page_base >= 0) {
    risks.push_back("the first page is " + std::to_string(p.page_base));
  }
  if (!p.note.empty()) {
    risks.push_back(p.note);
  }
  std::string out;
  for (const std::string& r : risks) {
    out += (out.empty() ? "" : "; ") + r;
  }
  return out;
}

Pagination to_fact(Family& f) {
  Pagination out;
  OpPaging& p = f.first;
  out.style = p.style.value_or(PageStyle::kUnknown);
  out.request_params = p.core_params;
  if (f.with_aux * 2 >= static_cast<int>(f.endpoints.size())) {
    add_unique(out.request_params, f.aux);
  }
  out.response_fields = f.fields;
  out.response_headers = f.headers;
  out.page_size = p.page_size;
  if (!f.sizes.empty()) {  // the most common stated (default, max) pair
    auto best = std::max_element(f.sizes.begin(), f.sizes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best->first.first >= 0) {
      out.page_size.default_value = best->first.first;
    }
    if (best->first.second >= 0) {
      out.page_size.max = best->first.second;
    }
    p.page_size = out.page_size;
  }
  out.stop_condition = stop_condition(p, out.page_size.param);
  out.endpoints = f.endpoints;
  out.truncation_risk = truncation_risk(p, f);
  out.confidence = f.confidence;
  out.evidence = std::move(p.evidence);
  if (out.evidence.size() > kMaxEvidencePerFamily) {
    out.evidence.resize(kMaxEvidencePerFamily);
  }
  return out;
}

void record(std::map<std::string, Family>& families, std::vector<std::string>& order, OpPaging p,
            const std::string& endpoint) {
  std::string key = family_key(p);
  auto [it, fresh] = families.try_emplace(key);
  Family& f = it->second;
  if (fresh) {
    order.push_back(key);
  }
  f.endpoints.push_back(endpoint);
  add_unique(f.aux, p.aux_params);
  f.with_aux += p.aux_params.empty() ? 0 : 1;
  add_unique(f.fields, p.response_fields);
  add_unique(f.headers, p.response_headers);
  if (p.page_size.default_value || p.page_size.max) {
    f.sizes[{p.page_size.default_value.value_or(-1), p.page_size.max.value_or(-1)}] += 1;
  }
  f.confidence = std::max(f.confidence, p.confidence);
  if (fresh) {
    f.first = std::move(p);
  }
}

/// "none": collection GETs that return a bare array and declare no paging input return the whole
/// list in one response. With `paged` empty (no paging anywhere in the spec) that is every such
/// list; otherwise the lists outside the paged families, which a connector must not loop over.
Pagination unpaged_lists(const SpecContext& ctx, const std::set<std::string>& paged) {
  Pagination none;
  none.style = PageStyle::kNone;
  none.confidence = confidence::kLexical;
  for (const Operation& op : ctx.operations()) {
    if (op.method != "GET" || op.success_schema == nullptr || op.path.empty() ||
        op.path.back() == '}') {
      continue;
    }
    std::string endpoint = op.method + " " + std::string(op.path);
    if (!paged.empty() && (paged.count(endpoint) != 0 || !paging_inputs(ctx, op).empty())) {
      continue;
    }
    SchemaView view = ctx.resolve_schema(op.success_schema, op.success_schema_pointer);
    if (!view.is_array) {
      continue;
    }
    none.endpoints.push_back(std::move(endpoint));
    if (none.evidence.size() < 3) {
      none.evidence.push_back(ctx.evidence(view.node, view.pointer));
    }
  }
  if (none.endpoints.empty()) {
    return none;
  }
  none.stop_condition = "one request returns the whole list";
  none.truncation_risk =
      paged.empty()
          ? "no paging parameters are declared; a `limit` parameter, where present, truncates "
            "rather than pages"
          : "the spec pages other lists but declares no paging input on these; a response that "
            "carries a `Link` header or is as long as a page of the paged lists is paged after all";
  return none;
}

/// Whole-spec "none": no paging anywhere, and list endpoints return bare arrays.
void add_none_if_supported(const SpecContext& ctx, Findings& out) {
  Pagination none = unpaged_lists(ctx, {});
  if (none.endpoints.empty()) {
    out.gaps.emplace_back(
        "pagination: the spec declares no paging parameters, fields or headers, and no list "
        "endpoint returns a bare array; the paging behaviour is not established");
    return;
  }
  out.pagination.push_back(std::move(none));
}

/// A POST that takes a page token, offset or page number in its query string reads a list
/// (RPC-style APIs such as AWS JSON actions: POST with `NextToken` / `MaxResults`).
bool pages_by_query(const SpecContext& ctx, const Operation& op) {
  if (op.method != "POST") {
    return false;
  }
  for (const PagingInput& in : paging_inputs(ctx, op)) {
    if (in.location == "query" &&
        (in.role == PagingRole::kCursor || in.role == PagingRole::kOffset ||
         in.role == PagingRole::kPage)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void detect_pagination(const SpecContext& ctx, Findings& out) {
  std::map<std::string, Family> families;
  std::vector<std::string> order;
  std::vector<std::string> unknowns;
  for (const Operation& op : ctx.operations()) {
    bool read = op.method == "GET" || is_post_read(op);
    if (!read && !pages_by_query(ctx, op)) {
      continue;
    }
    std::string endpoint = op.method + " " + std::string(op.path);
    for (OpPaging& p : classify_paging(ctx, op)) {
      if (!read && p.style == PageStyle::kUnknown) {
        continue;  // a POST with a token in its query but nothing paged back (a watch channel)
      }
      if (p.style == PageStyle::kUnknown) {
        std::string c;
        for (const std::string& x : p.candidates) {
          c += (c.empty() ? "" : ", ") + x;
        }
        unknowns.push_back(endpoint + " (" + c + ")");
      }
      record(families, order, std::move(p), endpoint);
    }
  }
  std::size_t before = out.pagination.size();
  for (const std::string& key : order) {
    out.pagination.push_back(to_fact(families[key]));
  }
  if (!unknowns.empty()) {
    std::string list;
    for (std::size_t i = 0; i < unknowns.size() && i < 10; ++i) {
      list += (i == 0 ? "" : "; ") + unknowns[i];
    }
    out.gaps.push_back("pagination: the style of " + std::to_string(unknowns.size()) +
                       " endpoint(s) is ambiguous: " + list);
  }
  if (out.pagination.size() == before) {
    add_none_if_supported(ctx, out);
    return;
  }
  std::set<std::string> paged;
  for (const std::string& key : order) {
    paged.insert(families[key].endpoints.begin(), families[key].endpoints.end());
  }
  if (Pagination none = unpaged_lists(ctx, paged); !none.endpoints.empty()) {
    out.pagination.push_back(std::move(none));
  }
}

}  // namespace om::extract::detail
