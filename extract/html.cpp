// HTML documentation pages: read as a stream of events (html_events.h: libxml2's HTML parser, or
// the scanner that gives its events for the pages it can; no tree is built) into a PageText
// (headings, paragraphs, list items, code blocks with language, tables), then the prose
// detectors. The outlinks are the crawl's links of the page (core/html_links.h).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "extract/detail/charset.h"
#include "extract/detail/extractors.h"
#include "extract/detail/html_events.h"
#include "extract/detail/html_library.h"
#include "extract/detail/html_prepare.h"
#include "extract/detail/page_text.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxBlockBytes = 1 << 20;

// The elements the reader tells apart; every other element is kOther.
enum class Tag : std::uint8_t {
  kOther,
  // never page prose
  kScript,
  kStyle,
  kNoscript,
  kTemplate,
  kIframe,
  kSvg,
  kHead,
  kButton,
  kSelect,
  // structure
  kArticle,
  kMain,
  kNav,
  kHeader,
  kFooter,
  kPre,
  kCode,
  kTable,
  kTr,
  kTd,
  kTh,
  kBr,
  kLi,
  kH1,
  kH2,
  kH3,
  kH4,
  kH5,
  kH6,
  // blocks: a paragraph break before and after
  kP,
  kDiv,
  kSection,
  kAside,
  kBlockquote,
  kUl,
  kOl,
  kDl,
  kDt,
  kDd,
  kBody,
  kFigure,
  kDetails,
  kSummary,
  kHr,
  kForm,
  kFieldset,
};

// libxml2 reports element names lower-cased.
Tag tag_named(std::string_view name) {
  static const std::unordered_map<std::string_view, Tag> kTags = {
      {"script", Tag::kScript},
      {"style", Tag::kStyle},
      {"noscript", Tag::kNoscript},
      {"template", Tag::kTemplate},
      {"iframe", Tag::kIframe},
      {"svg", Tag::kSvg},
      {"head", Tag::kHead},
      {"button", Tag::kButton},
      {"select", Tag::kSelect},
      {"article", Tag::kArticle},
      {"main", Tag::kMain},
      {"nav", Tag::kNav},
      {"header", Tag::kHeader},
      {"footer", Tag::kFooter},
      {"pre", Tag::kPre},
      {"code", Tag::kCode},
      {"table", Tag::kTable},
      {"tr", Tag::kTr},
      {"td", Tag::kTd},
      {"th", Tag::kTh},
      {"br", Tag::kBr},
      {"li", Tag::kLi},
      {"h1", Tag::kH1},
      {"h2", Tag::kH2},
      {"h3", Tag::kH3},
      {"h4", Tag::kH4},
      {"h5", Tag::kH5},
      {"h6", Tag::kH6},
      {"p", Tag::kP},
      {"div", Tag::kDiv},
      {"section", Tag::kSection},
      {"aside", Tag::kAside},
      {"blockquote", Tag::kBlockquote},
      {"ul", Tag::kUl},
      {"ol", Tag::kOl},
      {"dl", Tag::kDl},
      {"dt", Tag::kDt},
      {"dd", Tag::kDd},
      {"body", Tag::kBody},
      {"figure", Tag::kFigure},
      {"details", Tag::kDetails},
      {"summary", Tag::kSummary},
      {"hr", Tag::kHr},
      {"form", Tag::kForm},
      {"fieldset", Tag::kFieldset},
  };
  auto it = kTags.find(name);
  return it == kTags.end() ? Tag::kOther : it->second;
}

/// An element's attributes (html_events.h).
class Attributes {
 public:
  explicit Attributes(std::span<const HtmlAttr> atts) : atts_(atts) {}
  /// The value of attribute `name` (lower-case), "" when absent or without a value.
  [[nodiscard]] std::string_view get(std::string_view name) const {
    for (const HtmlAttr& a : atts_) {
      if (a.name == name) {
        return a.value;
      }
    }
    return {};
  }

 private:
  std::span<const HtmlAttr> atts_;
};

// Elements whose content is never page prose.
bool is_skipped(Tag t) {
  return t >= Tag::kScript && t <= Tag::kSelect;
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

// Navigation chrome: its text never reaches the detectors (its links are outlinks all the same).
// `in_content`: inside an <article> or <main>, where a header or footer is the content's own.
bool is_chrome(Tag t, const Attributes& atts, bool in_content) {
  if (t == Tag::kNav) {
    return true;
  }
  if ((t == Tag::kHeader || t == Tag::kFooter) && !in_content) {
    return true;
  }
  std::string_view role = atts.get("role");
  if (iequals(role, "navigation") || iequals(role, "banner") || iequals(role, "contentinfo")) {
    return true;
  }
  if (t == Tag::kPre || t == Tag::kCode || t == Tag::kTable) {
    return false;  // content, whatever its class says
  }
  return has_nav_word(atts.get("class")) || has_nav_word(atts.get("id"));
}

bool is_heading(Tag t) {
  return t >= Tag::kH1 && t <= Tag::kH6;
}

bool is_block(Tag t) {
  return t >= Tag::kP || t == Tag::kArticle || t == Tag::kMain || t == Tag::kLi;
}

// "language-bash", "lang-python", "highlight-shell", "brush: js", data-lang="curl".
std::string language_of(const Attributes& atts) {
  for (const char* name : {"data-lang", "data-language"}) {
    std::string_view v = atts.get(name);
    if (!v.empty()) {
      return to_lower(trim(v));
    }
  }
  for (std::string_view token : split(atts.get("class"), ' ')) {
    for (std::string_view prefix : {"language-", "lang-", "highlight-source-", "highlight-"}) {
      if (token.size() > prefix.size() && iequals(token.substr(0, prefix.size()), prefix)) {
        return to_lower(token.substr(prefix.size()));
      }
    }
  }
  return "";
}

// Fills a PageText from the parser's events: start and end of each element (balanced: the parser
// reports an end for every element it closes, implied ones included) and text.
class HtmlReader : public HtmlEvents {
 public:
  explicit HtmlReader(std::string url) : headings_(6) { page_.url = std::move(url); }

  void start(std::string_view name, std::span<const HtmlAttr> attributes) override {
    const Attributes atts(attributes);
    const Tag t = tag_named(name);
    if (silent_ > 0 || is_skipped(t)) {
      open_.push_back({t, false, true});
      ++silent_;
      return;
    }
    const bool chrome = is_chrome(t, atts, content_ > 0);
    if (chrome) {
      flush();
      ++chrome_;
    }
    open_.push_back({t, chrome, false});
    if (t == Tag::kArticle || t == Tag::kMain) {
      ++content_;
    }
    open_element(t, atts);
  }

  void end() override {
    if (open_.empty()) {
      return;
    }
    const Open o = open_.back();
    open_.pop_back();
    if (o.silent) {
      --silent_;
      return;
    }
    if (o.tag == Tag::kArticle || o.tag == Tag::kMain) {
      --content_;
    }
    leave(o.tag);
    if (o.chrome) {
      flush();
      --chrome_;
    }
  }

  void text(std::string_view t) override {
    if (silent_ == 0) {
      add_text(t);
    }
  }

  /// Whether text was dropped at the block limit (where it is cut depends on how the text was
  /// split into events).
  [[nodiscard]] bool capped() const { return capped_; }

  PageText take() && {
    flush();
    return std::move(page_);
  }

 private:
  struct Open {
    Tag tag;
    bool chrome;  // counted in chrome_
    bool silent;  // a skipped element or inside one: counted in silent_, no events
  };

  void open_element(Tag t, const Attributes& atts) {
    if (t == Tag::kBr) {
      add_text(pre_ > 0 ? "\n" : " ");
    } else if (t == Tag::kPre) {
      flush();
      ++pre_;
      code_language_ = language_of(atts);
    } else if (t == Tag::kCode) {
      if (pre_ > 0 && code_language_.empty()) {
        code_language_ = language_of(atts);
      }
      code_starts_.push_back(buf_.size());
    } else if (t == Tag::kTable) {
      flush();
      tables_.push_back(static_cast<int>(page_.tables.size()));
      page_.tables.push_back(Table{path_, {}, {}});
    } else if (t == Tag::kTr) {
      row_.clear();
      row_is_header_ = true;
    } else if (t == Tag::kTd || t == Tag::kTh) {
      buf_.clear();
      ++cell_;
      row_is_header_ = row_is_header_ && t == Tag::kTh;
    } else if (is_heading(t) || (is_block(t) && cell_ == 0 && pre_ == 0)) {
      flush();
    }
    if (t == Tag::kLi) {
      ++li_;
    }
  }

  void leave(Tag t) {
    if (t == Tag::kPre) {
      close_pre();
    } else if (t == Tag::kCode && !code_starts_.empty()) {
      std::size_t start = std::min(code_starts_.back(), buf_.size());
      code_starts_.pop_back();
      if (pre_ == 0 && chrome_ == 0) {
        spans_.push_back(squash_space(std::string_view(buf_).substr(start)));
      }
    } else if (t == Tag::kTd || t == Tag::kTh) {
      squash_space_in_place(buf_);
      row_.push_back(buf_);
      buf_.clear();
      spans_.clear();
      --cell_;
    } else if (t == Tag::kTr) {
      close_row();
    } else if (t == Tag::kTable && !tables_.empty()) {
      tables_.pop_back();
    } else if (is_heading(t)) {
      close_heading(static_cast<int>(t) - static_cast<int>(Tag::kH1) + 1);
    } else if (is_block(t) && cell_ == 0 && pre_ == 0) {
      flush();
    }
    if (t == Tag::kLi) {
      --li_;
    }
  }

  void add_text(std::string_view text) {
    if (buf_.size() + text.size() <= kMaxBlockBytes) {
      buf_.append(text);
    } else {
      capped_ = true;
    }
  }

  void push_piece(Piece piece) {
    if (chrome_ == 0 && page_.pieces.size() < kMaxPieces) {
      page_.pieces.push_back(std::move(piece));
    }
  }

  // The block's text becomes a piece; buf_ keeps its capacity for the next block (most flushes
  // find only the blanks between two tags).
  void flush() {
    squash_space_in_place(buf_);
    if (buf_.empty()) {
      spans_.clear();
      return;
    }
    Piece piece;
    piece.kind = li_ > 0 ? PieceKind::kListItem : PieceKind::kParagraph;
    piece.text = buf_;
    buf_.clear();
    std::vector<std::string> spans = std::move(spans_);
    spans_.clear();
    piece.locator = path_;
    piece.code_spans = std::move(spans);
    piece.level = li_;
    push_piece(std::move(piece));
  }

  void close_heading(int level) {
    squash_space_in_place(buf_);
    std::string text = buf_;
    buf_.clear();
    spans_.clear();
    if (text.empty() || chrome_ > 0) {
      return;
    }
    headings_[static_cast<std::size_t>(level - 1)] = text;
    for (std::size_t i = static_cast<std::size_t>(level); i < headings_.size(); ++i) {
      headings_[i].clear();
    }
    path_ = heading_path(headings_);
    Piece piece;
    piece.kind = PieceKind::kHeading;
    piece.text = std::move(text);
    piece.locator = path_;
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
      piece.locator = path_;
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
    push_piece(table_row_piece(page_, tables_.back(), row_, row_is_header_, path_));
    row_.clear();
  }

  PageText page_;
  std::vector<Open> open_;
  int silent_ = 0;   // open elements in open_ with `silent`
  int content_ = 0;  // open <article> and <main> elements
  std::vector<std::string> headings_;
  std::string path_;  // heading_path(headings_), made when a heading changes them
  std::string buf_;
  std::vector<std::string> spans_;
  std::vector<std::size_t> code_starts_;
  std::vector<int> tables_;
  std::vector<std::string> row_;
  std::string code_language_;
  bool row_is_header_ = false;
  bool capped_ = false;
  int chrome_ = 0;
  int pre_ = 0;
  int cell_ = 0;
  int li_ = 0;
};

}  // namespace

std::optional<PageText> read_html_fast(std::string_view html, std::string url) {
  HtmlReader reader(std::move(url));
  if (!parse_html_fast(html, reader) || reader.capped()) {
    return std::nullopt;
  }
  return std::move(reader).take();
}

PageText read_html_libxml(std::string_view html, std::string url) {
  HtmlReader reader(std::move(url));
  parse_html_libxml(html, reader);
  return std::move(reader).take();
}

PageText read_html(std::string_view body, std::string url) {
  const std::optional<std::string> prepared = prepared_for_parser(body);
  const std::string_view html = prepared ? std::string_view(*prepared) : body;
  if (auto page = read_html_fast(html, url)) {
    return std::move(*page);
  }
  return read_html_libxml(html, std::move(url));
}

Extraction extract_html(const FetchedDocument& doc) {
  Extraction e;
  e.kind = DocKind::kHtml;
  const std::string& where = doc.final_url.empty() ? doc.url : doc.final_url;
  if (std::string library = html_library_error(); !library.empty()) {
    e.error = library;
    return e;
  }
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
