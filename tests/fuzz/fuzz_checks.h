// Invariants shared by the extract fuzz targets (STYLE.md 2.13): no fact without evidence,
// quotes bounded, locators present, outlinks absolute http(s), a failed document has no facts,
// and extraction is deterministic. A violated invariant aborts, which libFuzzer reports.
#pragma once

#include <cstdlib>
#include <string>

#include "core/findings_json.h"
#include "core/types.h"
#include "extract/detail/page_text.h"
#include "extract/extract.h"

namespace om::fuzz {

inline void check_evidence(const EvidenceList& list) {
  if (list.empty()) {
    std::abort();  // no evidence, no fact
  }
  for (const Evidence& ev : list) {
    if (ev.quote.size() > 240 || ev.locator.empty() || ev.url.empty()) {
      std::abort();
    }
  }
}

inline void check_extraction(const Extraction& e) {
  for (const std::string& link : e.outlinks) {
    if (!extract::detail::is_absolute_http_url(link)) {
      std::abort();
    }
  }
  const Findings& f = e.findings;
  if (!e.error.empty() && (!f.auth.empty() || !f.pagination.empty() || !f.endpoints.empty() ||
                           !f.entities.empty() || !f.base_urls.empty())) {
    std::abort();  // a bad document yields no facts
  }
  for (const auto& x : f.base_urls) check_evidence(x.evidence);
  for (const auto& x : f.api_versions) check_evidence(x.evidence);
  for (const auto& x : f.auth) check_evidence(x.evidence);
  for (const auto& x : f.pagination) check_evidence(x.evidence);
  for (const auto& x : f.entities) check_evidence(x.evidence);
  for (const auto& x : f.rate_limits) check_evidence(x.evidence);
  for (const auto& x : f.sdks) check_evidence(x.evidence);
  for (const auto& g : f.graphql) {
    check_evidence(g.evidence);
    for (const auto& x : g.root_fields) check_evidence(x.evidence);
    for (const auto& x : g.connection_fields) check_evidence(x.evidence);
  }
}

/// Extracts `body` served at `url` twice: checks the invariants and that both runs agree.
inline void extract_and_check(const std::string& url, const std::string& content_type,
                              const std::uint8_t* data, std::size_t size) {
  FetchedDocument doc;
  doc.url = url;
  doc.content_type = content_type;
  doc.http_status = 200;
  doc.body.assign(reinterpret_cast<const char*>(data), size);
  Extraction first = extract::extract(doc);
  check_extraction(first);
  Extraction second = extract::extract(doc);
  if (first.error != second.error || first.outlinks != second.outlinks ||
      findings_to_json(first.findings).dump() != findings_to_json(second.findings).dump()) {
    std::abort();  // deterministic
  }
}

}  // namespace om::fuzz
