// The events an HTML page is read as (html.cpp): start and end of each element, balanced, and
// text. Two sources give them: libxml2's HTML parser (every page), and a scanner that gives the
// same events for the pages it can vouch for without libxml2's per-character cost (most
// generated docs pages), and declines the others.
#pragma once

#include <span>
#include <string_view>

namespace om::extract::detail {

/// One attribute of a start tag: its name lower-cased, its value with references decoded ("" for
/// an attribute without one).
struct HtmlAttr {
  std::string_view name;
  std::string_view value;
};

class HtmlEvents {
 public:
  HtmlEvents() = default;
  HtmlEvents(const HtmlEvents&) = delete;
  HtmlEvents& operator=(const HtmlEvents&) = delete;
  HtmlEvents(HtmlEvents&&) = delete;
  HtmlEvents& operator=(HtmlEvents&&) = delete;
  virtual ~HtmlEvents() = default;
  /// An element starts: its name lower-cased, its attributes in document order.
  virtual void start(std::string_view name, std::span<const HtmlAttr> atts) = 0;
  /// The innermost open element ends (implied ends included).
  virtual void end() = 0;
  /// Text (references decoded); consecutive calls are one run of text.
  virtual void text(std::string_view text) = 0;
};

/// libxml2's events for `html` (UTF-8 without NUL bytes; see html_prepare.h), parsed leniently
/// (recovering from errors, no network, the encoding taken as UTF-8).
void parse_html_libxml(std::string_view html, HtmlEvents& out);

/// The same events as parse_html_libxml(), or false when `html` holds anything the scanner does
/// not read exactly as libxml2 does (then `out` has had some events, to be thrown away). Valid
/// UTF-8 without NUL bytes is assumed. It reads a page that opens <html>, <head> with only
/// title, meta, link, base, script and style, then <body>; where libxml2 closes elements a page
/// leaves open (a <p> at a <div>, an <li> at the next), it asks libxml2 itself, once per pair of
/// element names and thread.
[[nodiscard]] bool parse_html_fast(std::string_view html, HtmlEvents& out);

}  // namespace om::extract::detail
