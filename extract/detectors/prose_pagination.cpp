// Pagination stated in documentation (EXTRACTION.md section 2): parameter names in tables,
// inline code and example URLs; next/cursor/has_more fields in JSON examples; Link headers.
// "Returns a paginated list" with no names gives style `unknown` and a gap, never a guess.
#include <algorithm>
#include <string>

#include <re2/re2.h>

#include "core/text.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

enum class Role { kNone, kPage, kOffset, kCursor, kKeyset, kSize };

Role role_of(std::string_view name) {
  // Lower-cased on the stack: it is asked of every code span and first table cell of a page.
  constexpr std::size_t kLongest = 18;  // "continuation_token"
  if (name.size() > kLongest) {
    return Role::kNone;
  }
  char lower[kLongest];
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view n(lower, name.size());
  if (n == "page" || n == "page_number" || n == "pagenumber" || n == "page[number]") {
    return Role::kPage;
  }
  if (n == "offset" || n == "skip" || n == "$skip" || n == "startat" || n == "start_at") {
    return Role::kOffset;
  }
  if (n == "cursor" || n == "page_token" || n == "pagetoken" || n == "next_token" ||
      n == "nexttoken" || n == "continuation" || n == "continuation_token" ||
      n == "pagination_token" || n == "page[after]" || n == "start_cursor" || n == "after") {
    return Role::kCursor;
  }
  if (n == "starting_after" || n == "ending_before" || n == "since_id" || n == "after_id" ||
      n == "max_id") {
    return Role::kKeyset;
  }
  if (n == "limit" || n == "per_page" || n == "perpage" || n == "page_size" || n == "pagesize" ||
      n == "page[size]" || n == "max_results" || n == "maxresults" || n == "$top" || n == "count" ||
      n == "size") {
    return Role::kSize;
  }
  return Role::kNone;
}

struct Signals {
  std::vector<std::string> params;  // request parameters, in page order
  std::vector<std::string> keyset;  // params described as "the id of the last X" (any name)
  std::vector<std::string> fields;  // response fields
  std::vector<std::string> headers;
  bool next_url = false;
  bool link_header = false;
  EvidenceList evidence;
};

void add_unique(std::vector<std::string>& list, std::string_view value) {
  std::string v(value);
  if (std::find(list.begin(), list.end(), v) == list.end()) {
    list.push_back(std::move(v));
  }
}

/// "the id of the last event from the previous page": a keyset position, whatever its name.
bool describes_last_id(const PieceScan& scan, std::size_t i, std::string_view text) {
  return scan.may_match(i, ProsePattern::kLastId) &&
         RE2::PartialMatch(text, prose_re(ProsePattern::kLastId));
}

/// A code span that is one value of an enumeration ("one of `page`, `database` or `block`"),
/// not a parameter: the piece lists values and the span sits between commas, bars or "or".
bool is_enum_value(const Piece& piece, std::string_view span) {
  static const RE2 kValues(
      R"((?i)\b(?:one of|possible values|allowed values|valid values|either|enum|any of)\b)");
  if (piece.code_spans.size() < 2 || !RE2::PartialMatch(piece.text, kValues)) {
    return false;
  }
  std::size_t pos = piece.text.find(span);
  if (pos == std::string::npos) {
    return false;
  }
  auto skip = [](char c) { return c == ' ' || c == '`' || c == '"' || c == '\''; };
  std::size_t before = pos;
  while (before > 0 && skip(piece.text[before - 1])) {
    --before;
  }
  std::size_t after = pos + span.size();
  while (after < piece.text.size() && skip(piece.text[after])) {
    ++after;
  }
  std::string_view text = piece.text;
  bool listed_before = before > 0 && (text[before - 1] == ',' || text[before - 1] == '|' ||
                                      text.substr(0, before).ends_with(" or") ||
                                      text.substr(0, before).ends_with(" of"));
  bool listed_after = after < text.size() && (text[after] == ',' || text[after] == '|' ||
                                              text.substr(after).starts_with("or "));
  return listed_before || listed_after;
}

// Parameter names from the first cell of table rows, inline code and example query strings.
void collect_params(const PageText& page, const PieceScan& scan, Signals& s) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kTableRow && piece.row >= 0) {
      const Table& t = page.tables[static_cast<std::size_t>(piece.table)];
      const auto& row = t.rows[static_cast<std::size_t>(piece.row)];
      std::string_view first = row.empty() ? std::string_view() : trim(row.front());
      bool last_id = !first.empty() && describes_last_id(scan, i, piece.text);
      if (role_of(first) != Role::kNone || last_id) {
        add_unique(s.params, to_lower(first));
        if (last_id) {
          add_unique(s.keyset, to_lower(first));
        }
        add_evidence(s.evidence, cite(page, piece, 0));
      }
    }
    if (piece.kind == PieceKind::kParagraph || piece.kind == PieceKind::kListItem) {
      for (const std::string& span : piece.code_spans) {
        if (role_of(span) != Role::kNone && !is_enum_value(piece, span)) {
          add_unique(s.params, to_lower(span));
          std::size_t pos = piece.text.find(span);
          add_evidence(s.evidence, cite(page, piece, pos == std::string::npos ? 0 : pos));
        }
      }
    }
    if (!scan.may_match(i, ProsePattern::kPagingQuery)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kPagingQuery), piece.text, 50)) {
      if (role_of(m[1]) != Role::kNone) {
        add_unique(s.params, to_lower(m[1]));
        std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
        add_evidence(s.evidence, cite(page, piece, pos, m[0].size()));
      }
    }
  }
}

// Response fields in JSON examples and Link headers with rel="next".
void collect_fields(const PageText& page, const PieceScan& scan, Signals& s) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode && scan.may_match(i, ProsePattern::kPagingField)) {
      for (const auto& m : find_all(prose_re(ProsePattern::kPagingField), piece.text, 50)) {
        add_unique(s.fields, m[1]);
        std::string_view f = m[1];
        s.next_url = s.next_url || ((f == "next" || f == "next_url" || f == "nextLink" ||
                                     f == "@odata.nextLink" || f == "next_page") &&
                                    !m[3].empty());
        std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
        add_evidence(s.evidence, cite(page, piece, pos, m[0].size()));
      }
    }
    if (!scan.may_match(i, ProsePattern::kLinkNext)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kLinkNext), piece.text, 5)) {
      s.link_header = true;
      add_unique(s.headers, "Link");
      std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
      add_evidence(s.evidence, cite(page, piece, pos, m[0].size()));
    }
  }
}

// The style the signals support, in EXTRACTION.md's precedence; nullopt when none is supported.
std::optional<PageStyle> elect_style(const Signals& s) {
  auto has = [&](Role r) {
    return std::any_of(s.params.begin(), s.params.end(),
                       [&](const std::string& p) { return role_of(p) == r; });
  };
  auto field = [&](std::string_view f) {
    return std::find(s.fields.begin(), s.fields.end(), std::string(f)) != s.fields.end();
  };
  if (s.link_header) {
    return PageStyle::kLinkHeader;
  }
  if (s.next_url) {
    return PageStyle::kNextUrl;
  }
  if (has(Role::kCursor) || field("next_cursor") || field("nextCursor") ||
      field("next_page_token") || field("nextPageToken")) {
    return PageStyle::kCursor;
  }
  if (has(Role::kKeyset) || !s.keyset.empty()) {
    return PageStyle::kKeyset;
  }
  if (has(Role::kOffset)) {
    return PageStyle::kOffset;
  }
  if (has(Role::kPage)) {
    return PageStyle::kPage;
  }
  return std::nullopt;
}

}  // namespace

namespace {

// Pieces that say a response is paginated, and the endpoints those pieces state.
void collect_mentions(const ProseContext& ctx, EvidenceList& evidence,
                      std::vector<std::string>& endpoints) {
  const PageText& page = ctx.page;
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode || piece.kind == PieceKind::kHeading ||
        !ctx.scan.may_match(i, ProsePattern::kPaginated)) {
      continue;
    }
    auto hits = find_all(prose_re(ProsePattern::kPaginated), piece.text, 1);
    if (hits.empty()) {
      continue;
    }
    std::size_t pos = static_cast<std::size_t>(hits[0][0].data() - piece.text.data());
    add_evidence(evidence, cite(page, piece, pos, hits[0][0].size()));
    for (const ProseEndpoint& ep : ctx.endpoints) {
      if (ep.piece == i && ep.method == "GET") {
        add_unique(endpoints, ep.method + " " + ep.path);
      }
    }
  }
}

}  // namespace

/// "returns all tags at once", "this endpoint is not paginated": one request returns the list.
bool states_single_page(const PageText& page, const PieceScan& scan, EvidenceList& evidence) {
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode || !scan.may_match(i, ProsePattern::kSinglePage)) {
      continue;
    }
    auto hits = find_all(prose_re(ProsePattern::kSinglePage), piece.text, 1);
    if (!hits.empty()) {
      std::size_t pos = static_cast<std::size_t>(hits[0][0].data() - piece.text.data());
      add_evidence(evidence, cite(page, piece, pos, hits[0][0].size()));
    }
  }
  return !evidence.empty();
}

void detect_pagination(const ProseContext& ctx, Findings& out) {
  Signals s;
  collect_params(ctx.page, ctx.scan, s);
  collect_fields(ctx.page, ctx.scan, s);
  EvidenceList mentions;
  std::vector<std::string> endpoints;
  collect_mentions(ctx, mentions, endpoints);
  std::optional<PageStyle> style = elect_style(s);
  Pagination p;
  p.confidence = confidence::kProse;
  p.endpoints = endpoints;
  if (style) {
    p.style = *style;
    p.request_params = s.params;
    p.response_fields = s.fields;
    p.response_headers = s.headers;
    for (const std::string& param : s.params) {
      if (role_of(param) == Role::kSize && p.page_size.param.empty()) {
        p.page_size.param = param;
      }
    }
    p.evidence = s.evidence;
    for (const Evidence& ev : mentions) {
      add_evidence(p.evidence, ev);
    }
    out.pagination.push_back(std::move(p));
    return;
  }
  if (EvidenceList single; states_single_page(ctx.page, ctx.scan, single)) {
    p.style = PageStyle::kNone;
    p.evidence = std::move(single);
    p.stop_condition = "one request returns the whole list";
    out.pagination.push_back(std::move(p));
    return;
  }
  if (mentions.empty()) {
    return;
  }
  p.style = PageStyle::kUnknown;
  p.evidence = mentions;
  // Name the endpoints: the gap is about them, and a merge keeps gaps that name a path.
  std::string gap =
      "pagination style not stated (the page says results are paginated but names "
      "no parameter, response field or header)";
  for (std::size_t k = 0; k < endpoints.size(); ++k) {
    gap += (k == 0 ? " for " : ", ") + endpoints[k];
  }
  out.pagination.push_back(std::move(p));
  out.gaps.push_back(std::move(gap));
}

}  // namespace om::extract::detail
