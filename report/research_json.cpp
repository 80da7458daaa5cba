// The Research JSON (DESIGN.md, schema "om-research/research/v2"): facts through
// core/findings_json.h, evidence as {doc, locator, quote} indexing the sorted `documents` list.
#include "core/findings_json.h"
#include "report/detail/checkout_facts.h"
#include "report/detail/ordering.h"
#include "report/report.h"

namespace om::report {
namespace {

template <class T, class F>
Json list(const std::vector<T>& items, F&& one) {
  Json::Array a;
  a.reserve(items.size());
  for (const auto& x : items) {
    a.push_back(one(x));
  }
  return Json(std::move(a));
}

Json source_json(const SourceInfo& s) {
  Json j = Json::object();
  j.set("name", s.name);
  j.set("display_name", Json::str_or_null(s.display_name));
  j.set("service_type", Json::str_or_null(s.service_type));
  j.set("generated_at", Json::str_or_null(detail::iso8601_utc(s.generated_at)));
  j.set("from_cache", s.from_cache);
  return j;
}

Json document_json(const DocumentRecord& d) {
  Json j = Json::object();
  j.set("url", d.url);
  j.set("kind", to_string(d.kind));
  j.set("status", d.status);
  j.set("fetched_at", Json::str_or_null(detail::iso8601_utc(d.fetched_at)));
  j.set("bytes", static_cast<unsigned long long>(d.bytes));
  j.set("sha256", Json::str_or_null(d.sha256));
  j.set("error", Json::str_or_null(d.error));
  j.set("found_via", Json::str_or_null(d.found_via));
  return j;
}

}  // namespace

Json research_json(const Research& research) {
  const Research r = detail::sorted_research(research);
  const detail::DocIndex index(r.documents);
  const EvidenceWriter ev = [&index](const EvidenceList& evidence) {
    return list(evidence, [&index](const Evidence& e) {
      Json j = Json::object();
      j.set("doc", index.find(e.url));  // never -1: sorted_research added a row for each URL
      j.set("locator", e.locator);
      j.set("quote", e.quote);
      return j;
    });
  };
  auto with_ev = [&ev](const auto& x) { return to_json(x, ev); };
  const Findings& f = r.findings;
  Json j = Json::object();
  j.set("schema", "om-research/research/v2");
  j.set("source", source_json(r.source));
  j.set("base_urls", list(f.base_urls, with_ev));
  j.set("api_versions", list(f.api_versions, with_ev));
  j.set("auth", list(f.auth, with_ev));
  j.set("pagination", list(f.pagination, with_ev));
  j.set("entities", list(f.entities, with_ev));
  j.set("endpoints", list(f.endpoints, [](const Endpoint& e) { return to_json(e); }));
  j.set("rate_limits", list(f.rate_limits, with_ev));
  j.set("sdks", list(f.sdks, with_ev));
  j.set("test_connection", list(r.test_connection, [](const TestStep& s) { return to_json(s); }));
  j.set("similar_connectors", detail::similar_connectors_json(r));
  j.set("test_environment", detail::test_environment_json(r, ev));
  j.set("database", detail::database_json(r, ev));
  j.set("conflicts", list(f.conflicts, with_ev));
  Json::Array gaps;
  for (const auto& g : f.gaps) {
    gaps.emplace_back(g);
  }
  j.set("gaps", Json(std::move(gaps)));
  j.set("documents", list(r.documents, document_json));
  j.set("graphql", list(f.graphql, with_ev));
  return j;
}

}  // namespace om::report
