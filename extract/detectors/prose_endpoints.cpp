// Endpoints and base URLs stated in documentation prose: "GET /api/queries" lines and headings,
// a path line followed by "GET: ..." items, method+path table rows, curl examples, and
// "Base URL: https://..." sentences or the host shared by the page's curl examples.
#include <map>
#include <string>

#include <re2/re2.h>

#include "core/text.h"
#include "core/url_text.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

bool is_method(std::string_view word) {
  for (auto m : kMethods) {
    if (word == m) {
      return true;
    }
  }
  return false;
}

// A plausible API path: "/" then a letter, digit or placeholder; no spaces; trailing
// punctuation and the query string removed. "" when it is not one.
std::string clean_path(std::string_view raw) {
  if (raw.empty() || raw.front() != '/') {
    return "";  // decided before the scans below, which would read a whole paragraph
  }
  raw = raw.substr(0, raw.find_first_of("?#"));
  while (!raw.empty() && (raw.back() == '.' || raw.back() == ',' || raw.back() == ':' ||
                          raw.back() == ')' || raw.back() == ';')) {
    raw.remove_suffix(1);
  }
  if (raw.size() < 2 || raw.size() > 300 || raw.front() != '/' || raw[1] == '/' || raw[1] == '*' ||
      raw.find(' ') != std::string_view::npos) {
    return "";
  }
  bool has_word = false;
  for (char c : raw) {
    has_word = has_word || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  return has_word ? std::string(raw) : "";
}

class EndpointList {
 public:
  void add(std::string method, std::string path, std::string summary, std::size_t piece,
           const Evidence& ev) {
    if (path.empty()) {
      return;
    }
    std::string key = method + " " + path;
    auto it = index_.find(key);
    if (it == index_.end()) {
      index_.emplace(key, list_.size());
      list_.push_back(
          ProseEndpoint{std::move(method), std::move(path), std::move(summary), piece, {}});
      add_evidence(list_.back().evidence, ev);
      return;
    }
    ProseEndpoint& ep = list_[it->second];
    add_evidence(ep.evidence, ev);
    if (ep.summary.empty()) {
      ep.summary = std::move(summary);
    }
  }
  std::vector<ProseEndpoint> take() && { return std::move(list_); }

 private:
  std::vector<ProseEndpoint> list_;
  std::map<std::string, std::size_t> index_;
};

// "GET /x" anywhere in a piece (prose line, heading, code line such as "GET /x HTTP/1.1").
void find_inline(const PageText& page, std::size_t i, EndpointList& out) {
  const Piece& piece = page.pieces[i];
  for (const auto& m : find_all(prose_re(ProsePattern::kEndpointInline), piece.text)) {
    std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
    std::string summary = piece.kind == PieceKind::kCode ? "" : squash_space(piece.text);
    out.add(std::string(m[1]), clean_path(m[2]), clip_quote(summary, 200), i,
            cite(page, piece, pos, m[0].size()));
  }
}

// A table row with one cell holding a method and another a path.
void find_in_row(const PageText& page, std::size_t i, EndpointList& out) {
  const Piece& piece = page.pieces[i];
  if (piece.table < 0 || piece.row < 0) {
    return;
  }
  const Table& table = page.tables[static_cast<std::size_t>(piece.table)];
  std::string method;
  std::string path;
  for (const std::string& cell : table.rows[static_cast<std::size_t>(piece.row)]) {
    std::string_view c = trim(cell);
    if (method.empty() && is_method(to_upper(c))) {
      method = to_upper(c);
    } else if (path.empty() && !c.empty() && c.front() == '/') {
      path = clean_path(c);
    }
  }
  if (!method.empty() && !path.empty()) {
    out.add(method, path, "", i, cite(page, piece, piece.text.find(path)));
  }
}

// "/api/queries" alone on a line, then items "GET: Returns ..." (the Redash layout).
bool is_path_only(const Piece& piece, std::string& path) {
  if (piece.kind != PieceKind::kParagraph && piece.kind != PieceKind::kHeading) {
    return false;
  }
  path = clean_path(trim(piece.text));
  return !path.empty();
}

void find_items_under_path(const PageText& page, std::size_t i, const std::string& path,
                           EndpointList& out) {
  static const RE2 kItem(R"(^(GET|POST|PUT|PATCH|DELETE|HEAD)\s*(?:[:\-]|–|—)\s*(.*)$)");
  const Piece& piece = page.pieces[i];
  std::string method;
  std::string rest;
  if (RE2::FullMatch(piece.text, kItem, &method, &rest)) {
    std::size_t stop = rest.find(". ");
    std::string summary =
        clip_quote(stop == std::string::npos ? rest : rest.substr(0, stop + 1), 200);
    out.add(method, path, summary, i, cite(page, piece, 0));
  }
}

}  // namespace

std::vector<ProseEndpoint> find_endpoints(const PageText& page, const PieceScan& scan,
                                          const std::vector<CurlCall>& curls) {
  EndpointList out;
  std::string current_path;
  std::size_t path_piece = 0;
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    std::string path;
    if (is_path_only(piece, path)) {
      current_path = path;
      path_piece = i;
      continue;
    }
    if (piece.kind == PieceKind::kHeading) {
      current_path.clear();
    }
    if (piece.kind == PieceKind::kListItem && !current_path.empty() && i > path_piece) {
      find_items_under_path(page, i, current_path, out);
    }
    if (piece.kind == PieceKind::kTableRow) {
      find_in_row(page, i, out);
    }
    if (scan.may_match(i, ProsePattern::kEndpointInline)) {
      find_inline(page, i, out);
    }
  }
  for (const CurlCall& call : curls) {
    out.add(call.method, clean_path(path_in_prose(call.url)), "", call.piece, call.evidence);
  }
  return std::move(out).take();
}

void detect_endpoints(const ProseContext& ctx, Findings& out) {
  for (const ProseEndpoint& ep : ctx.endpoints) {
    Endpoint e;
    e.method = ep.method;
    e.path = ep.path;
    e.summary = ep.summary;
    out.endpoints.push_back(std::move(e));
  }
}

namespace {

// Hosts that stand for "your server" in examples are not a base URL.
bool is_example_host(std::string_view url) {
  std::string lower = to_lower(url);
  for (std::string_view w :
       {"example.", "localhost", "127.0.0.1", "your", "<", "{", "$", "my-", "acme.", "xxx"}) {
    if (lower.find(w) != std::string::npos) {
      return true;
    }
  }
  return false;
}

void add_base(Findings& out, std::string url, const Evidence& ev) {
  while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')')) {
    url.pop_back();
  }
  for (BaseUrl& b : out.base_urls) {
    if (b.url == url) {
      add_evidence(b.evidence, ev);
      return;
    }
  }
  BaseUrl b;
  b.url = std::move(url);
  b.confidence = confidence::kProse;
  b.evidence.push_back(ev);
  out.base_urls.push_back(std::move(b));
}

}  // namespace

void detect_base_urls(const ProseContext& ctx, Findings& out) {
  const PageText& page = ctx.page;
  for (std::size_t i = 0; i < page.pieces.size(); ++i) {
    const Piece& piece = page.pieces[i];
    if (piece.kind == PieceKind::kCode || !ctx.scan.may_match(i, ProsePattern::kBaseUrlStated)) {
      continue;
    }
    for (const auto& m : find_all(prose_re(ProsePattern::kBaseUrlStated), piece.text, 8)) {
      if (!is_example_host(m[1])) {
        std::size_t pos = static_cast<std::size_t>(m[0].data() - piece.text.data());
        add_base(out, std::string(m[1]), cite(page, piece, pos, m[0].size()));
      }
    }
  }
  if (!out.base_urls.empty()) {
    return;
  }
  // Shown, not stated: the origin shared by the curl examples (token endpoints excluded).
  std::map<std::string, std::vector<const CurlCall*>> by_origin;
  for (const CurlCall& call : ctx.curls) {
    std::string origin = origin_of_url(call.url);
    std::string lower = to_lower(call.url);
    if (!origin.empty() && !is_example_host(origin) && lower.find("oauth") == std::string::npos &&
        lower.find("/token") == std::string::npos) {
      by_origin[origin].push_back(&call);
    }
  }
  if (by_origin.size() == 1) {
    for (const CurlCall* call : by_origin.begin()->second) {
      add_base(out, by_origin.begin()->first, call->evidence);
    }
  }
}

}  // namespace om::extract::detail
