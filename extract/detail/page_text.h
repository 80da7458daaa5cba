// PageText: what the HTML and Markdown readers make of a documentation page, and all the prose
// detectors ever see (STYLE.md 2.5). Every piece carries its heading path for citations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace om::extract::detail {

enum class PieceKind { kHeading, kParagraph, kListItem, kCode, kTableRow };

/// One block of the page: a heading, a paragraph, a list item, a code block or a table row.
struct Piece {
  PieceKind kind = PieceKind::kParagraph;
  std::string text;                     // plain text; code blocks verbatim
  std::string locator;                  // "H1 > H2 > H3" (+ " > pre" / " > table" suffix)
  std::string language;                 // code blocks: "bash", "python", ... or ""
  std::vector<std::string> code_spans;  // inline `code` inside the block
  int level = 0;                        // headings: 1..6; list items: nesting depth
  int table = -1;                       // table rows: index into PageText::tables
  int row = -1;                         // table rows: index into Table::rows, -1 = header
};

/// A table: header cells and body rows of cells, in document order.
struct Table {
  std::string locator;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct PageText {
  std::string url;  // the page's URL or local path, cited as Evidence::url
  std::vector<Piece> pieces;
  std::vector<Table> tables;
  /// A Markdown page's links, resolved: absolute http(s), or "" for one that is not. An HTML
  /// page's links are not kept here: see html_outlinks().
  std::vector<std::string> link_urls;
};

/// Upper bound on kept pieces, cells and links per page (a hostile page cannot exhaust memory).
inline constexpr std::size_t kMaxPieces = 200000;

/// The page's plain text (headings, paragraphs, items, code, rows), one block per line.
[[nodiscard]] std::string plain_text(const PageText& page);

/// Heading path "H1 > H2 > H3" from the open headings (empty levels skipped).
[[nodiscard]] std::string heading_path(const std::vector<std::string>& levels);

/// Files a finished table row into `page.tables[table]` (as its header when it is a header row
/// and the table has neither header nor rows yet) and returns the kTableRow piece joining its
/// cells with " | " (row -1 when the row was not kept). Shared by the HTML and Markdown readers.
[[nodiscard]] Piece table_row_piece(PageText& page, int table, const std::vector<std::string>& row,
                                    bool is_header, std::string locator);

/// True for "http://host..." or "https://host..." with a host and no space or control bytes.
[[nodiscard]] bool is_absolute_http_url(std::string_view url);

/// Resolves `href` against `base` as the crawl does (core/url.h: RFC 3986 section 5, then
/// normalised); "" unless the result is an absolute http(s) URL. A `base` that is not one (a
/// local file) resolves only absolute hrefs.
[[nodiscard]] std::string resolve_http_link(std::string_view base, std::string_view href);

/// Distinct absolute http(s) links of the page, in first-seen order, without the page itself.
[[nodiscard]] std::vector<std::string> outlinks_of(const PageText& page);

/// outlinks_of() for an HTML page: the links the crawl follows on it (core/html_links.h
/// resolve_html_links, against `page_url` unless that is a local path), of which the first
/// kMaxPieces are read.
[[nodiscard]] std::vector<std::string> html_outlinks(std::string_view html,
                                                     std::string_view page_url);

/// Removes YAML front matter (--- ... --- at the top) and template tags ({% ... %} everywhere,
/// {{ ... }} outside fenced code) so they never leak into facts.
[[nodiscard]] std::string strip_front_matter_and_templates(std::string_view markdown);

/// Reads an HTML page (html_events.h: libxml2's events, or the scanner's where it gives the same;
/// navigation chrome gives no text; no links).
[[nodiscard]] PageText read_html(std::string_view html, std::string url);

/// read_html() from the scanner's events alone, nullopt where it declines the page; and from
/// libxml2's alone. `html` as the parser is given it (html_prepare.h). For tests and benchmarks.
[[nodiscard]] std::optional<PageText> read_html_fast(std::string_view html, std::string url);
[[nodiscard]] PageText read_html_libxml(std::string_view html, std::string url);

/// Reads a Markdown page (cmark-gfm + tables; front matter and template tags stripped first).
[[nodiscard]] PageText read_markdown(std::string_view markdown, std::string url);

/// Runs every prose detector over the page (detectors/prose_*.cpp).
[[nodiscard]] Findings detect_prose(const PageText& page);

}  // namespace om::extract::detail
