// Benchmark driver (bench/html_bench.sh): om-research's docs extraction alone, no store, no
// report. Like /work/shared/bench/html_links.py it reads every *.html under DIR into memory
// first, then times only the extraction loop: om::extract::extract() on each page (HTML events:
// the scanner, libxml2 for the pages it declines; page text, prose detectors, outlinks). Prints
// one JSON line.
// usage: html_driver DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/detail/html_prepare.h"
#include "extract/detail/page_text.h"
#include "extract/extract.h"

namespace fs = std::filesystem;

namespace {

std::size_t fact_count(const om::Findings& f) {
  return f.base_urls.size() + f.api_versions.size() + f.auth.size() + f.pagination.size() +
         f.entities.size() + f.endpoints.size() + f.rate_limits.size() + f.sdks.size() +
         f.conflicts.size();
}

// One allocation of the file's size (no doubling, which would inflate peak RSS).
std::string read_whole(const std::filesystem::path& p) {
  std::string s(std::filesystem::file_size(p), '\0');
  std::ifstream in(p, std::ios::binary);
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::vector<om::FetchedDocument> read_pages(const fs::path& dir, std::size_t& bytes) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".html") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<om::FetchedDocument> docs;
  docs.reserve(files.size());
  for (const auto& p : files) {
    om::FetchedDocument doc;
    doc.url = p.string();
    doc.final_url = doc.url;
    doc.http_status = 200;
    doc.body = read_whole(p);
    bytes += doc.body.size();
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: html_driver DIR\n");
    return 2;
  }
  std::size_t bytes = 0;
  const std::vector<om::FetchedDocument> docs = read_pages(argv[1], bytes);
  std::size_t facts = 0, gaps = 0, outlinks = 0, text = 0, not_html = 0, errors = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& doc : docs) {
    const om::Extraction e = om::extract::extract(doc);
    not_html += e.kind == om::DocKind::kHtml ? 0 : 1;
    errors += e.error.empty() ? 0 : 1;
    facts += fact_count(e.findings);
    gaps += e.findings.gaps.size();
    outlinks += e.outlinks.size();
    text += e.text.size();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Untimed: how many pages the scanner read (the rest went to libxml2). The pages are read as
  // UTF-8, as the generated sites are.
  std::size_t scanned = 0;
  for (const auto& doc : docs) {
    const auto prepared = om::extract::detail::prepared_for_parser(doc.body);
    scanned += om::extract::detail::read_html_fast(prepared.value_or(doc.body), doc.url) ? 1 : 0;
  }
  std::printf(
      "{\"tool\": \"om::extract::extract (HTML events + page text + detectors)\", \"docs\": %zu, "
      "\"bytes\": %zu, \"parse_ms\": %.1f, \"parse_MBps\": %.2f, \"docs_per_s\": %.1f, "
      "\"facts\": %zu, \"gaps\": %zu, \"outlinks\": %zu, \"text_bytes\": %zu, \"not_html\": %zu, "
      "\"errors\": %zu, \"scanner_read\": %zu}\n",
      docs.size(), bytes, s * 1e3, static_cast<double>(bytes) / 1e6 / s,
      static_cast<double>(docs.size()) / s, facts, gaps, outlinks, text, not_html, errors, scanned);
  return docs.empty() || errors > 0 ? 1 : 0;
}
