// SDK and spec packages (npm .tgz, PyPI wheels and sdists, .zip) read in memory with libarchive,
// never unpacked to disk. Entries stream past one at a time: only metadata, sources and spec
// files are kept, each just long enough to be analysed; archive-wide and per-entry caps apply.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include <archive.h>
#include <archive_entry.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/c_handle.h"
#include "core/json.h"
#include "core/mapped_file.h"
#include "core/text.h"
#include "extract/detail/extractors.h"
#include "extract/detail/prose.h"
#include "extract/detail/sdk_archive.h"
#include "extract/detail/sdk_scan.h"
#include "extract/extract.h"

namespace om::extract::detail {
namespace {

constexpr std::uint64_t kMetadataCap = 1ULL << 20;
constexpr std::uint64_t kReadmeCap = 256ULL << 10;
constexpr std::size_t kSpecPeekBytes = 4096;
// Spec evidence is produced before package.json may have been seen (tar order is arbitrary):
// it is cited as kPending + path and rewritten to "<package id>/<path>" at the end.
constexpr char kPending = '\x1f';

struct ReadState {
  explicit ReadState(const ArchiveLimits& l) : limits(l) {}
  const ArchiveLimits& limits;
  /// A package mapped from a local file and read front to back (a tarball): the part of it the
  /// reader has consumed, released as it goes (release_consumed()); null otherwise.
  const MappedFile* release_behind = nullptr;
  std::string_view bytes;  // the package, viewed in the caller's document
  std::uint64_t released = 0;
  bool strip_top_folder = false;
  PackageInfo info;
  SdkScan scan;
  Findings spec_findings;
  std::vector<std::string> gaps;
  std::string readme;
  std::uint64_t total_bytes = 0;
  std::uint64_t source_bytes = 0;
  std::size_t entries = 0;
  std::size_t long_paths = 0;
  std::size_t sources_over_cap = 0;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string mib(std::uint64_t bytes) {
  return std::to_string((bytes + (1ULL << 19)) >> 20) + " MiB";
}

// A tarball is read once, front to back: the compressed bytes behind the reader are not needed
// again, and a mapped file's pages holding them are dropped from resident memory, so the package
// is not resident whole next to a spec's text and tree. (A page dropped too early is read back
// from the page cache when touched: correctness never depends on this.)
void release_consumed(archive* a, ReadState& st) {
  if (st.release_behind == nullptr) {
    return;
  }
  const la_int64_t consumed = archive_filter_bytes(a, -1);  // -1: the raw, compressed input
  if (consumed <= 0 || static_cast<std::uint64_t>(consumed) <= st.released) {
    return;
  }
  const auto upto = std::min<std::uint64_t>(static_cast<std::uint64_t>(consumed), st.bytes.size());
  st.release_behind->release(st.bytes.substr(st.released, upto - st.released));
  st.released = upto;
}

// Reads the whole entry into `out` with `cap`; records a gap when it inflates past it.
bool read_entry(archive* a, std::string_view path, std::uint64_t cap, ReadState& st,
                std::string& out) {
  ReadOutcome r = read_entry_data(a, out, cap);
  if (r == ReadOutcome::kTooBig) {
    st.gaps.push_back("package entry " + std::string(path) + " inflates past the " + mib(cap) +
                      " limit; not read");
    return false;
  }
  if (r == ReadOutcome::kError) {
    st.gaps.push_back("package entry " + std::string(path) + " could not be read: " +
                      (archive_error_string(a) ? archive_error_string(a) : "unknown error"));
    return false;
  }
  return true;
}

// Extracts the spec in `body` and keeps its findings: its text and tree go at the return.
void extract_spec(std::string body, const std::string& path, ReadState& st) {
  FetchedDocument spec;
  spec.url = std::string(1, kPending) + path;
  spec.body = std::move(body);
  spec.http_status = 200;
  // Only the findings are kept: a package's text is its README, so the spec's digest is not
  // built (it would be dropped, after being held next to the spec's tree).
  Extraction found = extract_openapi(spec, SpecText::kNone);
  if (!found.error.empty()) {
    st.gaps.push_back("spec " + path + " in the package could not be read: " + found.error);
  }
  Findings& f = found.findings;
  auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_all(st.spec_findings.base_urls, f.base_urls);
  move_all(st.spec_findings.api_versions, f.api_versions);
  move_all(st.spec_findings.auth, f.auth);
  move_all(st.spec_findings.pagination, f.pagination);
  move_all(st.spec_findings.entities, f.entities);
  move_all(st.spec_findings.endpoints, f.endpoints);
  move_all(st.spec_findings.rate_limits, f.rate_limits);
  move_all(st.spec_findings.sdks, f.sdks);
  move_all(st.spec_findings.conflicts, f.conflicts);
  move_all(st.spec_findings.gaps, f.gaps);
}

// A package can hold several big specs, read one after another. Each one's text and tree are
// freed before the next is read, but glibc keeps freed memory that lies below live allocations
// (the findings gathered so far) resident in its heap, so what one spec leaves there adds to
// the next one's peak. malloc_trim() hands the free pages it can (not a thread heap's top) back.
void return_freed_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

void analyse_spec(archive* a, const std::string& path, std::uint64_t declared, ReadState& st) {
  std::string body;
  // Peek at the first bytes: most JSON/YAML files in a package (tsconfig, fixtures) are not
  // specs and are skipped without being kept.
  if (!peek_entry_data(a, body, kSpecPeekBytes)) {
    return;
  }
  if (!extract::is_openapi(std::string_view(body).substr(0, kSpecPeekBytes))) {
    return;
  }
  // Tar sizes are exact: one allocation instead of doubling (which would peak at 3x the entry).
  body.reserve(static_cast<std::size_t>(std::min(declared, st.limits.max_entry_bytes)));
  if (body.size() > st.limits.max_entry_bytes ||
      !read_entry(a, path, st.limits.max_entry_bytes, st, body)) {
    return;
  }
  release_consumed(a, st);
  extract_spec(std::move(body), path, st);
  return_freed_memory();
}

// A README's `docker run` lines, compose services and SQLAlchemy URLs are test-environment
// facts (issue #23), cited as "README > <heading path>" inside the package.
void readme_facts(std::string_view readme, const std::string& url, Findings& out) {
  if (readme.empty()) {
    return;
  }
  const PageText page = read_markdown(readme, url);
  Findings found;
  detect_test_images(page, found);
  detect_sql_urls(page, PieceScan(page), found);
  auto relocate = [](EvidenceList& evidence) {
    for (auto& ev : evidence) {
      ev.locator = ev.locator == "(top of page)" ? "README" : "README > " + ev.locator;
    }
  };
  for (auto& t : found.test_images) {
    relocate(t.evidence);
    out.test_images.push_back(std::move(t));
  }
  for (auto& u : found.sql_urls) {
    relocate(u.evidence);
    out.sql_urls.push_back(std::move(u));
  }
}

void analyse_small(archive* a, EntryRole role, const std::string& path, ReadState& st) {
  std::string body;
  std::uint64_t cap = role == EntryRole::kReadme ? kReadmeCap : kMetadataCap;
  if (role == EntryRole::kReadme) {
    // The README is text for search: a cut one is still useful.
    (void)read_entry_data(a, body, cap);
    st.readme = std::string(utf8_prefix(body, cap));
    return;
  }
  if (!read_entry(a, path, cap, st, body)) {
    return;
  }
  bool ok = role == EntryRole::kNpmManifest ? read_npm_manifest(body, st.info)
            : role == EntryRole::kPyproject
                ? (st.info.name.empty() && read_pyproject(body, st.info))
                : read_python_metadata(body, st.info);
  (void)ok;  // a broken manifest only leaves the package unnamed
}

void analyse_source(archive* a, const std::string& path, std::uint64_t declared, ReadState& st) {
  SourceLang lang = SourceLang::kJs;
  if (!source_lang(path, lang)) {
    return;
  }
  if (declared > st.limits.max_source_bytes ||
      st.source_bytes + declared > st.limits.max_all_source_bytes) {
    ++st.sources_over_cap;
    return;
  }
  std::string body;
  body.reserve(declared);
  if (read_entry_data(a, body, st.limits.max_source_bytes) != ReadOutcome::kOk) {
    ++st.sources_over_cap;
    return;
  }
  st.source_bytes += body.size();
  scan_source(path, body, lang, st.limits.max_line_bytes, st.scan);
}

// Handles one header; false stops the archive (an archive-wide limit was reached).
bool handle_entry(archive* a, archive_entry* entry, ReadState& st) {
  if (archive_entry_filetype(entry) != AE_IFREG) {
    return true;  // links, folders, devices: names only, never followed
  }
  std::string_view stored = entry_pathname(entry);
  std::uint64_t declared = entry_size(entry);
  st.total_bytes += declared;
  if (st.total_bytes > st.limits.max_total_bytes) {
    st.gaps.push_back("package inflates past the " + mib(st.limits.max_total_bytes) +
                      " limit; entries after " + std::to_string(st.entries - 1) + " not read");
    return false;
  }
  if (stored.empty() || stored.size() > st.limits.max_path_bytes) {
    ++st.long_paths;
    return true;
  }
  std::string path = package_path(stored, st.strip_top_folder);
  EntryRole role = classify_entry(path);
  switch (role) {
    case EntryRole::kSkip:
      return true;
    case EntryRole::kSource:
      analyse_source(a, path, declared, st);
      return true;
    case EntryRole::kSpecCandidate:
      if (declared > st.limits.max_entry_bytes) {
        st.gaps.push_back("package entry " + path + " (" + mib(declared) + ") is over the " +
                          mib(st.limits.max_entry_bytes) + " per-entry limit; not read");
        return true;
      }
      analyse_spec(a, path, declared, st);
      return true;
    default:
      analyse_small(a, role, path, st);
      return true;
  }
}

void rewrite_spec_urls(Findings& f, const std::string& prefix) {
  auto fix = [&prefix](EvidenceList& list) {
    for (Evidence& ev : list) {
      if (!ev.url.empty() && ev.url.front() == kPending) {
        ev.url = prefix + "/" + ev.url.substr(1);
      }
    }
  };
  for (auto& x : f.base_urls) fix(x.evidence);
  for (auto& x : f.api_versions) fix(x.evidence);
  for (auto& x : f.auth) fix(x.evidence);
  for (auto& x : f.pagination) fix(x.evidence);
  for (auto& x : f.entities) fix(x.evidence);
  for (auto& x : f.rate_limits) fix(x.evidence);
  for (auto& x : f.sdks) fix(x.evidence);
  for (auto& x : f.conflicts) fix(x.evidence);
}

void append_findings(Findings& to, Findings&& from) {
  auto move_all = [](auto& a, auto& b) {
    a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
  };
  move_all(to.base_urls, from.base_urls);
  move_all(to.api_versions, from.api_versions);
  move_all(to.auth, from.auth);
  move_all(to.pagination, from.pagination);
  move_all(to.entities, from.entities);
  move_all(to.endpoints, from.endpoints);
  move_all(to.rate_limits, from.rate_limits);
  move_all(to.sdks, from.sdks);
  move_all(to.conflicts, from.conflicts);
  move_all(to.gaps, from.gaps);
}

void finish(const FetchedDocument& doc, ReadState& st, Extraction& e) {
  if (st.info.ecosystem == Ecosystem::kUnknown) {
    std::string lower = to_lower(doc.url);
    st.info.ecosystem = ends_with(lower, ".whl") || ends_with(lower, ".zip") ? Ecosystem::kPypi
                        : st.strip_top_folder                                ? Ecosystem::kNpm
                                                                             : Ecosystem::kUnknown;
  }
  std::string id = st.info.id();
  std::string url = id.empty() ? doc.url : id;
  rewrite_spec_urls(st.spec_findings, url);
  if (!st.spec_findings.endpoints.empty()) {
    st.scan.endpoints.clear();  // a spec in the package declares the paths; code only repeats them
  }
  finish_sdk(st.scan, st.info, url, e.findings);
  append_findings(e.findings, std::move(st.spec_findings));
  if (st.long_paths > 0) {
    st.gaps.push_back(std::to_string(st.long_paths) + " package entries with empty or over-long " +
                      "names were not read");
  }
  if (st.sources_over_cap > 0) {
    st.gaps.push_back(std::to_string(st.sources_over_cap) + " source files over the size " +
                      "limits were not analysed");
  }
  for (auto& g : st.gaps) {
    e.findings.gaps.push_back(std::move(g));
  }
  readme_facts(st.readme, url, e.findings);
  e.text = std::move(st.readme);
}

}  // namespace

std::string_view entry_pathname(archive_entry* entry) {
  const char* raw = archive_entry_pathname_utf8(entry);
  if (raw == nullptr) {
    raw = archive_entry_pathname(entry);
  }
  return raw == nullptr ? std::string_view() : std::string_view(raw);
}

std::uint64_t entry_size(archive_entry* entry) {
  return archive_entry_size_is_set(entry) != 0
             ? static_cast<std::uint64_t>(std::max<la_int64_t>(archive_entry_size(entry), 0))
             : 0;
}

bool wraps_in_top_folder(archive* a) {
  return (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR;
}

ArchiveReader open_archive(std::string_view bytes) {
  ArchiveReader a(archive_read_new());
  if (a == nullptr) {
    return nullptr;
  }
  // Only in-process decoders: no filter that would run an external program.
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip_seekable(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return nullptr;
  }
  return a;
}

bool peek_entry_data(archive* a, std::string& out, std::size_t at_least) {
  const void* block = nullptr;
  std::size_t size = 0;
  la_int64_t offset = 0;
  while (out.size() < at_least) {
    int r = archive_read_data_block(a, &block, &size, &offset);
    if (r == ARCHIVE_EOF) {
      return true;
    }
    if (r < ARCHIVE_WARN || offset != static_cast<la_int64_t>(out.size())) {
      return false;
    }
    out.append(static_cast<const char*>(block), size);
  }
  return true;
}

ReadOutcome read_entry_data(archive* a, std::string& out, std::uint64_t cap) {
  const void* block = nullptr;
  std::size_t size = 0;
  la_int64_t offset = 0;
  for (;;) {
    int r = archive_read_data_block(a, &block, &size, &offset);
    if (r == ARCHIVE_EOF) {
      return ReadOutcome::kOk;
    }
    if (r < ARCHIVE_WARN) {
      return ReadOutcome::kError;
    }
    auto at = static_cast<std::uint64_t>(std::max<la_int64_t>(offset, 0));
    if (at + size > cap || at > out.size() + cap) {
      return ReadOutcome::kTooBig;
    }
    if (at > out.size()) {
      out.append(at - out.size(), '\0');  // a sparse hole
    }
    out.append(static_cast<const char*>(block), size);
  }
}

std::string package_path(std::string_view stored_path, bool strip_top_folder) {
  std::string_view p = stored_path;
  while (p.substr(0, 2) == "./") {
    p.remove_prefix(2);
  }
  if (strip_top_folder) {
    auto slash = p.find('/');
    if (slash != std::string_view::npos && slash + 1 < p.size()) {
      p.remove_prefix(slash + 1);
    }
  }
  return std::string(p);
}

Extraction extract_sdk_archive(const FetchedDocument& doc, const ArchiveLimits& limits) {
  Extraction e;
  e.kind = DocKind::kSdk;
  ArchiveReader a = open_archive(doc.bytes());
  if (a == nullptr) {
    const std::string library = archive_library_error();
    e.error = library.empty() ? "not a readable package archive (tar, tgz or zip): " + doc.url
                              : doc.url + ": " + library;
    return e;
  }
  ReadState st(limits);
  for (;;) {
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) {
      break;
    }
    if (r < ARCHIVE_WARN) {
      const char* why = archive_error_string(a.get());
      e.error = "corrupt package archive " + doc.url + " after " + std::to_string(st.entries) +
                " entries: " + (why ? why : "unreadable header");
      return e;  // a bad document yields no facts
    }
    if (st.entries == 0) {
      st.strip_top_folder = wraps_in_top_folder(a.get());
      // Zip archives are read by seeking (the central directory first): not released.
      if (doc.mapped != nullptr && st.strip_top_folder) {
        st.release_behind = doc.mapped.get();
        st.bytes = doc.bytes();
      }
    }
    release_consumed(a.get(), st);
    if (++st.entries > limits.max_entries) {
      st.gaps.push_back("package has more than " + std::to_string(limits.max_entries) +
                        " entries; the rest were not read");
      break;
    }
    if (!handle_entry(a.get(), entry, st)) {
      break;
    }
  }
  finish(doc, st, e);
  return e;
}

Extraction extract_sdk_archive(const FetchedDocument& doc) {
  return extract_sdk_archive(doc, ArchiveLimits{});
}

}  // namespace om::extract::detail
