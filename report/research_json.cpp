// The Research JSON (DESIGN.md, schema "om-research/research/v2"): facts through
// core/findings_json.h, evidence as {doc, locator, quote} indexing the sorted `documents` list.
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/findings_json.h"
#include "core/json_writer.h"
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

/// The Research JSON's members in DESIGN.md order, given to `sink`: whole values to
/// sink.value(key, json), lists to sink.list(key, items, item_json), so that a writer can make
/// and write one item at a time. `r` is sorted (detail::sorted_research).
template <class Sink>
void each_member(const Research& r, Sink& sink) {
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
  sink.value("schema", "om-research/research/v2");
  sink.value("source", source_json(r.source));
  sink.list("base_urls", f.base_urls, with_ev);
  sink.list("api_versions", f.api_versions, with_ev);
  sink.list("auth", f.auth, with_ev);
  sink.list("pagination", f.pagination, with_ev);
  sink.list("entities", f.entities, with_ev);
  sink.list("endpoints", f.endpoints, [](const Endpoint& e) { return to_json(e); });
  sink.list("rate_limits", f.rate_limits, with_ev);
  sink.list("sdks", f.sdks, with_ev);
  sink.list("test_connection", r.test_connection, [](const TestStep& s) { return to_json(s); });
  sink.value("similar_connectors", detail::similar_connectors_json(r));
  sink.value("test_environment", detail::test_environment_json(r, ev));
  sink.value("database", detail::database_json(r, ev));
  sink.list("conflicts", f.conflicts, with_ev);
  sink.list("gaps", f.gaps, [](const std::string& g) { return Json(g); });
  sink.list("documents", r.documents, document_json);
  sink.list("graphql", f.graphql, with_ev);
}

/// each_member()'s sink that builds the whole tree.
struct TreeSink {
  Json tree = Json::object();
  void value(std::string_view key, Json json) { tree.set(std::string(key), std::move(json)); }
  template <class T, class F>
  void list(std::string_view key, const std::vector<T>& items, const F& one) {
    tree.set(std::string(key), report::list(items, one));
  }
};

/// each_member()'s sink that writes each member, or list item, as soon as it is made.
struct StreamSink {
  JsonObjectWriter& writer;
  void value(std::string_view key, const Json& json) { writer.member(key, json); }
  template <class T, class F>
  void list(std::string_view key, const std::vector<T>& items, const F& one) {
    writer.begin_array(key);
    for (const auto& x : items) {
      writer.item(one(x));
    }
    writer.end_array();
  }
};

void write_sorted(const Research& r, std::ostream& out, int indent) {
  JsonObjectWriter writer(out, indent);
  StreamSink sink{writer};
  each_member(r, sink);
  writer.finish();
}

}  // namespace

Json research_json(const Research& research) {
  TreeSink sink;
  each_member(detail::sorted_research(research), sink);
  return std::move(sink.tree);
}

void write_research_json(const Research& research, std::ostream& out, int indent) {
  write_sorted(detail::sorted_research(research), out, indent);
}

void write_research_json(Research&& research, std::ostream& out, int indent) {
  write_sorted(detail::sorted_research(std::move(research)), out, indent);
}

}  // namespace om::report
