// Reads catalog YAML (schema at the top of config/catalog.yaml) with libfyaml's event parser: one
// forward pass, no document tree. Nesting is fixed by the schema: anything deeper or of the wrong
// shape is an error at the first event that does not fit, so input depth never drives the stack.
#include "config/detail/catalog_yaml.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <libfyaml.h>

#include "core/c_handle.h"
#include "core/text.h"

namespace om::config::detail {
namespace {

using FyParser = CHandle<fy_parser, fy_parser_destroy>;
using FyDiag = CHandle<fy_diag, fy_diag_destroy>;

struct Event {
  fy_event_type type = FYET_NONE;
  std::string text;  // scalar value
  int line = 0;      // 1-based
  bool is_null = false;
};

const char* describe(fy_event_type type) {
  switch (type) {
    case FYET_MAPPING_START:
      return "a mapping";
    case FYET_SEQUENCE_START:
      return "a list";
    case FYET_SCALAR:
      return "a scalar";
    case FYET_ALIAS:
      return "an alias";
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
    case FYET_DOCUMENT_END:
    case FYET_STREAM_END:
      return "the end of a block";
    default:
      return "a document marker";
  }
}

// libfyaml events as owned values, with one event of look-ahead.
class EventReader {
 public:
  EventReader(std::string_view yaml, std::string_view origin) : origin_(origin) {
    fy_diag_cfg diag_cfg{};
    fy_diag_cfg_default(&diag_cfg);
    diag_cfg.fp = nullptr;
    diag_.reset(fy_diag_create(&diag_cfg));
    if (diag_) {
      fy_diag_set_collect_errors(diag_.get(), true);
    }
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2);
    cfg.diag = diag_.get();
    parser_.reset(fy_parser_create(&cfg));
    if (parser_ && fy_parser_set_string(parser_.get(), yaml.data(), yaml.size()) != 0) {
      parser_.reset();
    }
  }

  Result<Event> next() {
    if (peeked_) {
      Event e = std::move(*peeked_);
      peeked_.reset();
      return e;
    }
    return read();
  }
  Result<const Event*> peek() {
    if (!peeked_) {
      auto e = read();
      if (!e) {
        return e.error();
      }
      peeked_ = std::move(e.value());
    }
    return &*peeked_;
  }

 private:
  Result<Event> read();
  [[nodiscard]] Error syntax_error() const;

  std::string origin_;
  FyDiag diag_;  // declared before parser_: the parser holds a reference to it
  FyParser parser_;
  std::optional<Event> peeked_;
};

Result<Event> EventReader::read() {
  if (!parser_) {
    return Error{ErrorCode::kConfig, origin_ + ": cannot create a YAML parser"};
  }
  fy_event* raw = fy_parser_parse(parser_.get());
  if (raw == nullptr) {
    if (fy_parser_get_stream_error(parser_.get())) {
      return syntax_error();
    }
    return Event{FYET_NONE, "", 0, false};
  }
  Event e;
  e.type = raw->type;
  const fy_mark* mark = fy_event_start_mark(raw);
  e.line = mark != nullptr ? mark->line + 1 : 0;
  if (raw->type == FYET_SCALAR) {
    std::size_t len = 0;
    const char* text = fy_token_get_text(raw->scalar.value, &len);
    e.text.assign(text != nullptr ? text : "", text != nullptr ? len : 0);
    bool plain = fy_token_scalar_style(raw->scalar.value) == FYSS_PLAIN;
    e.is_null = plain && (e.text.empty() || e.text == "~" || e.text == "null" || e.text == "Null" ||
                          e.text == "NULL");
  }
  fy_parser_event_free(parser_.get(), raw);
  return e;
}

Error EventReader::syntax_error() const {
  std::string where = origin_;
  std::string msg = "YAML syntax error";
  void* iter = nullptr;
  if (diag_) {
    if (fy_diag_error* err = fy_diag_errors_iterate(diag_.get(), &iter)) {
      where += ":" + std::to_string(err->line + 1);
      msg += std::string(": ") + (err->msg != nullptr ? err->msg : "");
    }
  }
  return Error{ErrorCode::kConfig, where + ": " + msg};
}

constexpr std::array kFormats{"openapi",
                              "graphql",
                              "protobuf",
                              "google-discovery",
                              "aws-service-model",
                              "json-schema",
                              "elasticsearch-rest-spec"};

enum class ListKind { kDocs, kSpecs, kSdks };

Status assign_or(Result<std::string> value, std::string& out) {
  if (!value) {
    return value.error();
  }
  out = std::move(value.value());
  return Ok{};
}

// The schema, one member function per level; each consumes exactly the events of its node.
class CatalogReader {
 public:
  CatalogReader(std::string_view yaml, std::string_view origin)
      : events_(yaml, origin), origin_(origin) {}
  Result<std::vector<CatalogEntry>> read();

 private:
  [[nodiscard]] Error fail(int line, const std::string& path, const std::string& what) const {
    return Error{ErrorCode::kConfig,
                 origin_ + ":" + std::to_string(line) + ": " + path + ": " + what};
  }
  Result<Event> expect(fy_event_type type, const std::string& path);
  Result<std::string> read_string(const std::string& path);
  template <class Fn>
  Result<int> read_mapping(const std::string& path, Fn&& on_key);
  template <class Fn>
  Status read_list(const std::string& path, Fn&& on_item);
  Status read_version(const std::string& path);
  Status read_entry(const std::string& path, CatalogEntry& entry);
  Status read_entry_key(const std::string& key, const std::string& path, CatalogEntry& entry);
  Status read_location(const std::string& path, ListKind kind, Location& loc);
  Status check_location(int line, const std::string& path, ListKind kind, const Location& loc);
  Status read_host(const std::string& path, HostEntry& host);
  Status read_database_fact(const std::string& path, DatabaseFactEntry& fact);

  EventReader events_;
  std::string origin_;
  std::vector<CatalogEntry> entries_;
};

Result<Event> CatalogReader::expect(fy_event_type type, const std::string& path) {
  auto e = events_.next();
  if (!e) {
    return e.error();
  }
  if (e->type == FYET_NONE) {
    return Error{ErrorCode::kConfig, origin_ + ": " + path + ": unexpected end of input"};
  }
  if (e->type != type) {
    return fail(e->line, path,
                std::string("expected ") + describe(type) + ", found " + describe(e->type));
  }
  return e;
}

Result<std::string> CatalogReader::read_string(const std::string& path) {
  auto e = expect(FYET_SCALAR, path);
  if (!e) {
    return e.error();
  }
  if (e->is_null || e->text.empty()) {
    return fail(e->line, path, "expected a non-empty string, found null");
  }
  return std::move(e->text);
}

// Calls on_key(key, key_path, key_line) for each key; on_key must consume the value.
// Returns the line of the mapping.
template <class Fn>
Result<int> CatalogReader::read_mapping(const std::string& path, Fn&& on_key) {
  auto start = expect(FYET_MAPPING_START, path);
  if (!start) {
    return start.error();
  }
  std::set<std::string> seen;
  for (;;) {
    auto key = events_.next();
    if (!key) {
      return key.error();
    }
    if (key->type == FYET_MAPPING_END) {
      return start->line;
    }
    if (key->type != FYET_SCALAR) {
      return fail(key->line, path,
                  std::string("keys must be strings, found ") + describe(key->type));
    }
    std::string key_path = path.empty() ? key->text : path + "." + key->text;
    if (!seen.insert(key->text).second) {
      return fail(key->line, key_path, "duplicate key");
    }
    Status st = on_key(key->text, key_path, key->line);
    if (!st) {
      return st.error();
    }
  }
}

// Calls on_item(item_path) for each item; on_item must consume the item.
template <class Fn>
Status CatalogReader::read_list(const std::string& path, Fn&& on_item) {
  auto start = expect(FYET_SEQUENCE_START, path);
  if (!start) {
    return start.error();
  }
  for (std::size_t i = 0;; ++i) {
    auto next = events_.peek();
    if (!next) {
      return next.error();
    }
    if ((*next)->type == FYET_SEQUENCE_END) {
      (void)events_.next();
      return Ok{};
    }
    Status st = on_item(path + "[" + std::to_string(i) + "]");
    if (!st) {
      return st;
    }
  }
}

Status CatalogReader::read_version(const std::string& path) {
  auto e = expect(FYET_SCALAR, path);
  if (!e) {
    return e.error();
  }
  if (e->text != "1") {
    return fail(e->line, path, "unsupported version '" + e->text + "' (expected 1)");
  }
  return Ok{};
}

Result<std::vector<CatalogEntry>> CatalogReader::read() {
  for (fy_event_type type : {FYET_STREAM_START, FYET_DOCUMENT_START}) {
    auto e = expect(type, "(document)");
    if (!e) {
      return e.error();
    }
  }
  bool has_version = false;
  bool has_sources = false;
  auto root =
      read_mapping("", [&](const std::string& key, const std::string& path, int line) -> Status {
        if (key == "version") {
          has_version = true;
          return read_version(path);
        }
        if (key == "sources") {
          has_sources = true;
          return read_list(path, [&](const std::string& item_path) {
            entries_.emplace_back();
            return read_entry(item_path, entries_.back());
          });
        }
        return fail(line, path, "unknown key (expected version, sources)");
      });
  if (!root) {
    return root.error();
  }
  if (!has_version || !has_sources) {
    return fail(*root, "(root)", has_version ? "missing key 'sources'" : "missing key 'version'");
  }
  auto end = expect(FYET_DOCUMENT_END, "(document)");
  if (!end) {
    return end.error();
  }
  auto tail = events_.next();
  if (!tail) {
    return tail.error();
  }
  if (tail->type != FYET_STREAM_END) {
    return fail(tail->line, "(document)", "only one YAML document is allowed");
  }
  return std::move(entries_);
}

Status CatalogReader::read_entry(const std::string& path, CatalogEntry& entry) {
  auto line = read_mapping(
      path, [&](const std::string& key, const std::string& key_path, int key_line) -> Status {
        Status st = read_entry_key(key, key_path, entry);
        if (!st && st.error().message.empty()) {
          return fail(key_line, key_path,
                      "unknown key (expected name, display_name, service_type, interface, aliases, "
                      "docs, specs, sdks, hosts, database)");
        }
        return st;
      });
  if (!line) {
    return line.error();
  }
  entry.line = *line;
  for (auto [value, key] : {std::pair{&entry.name, "name"},
                            {&entry.display_name, "display_name"},
                            {&entry.service_type, "service_type"}}) {
    if (value->empty()) {
      return fail(entry.line, path, std::string("missing key '") + key + "'");
    }
  }
  return check_entry(entry, [&](const std::string& what) { return fail(entry.line, path, what); });
}

// An empty error message means "unknown key" (the caller knows the line).
Status CatalogReader::read_entry_key(const std::string& key, const std::string& path,
                                     CatalogEntry& entry) {
  auto assign = [&](std::string& out) -> Status {
    auto s = read_string(path);
    if (!s) {
      return s.error();
    }
    out = std::move(s.value());
    return Ok{};
  };
  if (key == "name") {
    return assign(entry.name);
  }
  if (key == "display_name") {
    return assign(entry.display_name);
  }
  if (key == "service_type") {
    return assign(entry.service_type);
  }
  if (key == "interface") {
    return assign(entry.interface);
  }
  if (key == "aliases") {
    return read_list(path, [&](const std::string& item_path) {
      entry.aliases.emplace_back();
      return assign_or(read_string(item_path), entry.aliases.back());
    });
  }
  auto locations = [&](ListKind kind, std::vector<Location>& out) {
    return read_list(path, [&, kind](const std::string& item_path) {
      out.emplace_back();
      return read_location(item_path, kind, out.back());
    });
  };
  if (key == "docs") {
    return locations(ListKind::kDocs, entry.docs);
  }
  if (key == "specs") {
    return locations(ListKind::kSpecs, entry.specs);
  }
  if (key == "sdks") {
    return locations(ListKind::kSdks, entry.sdks);
  }
  if (key == "hosts") {
    return read_list(path, [&](const std::string& item_path) {
      entry.hosts.emplace_back();
      return read_host(item_path, entry.hosts.back());
    });
  }
  if (key == "database") {
    return read_list(path, [&](const std::string& item_path) {
      entry.database.emplace_back();
      return read_database_fact(item_path, entry.database.back());
    });
  }
  return Error{ErrorCode::kConfig, ""};
}

Status CatalogReader::read_location(const std::string& path, ListKind kind, Location& loc) {
  auto allowed = [kind](const std::string& key) {
    switch (kind) {
      case ListKind::kDocs:
        return key == "url" || key == "cite";
      case ListKind::kSdks:
        return key == "package" || key == "cite";
      case ListKind::kSpecs:
        return key == "url" || key == "package" || key == "path" || key == "format" ||
               key == "api" || key == "cite";
    }
    return false;
  };
  auto line = read_mapping(
      path, [&](const std::string& key, const std::string& key_path, int key_line) -> Status {
        if (!allowed(key)) {
          const char* expected = kind == ListKind::kDocs ? "url, cite"
                                 : kind == ListKind::kSdks
                                     ? "package, cite"
                                     : "url, package, path, format, api, cite";
          return fail(key_line, key_path, std::string("unknown key (expected ") + expected + ")");
        }
        std::string* out = key == "url"       ? &loc.url
                           : key == "package" ? &loc.package
                           : key == "path"    ? &loc.path
                           : key == "format"  ? &loc.format
                           : key == "api"     ? &loc.api
                                              : &loc.cite;
        return assign_or(read_string(key_path), *out);
      });
  if (!line) {
    return line.error();
  }
  loc.line = *line;
  return check_location(loc.line, path, kind, loc);
}

Status CatalogReader::check_location(int line, const std::string& path, ListKind kind,
                                     const Location& loc) {
  if (loc.cite.empty()) {
    return fail(line, path, "missing key 'cite' (every location needs its citation)");
  }
  if (kind == ListKind::kSdks) {
    return is_package_id(loc.package)
               ? Status{Ok{}}
               : fail(line, path, "'package' must be npm:<name>[@<version>] or pypi:<name>");
  }
  if (kind == ListKind::kSpecs && !loc.package.empty()) {
    if (!loc.url.empty()) {
      return fail(line, path, "give either 'url' or 'package', not both");
    }
    if (!loc.package.starts_with("npm:") || loc.package.find('@', 5) == std::string::npos) {
      return fail(line, path, "spec 'package' must be npm:<name>@<version>");
    }
    if (loc.path.empty()) {
      return fail(line, path, "missing key 'path' (file inside the package)");
    }
  } else if (!is_http_url(loc.url)) {
    return fail(line, path, loc.url.empty() ? "missing key 'url'" : "'url' must be http(s)");
  } else if (!loc.path.empty()) {
    return fail(line, path, "'path' is only valid with 'package'");
  }
  if (!loc.format.empty() &&
      std::find(kFormats.begin(), kFormats.end(), loc.format) == kFormats.end()) {
    return fail(line, path, "unknown format '" + loc.format + "'");
  }
  return Ok{};
}

Status CatalogReader::read_database_fact(const std::string& path, DatabaseFactEntry& fact) {
  auto line = read_mapping(
      path, [&](const std::string& key, const std::string& key_path, int key_line) -> Status {
        for (auto [name, out] :
             {std::pair{"fact", &fact.fact}, {"value", &fact.value}, {"cite", &fact.cite}}) {
          if (key == name) {
            return assign_or(read_string(key_path), *out);
          }
        }
        return fail(key_line, key_path, "unknown key (expected fact, value, cite)");
      });
  if (!line) {
    return line.error();
  }
  static constexpr std::array<std::string_view, 4> kFacts = {"dialect_package", "driver_package",
                                                             "url_scheme", "default_port"};
  if (std::find(kFacts.begin(), kFacts.end(), fact.fact) == kFacts.end()) {
    return fail(*line, path,
                "'fact' must be dialect_package, driver_package, url_scheme or default_port");
  }
  if (fact.value.empty() || fact.cite.empty()) {
    return fail(*line, path, fact.value.empty() ? "missing key 'value'" : "missing key 'cite'");
  }
  return Ok{};
}

Status CatalogReader::read_host(const std::string& path, HostEntry& host) {
  auto line = read_mapping(
      path, [&](const std::string& key, const std::string& key_path, int key_line) -> Status {
        if (key == "host") {
          return assign_or(read_string(key_path), host.host);
        }
        if (key == "cite") {
          return assign_or(read_string(key_path), host.cite);
        }
        return fail(key_line, key_path, "unknown key (expected host, cite)");
      });
  if (!line) {
    return line.error();
  }
  if (host.host.empty() || host.cite.empty()) {
    return fail(*line, path, host.host.empty() ? "missing key 'host'" : "missing key 'cite'");
  }
  return Ok{};
}

}  // namespace

Result<std::vector<CatalogEntry>> read_catalog_yaml(std::string_view yaml,
                                                    std::string_view origin) {
  if (!is_valid_utf8(yaml)) {  // libfyaml 0.7.12 never returns on "%\xfa" (fuzz_catalog)
    return Error{ErrorCode::kConfig, std::string(origin) + ": not valid UTF-8"};
  }
  CatalogReader reader(yaml, origin);
  return reader.read();
}

}  // namespace om::config::detail
