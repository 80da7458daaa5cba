// The paging rules' view of one operation and what the rule files share:
// openapi_paging_rules.cpp (the structural rules), openapi_paging_declared.cpp (vendor
// extensions) and openapi_paging_classify.cpp (their precedence, and the passes around them).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {

struct OpView {
  const SpecContext& ctx;
  const Operation& op;
  std::vector<PagingInput> inputs;
  std::vector<Field> fields;  // response envelope, least nested first
};

template <std::size_t N>
bool is_one_of(std::string_view folded, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), folded) != names.end();
}

inline constexpr std::array<std::string_view, 13> kTotals = {
    "total",         "totalcount", "totalrecords", "totalitems", "totalentries",
    "totalresults",  "totalsize",  "odatacount",   "count",      "results",
    "totalelements", "numfound",   "totalhits"};

inline constexpr std::array<std::string_view, 6> kPages = {
    "totalpages", "pages", "pagecount", "lastpage", "numpages", "totalpagecount"};

inline constexpr std::array<std::string_view, 3> kPageInputs = {"page", "pagenumber", "pageno"};

// Objects that hold paging state beside (or around) the records.
inline constexpr std::array<std::string_view, 12> kPagingContainers = {
    "meta",  "metadata",         "paging",   "pagination", "pageinfo", "page",
    "links", "responsemetadata", "pagemeta", "cursor",     "cursors",  "info"};

// Helpers of the rules (openapi_paging_rules.cpp).
const Field* find_field(const OpView& v, std::string_view folded, bool numeric_only = false);
/// A stop field (total, has-more, page count) counts at the top of the envelope, inside a paging
/// container, or inside the object that holds the records (Spotify `artists.total` beside
/// `artists.items`), not inside a record (GitHub `base_commit.stats.total`).
bool in_paging_container(const OpView& v, const Field& f);
std::vector<const PagingInput*> inputs_with(const OpView& v, PagingRole role);
void use_input(const OpView& v, OpPaging& p, const PagingInput* in);
void use_field(const OpView& v, OpPaging& p, const Field* f, std::string* slot = nullptr);
bool is_list_like(const OpView& v);
/// The request inputs a style moves (used when nothing more specific names them).
void use_role_inputs(const OpView& v, OpPaging& p);
bool feeds_a_url(const OpView& v, const std::string& path);

/// The best stop field of `names` (earlier names first) at the least depth.
template <std::size_t N>
const Field* find_stop(const OpView& v, const std::array<std::string_view, N>& names,
                       std::string_view type) {
  const Field* best = nullptr;
  std::size_t best_rank = N;
  for (const Field& f : v.fields) {  // least nested first; at one depth the earlier name wins
    if (best != nullptr && f.depth > best->depth) {
      break;
    }
    bool type_ok = f.type == type || (type == "integer" && f.type == "number") || f.type.empty();
    std::size_t rank = std::find(names.begin(), names.end(), fold_alnum(f.name)) - names.begin();
    if (type_ok && rank < best_rank && in_paging_container(v, f)) {
      best = &f;
      best_rank = rank;
    }
  }
  return best;
}

// The rules, each filling `p` when it applies (EXTRACTION.md section 2 precedence).
/// Declared by a vendor extension on the operation (openapi_paging_declared.cpp).
bool declared_paging(const OpView& v, OpPaging& p);
/// A declared `Link` response header (RFC 8288), or a next-page header (X-Next-Page, ...).
bool header_paging(const OpView& v, OpPaging& p);
/// A response field holding the next page's URL (`next` format uri, `@odata.nextLink`,
/// `links.next`, `_links.next.href`).
bool next_url_paging(const OpView& v, OpPaging& p);
/// A cursor input and, ideally, the response field that feeds it.
bool cursor_paging(const OpView& v, OpPaging& p);
/// Keyset: the id of the last record (starting_after, after_id, since_id, integer `since`).
bool keyset_paging(const OpView& v, OpPaging& p);
/// Offset + limit (+ total), and page + size; both when an endpoint offers both.
std::vector<OpPaging> offset_or_page(const OpView& v);
/// Time-window paging, or an ambiguous `since`, on a list endpoint with nothing else.
bool time_paging(const OpView& v, OpPaging& p);

}  // namespace om::extract::detail
