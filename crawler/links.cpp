// Sitemap <loc> reading (a substring scan: sitemaps are machine-written XML) and the sniffing
// that tells sitemaps and HTML pages apart.
#include "crawler/links.h"

#include "core/html_links.h"
#include "core/text.h"

namespace om::crawler {

std::vector<std::string> scan_sitemap_locs(std::string_view xml) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = xml.find("<loc>", pos)) != std::string_view::npos) {
    pos += 5;
    const std::size_t end = xml.find("</loc>", pos);
    if (end == std::string_view::npos) {
      break;
    }
    std::string_view value = trim(xml.substr(pos, end - pos));
    if (value.starts_with("<![CDATA[") && value.ends_with("]]>")) {
      out.emplace_back(trim(value.substr(9, value.size() - 12)));
    } else {
      out.push_back(decode_entities(value));
    }
    pos = end + 6;
  }
  return out;
}

bool looks_like_html(std::string_view content_type, std::string_view body) {
  if (!content_type.empty()) {
    return icontains(content_type, "html");
  }
  const std::string_view head = trim(body.substr(0, 512));
  return icontains(head, "<!doctype html") || icontains(head, "<html");
}

bool looks_like_sitemap(std::string_view content_type, std::string_view body) {
  if (!content_type.empty() && !icontains(content_type, "xml")) {
    return false;
  }
  const std::string_view head = body.substr(0, 2048);
  return head.find("<urlset") != std::string_view::npos ||
         head.find("<sitemapindex") != std::string_view::npos;
}

}  // namespace om::crawler
