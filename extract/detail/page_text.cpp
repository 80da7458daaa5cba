// PageText helpers shared by the HTML and Markdown readers: plain text, heading paths, link
// resolution (core/url.h, as the crawl resolves) and template/front-matter stripping.
#include "extract/detail/page_text.h"

#include <algorithm>
#include <unordered_set>

#include "core/html_links.h"
#include "core/text.h"
#include "core/url.h"

namespace om::extract::detail {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view piece_prefix(PieceKind kind) {
  return kind == PieceKind::kListItem ? "- " : "";
}

// Appends `url` to `out` unless it is empty, the page itself or already there.
void add_outlink(std::string url, const std::string& self, std::unordered_set<std::string>& seen,
                 std::vector<std::string>& out) {
  if (!url.empty() && url != self && seen.insert(url).second) {
    out.push_back(std::move(url));
  }
}

}  // namespace

std::string plain_text(const PageText& page) {
  std::size_t size = 0;
  for (const Piece& piece : page.pieces) {
    size += piece_prefix(piece.kind).size() + piece.text.size() + 1;
  }
  std::string out;
  out.reserve(size);
  for (const Piece& piece : page.pieces) {
    out += piece_prefix(piece.kind);
    out += piece.text;
    out += '\n';
  }
  return out;
}

Piece table_row_piece(PageText& page, int table, const std::vector<std::string>& row,
                      bool is_header, std::string locator) {
  Table& t = page.tables[static_cast<std::size_t>(table)];
  if (is_header && t.header.empty() && t.rows.empty()) {
    t.header = row;
  } else if (t.rows.size() < kMaxPieces) {
    t.rows.push_back(row);
  }
  std::string joined;
  for (const std::string& cell : row) {
    joined += joined.empty() ? "" : " | ";
    joined += cell;
  }
  Piece piece;
  piece.kind = PieceKind::kTableRow;
  piece.text = std::move(joined);
  piece.locator = std::move(locator);
  piece.table = table;
  piece.row = static_cast<int>(t.rows.size()) - 1;
  if (t.rows.empty() || t.rows.back() != row) {
    piece.row = -1;
  }
  return piece;
}

std::string heading_path(const std::vector<std::string>& levels) {
  std::string out;
  for (const std::string& h : levels) {
    if (h.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += " > ";
    }
    out += h;
  }
  return out;
}

bool is_absolute_http_url(std::string_view url) {
  std::string_view rest;
  if (starts_with_ci(url, "http://")) {
    rest = url.substr(7);
  } else if (starts_with_ci(url, "https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') {
    return false;
  }
  return std::none_of(url.begin(), url.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u >= 0x7f;
  });
}

std::string resolve_http_link(std::string_view base, std::string_view href) {
  href = trim(href);
  if (href.empty() || href.size() > 4096 || href.front() == '#') {
    return "";
  }
  // The crawl's rule (core/url.h): resolved, normalised, fragment dropped; a local file's page
  // keeps only its absolute links.
  const Result<Url> page = parse_url(base);
  const Result<Url> url = page ? resolve_url(page.value(), href) : parse_url(href);
  return url ? url->str() : "";
}

std::vector<std::string> outlinks_of(const PageText& page) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  const std::string self = resolve_http_link(page.url, page.url);
  for (const std::string& link : page.link_urls) {
    add_outlink(link, self, seen, out);
  }
  return out;
}

std::vector<std::string> html_outlinks(std::string_view html, std::string_view page_url) {
  const Result<Url> page = parse_url(page_url);
  std::vector<Url> links = resolve_html_links(html, page ? &page.value() : nullptr);
  links.resize(std::min(links.size(), kMaxPieces));
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  const std::string self = page ? page->str() : "";
  for (const Url& link : links) {
    add_outlink(link.str(), self, seen, out);
  }
  return out;
}

}  // namespace om::extract::detail
