// The HTML scanner: the events libxml2 would give, for the pages it can vouch for (html_events.h).
// libxml2's own events and its answers to the scanner's questions: html_libxml.cpp; the tokens
// (characters, references, attributes): html_tokens.cpp.
#include "extract/detail/html_events.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "extract/detail/html_oracle.h"
#include "extract/detail/html_tokens.h"

namespace om::extract::detail {
namespace {

// Elements whose handling by libxml2 depends on more than the open element: the document's own,
// and those whose content is read unlike HTML's.
bool is_declined_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "html", "head",    "body",     "frameset", "frame",  "plaintext",
      "xmp",  "listing", "textarea", "noframes", "isindex"};
  for (std::string_view n : kNames) {
    if (name == n) {
      return true;
    }
  }
  return false;
}

// The elements a <head> may hold for the scanner.
bool is_head_tag(std::string_view name) {
  return name == "title" || name == "meta" || name == "link" || name == "base" ||
         name == "script" || name == "style";
}

class Scanner {
 public:
  Scanner(std::string_view html, HtmlEvents& out) : s_(html), out_(out) {}

  bool run() {
    if (!prolog() || !at_start_tag() || !read_start_tag() || name_ != "html" || self_closing_) {
      return false;
    }
    if (!open_named("html")) {
      return false;
    }
    bool head_seen = false;
    for (;;) {
      if (i_ >= s_.size()) {
        return close_all();
      }
      if (blanks() || comment()) {
        continue;
      }
      if (!ok_) {
        return false;
      }
      if (!at_start_tag() || !read_start_tag() || self_closing_) {
        return false;
      }
      if (name_ == "head" && !head_seen) {
        head_seen = true;
        if (!open_named("head") || !head()) {
          return false;
        }
      } else if (name_ == "body") {
        return open_named("body") && body() && after_body();
      } else {
        return false;
      }
    }
  }

 private:
  // Blanks, comments and one <!DOCTYPE> before <html>: libxml2 skips them, giving no event.
  bool prolog() {
    bool doctype = false;
    for (;;) {
      while (i_ < s_.size() && html_is_blank(s_[i_])) {
        ++i_;
      }
      if (comment()) {
        continue;
      }
      if (!ok_) {
        return false;
      }
      if (!doctype && starts_with_ci("<!doctype")) {
        const std::size_t gt = s_.find('>', i_);
        if (gt == std::string_view::npos) {
          return false;
        }
        const std::string_view decl = s_.substr(i_, gt - i_);
        if (decl.find_first_of("\"'[") != std::string_view::npos) {
          return false;  // a quoted or bracketed part might hold a '>'
        }
        i_ = gt + 1;
        doctype = true;
        continue;
      }
      return true;
    }
  }

  // The head's content up to </head>: blanks, comments, and the head elements.
  bool head() {
    for (;;) {
      if (i_ >= s_.size()) {
        return false;
      }
      if (blanks() || comment()) {
        continue;
      }
      if (!ok_) {
        return false;
      }
      if (at_end_tag()) {
        return read_end_tag() && name_ == "head" && (close_top(), true);
      }
      if (!at_start_tag() || !read_start_tag() || !is_head_tag(name_)) {
        return false;
      }
      if (!element_started()) {
        return false;
      }
      if (!open_.empty() && html_oracle().name(open_.back()) == "title") {  // text up to </title>
        const std::size_t lt = s_.find('<', i_);
        if (lt == std::string_view::npos || !text_until(lt)) {
          return false;
        }
        if (!at_end_tag() || !read_end_tag() || name_ != "title") {
          return false;
        }
        close_top();
      }
    }
  }

  // The body's content, up to the end tag that closes it or the end of the page.
  bool body() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c != '<') {
        if (!text()) {
          return false;
        }
        continue;
      }
      if (comment()) {
        continue;
      }
      if (!ok_) {
        return false;
      }
      if (at_end_tag()) {
        if (!read_end_tag() || !end_tag()) {
          return false;
        }
        if (body_closed_) {
          return true;
        }
        continue;
      }
      if (at_start_tag()) {
        if (!read_start_tag() || is_declined_tag(name_) || !start_tag()) {
          return false;
        }
        continue;
      }
      // libxml2 reads a '<' that opens no tag as text, unless it may start markup it reads
      // otherwise.
      if (i_ + 1 >= s_.size() || std::strchr("!?/_:.", s_[i_ + 1]) != nullptr) {
        return false;
      }
      out_.text(s_.substr(i_, 1));
      ++i_;
    }
    return close_all();
  }

  // After </body>: blanks, comments, </html>; after that blanks and comments.
  bool after_body() {
    bool html_closed = open_.empty();
    while (i_ < s_.size()) {
      if (blanks() || comment()) {
        continue;
      }
      if (!ok_ || html_closed || !at_end_tag() || !read_end_tag() || name_ != "html") {
        return false;
      }
      close_top();
      html_closed = true;
    }
    return close_all();
  }

  // ---- elements ----

  // The start of element name_ (its attributes atts_).
  bool open_named(std::string_view name) {
    if (name_ != name) {
      return false;
    }
    open(name_id_);
    return true;
  }

  void open(HtmlNameId id) {
    out_.start(html_oracle().name(id), atts_);
    open_.push_back(id);
  }

  void close_top() {
    out_.end();
    open_.pop_back();
  }

  bool close_all() {
    while (!open_.empty()) {
      close_top();
    }
    return true;
  }

  // After read_start_tag(): the element's start, and its end when it has no content, or its
  // content when that is raw text (script, style).
  bool element_started() {
    if (open_.size() >= kMaxDepth) {
      return false;
    }
    const HtmlAnswer is_void = html_oracle().is_void(name_id_);
    if (is_void == HtmlAnswer::kUnknown) {
      return false;
    }
    open(name_id_);
    if (is_void == HtmlAnswer::kYes || self_closing_) {
      close_top();
      return true;
    }
    if (name_ == "script" || name_ == "style") {
      return raw_text();
    }
    return true;
  }

  bool start_tag() {
    // libxml2 first closes the open elements the new one closes (a <p> at a <div>).
    while (open_.size() > 2) {
      const HtmlAnswer closes = html_oracle().start_closes(name_id_, open_.back());
      if (closes == HtmlAnswer::kUnknown) {
        return false;
      }
      if (closes == HtmlAnswer::kNo) {
        break;
      }
      close_top();
    }
    return element_started();
  }

  bool end_tag() {
    std::size_t at = open_.size();
    while (at > 0 && open_[at - 1] != name_id_) {
      --at;
    }
    if (at == 0) {
      return true;  // nothing of that name is open: libxml2 ignores the end tag
    }
    for (std::size_t k = at; k < open_.size(); ++k) {
      const HtmlAnswer closes = html_oracle().end_closes(name_id_, open_[k]);
      if (closes == HtmlAnswer::kUnknown) {
        return false;
      }
      if (closes == HtmlAnswer::kNo) {
        return true;  // an element between may not be closed so: ignored
      }
    }
    if (name_ == "html") {
      return false;  // </html> before </body>
    }
    while (open_.size() >= at) {  // the elements above it, then it
      close_top();
    }
    body_closed_ = name_ == "body";
    return true;
  }

  // Raw text of a script or style element up to its end tag (</script, any case, then '>').
  // libxml2 reads a tag at the very start of it as markup.
  bool raw_text() {
    const std::string& name = html_oracle().name(open_.back());
    if (i_ + 1 < s_.size() && s_[i_] == '<' &&
        (s_[i_ + 1] == '/' || s_[i_ + 1] == '_' || s_[i_ + 1] == ':' ||
         html_is_letter(s_[i_ + 1]))) {
      return false;
    }
    for (std::size_t lt = s_.find("</", i_); lt != std::string_view::npos;
         lt = s_.find("</", lt + 2)) {
      if (!starts_with_ci_at(lt + 2, name)) {
        continue;
      }
      std::size_t j = lt + 2 + name.size();
      while (j < s_.size() && html_is_blank(s_[j])) {
        ++j;
      }
      if (j >= s_.size() || s_[j] != '>') {
        return false;
      }
      if (lt > i_) {
        const std::string_view raw = s_.substr(i_, lt - i_);
        if (!has_only_xml_chars(raw)) {
          return false;  // libxml2 drops them
        }
        out_.text(raw);
      }
      i_ = j + 1;
      close_top();
      return true;
    }
    return false;
  }

  // ---- tokens ----

  [[nodiscard]] bool at_start_tag() const {
    return i_ + 1 < s_.size() && s_[i_] == '<' && html_is_letter(s_[i_ + 1]);
  }

  [[nodiscard]] bool at_end_tag() const {
    return i_ + 2 < s_.size() && s_[i_] == '<' && s_[i_ + 1] == '/' && html_is_letter(s_[i_ + 2]);
  }

  [[nodiscard]] bool starts_with_ci(std::string_view what) const {
    return starts_with_ci_at(i_, what);
  }

  [[nodiscard]] bool starts_with_ci_at(std::size_t at, std::string_view what) const {
    if (s_.size() - at < what.size()) {
      return false;
    }
    for (std::size_t k = 0; k < what.size(); ++k) {
      if (html_lower(s_[at + k]) != what[k]) {
        return false;
      }
    }
    return true;
  }

  // A run of blanks, given as text (libxml2 reports the blanks between the document's elements).
  bool blanks() {
    const std::size_t from = i_;
    while (i_ < s_.size() && html_is_blank(s_[i_])) {
      ++i_;
    }
    if (i_ == from) {
      return false;
    }
    out_.text(s_.substr(from, i_ - from));
    return true;
  }

  // A comment, skipped: true when one was; an unterminated or odd one clears ok_.
  bool comment() {
    if (s_.compare(i_, 4, "<!--") != 0) {
      return false;
    }
    if (s_.compare(i_ + 4, 1, ">") == 0 || s_.compare(i_ + 4, 2, "->") == 0) {
      ok_ = false;
      return false;
    }
    const std::size_t end = s_.find("-->", i_ + 4);
    if (end == std::string_view::npos) {
      ok_ = false;
      return false;
    }
    i_ = end + 3;
    return true;
  }

  // An HTML name at i_, lower-cased into name_ and numbered into name_id_; false when it is
  // none, too long, or past the names a thread numbers (HtmlOracle::kMaxNames).
  bool read_name() {
    name_.clear();
    std::uint64_t packed = 0;
    while (i_ < s_.size() && html_is_name_char(s_[i_])) {
      const char c = html_lower(s_[i_]);
      if (name_.size() < sizeof packed) {
        packed |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * name_.size());
      }
      name_ += c;
      ++i_;
    }
    if (name_.empty() || name_.size() >= kMaxHtmlName) {
      return false;
    }
    const auto id =
        name_.size() <= sizeof packed ? html_oracle().id(name_, packed) : html_oracle().id(name_);
    if (!id) {
      return false;
    }
    name_id_ = *id;
    return true;
  }

  bool read_end_tag() {
    i_ += 2;
    if (!read_name()) {
      return false;
    }
    while (i_ < s_.size() && html_is_blank(s_[i_])) {
      ++i_;
    }
    if (i_ >= s_.size() || s_[i_] != '>') {
      return false;
    }
    ++i_;
    return true;
  }

  // A start tag at i_ into name_, atts_ and self_closing_.
  bool read_start_tag() {
    ++i_;
    if (!read_name()) {
      return false;
    }
    values_.clear();
    spans_.clear();
    atts_.clear();
    self_closing_ = false;
    for (;;) {
      const std::size_t before = i_;
      while (i_ < s_.size() && html_is_blank(s_[i_])) {
        ++i_;
      }
      if (i_ >= s_.size()) {
        return false;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      if (s_[i_] == '/') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '>') {
          i_ += 2;
          self_closing_ = true;
          break;
        }
        return false;
      }
      if (i_ == before || !(html_is_letter(s_[i_]) || s_[i_] == '_' || s_[i_] == ':')) {
        return false;  // attributes run together, or a name libxml2 does not read as one
      }
      if (!read_html_attribute(s_, i_, values_, spans_)) {
        return false;
      }
    }
    for (const HtmlAttrSpan& a : spans_) {
      atts_.push_back({std::string_view(values_).substr(a.name, a.name_len),
                       std::string_view(values_).substr(a.value, a.value_len)});
    }
    return true;
  }

  // Text from i_ to the next '<', references decoded; false at anything libxml2 reads otherwise
  // (a byte it would drop, a reference it would keep as text).
  bool text() {
    const std::size_t end = s_.find('<', i_);
    return text_until(end == std::string_view::npos ? s_.size() : end);
  }

  bool text_until(std::size_t end) {
    std::size_t run = i_;  // s_[run, k) is text not yet given
    std::size_t k = i_;
    while (k < end) {
      while (k < end && !kHtmlTextStop[static_cast<unsigned char>(s_[k])]) {
        ++k;
      }
      if (k >= end) {
        break;
      }
      const auto c = static_cast<unsigned char>(s_[k]);
      if (c == '&') {
        if (k > run) {
          out_.text(s_.substr(run, k - run));
        }
        char buf[4];
        std::size_t n = 0;
        const std::size_t used = html_reference(s_.substr(k, end - k), buf, n);
        if (used == 0) {
          return false;
        }
        out_.text(std::string_view(buf, n));
        k += used;
        run = k;
      } else if (html_is_dropped_at(s_.substr(0, end), k)) {
        return false;  // not an XML character: libxml2 drops it
      } else {
        ++k;
      }
    }
    if (k > run) {
      out_.text(s_.substr(run, k - run));
    }
    i_ = end;
    return true;
  }

  // The depth past which html_prepare.h's limit may have changed the page: libxml2 reads it.
  static constexpr std::size_t kMaxDepth = 200;
  std::string_view s_;
  std::size_t i_ = 0;
  HtmlEvents& out_;
  bool ok_ = true;
  bool self_closing_ = false;
  bool body_closed_ = false;
  std::string name_;
  HtmlNameId name_id_ = 0;  // name_'s number
  std::string values_;      // the current tag's attribute names and decoded values
  std::vector<HtmlAttrSpan> spans_;
  std::vector<HtmlAttr> atts_;
  std::vector<HtmlNameId> open_;
};

}  // namespace

bool parse_html_fast(std::string_view html, HtmlEvents& out) {
  Scanner scanner(html, out);
  return scanner.run();
}

}  // namespace om::extract::detail
