// HTML documentation pages: gumbo parse, explicit-stack walk into a PageText (headings,
// paragraphs, list items, code blocks with language, tables), then the prose detectors. The
// outlinks are the crawl's links of the page (core/html_links.h), not read from the tree.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gumbo.h>

#include "core/text.h"
#include "extract/detail/charset.h"
#include "extract/detail/extractors.h"
#include "extract/detail/gumbo_arena.h"
#include "extract/detail/page_text.h"

namespace om::extract::detail {
namespace {

// Resets the thread's arena when the parse's output is no longer needed.
struct GumboRelease {
  void operator()(GumboArena* arena) const noexcept { arena->reset(); }
};

// gumbo's tree builder scans the open-element stack per tag, so depth costs quadratic time:
// tags nested deeper than this are dropped before parsing (their text is kept).
constexpr int kMaxNesting = 256;
constexpr std::size_t kMaxBlockBytes = 1 << 20;

bool is_void_or_optional_end(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area",  "base",  "br",       "col",    "embed", "hr",     "img",      "input",
      "link",  "meta",  "param",    "source", "track", "wbr",    "p",        "li",
      "dt",    "dd",    "tr",       "td",     "th",    "option", "optgroup", "thead",
      "tbody", "tfoot", "colgroup", "rb",     "rt",    "rp",     "!doctype"};
  for (auto n : kNames) {
    if (iequals(name, n)) {
      return true;
    }
  }
  return false;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '!';
}

// Walks the tags of `html` as limit_nesting() counts them, calling `on_tag(lt, gt, keep)` for
// each one (`keep` false: it would nest deeper than kMaxNesting). An estimate (implied end tags are
// ignored), enough to keep gumbo linear on hostile input.
template <typename OnTag>
void walk_tags(std::string_view html, OnTag on_tag) {
  int depth = 0;
  int dropped = 0;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) {
      break;
    }
    bool closing = html[lt + 1] == '/';
    std::size_t name_start = lt + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() && is_name_char(html[name_end])) {
      ++name_end;
    }
    std::size_t gt = html.find('>', lt);
    if (name_end == name_start || gt == std::string_view::npos) {
      i = lt + 1;
      continue;
    }
    std::string_view name = html.substr(name_start, name_end - name_start);
    bool self_closing = html[gt - 1] == '/' || is_void_or_optional_end(name);
    bool keep = true;
    if (self_closing) {
      // no depth change
    } else if (closing) {
      if (dropped > 0) {
        --dropped;
        keep = false;
      } else if (depth > 0) {
        --depth;
      }
    } else if (depth >= kMaxNesting) {
      ++dropped;
      keep = false;
    } else {
      ++depth;
    }
    on_tag(lt, gt, keep);
    i = gt + 1;
  }
}

// `html` without the start and end tags that would nest deeper than kMaxNesting (each becomes
// a space); nullopt when there is none, so that a usual page is parsed without a copy.
std::optional<std::string> limit_nesting(std::string_view html) {
  bool too_deep = false;
  walk_tags(html, [&](std::size_t, std::size_t, bool keep) { too_deep = too_deep || !keep; });
  if (!too_deep) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;  // html[0, copied) is in `out`
  walk_tags(html, [&](std::size_t lt, std::size_t gt, bool keep) {
    if (!keep) {
      out.append(html.substr(copied, lt - copied));
      out += ' ';
      copied = gt + 1;
    }
  });
  out.append(html.substr(copied));
  return out;
}

std::string_view attr(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a == nullptr || a->value == nullptr ? std::string_view() : std::string_view(a->value);
}

bool is_element(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT;
}

GumboTag tag_of(const GumboNode* node) {
  return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

// Elements whose content is never page prose.
bool is_skipped(const GumboNode* node) {
  switch (tag_of(node)) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

// Whether `w` is in `token` as whole hyphen-separated words ("toc" must not match "protocol").
bool has_hyphen_word(std::string_view token, std::string_view w) {
  for (std::size_t at = token.find(w); at != std::string_view::npos; at = token.find(w, at + 1)) {
    const std::size_t end = at + w.size();
    if ((at == 0 || token[at - 1] == '-') && (end == token.size() || token[end] == '-')) {
      return true;
    }
  }
  return false;
}

bool has_nav_word(std::string_view value) {
  if (value.empty()) {
    return false;
  }
  std::string v = to_lower(value);
  for (char& c : v) {
    c = c == '_' ? '-' : c;
  }
  for (std::string_view token : split(v, ' ')) {
    for (std::string_view w :
         {"sidebar", "navbar", "nav", "breadcrumb", "breadcrumbs", "sidenav", "table-of-contents",
          "toc", "menu", "site-header", "site-footer", "skip-link", "cookie", "banner"}) {
      if (has_hyphen_word(token, w)) {
        return true;
      }
    }
  }
  return false;
}

bool inside_content(const GumboNode* node) {
  for (const GumboNode* p = node->parent; p != nullptr; p = p->parent) {
    GumboTag t = tag_of(p);
    if (t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN) {
      return true;
    }
  }
  return false;
}

// Navigation chrome: its text never reaches the detectors (its links are outlinks all the same).
bool is_chrome(const GumboNode* node) {
  if (!is_element(node)) {
    return false;
  }
  GumboTag t = tag_of(node);
  if (t == GUMBO_TAG_NAV) {
    return true;
  }
  if ((t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER) && !inside_content(node)) {
    return true;
  }
  std::string_view role = attr(node, "role");
  if (iequals(role, "navigation") || iequals(role, "banner") || iequals(role, "contentinfo")) {
    return true;
  }
  if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_CODE || t == GUMBO_TAG_TABLE) {
    return false;  // content, whatever its class says
  }
  return has_nav_word(attr(node, "class")) || has_nav_word(attr(node, "id"));
}

bool is_heading(GumboTag t) {
  return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
}

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
      return true;
    default:
      return false;
  }
}

// "language-bash", "lang-python", "highlight-shell", "brush: js", data-lang="curl".
std::string language_of(const GumboNode* node) {
  for (const char* name : {"data-lang", "data-language"}) {
    std::string_view v = attr(node, name);
    if (!v.empty()) {
      return to_lower(trim(v));
    }
  }
  for (std::string_view token : split(attr(node, "class"), ' ')) {
    for (std::string_view prefix : {"language-", "lang-", "highlight-source-", "highlight-"}) {
      if (token.size() > prefix.size() && iequals(token.substr(0, prefix.size()), prefix)) {
        return to_lower(token.substr(prefix.size()));
      }
    }
  }
  return "";
}

}  // namespace

namespace {

// Walks the gumbo tree with an explicit stack and fills a PageText.
class HtmlReader {
 public:
  explicit HtmlReader(std::string url) : headings_(6) { page_.url = std::move(url); }

  void walk(const GumboNode* root) {
    struct Step {
      const GumboNode* node;
      bool leaving;
    };
    std::vector<Step> stack{{root, false}};
    while (!stack.empty()) {
      Step step = stack.back();
      stack.pop_back();
      if (step.leaving) {
        leave(step.node);
        continue;
      }
      if (!enter(step.node)) {
        continue;
      }
      stack.push_back({step.node, true});
      const GumboVector& kids = step.node->type == GUMBO_NODE_DOCUMENT
                                    ? step.node->v.document.children
                                    : step.node->v.element.children;
      for (unsigned i = kids.length; i > 0; --i) {
        stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), false});
      }
    }
    flush();
  }

  PageText take() && { return std::move(page_); }

 private:
  // Returns true when the node's children should be visited (then leave() runs after them).
  bool enter(const GumboNode* node) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      add_text(node->v.text.text);
      return false;
    }
    if (node->type == GUMBO_NODE_DOCUMENT) {
      return true;
    }
    if (!is_element(node) || is_skipped(node)) {
      return false;
    }
    if (is_chrome(node)) {
      flush();
      ++chrome_;
    }
    open_element(node);
    return true;
  }

  void open_element(const GumboNode* node) {
    GumboTag t = tag_of(node);
    if (t == GUMBO_TAG_BR) {
      add_text(pre_ > 0 ? "\n" : " ");
    } else if (t == GUMBO_TAG_PRE) {
      flush();
      ++pre_;
      code_language_ = language_of(node);
    } else if (t == GUMBO_TAG_CODE) {
      if (pre_ > 0 && code_language_.empty()) {
        code_language_ = language_of(node);
      }
      code_starts_.push_back(buf_.size());
    } else if (t == GUMBO_TAG_TABLE) {
      flush();
      tables_.push_back(static_cast<int>(page_.tables.size()));
      page_.tables.push_back(Table{heading_path(headings_), {}, {}});
    } else if (t == GUMBO_TAG_TR) {
      row_.clear();
      row_is_header_ = true;
    } else if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
      buf_.clear();
      ++cell_;
      row_is_header_ = row_is_header_ && t == GUMBO_TAG_TH;
    } else if (is_heading(t) || (is_block(t) && cell_ == 0 && pre_ == 0)) {
      flush();
    }
    if (t == GUMBO_TAG_LI) {
      ++li_;
    }
  }

  void leave(const GumboNode* node) {
    if (node->type == GUMBO_NODE_DOCUMENT) {
      return;
    }
    GumboTag t = tag_of(node);
    if (t == GUMBO_TAG_PRE) {
      close_pre();
    } else if (t == GUMBO_TAG_CODE && !code_starts_.empty()) {
      std::size_t start = std::min(code_starts_.back(), buf_.size());
      code_starts_.pop_back();
      if (pre_ == 0 && chrome_ == 0) {
        spans_.push_back(squash_space(std::string_view(buf_).substr(start)));
      }
    } else if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
      row_.push_back(squash_space(buf_));
      buf_.clear();
      spans_.clear();
      --cell_;
    } else if (t == GUMBO_TAG_TR) {
      close_row();
    } else if (t == GUMBO_TAG_TABLE && !tables_.empty()) {
      tables_.pop_back();
    } else if (is_heading(t)) {
      close_heading(static_cast<int>(t - GUMBO_TAG_H1) + 1);
    } else if (is_block(t) && cell_ == 0 && pre_ == 0) {
      flush();
    }
    if (t == GUMBO_TAG_LI) {
      --li_;
    }
    if (is_chrome(node)) {
      flush();
      --chrome_;
    }
  }

  void add_text(std::string_view text) {
    if (buf_.size() + text.size() <= kMaxBlockBytes) {
      buf_.append(text);
    }
  }

  void push_piece(Piece piece) {
    if (chrome_ == 0 && page_.pieces.size() < kMaxPieces) {
      page_.pieces.push_back(std::move(piece));
    }
  }

  void flush() {
    std::string text = squash_space(buf_);
    buf_.clear();
    std::vector<std::string> spans = std::move(spans_);
    spans_.clear();
    if (text.empty()) {
      return;
    }
    Piece piece;
    piece.kind = li_ > 0 ? PieceKind::kListItem : PieceKind::kParagraph;
    piece.text = std::move(text);
    piece.locator = heading_path(headings_);
    piece.code_spans = std::move(spans);
    piece.level = li_;
    push_piece(std::move(piece));
  }

  void close_heading(int level) {
    std::string text = squash_space(buf_);
    buf_.clear();
    spans_.clear();
    if (text.empty() || chrome_ > 0) {
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

  void close_pre() {
    --pre_;
    if (pre_ > 0) {
      return;
    }
    std::string_view code = buf_;
    while (!code.empty() && (code.back() == '\n' || code.back() == ' ')) {
      code.remove_suffix(1);
    }
    while (!code.empty() && code.front() == '\n') {
      code.remove_prefix(1);
    }
    if (!trim(code).empty()) {
      Piece piece;
      piece.kind = PieceKind::kCode;
      piece.text = std::string(code);
      piece.locator = heading_path(headings_);
      piece.language = code_language_;
      push_piece(std::move(piece));
    }
    buf_.clear();
    spans_.clear();
    code_language_.clear();
  }

  void close_row() {
    if (tables_.empty() || row_.empty() || chrome_ > 0) {
      row_.clear();
      return;
    }
    push_piece(
        table_row_piece(page_, tables_.back(), row_, row_is_header_, heading_path(headings_)));
    row_.clear();
  }

  PageText page_;
  std::vector<std::string> headings_;
  std::string buf_;
  std::vector<std::string> spans_;
  std::vector<std::size_t> code_starts_;
  std::vector<int> tables_;
  std::vector<std::string> row_;
  std::string code_language_;
  bool row_is_header_ = false;
  int chrome_ = 0;
  int pre_ = 0;
  int cell_ = 0;
  int li_ = 0;
};

}  // namespace

PageText read_html(std::string_view body, std::string url) {
  const std::optional<std::string> limited = limit_nesting(body);
  const std::string_view html = limited ? std::string_view(*limited) : body;
  thread_local GumboArena arena;
  const std::unique_ptr<GumboArena, GumboRelease> release(&arena);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // errors copy the open-element stack: quadratic on hostile input
  options.allocator = &GumboArena::allocate;
  options.deallocator = &GumboArena::release;
  options.userdata = &arena;
  const GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  HtmlReader reader(std::move(url));
  if (out != nullptr) {
    reader.walk(out->document);
  }
  return std::move(reader).take();
}

Extraction extract_html(const FetchedDocument& doc) {
  Extraction e;
  e.kind = DocKind::kHtml;
  const std::string& where = doc.final_url.empty() ? doc.url : doc.final_url;
  auto utf8 = html_as_utf8(doc.bytes(), doc.content_type, where);
  if (!utf8.ok()) {
    e.error = utf8.error().message;
    return e;
  }
  PageText page = read_html(utf8.value(), where);
  e.text = plain_text(page);
  e.outlinks = html_outlinks(utf8.value(), where);
  e.findings = detect_prose(page);
  return e;
}

}  // namespace om::extract::detail
