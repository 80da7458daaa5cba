// Cheap link discovery for the crawl loop: a hand-written HTML attribute scanner (not an HTML5
// parse; gumbo is ~3x too slow for this, bench/README.md), sitemap <loc> entries, and the
// well-known spec paths probed on every in-scope host.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace om::crawler {

/// Link targets found in one HTML document, in document order, entities decoded, unresolved.
struct HtmlLinks {
  std::vector<std::string> hrefs;  // a/area/link href (no stylesheet/icon links), iframe/frame src
  std::string base_href;           // first <base href>, "" if none
};

/// Scans `html` for link attributes; skips comments and the content of script, style,
/// template and textarea elements.
[[nodiscard]] HtmlLinks scan_html_links(std::string_view html);

/// The <loc> values of a sitemap or sitemap index (sitemaps.org protocol), entities decoded.
[[nodiscard]] std::vector<std::string> scan_sitemap_locs(std::string_view xml);

/// Content sniffing used to decide which scanner applies.
[[nodiscard]] bool looks_like_html(std::string_view content_type, std::string_view body);
[[nodiscard]] bool looks_like_sitemap(std::string_view content_type, std::string_view body);

/// Decodes the character references that occur in URLs (&amp; &quot; &#NN; &#xNN; ...).
[[nodiscard]] std::string decode_entities(std::string_view text);

/// Spec locations probed once per in-scope host, at low priority (DESIGN.md "Catalog and
/// discovery"); a 404 there is normal and not counted as an error.
inline constexpr std::array<std::string_view, 5> kWellKnownSpecPaths = {
    "/openapi.json", "/openapi.yaml", "/swagger.json", "/v3/api-docs", "/api-docs"};

}  // namespace om::crawler
