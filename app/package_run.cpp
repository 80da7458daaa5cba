// Packages as inputs: SDK archives (npm, PyPI, or an archive's URL) and spec packages, whose
// one API description is read (the path given, or the spec file the evidence names), each
// answered from the cache when it holds a copy.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string_view>

#include "app/packages.h"
#include "app/research_run.h"
#include "app/run_steps.h"
#include "core/text.h"
#include "extract/extract.h"

namespace om::app {
namespace {

/// Whether the cached document `url` is the package `spec` read in `role`: the archive itself
/// ("npm:x@1.0") for an SDK, a file of it ("npm:x@1.0/api/x.json") for a spec; any version
/// when `spec` is unpinned; the file `spec.path` when one is named.
bool is_copy_of(std::string_view url, const packages::PackageSpec& spec, PackageRole role) {
  std::string head = spec.id();
  if (spec.version.empty()) {
    head += spec.ecosystem == Ecosystem::kNpm ? "@" : "==";
  }
  if (!url.starts_with(head)) {
    return false;
  }
  std::string_view rest = url.substr(head.size());
  const auto slash = rest.find('/');
  if (!spec.version.empty() && !rest.empty() && slash != 0) {
    return false;  // "npm:x@1.0" is not a copy of "npm:x@1.01"
  }
  if (role == PackageRole::kSdk) {
    return slash == std::string_view::npos;
  }
  return slash != std::string_view::npos &&
         (spec.path.empty() || rest.substr(slash + 1) == spec.path);
}

/// The newest good cached copy of a package (or of its file, for a spec package).
std::optional<store::StoredDocument> cached_package(RunState& st, const packages::PackageSpec& spec,
                                                    PackageRole role) {
  auto docs = st.repo.documents(st.options.source);
  if (!docs.ok()) {
    return std::nullopt;
  }
  std::optional<DocumentRecord> best;
  for (const auto& d : docs.value()) {
    if (is_copy_of(d.url, spec, role) && d.error.empty() &&
        (!best || d.fetched_at > best->fetched_at)) {
      best = d;
    }
  }
  if (!best) {
    return std::nullopt;
  }
  auto found = st.repo.find(st.options.source, best->url);
  return found.ok() ? found.value() : std::nullopt;
}

/// A cached copy of `spec` that needs no request: a pinned version never changes; an unpinned
/// one is re-resolved after the freshness window.
bool copy_is_current(const packages::PackageSpec& spec, const DocumentRecord& copy) {
  return !spec.version.empty() || Clock::now() - copy.fetched_at < kFreshness;
}

/// The registries as the user configured them, read when a run first needs them.
const packages::Registries& registries(RunState& st) {
  if (!st.registries) {
    st.registries = packages::Registries::configured();
  }
  return *st.registries;
}

crawler::FetchOptions fetch_options(RunState& st, std::uint64_t max_bytes) {
  crawler::FetchOptions o;
  o.allow_private = st.options.allow_private;
  o.trusted_hosts = registries(st).trusted_hosts();
  o.timeout = std::chrono::milliseconds(static_cast<long>(st.options.timeout_seconds * 1000));
  o.max_response_bytes = max_bytes;
  return o;
}

Result<packages::FetchedPackage> fetch_package(RunState& st, const packages::PackageSpec& spec) {
  const crawler::FetchOptions options = fetch_options(st, 256ULL << 20);
  auto fetch = [&options](const std::string& url) { return crawler::fetch_one(url, options); };
  return packages::fetch_package(spec, fetch, registries(st));
}

/// The words that name the source: its folded name ("googlecloudstorage") and, for a name of
/// several parts ("google-cloud-storage"), each part of 3 letters or more.
std::vector<std::string> name_words(const std::string& source) {
  std::vector<std::string> words{fold_alnum(source)};
  std::string part;
  for (char c : source + "-") {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      part += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (part.size() >= 3 && part != words.front()) {
        words.push_back(part);
      }
      part.clear();
    }
  }
  return words;
}

/// How strongly a spec file names the source, and why (empty when it does not).
std::pair<int, std::string> evidence_for(const extract::PackageSpecFile& f,
                                         const std::vector<std::string>& words) {
  auto names = [&words](std::string_view text) {
    const std::string folded = fold_alnum(text);
    return std::any_of(words.begin(), words.end(), [&folded](const std::string& w) {
      return folded.find(w) != std::string::npos;
    });
  };
  int score = 0;
  std::string why;
  auto add = [&](int points, const std::string& reason) {
    score += points;
    why += (why.empty() ? "" : "; ") + reason;
  };
  if (!f.title.empty() && names(f.title)) {
    add(2, "info.title \"" + f.title + "\"");
  }
  for (const auto& host : f.hosts) {
    if (names(host)) {
      add(2, "server host " + host);
      break;
    }
  }
  const std::string_view file = std::string_view(f.path).substr(f.path.rfind('/') + 1);
  if (names(file)) {
    add(1, "file name " + std::string(file));
  }
  return {score, why};
}

struct ChosenFile {
  std::string path;
  std::string reason;
};

/// The spec file of a package that names the source, or an error listing the candidates.
/// Files with the same title and hosts are one API in several renditions (a dereferenced copy):
/// the smallest stands for them.
Result<ChosenFile> choose_spec_file(const RunState& st, const packages::FetchedPackage& package) {
  auto files = extract::list_package_specs(package.archive);
  if (!files.ok()) {
    return files.error();
  }
  const std::string id = package.spec.id();
  if (files->empty()) {
    return Error{ErrorCode::kNotFound, id + " holds no OpenAPI, Swagger or GraphQL schema file"};
  }
  const auto words = name_words(st.options.source);
  int best = -1;
  std::vector<const extract::PackageSpecFile*> top;
  std::string why;
  for (const auto& f : files.value()) {
    auto [score, reason] = evidence_for(f, words);
    if (score > best) {
      best = score;
      top.clear();
      why = reason;
    }
    if (score == best) {
      top.push_back(&f);
    }
  }
  const bool one_api = std::all_of(top.begin(), top.end(), [&top](const auto* f) {
    return f->title == top.front()->title && f->hosts == top.front()->hosts;
  });
  if (files->size() == 1 || (best > 0 && one_api)) {
    const auto* chosen =
        *std::min_element(top.begin(), top.end(), [](const auto* a, const auto* b) {
          return a->bytes != b->bytes ? a->bytes < b->bytes : a->path < b->path;
        });
    return ChosenFile{chosen->path,
                      (files->size() == 1 ? std::string("the package's only spec file") : why) +
                          (top.size() > 1 ? " (" + std::to_string(top.size()) +
                                                " renditions of one API; the smallest)"
                                          : "")};
  }
  std::string list;
  std::size_t shown = 0;
  for (const auto* f : best > 0 ? top : std::vector<const extract::PackageSpecFile*>{}) {
    list += (shown++ ? ", " : "") + f->path;
  }
  if (best <= 0) {
    for (const auto& f : files.value()) {
      if (shown < 12) {
        list += (shown++ ? ", " : "") + f.path;
      }
    }
  }
  const std::size_t total = best > 0 ? top.size() : files->size();
  if (total > shown) {
    list += " and " + std::to_string(total - shown) + " more";
  }
  return Error{ErrorCode::kConfig, id + " holds " + std::to_string(files->size()) +
                                       " API descriptions and " +
                                       (best > 0 ? "several name '" + st.options.source + "'"
                                                 : "none names '" + st.options.source + "'") +
                                       "; name one as " + id + "#<path>: " + list};
}

/// Reads the spec file `path` of a fetched package (chosen by evidence when `path` is empty)
/// and extracts it as a document of its own, cited "<id>/<path>".
void read_spec_file(RunState& st, const packages::FetchedPackage& package, std::string path,
                    const FoundVia& found_via) {
  if (path.empty()) {
    auto chosen = choose_spec_file(st, package);
    if (!chosen.ok()) {
      record_failure(st, package.spec.id(), chosen.error().message, {FetchFailure::kUnreadable, 0});
      return;
    }
    path = chosen->path;
    note(st, "read " + package.spec.file_id(path) + ": " + chosen->reason);
  }
  const std::string url = package.spec.file_id(path);
  auto body = extract::read_package_file(package.archive, path);
  if (!body.ok()) {
    record_failure(st, url, body.error().message, {failure_of(body.error()), 0});
    return;
  }
  FetchedDocument doc;
  doc.source = st.options.source;
  doc.url = url;
  doc.final_url = url;
  doc.body = std::move(body.value());
  doc.http_status = 200;
  doc.found_via = found_via;
  doc.fetched_at = Clock::now();
  extract_and_store(st, std::move(doc));
}

}  // namespace

bool has_fresh_copy(RunState& st, const std::string& id, PackageRole role) {
  auto spec = packages::parse_package_spec(id);
  if (!spec.ok()) {
    return false;
  }
  auto cached = cached_package(st, spec.value(), role);
  return cached && copy_is_current(spec.value(), cached->record);
}

bool read_package(RunState& st, const std::string& id, const FoundVia& found_via,
                  PackageRole role) {
  if (stopping(st)) {
    return false;
  }
  auto spec = packages::parse_package_spec(id);
  if (!spec.ok()) {
    record_failure(st, id, spec.error().message, {FetchFailure::kUnreadable, 0});
    return false;
  }
  auto cached = cached_package(st, spec.value(), role);
  if (cached && (st.options.offline ||
                 (!st.options.refresh && copy_is_current(spec.value(), cached->record)))) {
    ++st.ok;
    ++st.reused;
    remember(st, cached->record.url);
    return true;
  }
  if (st.options.offline) {
    record_failure(st, id, "--offline: " + id + " is not in the cache",
                   {FetchFailure::kNotCached, 0});
    return false;
  }
  note(st, "fetching " + spec.value().id());
  auto package = fetch_package(st, spec.value());
  if (!package.ok()) {
    record_failure(st, id, package.error().message, {failure_of(package.error()), 0});
    return false;
  }
  const int failed_before = st.failed;
  if (role == PackageRole::kSdk) {
    FetchedDocument doc = std::move(package.value().archive);
    doc.source = st.options.source;
    doc.url = package.value().spec.id();  // cited as npm:<name>@<version>, like its evidence
    doc.final_url = package.value().tarball_url;
    doc.found_via = found_via;
    extract_and_store(st, std::move(doc));
  } else {
    read_spec_file(st, package.value(), spec.value().path, found_via);
  }
  return st.failed == failed_before;
}

void read_archive_url(RunState& st, const std::string& url, const FoundVia& found_via) {
  auto cached = good_copy(st, url);
  if (cached && (st.options.offline || fresh_enough(st, cached->record))) {
    ++st.ok;
    ++st.reused;
    remember(st, url);
    return;
  }
  if (st.options.offline) {
    record_failure(st, url, "--offline: " + url + " is not in the cache",
                   {FetchFailure::kNotCached, 0});
    return;
  }
  note(st, "fetching " + url);
  auto doc = crawler::fetch_one(url, fetch_options(st, 256ULL << 20));  // as a package's cap
  if (!doc.ok()) {
    record_failure(st, url, doc.error().message, {failure_of(doc.error()), 0});
    return;
  }
  if (doc->http_status < 200 || doc->http_status >= 300) {
    record_failure(st, url, url + ": HTTP " + std::to_string(doc->http_status),
                   {FetchFailure::kHttpStatus, doc->http_status});
    return;
  }
  if (extract::sniff(doc.value()) != DocKind::kSdk) {
    record_failure(st, url,
                   url +
                       ": not a package archive (.tgz, .tar.gz, .whl or .zip); --sdk takes "
                       "npm:<name>, pypi:<name>, an archive file or an archive's URL",
                   {FetchFailure::kUnreadable, doc->http_status});
    return;
  }
  doc->source = st.options.source;
  doc->found_via = found_via;
  extract_and_store(st, std::move(doc.value()));
}

}  // namespace om::app
