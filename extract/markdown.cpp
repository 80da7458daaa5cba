// Markdown documentation pages: front matter and template tags stripped, then cmark-gfm (with
// the GFM table and autolink extensions) walked with cmark_iter into a PageText.
#include <memory>
#include <string>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "core/c_handle.h"
#include "core/text.h"
#include "extract/detail/extractors.h"
#include "extract/detail/page_text.h"

namespace om::extract::detail {
namespace {

using CmarkParser = CHandle<cmark_parser, cmark_parser_free>;
using CmarkNode = CHandle<cmark_node, cmark_node_free>;
using CmarkIter = CHandle<cmark_iter, cmark_iter_free>;

constexpr std::size_t kMaxBlockBytes = 1 << 20;
constexpr std::size_t kMaxTagBytes = 400;  // a template tag longer than this is left alone

bool is_fence_line(std::string_view line) {
  line = trim(line);
  return line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~";
}

// Removes `open` ... `close` spans (bounded length) from one line-oriented chunk of text.
std::string strip_tags(std::string_view text, std::string_view open, std::string_view close) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = text.find(open, i);
    if (start == std::string_view::npos) {
      break;
    }
    std::size_t end = text.find(close, start + open.size());
    if (end == std::string_view::npos || end - start > kMaxTagBytes) {
      out.append(text.substr(i, start + open.size() - i));
      i = start + open.size();
      continue;
    }
    out.append(text.substr(i, start - i));
    i = end + close.size();
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

std::string_view skip_front_matter(std::string_view md) {
  if (md.substr(0, 3) == "\xEF\xBB\xBF") {
    md.remove_prefix(3);
  }
  if (md.substr(0, 4) != "---\n" && md.substr(0, 5) != "---\r\n") {
    return md;
  }
  std::size_t pos = md.find('\n') + 1;
  while (pos < md.size()) {
    std::size_t eol = md.find('\n', pos);
    std::string_view line = trim(md.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
    if (line == "---" || line == "...") {
      return eol == std::string_view::npos ? std::string_view() : md.substr(eol + 1);
    }
    if (eol == std::string_view::npos) {
      break;
    }
    pos = eol + 1;
  }
  return md;  // no closing fence: not front matter
}

}  // namespace

std::string strip_front_matter_and_templates(std::string_view markdown) {
  std::string_view md = skip_front_matter(markdown);
  std::string without_blocks = strip_tags(md, "{%", "%}");
  std::string out;
  out.reserve(without_blocks.size());
  bool in_fence = false;
  std::string_view rest = without_blocks;
  while (!rest.empty()) {
    std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol == std::string_view::npos ? rest.size() : eol + 1);
    rest.remove_prefix(line.size());
    if (is_fence_line(line)) {
      in_fence = !in_fence;
    }
    out += in_fence ? std::string(line) : strip_tags(line, "{{", "}}");
  }
  return out;
}

namespace {

// Walks the cmark tree with cmark_iter (no recursion) and fills a PageText.
class MarkdownReader {
 public:
  explicit MarkdownReader(std::string url) : headings_(6) { page_.url = std::move(url); }

  void walk(cmark_node* root) {
    CmarkIter iter(cmark_iter_new(root));
    cmark_event_type ev = CMARK_EVENT_NONE;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      if (ev == CMARK_EVENT_ENTER) {
        enter(node);
      } else {
        leave(node);
      }
    }
  }

  PageText take() && { return std::move(page_); }

 private:
  void enter(cmark_node* node) {
    std::string_view type = cmark_node_get_type_string(node);
    const char* literal = cmark_node_get_literal(node);
    std::string_view lit = literal == nullptr ? std::string_view() : std::string_view(literal);
    if (type == "text" || type == "html_inline") {
      add_text(type == "text" ? lit : std::string_view());
    } else if (type == "code") {
      add_text(lit);
      spans_.emplace_back(lit);
    } else if (type == "softbreak" || type == "linebreak") {
      add_text(" ");
    } else if (type == "item") {
      ++item_;
    } else if (type == "link") {
      const char* href = cmark_node_get_url(node);
      if (page_.link_urls.size() < kMaxPieces) {
        page_.link_urls.push_back(resolve_http_link(page_.url, href == nullptr ? "" : href));
      }
    } else if (type == "code_block") {
      add_code(node, lit);
    } else if (type == "table") {
      tables_.push_back(static_cast<int>(page_.tables.size()));
      page_.tables.push_back(Table{heading_path(headings_), {}, {}});
    } else if (type == "table_row" || type == "table_header") {
      row_.clear();
    } else if (type == "paragraph" || type == "heading" || type == "table_cell") {
      buf_.clear();
      spans_.clear();
    }
  }

  void leave(cmark_node* node) {
    std::string_view type = cmark_node_get_type_string(node);
    if (type == "item") {
      --item_;
    } else if (type == "paragraph") {
      add_paragraph();
    } else if (type == "heading") {
      add_heading(cmark_node_get_heading_level(node));
    } else if (type == "table_cell") {
      row_.push_back(squash_space(buf_));
      buf_.clear();
      spans_.clear();
    } else if (type == "table_row" || type == "table_header") {
      add_row(type == "table_header" || cmark_gfm_extensions_get_table_row_is_header(node) != 0);
    } else if (type == "table" && !tables_.empty()) {
      tables_.pop_back();
    }
  }

  void add_text(std::string_view text) {
    if (buf_.size() + text.size() <= kMaxBlockBytes) {
      buf_.append(text);
    }
  }

  void push_piece(Piece piece) {
    if (page_.pieces.size() < kMaxPieces) {
      page_.pieces.push_back(std::move(piece));
    }
  }

  void add_paragraph() {
    std::string text = squash_space(buf_);
    buf_.clear();
    if (text.empty()) {
      return;
    }
    Piece piece;
    piece.kind = item_ > 0 ? PieceKind::kListItem : PieceKind::kParagraph;
    piece.text = std::move(text);
    piece.locator = heading_path(headings_);
    piece.code_spans = std::move(spans_);
    piece.level = item_;
    spans_.clear();
    push_piece(std::move(piece));
  }

  void add_heading(int level) {
    std::string text = squash_space(buf_);
    buf_.clear();
    spans_.clear();
    if (text.empty() || level < 1 || level > 6) {
      return;
    }
    headings_[static_cast<std::size_t>(level - 1)] = text;
    for (std::size_t i = static_cast<std::size_t>(level); i < headings_.size(); ++i) {
      headings_[i].clear();
    }
    Piece piece;
    piece.kind = PieceKind::kHeading;
    piece.text = std::move(text);
    piece.locator = heading_path(headings_);
    piece.level = level;
    push_piece(std::move(piece));
  }

  void add_code(cmark_node* node, std::string_view code) {
    while (!code.empty() && code.back() == '\n') {
      code.remove_suffix(1);
    }
    if (trim(code).empty()) {
      return;
    }
    const char* info = cmark_node_get_fence_info(node);
    std::string_view lang = info == nullptr ? std::string_view() : trim(info);
    lang = lang.substr(0, lang.find_first_of(" {,"));
    Piece piece;
    piece.kind = PieceKind::kCode;
    piece.text = std::string(code);
    piece.locator = heading_path(headings_);
    piece.language = to_lower(lang);
    push_piece(std::move(piece));
  }

  void add_row(bool is_header) {
    if (tables_.empty() || row_.empty()) {
      return;
    }
    push_piece(table_row_piece(page_, tables_.back(), row_, is_header, heading_path(headings_)));
    row_.clear();
  }

  PageText page_;
  std::vector<std::string> headings_;
  std::string buf_;
  std::vector<std::string> spans_;
  std::vector<int> tables_;
  std::vector<std::string> row_;
  int item_ = 0;
};

}  // namespace

PageText read_markdown(std::string_view markdown, std::string url) {
  std::string md = strip_front_matter_and_templates(markdown);
  // cmark-gfm registers its extensions in a global list without a lock: once, for every thread.
  static const bool registered = (cmark_gfm_core_extensions_ensure_registered(), true);
  (void)registered;
  CmarkParser parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  for (const char* name : {"table", "autolink"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), md.data(), md.size());
  CmarkNode root(cmark_parser_finish(parser.get()));
  MarkdownReader reader(std::move(url));
  if (root != nullptr) {
    reader.walk(root.get());
  }
  return std::move(reader).take();
}

Extraction extract_markdown(const FetchedDocument& doc) {
  Extraction e;
  e.kind = DocKind::kMarkdown;
  if (!is_valid_utf8(doc.bytes())) {
    e.error = (doc.final_url.empty() ? doc.url : doc.final_url) +
              ": not UTF-8 text (Markdown and text files are read as UTF-8; convert it first)";
    return e;
  }
  PageText page = read_markdown(doc.bytes(), doc.final_url.empty() ? doc.url : doc.final_url);
  e.text = plain_text(page);
  e.outlinks = outlinks_of(page);
  e.findings = detect_prose(page);
  return e;
}

}  // namespace om::extract::detail
