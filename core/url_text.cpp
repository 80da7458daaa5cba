// host_of_url, origin_of_url, path_of_url: see url_text.h.
#include "core/url_text.h"

#include "core/text.h"

namespace om {

std::string host_of_url(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return "";
  }
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') {
    return to_lower(rest.substr(1, rest.find(']') - 1));
  }
  return to_lower(rest.substr(0, rest.find(':')));
}

std::string path_of_url(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return "";
  }
  const auto start = url.find_first_of("/?#", scheme + 3);
  if (start == std::string_view::npos || url[start] != '/') {
    return "";
  }
  return std::string(url.substr(start, url.find_first_of("?#", start) - start));
}

std::string origin_of_url(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return "";
  }
  return std::string(url.substr(0, url.find_first_of("/?#", scheme + 3)));
}

}  // namespace om
