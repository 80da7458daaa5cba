// The host and origin of an absolute URL given as text, for code that holds URLs as strings of
// any scheme (core/url.h parses http(s) URLs into a Url). One reading of
// "scheme://[userinfo@]host[:port]/...".
#pragma once

#include <string>
#include <string_view>

namespace om {

/// The lower-cased host of an absolute URL: userinfo and port dropped, an IPv6 literal without
/// its brackets; "" when `url` has no "://".
[[nodiscard]] std::string host_of_url(std::string_view url);

/// "https://host:1/a/b?q" -> "https://host:1", as written (no case change); "" when `url` has
/// no "://".
[[nodiscard]] std::string origin_of_url(std::string_view url);

/// "https://host:1/a/b/?q#f" -> "/a/b/", as written: what follows the authority, up to the
/// query or fragment; "" when `url` has no "://" or no path.
[[nodiscard]] std::string path_of_url(std::string_view url);

}  // namespace om
