// HTML events: libxml2's SAX parser, and the scanner that stands in for it (html_events.h).
#include "extract/detail/html_events.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

namespace om::extract::detail {
namespace {

// ---- libxml2 ----------------------------------------------------------------------------------

struct SaxState {
  HtmlEvents* out;
  std::vector<HtmlAttr> atts;
};

SaxState& state_of(void* ctx) {
  return *static_cast<SaxState*>(static_cast<htmlParserCtxtPtr>(ctx)->_private);
}

std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

void on_start(void* ctx, const xmlChar* name, const xmlChar** atts) {
  SaxState& st = state_of(ctx);
  st.atts.clear();
  for (const xmlChar** a = atts; a != nullptr && a[0] != nullptr; a += 2) {
    st.atts.push_back({view(a[0]), view(a[1])});
  }
  st.out->start(view(name), st.atts);
}

void on_end(void* ctx, const xmlChar* /*name*/) {
  state_of(ctx).out->end();
}

void on_text(void* ctx, const xmlChar* text, int len) {
  state_of(ctx).out->text(
      std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(len)));
}

void on_message(void* /*ctx*/, const char* /*msg*/, ...) {}  // parse errors are recovered from

// ---- libxml2 as the scanner's oracle ------------------------------------------------------------

// The events of a small document as a flat list: "<name", ">name" (end) and "#text".
class Recorder : public HtmlEvents {
 public:
  void start(std::string_view name, std::span<const HtmlAttr> /*atts*/) override {
    add('<', name);
    open_.emplace_back(name);
  }
  void end() override {
    add('>', open_.empty() ? std::string_view() : std::string_view(open_.back()));
    if (!open_.empty()) {
      open_.pop_back();
    }
  }
  void text(std::string_view text) override {
    if (!events.empty() && events.back().front() == '#') {
      events.back().append(text);
    } else {
      add('#', text);
    }
  }
  std::vector<std::string> events;

 private:
  void add(char kind, std::string_view what) {
    std::string e(1, kind);
    e.append(what);
    events.push_back(std::move(e));
  }
  std::vector<std::string> open_;
};

std::vector<std::string> libxml_events(const std::string& html) {
  Recorder r;
  parse_html_libxml(html, r);
  return r.events;
}

// Whether `events` begins with `prefix`; then `rest` is the index after it.
bool starts_with_events(const std::vector<std::string>& events,
                        const std::vector<std::string>& prefix) {
  if (events.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (events[i] != prefix[i]) {
      return false;
    }
  }
  return true;
}

enum class Answer : std::int8_t { kUnknown, kYes, kNo };

using NameId = std::uint32_t;

// What libxml2 does in one situation the scanner meets, asked of libxml2 with a small document
// and kept per thread (element names are few; each question is asked once). Names are numbered
// so that a question is looked up by two numbers, not by strings.
class Oracle {
 public:
  /// More distinct names than this on one thread: the page is left to libxml2.
  static constexpr std::size_t kMaxNames = 4096;

  /// The number of element name `name` on this thread; nullopt past kMaxNames.
  std::optional<NameId> id(const std::string& name) {
    if (auto it = ids_.find(name); it != ids_.end()) {
      return it->second;
    }
    if (names_.size() >= kMaxNames) {
      return std::nullopt;
    }
    const auto id = static_cast<NameId>(names_.size());
    names_.push_back(name);
    ids_.emplace(name, id);
    return id;
  }
  [[nodiscard]] const std::string& name(NameId id) const { return names_[id]; }

  /// id() for a name of at most 8 bytes given also as `packed` (its bytes in a word, zero
  /// padded: a usual tag name), through a small direct-mapped cache before the string map.
  std::optional<NameId> id(const std::string& name, std::uint64_t packed) {
    const std::size_t slot = (packed * 0x9E3779B97F4A7C15ULL) >> (64 - kCacheBits);
    if (cached_[slot] == packed) {
      return cached_ids_[slot];
    }
    const auto found = id(name);
    if (found) {
      cached_[slot] = packed;
      cached_ids_[slot] = *found;
    }
    return found;
  }

  /// Does a start tag `tag` close the open element `open` (the innermost)?
  Answer start_closes(NameId tag_id, NameId open_id) {
    return ask(kStart, tag_id, open_id, [&] {
      const std::string tag = name(tag_id);
      const std::string open = name(open_id);
      auto ev = libxml_events("<html><body><" + open + "><" + tag + ">");
      const std::vector<std::string> head = {"<html", "<body", "<" + open};
      if (!starts_with_events(ev, head) || ev.size() < head.size() + 1) {
        return Answer::kUnknown;
      }
      if (ev[head.size()] == "<" + tag) {
        return Answer::kNo;
      }
      if (ev[head.size()] == ">" + open && ev.size() > head.size() + 1 &&
          ev[head.size() + 1] == "<" + tag) {
        return Answer::kYes;
      }
      return Answer::kUnknown;
    });
  }

  /// Does an end tag `tag` close `open`, an element opened inside a `tag` element? (libxml2
  /// closes the elements between an end tag and its start only when each allows it, else it
  /// ignores the end tag.) `tag` may be "body" or "html", the document's own.
  Answer end_closes(NameId tag_id, NameId open_id) {
    return ask(kEnd, tag_id, open_id, [&] {
      const std::string tag = name(tag_id);
      const std::string open = name(open_id);
      const bool root = tag == "body" || tag == "html";
      auto ev = libxml_events("<html><body>" + (root ? std::string() : "<" + tag + ">") + "<" +
                              open + "></" + tag + ">X");
      std::vector<std::string> head = {"<html", "<body"};
      if (!root) {
        head.push_back("<" + tag);
      }
      head.push_back("<" + open);
      if (!starts_with_events(ev, head) || ev.size() < head.size() + 2) {
        return Answer::kUnknown;
      }
      if (ev[head.size()] == "#X") {
        return Answer::kNo;
      }
      if (ev[head.size()] == ">" + open && ev[head.size() + 1] == ">" + tag) {
        return Answer::kYes;
      }
      return Answer::kUnknown;
    });
  }

  /// Is `tag` an element without content (<br>: its end follows its start)?
  Answer is_void(NameId tag_id) {
    return ask(kVoid, tag_id, 0, [&] {
      const std::string tag = name(tag_id);
      auto ev = libxml_events("<html><body><" + tag + ">X");
      const std::vector<std::string> head = {"<html", "<body", "<" + tag};
      if (!starts_with_events(ev, head) || ev.size() < head.size() + 2) {
        return Answer::kUnknown;
      }
      if (ev[head.size()] == ">" + tag && ev[head.size() + 1] == "#X") {
        return Answer::kYes;
      }
      return ev[head.size()] == "#X" ? Answer::kNo : Answer::kUnknown;
    });
  }

 private:
  static constexpr std::uint64_t kStart = 0;
  static constexpr std::uint64_t kEnd = 1;
  static constexpr std::uint64_t kVoid = 2;

  template <typename Ask>
  Answer ask(std::uint64_t kind, NameId a, NameId b, Ask asker) {
    const std::uint64_t key = kind << 48 | std::uint64_t{a} << 24 | b;
    if (auto it = answers_.find(key); it != answers_.end()) {
      return it->second;
    }
    const Answer answer = asker();
    answers_.emplace(key, answer);
    return answer;
  }

  static constexpr int kCacheBits = 6;
  std::array<std::uint64_t, std::size_t{1} << kCacheBits> cached_{};  // 0: empty
  std::array<NameId, std::size_t{1} << kCacheBits> cached_ids_{};
  std::unordered_map<std::string, NameId> ids_;
  std::deque<std::string> names_;  // by id; a deque keeps references to them valid
  std::unordered_map<std::uint64_t, Answer> answers_;
};

Oracle& oracle() {
  thread_local Oracle o;
  return o;
}

// ---- the scanner ------------------------------------------------------------------------------

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// libxml2's HTML names: a letter, '_', ':' or '.', then those, digits and '-'.
bool is_name_char(char c) {
  return is_letter(c) || is_digit(c) || c == '_' || c == ':' || c == '.' || c == '-';
}

// libxml2's blanks (IS_BLANK_CH).
constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A character reference's value that libxml2 turns into text (XML's Char production).
bool is_xml_char(std::uint32_t v) {
  return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
         (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

std::size_t encode_utf8(std::uint32_t v, char* out) {
  if (v < 0x80) {
    out[0] = static_cast<char>(v);
    return 1;
  }
  if (v < 0x800) {
    out[0] = static_cast<char>(0xC0 | (v >> 6));
    out[1] = static_cast<char>(0x80 | (v & 0x3F));
    return 2;
  }
  if (v < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (v >> 12));
    out[1] = static_cast<char>(0x80 | ((v >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (v & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (v >> 18));
  out[1] = static_cast<char>(0x80 | ((v >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((v >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (v & 0x3F));
  return 4;
}

bool is_noncharacter_at(std::string_view s, std::size_t k) {
  return static_cast<unsigned char>(s[k]) == 0xEF && k + 2 < s.size() &&
         static_cast<unsigned char>(s[k + 1]) == 0xBF &&
         (static_cast<unsigned char>(s[k + 2]) & 0xFE) == 0xBE;  // U+FFFE, U+FFFF
}

// Whether `s` (valid UTF-8) holds only characters XML allows: no control byte but blanks, no
// U+FFFE or U+FFFF.
bool has_only_xml_chars(std::string_view s) {
  for (std::size_t k = 0; k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if ((c < 0x20 && !is_blank(static_cast<char>(c))) || is_noncharacter_at(s, k)) {
      return false;
    }
  }
  return true;
}

// The bytes at which text needs a closer look: '&', control bytes but blanks, and 0xEF (U+FFFE
// and U+FFFF begin with it).
constexpr std::array<bool, 256> kTextStop = [] {
  std::array<bool, 256> stop{};
  for (int c = 0; c < 0x20; ++c) {
    stop[static_cast<std::size_t>(c)] = !is_blank(static_cast<char>(c));
  }
  stop['&'] = true;
  stop[0xEF] = true;
  return stop;
}();

// Named references libxml2 knows (HTML 4's), asked of libxml2 once per name and thread.
std::uint32_t named_reference(std::string_view name) {
  thread_local std::unordered_map<std::string, std::uint32_t> known;
  std::string key(name);
  if (auto it = known.find(key); it != known.end()) {
    return it->second;
  }
  const htmlEntityDesc* e = htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()));
  const std::uint32_t v = e == nullptr ? 0 : e->value;
  known.emplace(std::move(key), v);
  return v;
}

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
      while (i_ < s_.size() && is_blank(s_[i_])) {
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
      if (!open_.empty() && oracle().name(open_.back()) == "title") {  // text up to </title>
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
    const auto id = name_id_;
    if (!id || name_ != name) {
      return false;
    }
    open(*id);
    return true;
  }

  void open(NameId id) {
    out_.start(oracle().name(id), atts_);
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
    const auto id = name_id_;
    if (!id) {
      return false;
    }
    const Answer is_void = oracle().is_void(*id);
    if (is_void == Answer::kUnknown) {
      return false;
    }
    open(*id);
    if (is_void == Answer::kYes || self_closing_) {
      close_top();
      return true;
    }
    if (name_ == "script" || name_ == "style") {
      return raw_text();
    }
    return true;
  }

  bool start_tag() {
    const auto id = name_id_;
    if (!id) {
      return false;
    }
    // libxml2 first closes the open elements the new one closes (a <p> at a <div>).
    while (open_.size() > 2) {
      const Answer closes = oracle().start_closes(*id, open_.back());
      if (closes == Answer::kUnknown) {
        return false;
      }
      if (closes == Answer::kNo) {
        break;
      }
      close_top();
    }
    return element_started();
  }

  bool end_tag() {
    const auto id = name_id_;
    if (!id) {
      return false;
    }
    std::size_t at = open_.size();
    while (at > 0 && open_[at - 1] != *id) {
      --at;
    }
    if (at == 0) {
      return true;  // nothing of that name is open: libxml2 ignores the end tag
    }
    for (std::size_t k = at; k < open_.size(); ++k) {
      const Answer closes = oracle().end_closes(*id, open_[k]);
      if (closes == Answer::kUnknown) {
        return false;
      }
      if (closes == Answer::kNo) {
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
    const std::string& name = oracle().name(open_.back());
    if (i_ + 1 < s_.size() && s_[i_] == '<' &&
        (s_[i_ + 1] == '/' || s_[i_ + 1] == '_' || s_[i_ + 1] == ':' || is_letter(s_[i_ + 1]))) {
      return false;
    }
    for (std::size_t lt = s_.find("</", i_); lt != std::string_view::npos;
         lt = s_.find("</", lt + 2)) {
      if (!starts_with_ci_at(lt + 2, name)) {
        continue;
      }
      std::size_t j = lt + 2 + name.size();
      while (j < s_.size() && is_blank(s_[j])) {
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

  bool at_start_tag() const { return i_ + 1 < s_.size() && s_[i_] == '<' && is_letter(s_[i_ + 1]); }

  bool at_end_tag() const {
    return i_ + 2 < s_.size() && s_[i_] == '<' && s_[i_ + 1] == '/' && is_letter(s_[i_ + 2]);
  }

  bool starts_with_ci(std::string_view what) const { return starts_with_ci_at(i_, what); }

  bool starts_with_ci_at(std::size_t at, std::string_view what) const {
    if (s_.size() - at < what.size()) {
      return false;
    }
    for (std::size_t k = 0; k < what.size(); ++k) {
      if (lower(s_[at + k]) != what[k]) {
        return false;
      }
    }
    return true;
  }

  // A run of blanks, given as text (libxml2 reports the blanks between the document's elements).
  bool blanks() {
    const std::size_t from = i_;
    while (i_ < s_.size() && is_blank(s_[i_])) {
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

  // An HTML name at i_, lower-cased into name_.
  // Also numbers it (name_id_; nullopt past Oracle::kMaxNames).
  bool read_name() {
    name_.clear();
    std::uint64_t packed = 0;
    while (i_ < s_.size() && is_name_char(s_[i_])) {
      const char c = lower(s_[i_]);
      if (name_.size() < sizeof packed) {
        packed |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * name_.size());
      }
      name_ += c;
      ++i_;
    }
    if (name_.empty() || name_.size() >= kMaxName) {
      return false;
    }
    name_id_ = name_.size() <= sizeof packed ? oracle().id(name_, packed) : oracle().id(name_);
    return true;
  }

  bool read_end_tag() {
    i_ += 2;
    if (!read_name()) {
      return false;
    }
    while (i_ < s_.size() && is_blank(s_[i_])) {
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
      while (i_ < s_.size() && is_blank(s_[i_])) {
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
      if (i_ == before || !(is_letter(s_[i_]) || s_[i_] == '_' || s_[i_] == ':')) {
        return false;  // attributes run together, or a name libxml2 does not read as one
      }
      if (!read_attribute()) {
        return false;
      }
    }
    for (const AttrSpan& a : spans_) {
      atts_.push_back({std::string_view(values_).substr(a.name, a.name_len),
                       std::string_view(values_).substr(a.value, a.value_len)});
    }
    return true;
  }

  bool read_attribute() {
    AttrSpan a;
    a.name = values_.size();
    while (i_ < s_.size() && is_name_char(s_[i_])) {
      values_ += lower(s_[i_]);
      ++i_;
    }
    a.name_len = values_.size() - a.name;
    if (a.name_len >= kMaxName) {
      return false;
    }
    std::size_t j = i_;
    while (j < s_.size() && is_blank(s_[j])) {
      ++j;
    }
    a.value = values_.size();
    if (j < s_.size() && s_[j] == '=') {
      ++j;
      while (j < s_.size() && is_blank(s_[j])) {
        ++j;
      }
      if (j >= s_.size()) {
        return false;
      }
      std::string_view raw;
      if (s_[j] == '"' || s_[j] == '\'') {
        const std::size_t close = s_.find(s_[j], j + 1);
        if (close == std::string_view::npos) {
          return false;
        }
        raw = s_.substr(j + 1, close - j - 1);
        j = close + 1;
        if (j < s_.size() && !is_blank(s_[j]) && s_[j] != '>' && s_[j] != '/') {
          return false;
        }
      } else {
        const std::size_t from = j;
        while (j < s_.size() && !is_blank(s_[j]) && s_[j] != '>') {
          if (std::strchr("\"'<=`", s_[j]) != nullptr) {
            return false;
          }
          ++j;
        }
        raw = s_.substr(from, j - from);
      }
      if (!append_decoded(raw)) {
        return false;
      }
      i_ = j;
    }
    a.value_len = values_.size() - a.value;
    // libxml2 keeps the first of attributes of the same name.
    const std::string_view name = std::string_view(values_).substr(a.name, a.name_len);
    for (const AttrSpan& b : spans_) {
      if (std::string_view(values_).substr(b.name, b.name_len) == name) {
        return true;
      }
    }
    spans_.push_back(a);
    return true;
  }

  // An attribute value's text with its references decoded, appended to values_.
  bool append_decoded(std::string_view raw) {
    for (std::size_t k = 0; k < raw.size();) {
      const char c = raw[k];
      if (static_cast<unsigned char>(c) < 0x20 && !is_blank(c)) {
        return false;
      }
      if (c != '&') {
        values_ += c;
        ++k;
        continue;
      }
      char buf[4];
      std::size_t n = 0;
      const std::size_t used = reference(raw.substr(k), buf, n);
      if (used == 0) {
        return false;
      }
      values_.append(buf, n);
      k += used;
    }
    return true;
  }

  // A character or entity reference at the start of `s` (or a '&' that starts none): its bytes
  // used (0: not one the scanner decodes as libxml2 does) and its UTF-8 in `out` (`n` bytes).
  static std::size_t reference(std::string_view s, char* out, std::size_t& n) {
    n = 0;
    if (s.size() < 2 || (s[1] != '#' && !is_letter(s[1]))) {
      out[0] = '&';  // a '&' that starts no reference is text
      n = 1;
      return 1;
    }
    if (s[1] == '#') {
      std::size_t k = 2;
      const bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
      k += hex ? 1 : 0;
      std::uint32_t v = 0;
      const std::size_t digits_from = k;
      while (k < s.size() && k - digits_from < 8) {
        const char d = s[k];
        if (is_digit(d)) {
          v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d - '0');
        } else if (hex && lower(d) >= 'a' && lower(d) <= 'f') {
          v = v * 16 + static_cast<std::uint32_t>(lower(d) - 'a' + 10);
        } else {
          break;
        }
        ++k;
      }
      if (k == digits_from || k >= s.size() || s[k] != ';' || !is_xml_char(v)) {
        return 0;
      }
      n = encode_utf8(v, out);
      return k + 1;
    }
    if (is_letter(s[1])) {
      std::size_t k = 1;
      while (k < s.size() && (is_letter(s[k]) || is_digit(s[k])) && k < kMaxName) {
        ++k;
      }
      if (k >= s.size() || s[k] != ';') {
        return 0;
      }
      const std::uint32_t v = named_reference(s.substr(1, k - 1));
      if (v == 0 || !is_xml_char(v)) {
        return 0;
      }
      n = encode_utf8(v, out);
      return k + 1;
    }
    return 0;
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
      while (k < end && !kTextStop[static_cast<unsigned char>(s_[k])]) {
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
        const std::size_t used = reference(s_.substr(k, end - k), buf, n);
        if (used == 0) {
          return false;
        }
        out_.text(std::string_view(buf, n));
        k += used;
        run = k;
      } else if ((c < 0x20 && !is_blank(static_cast<char>(c))) ||
                 (c == 0xEF && is_noncharacter_at(s_.substr(0, end), k))) {
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
  // libxml2 reads longer names differently (they are cut).
  static constexpr std::size_t kMaxName = 100;

  struct AttrSpan {
    std::size_t name = 0, name_len = 0, value = 0, value_len = 0;
  };

  std::string_view s_;
  std::size_t i_ = 0;
  HtmlEvents& out_;
  bool ok_ = true;
  bool self_closing_ = false;
  bool body_closed_ = false;
  std::string name_;
  std::optional<NameId> name_id_;  // name_'s number
  std::string values_;             // the current tag's attribute names and decoded values
  std::vector<AttrSpan> spans_;
  std::vector<HtmlAttr> atts_;
  std::vector<NameId> open_;
};

}  // namespace

void parse_html_libxml(std::string_view html, HtmlEvents& out) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });  // libxml2's globals, once, before any thread
  if (html.empty()) {
    return;
  }
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html.data(), static_cast<int>(html.size()));
  if (ctxt == nullptr) {
    return;
  }
  htmlSAXHandler sax{};
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  sax.cdataBlock = on_text;
  sax.warning = on_message;
  sax.error = on_message;
  sax.fatalError = on_message;
  *ctxt->sax = sax;
  SaxState state{&out, {}};
  ctxt->_private = &state;
  // The text is UTF-8 already (html_as_utf8): a <meta charset> must not switch it.
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  htmlFreeParserCtxt(ctxt);
}

bool parse_html_fast(std::string_view html, HtmlEvents& out) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  Scanner scanner(html, out);
  return scanner.run();
}

}  // namespace om::extract::detail
