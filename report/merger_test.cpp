// Tests for Merger, merge() one document at a time: a spec surveyed after the pages that cite
// it still reconciles them, the reconciliation's gaps keep the place merge() gave them, and the
// documents survey() keeps (specs, others within keep_bytes) are merged as the ones read again.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/findings_json.h"
#include "report/report.h"

namespace om::report {
namespace {

/// A spec: two dashboard paths under the server's /api/v2, a gap of its own.
Findings spec_document() {
  Findings spec;
  spec.base_urls.push_back(
      {"https://acme.example/api/v2", "", 0.95, {{"s.yaml", "/servers/0", "url"}}});
  spec.endpoints.push_back({"GET", "/dashboards", "", "", {}});
  spec.endpoints.push_back({"GET", "/dashboards/{dashboard_id}", "", "", {}});
  Entity dashboard;
  dashboard.name = "dashboard";
  dashboard.list = {"GET", "/dashboards"};
  dashboard.evidence.push_back({"s.yaml", "/paths/~1dashboards/get", "get:"});
  spec.entities.push_back(dashboard);
  spec.gaps = {"spec note"};
  return spec;
}

/// A page naming a dashboard path in its own spelling and one the spec does not declare.
Findings page_document() {
  Findings page;
  page.endpoints.push_back({"GET", "/api/v2/dashboards/<id>", "", "", {}});
  page.endpoints.push_back({"GET", "/api/v2/secret-admin", "", "", {}});
  page.gaps = {"page note"};
  return page;
}

/// The page, plus an npm SDK whose base URL is a token endpoint on another host (a path gap).
Findings sdk_document() {
  Findings sdk = page_document();
  Sdk package;
  package.ecosystem = Ecosystem::kNpm;
  package.name = "acme-client";
  package.evidence = {{"acme-client/index.js", "index.js:3", "new Client()"}};
  sdk.sdks.push_back(package);
  sdk.base_urls.push_back(
      {"https://auth.acme.example/token", "", 0.5, {{"acme-client/index.js", "index.js:9", "t"}}});
  return sdk;
}

const char* const kDroppedGap =
    "documentation or SDK names 1 endpoint(s) the spec does not declare (left out of the facts):"
    " GET /api/v2/secret-admin";

/// The Merger driven as the report drives it over the cache: each pass reads a fresh copy of
/// each document, the second one only when the merger wants it.
Findings merged_by_merger(const std::vector<Findings>& documents) {
  Merger merger;
  for (const Findings& f : documents) {
    Findings read = f;
    merger.survey(read);
  }
  for (const Findings& f : documents) {
    merger.add(merger.wants_next() ? f : Findings());
  }
  return merger.finish();
}

}  // namespace

TEST_CASE("merger: a spec surveyed after the page citing it still spells and filters its paths") {
  const Findings m = merged_by_merger({page_document(), spec_document()});
  std::vector<std::string> paths;
  for (const Endpoint& e : m.endpoints) {
    paths.push_back(e.path);
  }
  CHECK(paths == std::vector<std::string>{"/dashboards/{dashboard_id}", "/dashboards"});
  // The first document's own gaps, then what reconciling left out, then the next document's.
  CHECK(m.gaps == std::vector<std::string>{"page note", kDroppedGap, "spec note"});
}

TEST_CASE("merger: a reconciliation gap a later document states too is kept once, in its place") {
  Findings spec = spec_document();
  spec.gaps = {"spec note", kDroppedGap};
  const Findings m = merged_by_merger({page_document(), spec});
  CHECK(m.gaps == std::vector<std::string>{"page note", kDroppedGap, "spec note"});
  Findings page = page_document();
  page.gaps = {kDroppedGap, "page note"};  // the first document said it first
  CHECK(merged_by_merger({page, spec_document()}).gaps ==
        std::vector<std::string>{kDroppedGap, "page note", "spec note"});
}

TEST_CASE("merger: an SDK's gap follows the path gap, and merge() gives what the merger gives") {
  const Findings sdk = sdk_document();
  const std::vector<Findings> documents{sdk, spec_document()};
  const Findings m = merged_by_merger(documents);
  REQUIRE(m.gaps.size() == 4);
  CHECK(m.gaps[0] == "page note");
  CHECK(m.gaps[1] == kDroppedGap);
  CHECK(m.gaps[2].find("https://auth.acme.example/token") != std::string::npos);
  CHECK(m.gaps[3] == "spec note");
  CHECK(m.base_urls.size() == 1);
  CHECK(merge(documents).gaps == m.gaps);
}

TEST_CASE(
    "merger: a spec is read once and kept from the survey while other documents are read twice") {
  Merger merger;
  Findings page = page_document();
  Findings spec = spec_document();
  merger.survey(page);
  merger.survey(spec);
  CHECK(page.endpoints.size() == 2);  // looked at
  CHECK(spec.endpoints.empty());      // kept by the merger
  CHECK(merger.wants_next());
  merger.add(page_document());
  CHECK_FALSE(merger.wants_next());
  merger.add(Findings());
  const Findings m = merger.finish();
  CHECK(m.endpoints.size() == 2);
  CHECK(m.gaps == std::vector<std::string>{"page note", kDroppedGap, "spec note"});
}

TEST_CASE("merger: survey() keeps other documents while their sizes fit keep_bytes") {
  // 60 fits the 100 (40 left), 50 does not, the spec is kept whatever its size, 30 fits.
  Findings listing;
  listing.endpoints.push_back({"GET", "/api/v2/dashboards", "", "", {}});
  listing.endpoints.push_back({"GET", "/api/v2/unknown", "", "", {}});
  const Findings sdk = sdk_document();
  const std::vector<Findings> documents{page_document(), sdk, spec_document(), listing};
  const std::vector<std::size_t> sizes{60, 50, 10'000, 30};
  Merger merger(100);
  for (int source = 0; source < 2; ++source) {  // finish() gives the next source all 100 again
    std::vector<bool> looked_at;
    for (std::size_t i = 0; i < documents.size(); ++i) {
      Findings read = documents[i];
      merger.survey(read, sizes[i]);
      looked_at.push_back(!read.endpoints.empty());  // not moved into the merger
    }
    CHECK(looked_at == std::vector<bool>{false, true, false, false});
    std::vector<bool> wanted;
    for (const Findings& f : documents) {
      wanted.push_back(merger.wants_next());
      merger.add(wanted.back() ? f : Findings());
    }
    CHECK(wanted == std::vector<bool>{false, true, false, false});
    // The kept documents are reconciled with the spec as the read ones: merge()'s result.
    const Findings m = merger.finish();
    CHECK(findings_to_json(m).dump() == findings_to_json(merge(documents)).dump());
    std::vector<std::string> paths;
    for (const Endpoint& e : m.endpoints) {
      paths.push_back(e.path);
    }
    CHECK(paths == std::vector<std::string>{"/dashboards/{dashboard_id}", "/dashboards"});
    CHECK(m.base_urls.size() == 1);  // the SDK's token URL is left out
  }
}

TEST_CASE("merger: finish() leaves it empty for another source") {
  Merger merger;
  Findings spec = spec_document();
  merger.survey(spec);
  merger.add(Findings());
  CHECK(merger.finish().endpoints.size() == 2);
  Findings page = page_document();
  merger.survey(page);
  merger.add(page_document());
  const Findings m = merger.finish();
  CHECK(m.endpoints.size() == 2);  // no spec this time: the page's paths stay as written
  CHECK(m.gaps == std::vector<std::string>{"page note"});
}

}  // namespace om::report
