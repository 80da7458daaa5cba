// Two kinds of text in the brief, kept apart by type (issue #19 item 8, DESIGN.md: quoted text
// "can never inject headings, markers, HTML or instructions into the brief"):
//  - `Markdown`: text we write, Markdown as it stands. Made only from string literals, numbers
//    and the functions below; there is no constructor from std::string or std::string_view.
//  - document text (anything read from a page, a spec, a package or the cache): plain
//    std::string / std::string_view, which enters a Markdown value only through md_text,
//    md_code or md_sentence. Appending a std::string to a Markdown does not compile.
//
//   Markdown line = "- **Base URL**: " + md_code(b.url) + " — " + md_text(b.description, 160);
//   line += Markdown::number(3) + " endpoint(s)";      // numbers are ours
//   std::string s = b.url; line += s;                   // error: no Markdown from std::string
//   out += line.str();                                  // the finished text
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace om::report::detail {

class Markdown {
 public:
  Markdown() = default;
  /// A string literal of ours (a const char array), used as Markdown as it stands.
  template <std::size_t N>
  // NOLINTNEXTLINE(google-explicit-constructor,modernize-avoid-c-arrays): literals only
  Markdown(const char (&literal)[N]) : text_(literal, N - 1) {}
  /// A writable char array may hold anything: refused.
  template <std::size_t N>
  Markdown(char (&)[N]) = delete;  // NOLINT(modernize-avoid-c-arrays)

  /// A number as digits: an integer without a fraction, else two decimals.
  [[nodiscard]] static Markdown number(double d);
  /// A number with two decimals (a confidence).
  [[nodiscard]] static Markdown decimal2(double d);
  /// A count as digits.
  [[nodiscard]] static Markdown count(std::size_t n);

  Markdown& operator+=(const Markdown& more) {
    text_ += more.text_;
    return *this;
  }
  friend Markdown operator+(Markdown a, const Markdown& b) {
    a += b;
    return a;
  }
  friend bool operator==(const Markdown& a, const Markdown& b) = default;

  [[nodiscard]] bool empty() const { return text_.empty(); }
  [[nodiscard]] const std::string& str() const& { return text_; }
  [[nodiscard]] std::string str() && { return std::move(text_); }

 private:
  struct Trusted {};
  Markdown(Trusted /*unused*/, std::string text) : text_(std::move(text)) {}
  friend Markdown md_text(std::string_view s, std::size_t max_bytes);
  friend Markdown md_code(std::string_view s, std::size_t max_bytes);
  friend Markdown md_sentence(std::string_view s, std::size_t max_bytes);

  std::string text_;
};

/// Document text as escaped inline text: newlines and control characters become spaces, `<`
/// `>` `&` become entities, and Markdown punctuation (`#` `|` `*` `_` `[` `]` backtick `\` `~`)
/// gets a backslash. Clipped to `max_bytes` on a UTF-8 boundary (with "…").
[[nodiscard]] Markdown md_text(std::string_view s, std::size_t max_bytes = 400);

/// An identifier from a document (path, URL, name) as a one-backtick code span; escaped as
/// md_text when `s` holds a backtick, `<`, `>`, `|` or a control character.
[[nodiscard]] Markdown md_code(std::string_view s, std::size_t max_bytes = 400);

/// A stored sentence of a detector's that names document identifiers in `code spans` (a stop
/// condition, a truncation risk, a note, a gap): the spans stay code when they hold no backtick,
/// `<`, `>` or `|`; everything else is escaped as md_text does, so it renders as meant and the
/// identifiers in it still cannot inject anything.
[[nodiscard]] Markdown md_sentence(std::string_view s, std::size_t max_bytes = 400);

}  // namespace om::report::detail
