// URL parsing, normalisation (RFC 3986 section 6) and reference resolution (section 5.2).
// A hand-written splitter following the regular expression of RFC 3986 appendix B.
#include "core/url.h"

#include <optional>

#include "core/text.h"

namespace om {
namespace {

// The five components of a URI reference; nullopt = component absent (not merely empty).
struct Reference {
  std::optional<std::string_view> scheme, authority, query;
  std::string_view path;
};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_unreserved(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
bool is_allowed_raw(char c) {
  return is_unreserved(c) ||
         std::string_view(":/?#[]@!$&'()*+,;=").find(c) != std::string_view::npos;
}
void append_escaped(std::string& out, unsigned char byte) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 15];
}

bool is_valid_scheme(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) {
    return false;
  }
  for (char c : s) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

Reference split_reference(std::string_view s) {
  Reference ref;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    s = s.substr(0, hash);  // fragments are dropped: they never change what is fetched
  }
  auto colon = s.find_first_of(":/?");
  if (colon != std::string_view::npos && s[colon] == ':' && is_valid_scheme(s.substr(0, colon))) {
    ref.scheme = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  if (s.starts_with("//")) {
    auto end = s.find_first_of("/?", 2);
    ref.authority = s.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    ref.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  ref.path = s;
  return ref;
}

bool is_host_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
}

// Splits "host[:port]" (userinfo is refused: credentials never travel inside URLs).
Status parse_authority(std::string_view authority, std::string_view scheme, Url& url) {
  if (authority.find('@') != std::string_view::npos) {
    return Error{ErrorCode::kParse, "URL with user info is not supported"};
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return Error{ErrorCode::kParse, "unterminated IPv6 literal"};
    }
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && (rest[0] != ':')) {
      return Error{ErrorCode::kParse, "bad characters after IPv6 literal"};
    }
    port = rest.empty() ? rest : rest.substr(1);
    for (char c : host.substr(1, host.size() - 2)) {
      if (hex_digit_value(c) < 0 && c != ':' && c != '.') {
        return Error{ErrorCode::kParse, "bad IPv6 literal"};
      }
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) {
    return Error{ErrorCode::kParse, "URL has no host"};
  }
  if (!host.starts_with('[')) {
    for (char c : host) {
      if (!is_host_char(c)) {
        return Error{ErrorCode::kParse, "unsupported character in host name"};
      }
    }
  }
  url.host = to_lower(host);
  int value = 0;
  for (char c : port) {
    if (!is_digit(c) || (value = value * 10 + (c - '0')) > 65535) {
      return Error{ErrorCode::kParse, "bad port"};
    }
  }
  const int default_port = scheme == "https" ? 443 : 80;
  url.port = (port.empty() || value == default_port) ? 0 : value;
  if (!port.empty() && value == 0) {
    return Error{ErrorCode::kParse, "bad port"};
  }
  return Ok{};
}

// Builds a normalised Url from resolved components.
Result<Url> build(std::string_view scheme, std::string_view authority, std::string_view path,
                  std::optional<std::string_view> query) {
  Url url;
  url.scheme = to_lower(scheme);
  if (url.scheme != "http" && url.scheme != "https") {
    return Error{ErrorCode::kParse, "not an http(s) URL: scheme " + url.scheme};
  }
  if (Status st = parse_authority(authority, url.scheme, url); !st) {
    return st.error();
  }
  url.path = remove_dot_segments(normalize_percent_encoding(path));
  if (url.path.empty() || url.path[0] != '/') {
    url.path = "/" + url.path;  // (insert(0, ...) trips a GCC 12 -Wrestrict false positive)
  }
  if (query) {
    url.query = normalize_percent_encoding(*query);
  }
  return url;
}

// Browsers drop leading/trailing C0 controls and spaces and every tab or newline.
std::string clean_reference(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= 0x20) {
    text.remove_prefix(1);
  }
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= 0x20) {
    text.remove_suffix(1);
  }
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\t' && c != '\n' && c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string merge_paths(const Url& base, std::string_view ref_path) {
  auto slash = base.path.rfind('/');
  std::string merged = base.path.substr(0, slash == std::string::npos ? 0 : slash + 1);
  merged.append(ref_path);
  return merged;
}

}  // namespace

std::string Url::authority() const {
  return port == 0 ? host : host + ":" + std::to_string(port);
}
std::string Url::origin() const {
  return scheme + "://" + authority();
}
std::string Url::path_and_query() const {
  return query.empty() ? path : path + "?" + query;
}
std::string Url::str() const {
  return origin() + path_and_query();
}

std::string normalize_percent_encoding(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex_digit_value(text[i + 1]) >= 0 &&
        hex_digit_value(text[i + 2]) >= 0) {
      const auto byte = static_cast<unsigned char>(hex_digit_value(text[i + 1]) * 16 +
                                                   hex_digit_value(text[i + 2]));
      if (is_unreserved(static_cast<char>(byte))) {
        out += static_cast<char>(byte);
      } else {
        append_escaped(out, byte);
      }
      i += 2;
    } else if (c != '%' && is_allowed_raw(c)) {
      out += c;
    } else {
      append_escaped(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./") || in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto next = in.find('/', in[0] == '/' ? 1 : 0);
      auto segment = in.substr(0, next);
      out.append(segment);
      in.remove_prefix(segment.size());
    }
  }
  return out;
}

Result<Url> parse_url(std::string_view text) {
  const std::string cleaned = clean_reference(text);
  const Reference ref = split_reference(cleaned);
  if (!ref.scheme || !ref.authority) {
    return Error{ErrorCode::kParse, "not an absolute URL: " + std::string(text.substr(0, 200))};
  }
  return build(*ref.scheme, *ref.authority, ref.path, ref.query);
}

Result<Url> resolve_url(const Url& base, std::string_view reference) {
  const std::string cleaned = clean_reference(reference);
  const Reference ref = split_reference(cleaned);
  if (ref.scheme) {
    if (!ref.authority) {
      return Error{ErrorCode::kParse, "not a hierarchical http(s) URL: " + cleaned.substr(0, 200)};
    }
    return build(*ref.scheme, *ref.authority, ref.path, ref.query);
  }
  if (ref.authority) {
    return build(base.scheme, *ref.authority, ref.path, ref.query);
  }
  const std::string authority = base.authority();
  if (ref.path.empty()) {
    std::optional<std::string_view> query = ref.query;
    if (!query && !base.query.empty()) {
      query = base.query;
    }
    return build(base.scheme, authority, base.path, query);
  }
  if (ref.path[0] == '/') {
    return build(base.scheme, authority, ref.path, ref.query);
  }
  return build(base.scheme, authority, merge_paths(base, ref.path), ref.query);
}

std::string normalize_url(std::string_view text) {
  Result<Url> url = parse_url(text);
  return url ? url->str() : std::string();
}

}  // namespace om
