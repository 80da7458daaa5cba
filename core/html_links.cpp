// The link scanner: one forward pass with memchr over '<', reading attributes only of the few
// tags that carry links; then resolution against the page or its <base href> (core/url.h).
#include "core/html_links.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "core/text.h"
#include "core/utf8.h"

namespace om {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Position after the first case-insensitive occurrence of `needle` (lower-case) at or after
// `from`, or text.size().
std::size_t find_ci(std::string_view text, std::size_t from, std::string_view needle) {
  while (from < text.size()) {
    const void* hit = std::memchr(text.data() + from, needle[0], text.size() - from);
    if (hit == nullptr) {
      return text.size();
    }
    std::size_t at = static_cast<const char*>(hit) - text.data();
    std::size_t i = 1;
    while (i < needle.size() && at + i < text.size() && lower(text[at + i]) == needle[i]) {
      ++i;
    }
    if (i == needle.size()) {
      return at + i;
    }
    from = at + 1;
  }
  return text.size();
}

enum class Tag { kOther, kLink, kLinkTag, kFrame, kBase, kRawText };

Tag classify_tag(std::string_view name) {
  std::array<char, 10> buf{};
  if (name.size() >= buf.size()) {
    return Tag::kOther;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    buf[i] = lower(name[i]);
  }
  const std::string_view n(buf.data(), name.size());
  if (n == "a" || n == "area") {
    return Tag::kLink;
  }
  if (n == "link") {
    return Tag::kLinkTag;
  }
  if (n == "iframe" || n == "frame") {
    return Tag::kFrame;
  }
  if (n == "base") {
    return Tag::kBase;
  }
  if (n == "script" || n == "style" || n == "template" || n == "textarea") {
    return Tag::kRawText;
  }
  return Tag::kOther;
}

struct Attributes {
  std::string_view href, src, rel;
};

// Reads attributes from `pos` (just after the tag name) to the closing '>'; returns the
// position after it.
std::size_t read_attributes(std::string_view s, std::size_t pos, Attributes& out) {
  while (pos < s.size()) {
    while (pos < s.size() && (is_space(s[pos]) || s[pos] == '/')) {
      ++pos;
    }
    if (pos >= s.size() || s[pos] == '>') {
      return pos + 1;
    }
    const std::size_t name_start = pos;
    while (pos < s.size() && !is_space(s[pos]) && s[pos] != '=' && s[pos] != '>' && s[pos] != '/') {
      ++pos;
    }
    const std::string_view name = s.substr(name_start, pos - name_start);
    while (pos < s.size() && is_space(s[pos])) {
      ++pos;
    }
    std::string_view value;
    if (pos < s.size() && s[pos] == '=') {
      ++pos;
      while (pos < s.size() && is_space(s[pos])) {
        ++pos;
      }
      if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) {
        const std::size_t close = s.find(s[pos], pos + 1);
        const std::size_t end = close == std::string_view::npos ? s.size() : close;
        value = s.substr(pos + 1, end - pos - 1);
        pos = end + 1;
      } else {
        const std::size_t start = pos;
        while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>') {
          ++pos;
        }
        value = s.substr(start, pos - start);
      }
    }
    if (iequals(name, "href")) {
      out.href = value;
    } else if (iequals(name, "src")) {
      out.src = value;
    } else if (iequals(name, "rel")) {
      out.rel = value;
    }
  }
  return pos;
}

// <link rel=stylesheet|icon|preload|...> are page requisites, not documents.
bool is_followed_link_rel(std::string_view rel) {
  for (std::string_view word : {"stylesheet", "icon", "preload", "prefetch", "preconnect",
                                "dns-prefetch", "modulepreload", "manifest", "apple-touch"}) {
    if (icontains(rel, word)) {
      return false;
    }
  }
  return true;
}

void take_tag(Tag tag, const Attributes& attrs, HtmlLinks& out) {
  switch (tag) {
    case Tag::kLink:
      if (!attrs.href.empty()) {
        out.hrefs.push_back(decode_entities(attrs.href));
      }
      break;
    case Tag::kLinkTag:
      if (!attrs.href.empty() && is_followed_link_rel(attrs.rel)) {
        out.hrefs.push_back(decode_entities(attrs.href));
      }
      break;
    case Tag::kFrame:
      if (!attrs.src.empty()) {
        out.hrefs.push_back(decode_entities(attrs.src));
      }
      break;
    case Tag::kBase:
      if (out.base_href.empty() && !attrs.href.empty()) {
        out.base_href = decode_entities(attrs.href);
      }
      break;
    default:
      break;
  }
}

}  // namespace

std::string decode_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    if (name == "amp") {
      out += '&';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (digits.empty() || *end != '\0') {
        out += text[i];
        continue;
      }
      if (cp != 0 && cp <= 0x10FFFF) {  // not a character: dropped
        append_utf8(out, static_cast<char32_t>(cp));
      }
    } else {
      out += text[i];
      continue;
    }
    i = semi;
  }
  return out;
}

HtmlLinks scan_html_links(std::string_view html) {
  HtmlLinks out;
  std::size_t pos = 0;
  while (pos < html.size()) {
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (hit == nullptr) {
      break;
    }
    pos = static_cast<const char*>(hit) - html.data() + 1;
    if (html.substr(pos, 3) == "!--") {
      const std::size_t end = html.find("-->", pos + 3);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t end = pos;
    while (end < html.size() && is_name_char(html[end])) {
      ++end;
    }
    const Tag tag = end > pos ? classify_tag(html.substr(pos, end - pos)) : Tag::kOther;
    if (tag == Tag::kOther) {
      continue;
    }
    if (tag == Tag::kRawText) {
      const std::string closing = "</" + to_lower(html.substr(pos, end - pos));
      pos = find_ci(html, end, closing);
      continue;
    }
    Attributes attrs;
    pos = read_attributes(html, end, attrs);
    take_tag(tag, attrs, out);
  }
  return out;
}

std::vector<Url> resolve_html_links(std::string_view html, const Url* page) {
  HtmlLinks links = scan_html_links(html);
  // Without a page (a local file) only an absolute reference parses, as it is written.
  auto resolve = [](const std::optional<Url>& base, std::string_view href) {
    return base ? resolve_url(*base, href) : parse_url(trim(href));
  };
  std::optional<Url> base;
  if (page != nullptr) {
    base = *page;
  }
  if (!links.base_href.empty()) {
    if (Result<Url> declared = resolve(base, links.base_href)) {
      base = std::move(declared.value());
    }
  }
  std::vector<Url> out;
  out.reserve(links.hrefs.size());
  for (const std::string& href : links.hrefs) {
    if (Result<Url> url = resolve(base, href)) {
      out.push_back(std::move(url.value()));
    }
  }
  return out;
}

}  // namespace om
