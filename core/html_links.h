// The one HTML link reader, for the crawl's discovery and the extraction's outlinks alike.
// Hand-written, not an HTML5 parse: the crawl discovers links of pages it does not extract (fresh
// and 304 cached copies, the crawl driver's pages), so it cannot wait for one (bench/RESULTS.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/url.h"

namespace om {

/// Link targets found in one HTML document, in document order, entities decoded, unresolved.
struct HtmlLinks {
  std::vector<std::string> hrefs;  // a/area/link href (no stylesheet/icon links), iframe/frame src
  std::string base_href;           // first <base href>, "" if none
};

/// Scans `html` for link attributes; skips comments and the content of script, style,
/// template and textarea elements. Tolerant of broken markup: it never fails, it finds fewer.
[[nodiscard]] HtmlLinks scan_html_links(std::string_view html);

/// The page's links as the crawl follows them: each href resolved (core/url.h resolve_url)
/// against the first <base href> when that resolves, else against `page`, and normalised; hrefs
/// that are not http(s) URLs (mailto:, javascript:) are dropped. Document order, repeats kept.
/// A null `page` (a local file) resolves absolute hrefs only, or relative ones against an
/// absolute <base href>.
[[nodiscard]] std::vector<Url> resolve_html_links(std::string_view html, const Url* page);

/// Decodes the character references that occur in URLs (&amp; &quot; &#NN; &#xNN; ...).
[[nodiscard]] std::string decode_entities(std::string_view text);

}  // namespace om
