// Absolute http(s) URLs: parsing, normalisation and RFC 3986 section 5 reference resolution,
// the one URL type of the project (core/url_text.h reads hosts and origins of URL text).
// Pure functions, no I/O; the crawler keys its frontier, politeness and robots cache on them.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace om {

/// A normalised absolute http or https URL (no userinfo, no fragment).
struct Url {
  std::string scheme;  // "http" | "https"
  std::string host;    // lower-case; IPv6 literals keep their brackets
  int port = 0;        // 0: the scheme's default port
  std::string path;    // never empty; starts with '/'; dot segments removed
  std::string query;   // without '?'; "" = no query (an empty query is dropped)

  /// The whole URL as text ("https://example.com/a?b").
  [[nodiscard]] std::string str() const;
  /// host[:port], the per-host key for politeness and connection limits.
  [[nodiscard]] std::string authority() const;
  /// scheme://host[:port], the key robots.txt applies to (RFC 9309 section 2.3).
  [[nodiscard]] std::string origin() const;
  /// path[?query], what robots.txt rules are matched against.
  [[nodiscard]] std::string path_and_query() const;
};

/// Parses and normalises an absolute http(s) URL: scheme and host lower-cased, default port
/// dropped, dot segments removed, fragment dropped, percent-encoding normalised (unreserved
/// characters decoded, hex upper-cased, bytes that may not appear raw encoded).
[[nodiscard]] Result<Url> parse_url(std::string_view text);

/// Resolves `reference` (as found in an href) against `base` per RFC 3986 5.2, then normalises.
/// Leading/trailing spaces and embedded tabs/newlines are ignored, as browsers do.
[[nodiscard]] Result<Url> resolve_url(const Url& base, std::string_view reference);

/// parse_url(text)->str(), or "" when `text` is not an absolute http(s) URL.
[[nodiscard]] std::string normalize_url(std::string_view text);

/// Normalises percent-encoding of a path or query: %XX of unreserved characters decoded, hex
/// upper-cased, and bytes outside the URI character set (space, controls, non-ASCII) encoded.
[[nodiscard]] std::string normalize_percent_encoding(std::string_view text);

/// RFC 3986 5.2.4 remove_dot_segments.
[[nodiscard]] std::string remove_dot_segments(std::string_view path);

}  // namespace om
