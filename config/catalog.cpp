// The catalog: loading (built-in, file, user override), validation across entries, lookup by
// folded name or alias, and "did you mean" suggestions by edit distance.
#include "config/catalog.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "config/detail/catalog_yaml.h"
#include "core/text.h"
#include "core/types.h"
#include "core/url.h"

namespace om::config {
namespace {

constexpr std::uintmax_t kMaxCatalogBytes = 8U << 20U;

// Every name and alias folds to a key owned by exactly one entry.
Status check_unique(const std::vector<CatalogEntry>& entries, std::string_view origin) {
  std::map<std::string, const CatalogEntry*> owner;
  for (const CatalogEntry& e : entries) {
    std::vector<std::string> keys{e.name};
    keys.insert(keys.end(), e.aliases.begin(), e.aliases.end());
    for (const std::string& key : keys) {
      auto [it, inserted] = owner.emplace(fold_name(key), &e);
      if (!inserted && it->second != &e) {
        return Error{ErrorCode::kConfig, std::string(origin) + ":" + std::to_string(e.line) +
                                             ": source '" + e.name + "': name or alias '" + key +
                                             "' is already used by '" + it->second->name + "'"};
      }
    }
  }
  return Ok{};
}

void derive_hosts(CatalogEntry& e) {
  std::set<std::string> hosts;
  for (const auto* list : {&e.docs, &e.specs}) {
    for (const Location& loc : *list) {
      if (std::string host = detail::url_host(loc.url); !host.empty()) {
        hosts.insert(std::move(host));
      }
    }
  }
  for (const HostEntry& h : e.hosts) {
    hosts.insert(to_lower(h.host));
  }
  e.allowed_hosts.assign(hosts.begin(), hosts.end());
}

Json location_json(const Location& loc) {
  Json j = Json::object();
  for (auto [key, value] : {std::pair{"url", &loc.url},
                            {"package", &loc.package},
                            {"path", &loc.path},
                            {"format", &loc.format},
                            {"api", &loc.api}}) {
    if (!value->empty()) {
      j.set(key, *value);
    }
  }
  j.set("cite", loc.cite);
  return j;
}

}  // namespace

namespace detail {

Status check_entry(const CatalogEntry& entry,
                   const std::function<Error(const std::string&)>& fail) {
  bool slug = !entry.name.empty() && std::all_of(entry.name.begin(), entry.name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!slug) {
    return fail("name '" + entry.name + "' must be a slug of a-z, 0-9 and '-'");
  }
  const auto& types = kServiceTypes;
  if (std::find(std::begin(types), std::end(types), entry.service_type) == std::end(types)) {
    return fail("service_type '" + entry.service_type +
                "' is not one of database, dashboard, pipeline, messaging, mlmodel, storage, "
                "search, api");
  }
  for (const std::string& alias : entry.aliases) {
    if (fold_name(alias).empty()) {
      return fail("alias '" + alias + "' is empty once folded");
    }
  }
  return Ok{};
}

bool is_http_url(std::string_view url) {
  return (url.starts_with("https://") || url.starts_with("http://")) && !url_host(url).empty();
}

bool is_package_id(std::string_view id) {
  for (std::string_view prefix : {"npm:", "pypi:"}) {
    if (id.starts_with(prefix) && id.size() > prefix.size() &&
        id.find_first_of(" \t") == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::string url_host(std::string_view url) {
  const Result<Url> parsed = parse_url(url);  // the crawler's reading: scope compares Url::host
  return parsed ? parsed->host : "";
}

}  // namespace detail

Catalog::Catalog(std::vector<CatalogEntry> entries, std::string origin)
    : entries_(std::move(entries)), origin_(std::move(origin)) {}

std::string fold_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : trim(name)) {
    if (c != '-' && c != '_' && c != ' ') {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  return out;
}

const CatalogEntry* Catalog::find(std::string_view name) const {
  std::string key = fold_name(name);
  if (key.empty()) {
    return nullptr;
  }
  for (const CatalogEntry& e : entries_) {
    if (fold_name(e.name) == key) {
      return &e;
    }
    for (const std::string& alias : e.aliases) {
      if (fold_name(alias) == key) {
        return &e;
      }
    }
  }
  return nullptr;
}

std::vector<std::vector<const Location*>> spec_groups(const CatalogEntry& entry) {
  std::vector<std::vector<const Location*>> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const Location& loc : entry.specs) {
    auto key = std::pair{loc.format.empty() ? std::string("openapi") : loc.format, loc.api};
    auto [it, added] = index.emplace(key, groups.size());
    if (added) {
      groups.emplace_back();
    }
    groups[it->second].push_back(&loc);
  }
  return groups;
}

std::vector<std::string> Catalog::closest(std::string_view name, std::size_t k) const {
  std::string key = fold_name(name);
  std::size_t limit = std::max<std::size_t>(2, key.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const CatalogEntry& e : entries_) {
    std::size_t best = edit_distance(key, fold_name(e.name));
    for (const std::string& alias : e.aliases) {
      best = std::min(best, edit_distance(key, fold_name(alias)));
    }
    if (best <= limit) {
      scored.emplace_back(best, e.name);
    }
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < k; ++i) {
    out.push_back(scored[i].second);
  }
  return out;
}

Result<Catalog> parse_catalog(std::string_view yaml, std::string_view origin) {
  auto entries = detail::read_catalog_yaml(yaml, origin);
  if (!entries) {
    return entries.error();
  }
  Status unique = check_unique(*entries, origin);
  if (!unique) {
    return unique.error();
  }
  for (CatalogEntry& e : *entries) {
    derive_hosts(e);
  }
  return Catalog(std::move(entries.value()), std::string(origin));
}

std::string_view builtin_catalog_text() {
  return {detail::kBuiltinCatalogYaml, detail::kBuiltinCatalogYamlSize};
}

Result<Catalog> load_builtin() {
  return parse_catalog(builtin_catalog_text(), "built-in");
}

Result<Catalog> load_file(const std::string& path) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    return Error{ErrorCode::kConfig, path + ": cannot read catalog: " + ec.message()};
  }
  if (size > kMaxCatalogBytes) {
    return Error{ErrorCode::kConfig, path + ": catalog larger than 8 MiB"};
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return Error{ErrorCode::kConfig, path + ": cannot read catalog"};
  }
  return parse_catalog(text, path);
}

std::string user_catalog_path() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once at startup, nothing calls setenv then
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/om-research/catalog.yaml";
  }
  const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe): as above
  if (home != nullptr && *home != '\0') {
    return std::string(home) + "/.config/om-research/catalog.yaml";
  }
  return "";
}

Result<Catalog> load_default(const std::string& flag_path) {
  if (!flag_path.empty()) {
    return load_file(flag_path);
  }
  std::string user = user_catalog_path();
  std::error_code ec;
  if (!user.empty() && std::filesystem::exists(user, ec)) {
    return load_file(user);
  }
  return load_builtin();
}

Json to_json(const CatalogEntry& entry) {
  Json j = Json::object();
  j.set("name", entry.name);
  j.set("display_name", entry.display_name);
  j.set("service_type", entry.service_type);
  j.set("interface", Json::str_or_null(entry.interface));
  Json aliases = Json::array();
  for (const std::string& a : entry.aliases) {
    aliases.push(a);
  }
  j.set("aliases", std::move(aliases));
  for (auto [key, list] :
       {std::pair{"docs", &entry.docs}, {"specs", &entry.specs}, {"sdks", &entry.sdks}}) {
    Json arr = Json::array();
    for (const Location& loc : *list) {
      arr.push(location_json(loc));
    }
    j.set(key, std::move(arr));
  }
  Json hosts = Json::array();
  for (const std::string& h : entry.allowed_hosts) {
    hosts.push(h);
  }
  j.set("allowed_hosts", std::move(hosts));
  if (!entry.database.empty()) {  // issue #23: only database entries carry these
    Json database = Json::array();
    for (const DatabaseFactEntry& d : entry.database) {
      Json one = Json::object();
      one.set("fact", d.fact);
      one.set("value", d.value);
      one.set("cite", d.cite);
      database.push(std::move(one));
    }
    j.set("database", std::move(database));
  }
  return j;
}

}  // namespace om::config
