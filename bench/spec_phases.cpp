// Benchmark driver: the research pipeline's stages for one spec (read, extract, save, load,
// merge, research_json, dump) timed separately with RSS and peak RSS, to stderr.
//   spec_phases FILE DB      (links om_app om_store om_report om_extract, like om-research)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "app/inputs.h"
#include "extract/extract.h"
#include "report/report.h"
#include "store/store.h"

namespace {

using Steady = std::chrono::steady_clock;

/// VmRSS and VmHWM of this process in MiB ("12.3/45.6").
std::string rss_text() {
  std::ifstream status("/proc/self/status");
  std::string line;
  std::string rss;
  std::string hwm;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      rss = std::to_string(std::stol(line.substr(6)) / 1024);
    } else if (line.rfind("VmHWM:", 0) == 0) {
      hwm = std::to_string(std::stol(line.substr(6)) / 1024);
    }
  }
  return rss + "/" + hwm + " MiB";
}

class Phase {
 public:
  explicit Phase(const char* name) : name_(name), start_(Steady::now()) {}
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;
  ~Phase() {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(Steady::now() - start_);
    std::fprintf(stderr, "%-16s %8.1f ms  rss/peak %s\n", name_,
                 static_cast<double>(us.count()) / 1000.0, rss_text().c_str());
  }

 private:
  const char* name_;
  Steady::time_point start_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: spec_phases FILE DB\n");
    return 2;
  }
  Phase total("total");
  om::Result<om::store::Repository> repo = om::Error{om::ErrorCode::kStorage, ""};
  {
    Phase p("open db");
    repo = om::store::Repository::open(argv[2]);
  }
  if (!repo.ok()) {
    std::cerr << repo.error().message << '\n';
    return 2;
  }
  om::Result<std::vector<om::FetchedDocument>> docs = om::Error{om::ErrorCode::kStorage, ""};
  {
    Phase p("read");
    docs = om::app::read_local(argv[1], "bench", {om::ViaKind::kCommandLine, "--spec"});
  }
  if (!docs.ok()) {
    std::cerr << docs.error().message << '\n';
    return 2;
  }
  om::FetchedDocument& doc = docs.value().front();
  om::Extraction extraction;
  {
    Phase p("extract");
    extraction = om::extract::extract(doc);
  }
  {
    Phase p("save");
    if (auto saved = repo.value().save(doc, extraction); !saved.ok()) {
      std::cerr << saved.error().message << '\n';
    }
  }
  om::Result<std::vector<om::store::StoredFindings>> stored =
      om::Error{om::ErrorCode::kStorage, ""};
  {
    Phase p("load");
    stored = repo.value().load("bench");
  }
  om::Research research;
  {
    Phase p("merge+map");
    std::vector<om::Findings> per_doc;
    for (auto& s : stored.value()) {
      research.documents.push_back(s.record);
      per_doc.push_back(std::move(s.findings));
    }
    research.findings = om::report::merge(std::move(per_doc));
    research.source.name = "bench";
    om::report::map_to_openmetadata(research);
  }
  om::Json json;
  {
    Phase p("research_json");
    json = om::report::research_json(research);
  }
  std::string text;
  {
    Phase p("dump(2)");
    text = json.dump(2);
  }
  std::fprintf(stderr, "endpoints        %8zu\n", research.findings.endpoints.size());
  return 0;
}
