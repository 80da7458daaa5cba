// Package identity and entry roles: package.json (npm), METADATA / PKG-INFO (PyPI core
// metadata, RFC 822 headers) and pyproject.toml's [project] table; which entries we read.
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/text.h"
#include "extract/detail/sdk_archive.h"
#include "extract/detail/sdk_scan.h"

namespace om::extract::detail {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Tests, fixtures and vendored dependencies say little about the client and cost time.
bool is_noise_path(std::string_view lower_path) {
  for (std::string_view seg : split(lower_path, '/')) {
    if (seg == "node_modules" || seg == "__tests__" || seg == "test" || seg == "tests" ||
        seg == "testutils" || seg == "__mocks__" || seg == "fixtures" || seg == "benchmarks") {
      return true;
    }
  }
  std::string_view name = base_name(lower_path);
  return name.find(".test.") != std::string_view::npos ||
         name.find(".spec.") != std::string_view::npos ||
         name.find(".min.") != std::string_view::npos ||
         (name.substr(0, 5) == "test_" && ends_with(name, ".py")) || ends_with(name, "_test.py") ||
         name == "conftest.py";
}

// "Name: value" for the first header called `key` before the body (a blank line).
std::string header_value(std::string_view text, std::string_view key) {
  for (std::string_view line : split(text, '\n')) {
    if (trim(line).empty()) {
      break;
    }
    if (line.size() > key.size() && line[key.size()] == ':' &&
        iequals(line.substr(0, key.size()), key)) {
      return std::string(trim(line.substr(key.size() + 1)));
    }
  }
  return {};
}

// `key = "value"` inside a TOML table; quotes of either kind.
std::string toml_string(std::string_view line, std::string_view key) {
  std::string_view t = trim(line);
  if (t.substr(0, key.size()) != key) {
    return {};
  }
  t = trim(t.substr(key.size()));
  if (t.empty() || t.front() != '=') {
    return {};
  }
  t = trim(t.substr(1));
  if (t.size() < 2 || (t.front() != '"' && t.front() != '\'')) {
    return {};
  }
  auto close = t.find(t.front(), 1);
  return close == std::string_view::npos ? std::string() : std::string(t.substr(1, close - 1));
}

}  // namespace

std::string PackageInfo::id() const {
  if (name.empty()) {
    return {};
  }
  if (ecosystem == Ecosystem::kPypi) {
    return "pypi:" + name + (version.empty() ? "" : "==" + version);
  }
  return "npm:" + name + (version.empty() ? "" : "@" + version);
}

bool read_npm_manifest(std::string_view text, PackageInfo& info) {
  auto json = Json::parse(text, 64);
  if (!json.ok() || !json->is_object()) {
    return false;
  }
  info.ecosystem = Ecosystem::kNpm;
  info.name = (*json)["name"].as_string();
  info.version = (*json)["version"].as_string();
  return !info.name.empty();
}

bool read_python_metadata(std::string_view text, PackageInfo& info) {
  std::string name = header_value(text, "Name");
  if (name.empty()) {
    return false;
  }
  info.ecosystem = Ecosystem::kPypi;
  info.name = std::move(name);
  info.version = header_value(text, "Version");
  return true;
}

bool read_pyproject(std::string_view text, PackageInfo& info) {
  bool in_project = false;
  for (std::string_view line : split(text, '\n')) {
    std::string_view t = trim(line);
    if (!t.empty() && t.front() == '[') {
      in_project = t == "[project]" || t == "[tool.poetry]";
      continue;
    }
    if (!in_project) {
      continue;
    }
    if (std::string v = toml_string(t, "name"); !v.empty()) {
      info.name = v;
    } else if (std::string ver = toml_string(t, "version"); !ver.empty()) {
      info.version = ver;
    }
  }
  if (!info.name.empty()) {
    info.ecosystem = Ecosystem::kPypi;
  }
  return !info.name.empty();
}

bool source_lang(std::string_view path, SourceLang& lang) {
  std::string lower = to_lower(path);
  if (is_noise_path(lower)) {
    return false;
  }
  if (ends_with(lower, ".py")) {
    lang = SourceLang::kPy;
  } else if (ends_with(lower, ".ts") || ends_with(lower, ".mts") || ends_with(lower, ".cts")) {
    lang = SourceLang::kTs;
  } else if (ends_with(lower, ".js") || ends_with(lower, ".mjs") || ends_with(lower, ".cjs")) {
    lang = SourceLang::kJs;
  } else {
    return false;
  }
  return true;
}

EntryRole classify_entry(std::string_view path) {
  std::string lower = to_lower(path);
  std::string_view name = base_name(lower);
  bool at_root = lower.find('/') == std::string::npos;
  if (at_root && name == "package.json") {
    return EntryRole::kNpmManifest;
  }
  if ((at_root && name == "pkg-info") ||
      (name == "metadata" &&
       ends_with(std::string_view(lower).substr(0, lower.size() - 9), ".dist-info") &&
       lower.find('/') == lower.rfind('/'))) {
    return EntryRole::kPythonMetadata;
  }
  if (at_root && name == "pyproject.toml") {
    return EntryRole::kPyproject;
  }
  if (at_root &&
      (name == "readme.md" || name == "readme" || name == "readme.rst" || name == "readme.txt")) {
    return EntryRole::kReadme;
  }
  SourceLang lang = SourceLang::kJs;
  if (source_lang(path, lang)) {
    return EntryRole::kSource;
  }
  if ((ends_with(name, ".json") || ends_with(name, ".yaml") || ends_with(name, ".yml")) &&
      !is_noise_path(lower) && name != "package-lock.json" && name != "tsconfig.json") {
    return EntryRole::kSpecCandidate;
  }
  return EntryRole::kSkip;
}

}  // namespace om::extract::detail
