// PageText helpers shared by the HTML and Markdown readers: plain text, heading paths, link
// resolution (RFC 3986 section 5.2, simplified to http(s)) and template/front-matter stripping.
#include "extract/detail/page_text.h"

#include <algorithm>
#include <unordered_set>

#include "core/text.h"

namespace om::extract::detail {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

struct UrlParts {
  std::string scheme, authority, path, query;
};

// Splits an absolute URL into scheme, authority, path and query (fragment dropped).
UrlParts split_url(std::string_view url) {
  UrlParts p;
  auto hash = url.find('#');
  if (hash != std::string_view::npos) {
    url = url.substr(0, hash);
  }
  auto colon = url.find(':');
  p.scheme = to_lower(url.substr(0, colon));
  url.remove_prefix(colon + 1);
  if (url.substr(0, 2) == "//") {
    url.remove_prefix(2);
    auto end = url.find_first_of("/?");
    p.authority = std::string(url.substr(0, end));
    url = end == std::string_view::npos ? std::string_view() : url.substr(end);
  }
  auto q = url.find('?');
  p.path = std::string(url.substr(0, q));
  if (q != std::string_view::npos) {
    p.query = std::string(url.substr(q));
  }
  return p;
}

// RFC 3986 5.2.4, iteratively over segments.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  bool trailing = false;
  for (std::string_view seg : split(path, '/')) {
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (out.size() > 1) {
        out.pop_back();
      }
      trailing = true;
    } else {
      out.push_back(seg);
    }
  }
  std::string joined;
  for (std::size_t i = 0; i < out.size(); ++i) {
    joined += (i == 0 ? "" : "/");
    joined += out[i];
  }
  if (trailing && (joined.empty() || joined.back() != '/')) {
    joined += '/';
  }
  if (joined.empty() || joined.front() != '/') {
    joined.insert(joined.begin(), '/');
  }
  return joined;
}

std::string percent_encode_unsafe(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}') {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view piece_prefix(PieceKind kind) {
  return kind == PieceKind::kListItem ? "- " : "";
}

}  // namespace

std::string plain_text(const PageText& page) {
  std::string out;
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
  std::string target;
  auto colon = href.find(':');
  auto first_delim = href.find_first_of("/?#");
  bool has_scheme = colon != std::string_view::npos && colon > 0 &&
                    (first_delim == std::string_view::npos || colon < first_delim);
  if (has_scheme) {
    target = std::string(href);
  } else if (!is_absolute_http_url(base)) {
    return "";
  } else {
    UrlParts b = split_url(base);
    UrlParts r = split_url("x:" + std::string(href));
    if (href.substr(0, 2) == "//") {
      target = b.scheme + ":" + std::string(href);
    } else if (r.path.empty()) {
      target = b.scheme + "://" + b.authority + b.path + (r.query.empty() ? b.query : r.query);
    } else if (r.path.front() == '/') {
      target = b.scheme + "://" + b.authority + remove_dot_segments(r.path) + r.query;
    } else {
      std::string dir = b.path.substr(0, b.path.rfind('/') + 1);
      target = b.scheme + "://" + b.authority + remove_dot_segments(dir + r.path) + r.query;
    }
  }
  auto hash = target.find('#');
  if (hash != std::string::npos) {
    target.resize(hash);
  }
  target = percent_encode_unsafe(target);
  return is_absolute_http_url(target) ? target : "";
}

std::vector<std::string> outlinks_of(const PageText& page) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  std::string self = resolve_http_link(page.url, page.url);
  for (const Link& link : page.links) {
    if (link.url.empty() || link.url == self || !seen.insert(link.url).second) {
      continue;
    }
    out.push_back(link.url);
  }
  return out;
}

}  // namespace om::extract::detail
