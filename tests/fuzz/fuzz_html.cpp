// libFuzzer target: extract::extract on arbitrary bytes served as an HTML page. Invariants
// (STYLE.md 2.13): no crash or recursion; every outlink is an absolute http(s) URL; every fact
// is cited with a quote of at most 240 bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/types.h"
#include "extract/detail/page_text.h"
#include "extract/extract.h"

namespace {

void check_evidence(const om::EvidenceList& list) {
  if (list.empty()) {
    std::abort();  // no evidence, no fact
  }
  for (const om::Evidence& ev : list) {
    if (ev.quote.size() > 240 || ev.locator.empty()) {
      std::abort();
    }
  }
}

void check_extraction(const om::Extraction& e) {
  for (const std::string& link : e.outlinks) {
    if (!om::extract::detail::is_absolute_http_url(link)) {
      std::abort();
    }
  }
  const om::Findings& f = e.findings;
  for (const auto& x : f.base_urls) check_evidence(x.evidence);
  for (const auto& x : f.auth) check_evidence(x.evidence);
  for (const auto& x : f.pagination) check_evidence(x.evidence);
  for (const auto& x : f.entities) check_evidence(x.evidence);
  for (const auto& x : f.rate_limits) check_evidence(x.evidence);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  om::FetchedDocument doc;
  doc.url = "https://docs.fuzz.test/a/b/page.html";
  doc.content_type = "text/html; charset=utf-8";
  doc.http_status = 200;
  doc.body.assign(reinterpret_cast<const char*>(data), size);
  check_extraction(om::extract::extract(doc));
  return 0;
}
