// npm packuments (`<registry>/<name>`: dist-tags, versions[v].dist.{tarball,integrity,shasum})
// and the PyPI JSON API (`<index>/pypi/<name>[/<version>]/json`: urls[].{packagetype,url,
// digests.sha256}) resolved to a verified archive through an injected fetch function.
#include "app/packages.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"
#include "core/url_text.h"

namespace om::packages {
namespace fs = std::filesystem;
namespace {

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') {
    s.pop_back();
  }
  return s;
}

/// The value of an environment variable, "" when unset. getenv is safe from any thread here:
/// the process never changes its environment.
std::string env_value(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe)
  return v == nullptr ? "" : v;
}

/// A small config file's text ("" when missing, unreadable or over 1 MiB).
std::string file_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > (1U << 20) || ec) {
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// npm's project folder: the nearest one at or above `cwd` with package.json or node_modules,
/// else `cwd` itself.
fs::path npm_project_folder(const std::string& cwd) {
  std::error_code ec;
  for (fs::path dir = fs::path(cwd); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "package.json", ec) || fs::is_directory(dir / "node_modules", ec)) {
      return dir;
    }
    if (dir == dir.parent_path()) {
      break;
    }
  }
  return cwd;
}

/// `key`'s value in an ini-style text (npmrc, pip.conf): the first of `sections` that has it,
/// where "" is the part before any [section]. Comments start with '#' or ';'; quotes are
/// removed; `key = value` and `key=value` both read.
std::string ini_value(std::string_view text, std::initializer_list<std::string_view> sections,
                      std::string_view key) {
  for (std::string_view wanted : sections) {
    std::string_view section;
    for (std::string_view line : split(text, '\n')) {
      line = trim(line);
      if (line.empty() || line.front() == '#' || line.front() == ';') {
        continue;
      }
      if (line.front() == '[' && line.back() == ']') {
        section = trim(line.substr(1, line.size() - 2));
        continue;
      }
      auto eq = line.find('=');
      if (eq == std::string_view::npos || section != wanted || trim(line.substr(0, eq)) != key) {
        continue;
      }
      std::string_view value = trim(line.substr(eq + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return "";
}

/// A pip index URL's JSON API base: "https://mirror/pypi/simple/" -> "https://mirror/pypi".
std::string json_api_base(std::string index) {
  index = trim_slashes(std::move(index));
  if (index.size() >= 7 && index.compare(index.size() - 7, 7, "/simple") == 0) {
    index.resize(index.size() - 7);
  }
  return index;
}

bool all_of_chars(std::string_view s, std::string_view extra) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              extra.find(c) != std::string_view::npos;
    if (!ok) {
      return false;
    }
  }
  return !s.empty();
}

/// A path inside a package: relative, no "..", no empty or control characters.
bool valid_package_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.size() > 1024) {
    return false;
  }
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == "..") {
      return false;
    }
  }
  return std::none_of(path.begin(), path.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\\'; });
}

bool valid_npm_name(std::string_view name) {
  std::string_view bare = name;
  if (!name.empty() && name.front() == '@') {
    auto slash = name.find('/');
    if (slash == std::string_view::npos || slash < 2 || slash + 1 >= name.size()) {
      return false;
    }
    if (!all_of_chars(name.substr(1, slash - 1), "-._~")) {
      return false;
    }
    bare = name.substr(slash + 1);
  }
  return all_of_chars(bare, "-._~") && bare.front() != '.' && bare.size() <= 214;
}

Error error_for(const PackageSpec& spec, ErrorCode code, const std::string& what,
                const std::string& url) {
  return Error{code, spec.id() + ": " + what + " (" + url + ")"};
}

// GET `url`; any non-200 answer is an error naming the package and the URL.
Result<FetchedDocument> get(const PackageSpec& spec, const FetchFn& fetch, const std::string& url,
                            std::string_view what) {
  Result<FetchedDocument> doc = fetch(url);
  if (!doc.ok()) {
    return error_for(spec, doc.error().code,
                     std::string(what) + " could not be fetched: " + doc.error().message, url);
  }
  if (doc->http_status == 404 || doc->http_status == 410) {
    return error_for(
        spec, ErrorCode::kNotFound,
        std::string(what) + " not found (HTTP " + std::to_string(doc->http_status) + ")", url);
  }
  if (doc->http_status != 200) {
    return error_for(spec, ErrorCode::kHttpStatus,
                     std::string(what) + " answered HTTP " + std::to_string(doc->http_status), url);
  }
  return doc;
}

Result<Json> get_json(const PackageSpec& spec, const FetchFn& fetch, const std::string& url) {
  Result<FetchedDocument> doc = get(spec, fetch, url, "registry metadata");
  if (!doc.ok()) {
    return doc.error();
  }
  Result<Json> json = Json::parse(doc->body, 128);
  if (!json.ok() || !json->is_object()) {
    return error_for(spec, ErrorCode::kParse, "registry metadata is not a JSON object", url);
  }
  return json;
}

// Checks npm `integrity` ("sha512-<base64>", possibly several, space-separated) or `shasum`.
Status check_npm_integrity(const PackageSpec& spec, const Json& dist, const std::string& body,
                           const std::string& url) {
  const std::string& integrity = dist["integrity"].as_string();
  bool had_sha512 = false;
  for (std::string_view item : split(integrity, ' ')) {
    item = trim(item);
    if (item.substr(0, 7) == "sha512-") {
      had_sha512 = true;
      if (item.substr(7) == base64_encode(sha512_raw(body))) {
        return Ok{};
      }
    }
  }
  if (had_sha512) {
    return error_for(spec, ErrorCode::kRefused,
                     "tarball does not match dist.integrity " + integrity, url);
  }
  const std::string& shasum = dist["shasum"].as_string();
  if (shasum.empty()) {
    return error_for(spec, ErrorCode::kRefused, "registry records no integrity or shasum", url);
  }
  if (to_lower(shasum) != sha1_hex(body)) {
    return error_for(spec, ErrorCode::kRefused, "tarball does not match dist.shasum " + shasum,
                     url);
  }
  return Ok{};
}

Result<FetchedPackage> fetch_npm(PackageSpec spec, const FetchFn& fetch, const Registries& reg) {
  FetchedPackage out;
  out.metadata_url = npm_metadata_url(trim_slashes(reg.npm), spec.name);
  Result<Json> meta = get_json(spec, fetch, out.metadata_url);
  if (!meta.ok()) {
    return meta.error();
  }
  const Json& versions = (*meta)["versions"];
  std::string version = spec.version.empty() ? "latest" : spec.version;
  if (versions[version].is_null() && (*meta)["dist-tags"][version].is_string()) {
    version = (*meta)["dist-tags"][version].as_string();  // a tag such as latest or next
  }
  const Json& dist = versions[version]["dist"];
  if (!dist.is_object()) {
    return error_for(spec, ErrorCode::kNotFound,
                     "version " + version + " is not published (pin an exact version or a tag)",
                     out.metadata_url);
  }
  spec.version = version;
  out.tarball_url = dist["tarball"].as_string();
  if (out.tarball_url.rfind("https://", 0) != 0 && out.tarball_url.rfind("http://", 0) != 0) {
    return error_for(spec, ErrorCode::kParse, "dist.tarball is not an http(s) URL",
                     out.metadata_url);
  }
  Result<FetchedDocument> tarball = get(spec, fetch, out.tarball_url, "tarball");
  if (!tarball.ok()) {
    return tarball.error();
  }
  if (Status s = check_npm_integrity(spec, dist, tarball->body, out.tarball_url); !s.ok()) {
    return s.error();
  }
  out.spec = std::move(spec);
  out.archive = std::move(tarball.value());
  return out;
}

// The file to read from PyPI's `urls`: a pure wheel, else any wheel, else the sdist.
const Json* choose_pypi_file(const Json& urls) {
  const Json* best = nullptr;
  int best_rank = 0;
  for (const Json& f : urls.as_array()) {
    const std::string& type = f["packagetype"].as_string();
    const std::string& name = f["filename"].as_string();
    int rank = type == "bdist_wheel" ? (name.ends_with("-none-any.whl") ? 4 : 3)
               : type == "sdist"     ? (name.ends_with(".tar.gz") || name.ends_with(".zip") ? 2 : 0)
                                     : 0;
    if (rank > best_rank) {
      best = &f;
      best_rank = rank;
    }
  }
  return best;
}

Result<FetchedPackage> fetch_pypi(PackageSpec spec, const FetchFn& fetch, const Registries& reg) {
  FetchedPackage out;
  out.metadata_url = trim_slashes(reg.pypi) + "/pypi/" + spec.name +
                     (spec.version.empty() ? "" : "/" + spec.version) + "/json";
  Result<Json> meta = get_json(spec, fetch, out.metadata_url);
  if (!meta.ok()) {
    return meta.error();
  }
  const Json* file = choose_pypi_file((*meta)["urls"]);
  if (file == nullptr) {
    return error_for(spec, ErrorCode::kNotFound, "no wheel or sdist is published",
                     out.metadata_url);
  }
  spec.version = (*meta)["info"]["version"].as_string();
  out.tarball_url = (*file)["url"].as_string();
  if (out.tarball_url.rfind("https://", 0) != 0 && out.tarball_url.rfind("http://", 0) != 0) {
    return error_for(spec, ErrorCode::kParse, "urls[].url is not an http(s) URL", out.metadata_url);
  }
  const std::string& sha256 = (*file)["digests"]["sha256"].as_string();
  Result<FetchedDocument> archive = get(spec, fetch, out.tarball_url, "archive");
  if (!archive.ok()) {
    return archive.error();
  }
  if (sha256.empty() || to_lower(sha256) != sha256_hex(archive->body)) {
    return error_for(spec, ErrorCode::kRefused,
                     sha256.empty() ? "registry records no sha256 digest"
                                    : "archive does not match digests.sha256 " + sha256,
                     out.tarball_url);
  }
  out.spec = std::move(spec);
  out.archive = std::move(archive.value());
  return out;
}

}  // namespace

std::string PackageSpec::file_id(const std::string& file) const {
  return id() + "/" + file;
}

std::string PackageSpec::id() const {
  if (ecosystem == Ecosystem::kPypi) {
    return "pypi:" + name + (version.empty() ? "" : "==" + version);
  }
  return "npm:" + name + (version.empty() ? "" : "@" + version);
}

std::vector<std::string> Registries::trusted_hosts() const {
  std::vector<std::string> hosts;
  for (const auto& [url, configured] :
       {std::pair{&npm, npm_configured}, {&pypi, pypi_configured}}) {
    std::string host = configured ? host_of_url(*url) : "";
    if (!host.empty()) {
      hosts.push_back(std::move(host));
    }
  }
  return hosts;
}

Registries Registries::configured() {
  return resolve_registries(RegistrySettings::read(fs::current_path().string()));
}

RegistrySettings RegistrySettings::read(const std::string& cwd) {
  RegistrySettings s;
  s.npm_env = env_value("npm_config_registry");
  if (s.npm_env.empty()) {
    s.npm_env = env_value("NPM_CONFIG_REGISTRY");
  }
  s.pypi_override = env_value("OM_RESEARCH_PYPI_INDEX");
  s.pip_env = env_value("PIP_INDEX_URL");
  const std::string home = env_value("HOME");
  auto add = [](std::vector<std::string>& to, const fs::path& file) {
    if (std::string text = file_text(file); !text.empty()) {
      to.push_back(std::move(text));
    }
  };
  add(s.npmrc_texts, npm_project_folder(cwd) / ".npmrc");
  std::string user_npmrc = env_value("NPM_CONFIG_USERCONFIG");
  user_npmrc = user_npmrc.empty() ? env_value("npm_config_userconfig") : user_npmrc;
  if (!user_npmrc.empty() || !home.empty()) {
    add(s.npmrc_texts, user_npmrc.empty() ? fs::path(home) / ".npmrc" : fs::path(user_npmrc));
  }
  for (const char* var : {"PIP_CONFIG_FILE", "VIRTUAL_ENV"}) {
    if (std::string v = env_value(var); !v.empty()) {
      add(s.pip_conf_texts,
          std::string(var) == "VIRTUAL_ENV" ? fs::path(v) / "pip.conf" : fs::path(v));
    }
  }
  std::string xdg = env_value("XDG_CONFIG_HOME");
  if (xdg.empty() && !home.empty()) {
    xdg = home + "/.config";
  }
  if (!xdg.empty()) {
    add(s.pip_conf_texts, fs::path(xdg) / "pip" / "pip.conf");
  }
  if (!home.empty()) {
    add(s.pip_conf_texts, fs::path(home) / ".pip" / "pip.conf");
  }
  add(s.pip_conf_texts, "/etc/xdg/pip/pip.conf");
  add(s.pip_conf_texts, "/etc/pip.conf");
  return s;
}

Registries resolve_registries(const RegistrySettings& settings) {
  Registries r;
  std::string npm = settings.npm_env;
  for (const auto& text : settings.npmrc_texts) {
    npm = npm.empty() ? ini_value(text, {""}, "registry") : npm;
  }
  if (!npm.empty()) {
    r.npm = trim_slashes(npm);
    r.npm_configured = true;
  }
  std::string pypi = settings.pypi_override;
  if (pypi.empty()) {
    std::string index = settings.pip_env;
    for (const auto& text : settings.pip_conf_texts) {
      index = index.empty() ? ini_value(text, {"install", "global"}, "index-url") : index;
    }
    pypi = json_api_base(index);
  }
  if (!pypi.empty()) {
    r.pypi = trim_slashes(pypi);
    r.pypi_configured = true;
  }
  return r;
}

bool is_package_spec(std::string_view text) {
  return text.substr(0, 4) == "npm:" || text.substr(0, 5) == "pypi:";
}

Result<PackageSpec> parse_package_spec(std::string_view full) {
  PackageSpec spec;
  std::string_view text = full.substr(0, full.find('#'));
  if (text.size() < full.size()) {
    spec.path = std::string(full.substr(text.size() + 1));
    if (!valid_package_path(spec.path)) {
      return Error{ErrorCode::kConfig, "not a relative path inside the package: '" + spec.path +
                                           "' in " + std::string(full)};
    }
  }
  std::string_view rest;
  if (text.substr(0, 4) == "npm:") {
    spec.ecosystem = Ecosystem::kNpm;
    rest = text.substr(4);
    auto at = rest.rfind('@');
    std::string_view name = at == std::string_view::npos || at == 0 ? rest : rest.substr(0, at);
    spec.name = std::string(name);
    spec.version = name.size() < rest.size() ? std::string(rest.substr(name.size() + 1)) : "";
    if (!valid_npm_name(spec.name)) {
      return Error{ErrorCode::kConfig, "not a valid npm package name: " + std::string(text)};
    }
  } else if (text.substr(0, 5) == "pypi:") {
    spec.ecosystem = Ecosystem::kPypi;
    rest = text.substr(5);
    auto eq = rest.find("==");
    spec.name = std::string(rest.substr(0, eq));
    spec.version = eq == std::string_view::npos ? "" : std::string(rest.substr(eq + 2));
    if (!all_of_chars(spec.name, "-._")) {
      return Error{ErrorCode::kConfig, "not a valid PyPI project name: " + std::string(text)};
    }
  } else {
    return Error{ErrorCode::kConfig,
                 "not a package spec (npm:<name>[@<version>] or pypi:<name>[==<version>]): " +
                     std::string(text)};
  }
  if (!spec.version.empty() && !all_of_chars(spec.version, "-._+")) {
    return Error{ErrorCode::kConfig,
                 "version must be an exact version or a tag (no ranges): " + std::string(text)};
  }
  return spec;
}

std::string npm_metadata_url(const std::string& registry, const std::string& name) {
  std::string encoded = name;
  if (auto slash = encoded.find('/'); slash != std::string::npos) {
    encoded.replace(slash, 1, "%2f");
  }
  return trim_slashes(registry) + "/" + encoded;
}

Result<FetchedPackage> fetch_package(const PackageSpec& spec, const FetchFn& fetch,
                                     const Registries& registries) {
  Result<FetchedPackage> out = spec.ecosystem == Ecosystem::kPypi
                                   ? fetch_pypi(spec, fetch, registries)
                                   : fetch_npm(spec, fetch, registries);
  if (out.ok()) {
    FetchedDocument& doc = out->archive;
    if (doc.url.empty()) {
      doc.url = out->tarball_url;
    }
    doc.found_via = {ViaKind::kPackage, out->spec.id()};
  }
  return out;
}

}  // namespace om::packages
