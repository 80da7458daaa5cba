// Link discovery beside the HTML scanner (core/html_links.h): sitemap <loc> entries, the content
// sniffing that picks a reader, and the well-known spec paths probed on every in-scope host.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace om::crawler {

/// The <loc> values of a sitemap or sitemap index (sitemaps.org protocol), entities decoded.
[[nodiscard]] std::vector<std::string> scan_sitemap_locs(std::string_view xml);

/// Content sniffing used to decide which scanner applies.
[[nodiscard]] bool looks_like_html(std::string_view content_type, std::string_view body);
[[nodiscard]] bool looks_like_sitemap(std::string_view content_type, std::string_view body);

/// Spec locations probed once per in-scope host, at low priority (DESIGN.md "Catalog and
/// discovery"); a 404 there is normal and not counted as an error.
inline constexpr std::array<std::string_view, 5> kWellKnownSpecPaths = {
    "/openapi.json", "/openapi.yaml", "/swagger.json", "/v3/api-docs", "/api-docs"};

}  // namespace om::crawler
