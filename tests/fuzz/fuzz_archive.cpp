// libFuzzer target: extract::extract on arbitrary bytes served as an SDK package (.tgz/.zip).
// Invariants: no crash, no unbounded memory (archive limits); an error means no facts; every
// fact is cited with a locator and a quote of at most 240 bytes; output is deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/findings_json.h"
#include "core/types.h"
#include "extract/extract.h"

namespace {

void check_evidence(const om::EvidenceList& list) {
  if (list.empty()) {
    std::abort();  // no evidence, no fact
  }
  for (const om::Evidence& ev : list) {
    if (ev.quote.size() > 240 || ev.locator.empty() || ev.url.empty() || ev.url.front() == '\x1f') {
      std::abort();  // '\x1f' marks a spec citation that was never rewritten
    }
  }
}

void check_extraction(const om::Extraction& e) {
  const om::Findings& f = e.findings;
  if (!e.error.empty() && (!f.sdks.empty() || !f.auth.empty() || !f.pagination.empty())) {
    std::abort();  // a bad document yields no facts
  }
  for (const auto& x : f.base_urls) check_evidence(x.evidence);
  for (const auto& x : f.api_versions) check_evidence(x.evidence);
  for (const auto& x : f.auth) check_evidence(x.evidence);
  for (const auto& x : f.pagination) check_evidence(x.evidence);
  for (const auto& x : f.rate_limits) check_evidence(x.evidence);
  for (const auto& x : f.sdks) check_evidence(x.evidence);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const char* name : {"fuzz.tgz", "fuzz.whl"}) {
    om::FetchedDocument doc;
    doc.url = name;
    doc.http_status = 200;
    doc.body.assign(reinterpret_cast<const char*>(data), size);
    om::Extraction first = om::extract::extract(doc);
    check_extraction(first);
    om::Extraction second = om::extract::extract(doc);
    if (om::findings_to_json(first.findings).dump() !=
        om::findings_to_json(second.findings).dump()) {
      std::abort();  // deterministic
    }
  }
  return 0;
}
