// OpenAPI detector: base URLs (3.x `servers` with variable defaults; 2.0 schemes+host+basePath)
// and API versions (info.version, version path prefixes, version headers and query params).
#include <algorithm>
#include <map>

#include <re2/re2.h>

#include "core/text.h"
#include "core/url_text.h"
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {
namespace {

bool is_http_url(std::string_view url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 ||
         url.rfind("HTTP://", 0) == 0 || url.rfind("HTTPS://", 0) == 0;
}

/// Resolves a server URL against the document's URL (RFC 3986 reference resolution, simplified
/// to the forms servers use: absolute, //host, /path, relative path). "" when it cannot be.
std::string resolve_server_url(std::string_view server, std::string_view doc_url) {
  if (is_http_url(server)) {
    return std::string(server);
  }
  if (!is_http_url(doc_url)) {
    return {};
  }
  std::string origin = origin_of_url(doc_url);
  if (server.rfind("//", 0) == 0) {
    return std::string(doc_url.substr(0, doc_url.find(':') + 1)) + std::string(server);
  }
  if (!server.empty() && server[0] == '/') {
    return origin + std::string(server);
  }
  std::string_view base = doc_url.substr(0, doc_url.find_first_of("?#"));
  base = base.substr(0, base.rfind('/') + 1);
  std::string joined = std::string(base) + std::string(server);
  if (joined.size() > origin.size() + 1 && joined.back() == '/') {
    joined.pop_back();
  }
  return joined;
}

/// True for a host under `.local` (RFC 6762 multicast DNS, link-local only): a placeholder such
/// as the `http://<name>.local` a spec directory adds, never a public API base URL.
bool is_link_local_placeholder(std::string_view url) {
  return host_of_url(url).ends_with(".local");
}

/// A server on this machine (localhost, 127/8, ::1, 0.0.0.0): a development or self-hosted
/// default, not where the API lives for its users.
bool is_loopback_server(std::string_view url) {
  const std::string h = host_of_url(url);
  return h == "localhost" || h.ends_with(".localhost") || h.rfind("127.", 0) == 0 || h == "::1" ||
         h == "0.0.0.0";
}

/// Why a server URL is not a base URL ("" when it is one).
std::string not_a_base_url(std::string_view url) {
  if (is_link_local_placeholder(url)) {
    return "is a link-local placeholder host (.local), not a base URL";
  }
  if (is_loopback_server(url)) {
    return "is a local address (a development default): the base URL is the deployment's own";
  }
  return "";
}

/// Substitutes `{name}` with the variable's default (3.x Server Variable Object).
std::string substitute_variables(std::string_view url, const Node* variables) {
  std::string out;
  std::size_t pos = 0;
  while (pos < url.size()) {
    std::size_t open = url.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : url.find('}', open);
    if (close == std::string_view::npos) {
      out.append(url.substr(pos));
      break;
    }
    out.append(url.substr(pos, open - pos));
    std::string_view name = url.substr(open + 1, close - open - 1);
    const Node* var = variables != nullptr ? variables->get(name) : nullptr;
    std::string_view value = var != nullptr ? var->scalar("default") : std::string_view();
    if (value.empty()) {
      out.append(url.substr(open, close - open + 1));  // keep the placeholder: unknown
    } else {
      out.append(value);
    }
    pos = close + 1;
  }
  return out;
}

void add_base_url(Findings& out, std::string url, std::string description, Evidence evidence) {
  while (url.size() > 8 && url.back() == '/') {
    url.pop_back();
  }
  for (const BaseUrl& have : out.base_urls) {
    if (have.url == url) {
      return;
    }
  }
  BaseUrl base;
  base.url = std::move(url);
  base.description = std::move(description);
  base.evidence.push_back(std::move(evidence));
  out.base_urls.push_back(std::move(base));
}

void servers_v3(const SpecContext& ctx, Findings& out) {
  const Node* servers = ctx.root()->get("servers");
  if (servers == nullptr || !servers->is_array() || servers->items().size() == 0) {
    out.gaps.emplace_back("base URL not stated in the spec (no servers)");
    return;
  }
  for (std::uint32_t i = 0; i < servers->items().size(); ++i) {
    const Node* server = &servers->items()[i];
    std::string_view raw = server->str("url");
    if (raw.empty()) {
      continue;
    }
    std::string pointer = "/servers/" + std::to_string(i);
    std::string url =
        resolve_server_url(substitute_variables(raw, server->get("variables")), ctx.url());
    if (url.empty()) {
      out.gaps.push_back("base URL not stated in the spec: server URL '" + std::string(raw) +
                         "' is relative to where the spec is served");
      continue;
    }
    if (const std::string why = not_a_base_url(url); !why.empty()) {
      out.gaps.push_back("server URL '" + std::string(raw) + "' " + why);
      continue;
    }
    if (url.find('{') != std::string::npos) {  // host or path: either way not one URL
      out.gaps.push_back("server URL '" + std::string(raw) +
                         "' names part of itself by a variable with no default: the base URL is "
                         "per customer");
      continue;
    }
    add_base_url(out, std::move(url), std::string(server->str("description")),
                 ctx.evidence(server, pointer));
  }
}

void servers_v2(const SpecContext& ctx, Findings& out) {
  const Node* root = ctx.root();
  std::string_view host = root->str("host");
  std::string_view base_path = root->str("basePath");
  std::string scheme;
  if (const Node* schemes = root->get("schemes"); schemes != nullptr && schemes->is_array()) {
    for (std::uint32_t i = 0; i < schemes->items().size(); ++i) {
      std::string_view s = schemes->items()[i].text();
      if (scheme.empty() || s == "https") {
        scheme = std::string(s);
      }
    }
  }
  if (host.empty()) {
    // OpenAPI 2.0: without `host` the API is served from the host serving the documentation.
    std::string origin = is_http_url(ctx.url()) ? origin_of_url(ctx.url()) : std::string();
    if (origin.empty()) {
      out.gaps.emplace_back("base URL not stated in the spec (no host)");
      return;
    }
    // Cite basePath, else the `swagger` version key: never the root, whose locator "" is empty.
    const bool has_base = root->get("basePath") != nullptr;
    const Node* where = has_base ? root->get("basePath") : root->get("swagger");
    add_base_url(
        out, origin + std::string(base_path), "host of the spec's URL",
        ctx.evidence(where != nullptr ? where : root, has_base ? "/basePath" : "/swagger"));
    return;
  }
  if (scheme.empty()) {
    scheme = ctx.url().rfind("http://", 0) == 0 ? "http" : "https";
  }
  std::string url = scheme + "://" + std::string(host) + std::string(base_path);
  if (const std::string why = not_a_base_url(url); !why.empty()) {
    out.gaps.push_back("host '" + std::string(host) + "' " + why);
    return;
  }
  add_base_url(out, std::move(url), "", ctx.evidence(root->get("host"), "/host"));
}

// ------------------------------------------------------------------ API versions

void add_version(Findings& out, ApiVersion version) {
  for (const ApiVersion& have : out.api_versions) {
    if (have.version == version.version && have.via == version.via && have.name == version.name) {
      return;
    }
  }
  out.api_versions.push_back(std::move(version));
}

/// "/api/v2/dags/{id}" -> "/api/v2": the path up to a version-like segment in the first three.
std::string version_prefix(std::string_view path, std::string& version) {
  static const RE2 kSegment(R"((v\d+(?:\.\d+)*(?:(?:alpha|beta|preview)\d*)?|\d{4}-\d{2}-\d{2}))");
  std::size_t pos = 0;
  for (int depth = 0; depth < 3 && pos < path.size() && path[pos] == '/'; ++depth) {
    std::size_t next = path.find('/', pos + 1);
    std::string_view segment = path.substr(
        pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
    if (RE2::FullMatch(segment, kSegment)) {
      version = std::string(segment);
      return std::string(path.substr(0, pos + 1 + segment.size()));
    }
    if (next == std::string_view::npos) {
      break;
    }
    pos = next;
  }
  return {};
}

void path_versions(const SpecContext& ctx, Findings& out) {
  const Node* paths = ctx.root()->get("paths");
  if (paths == nullptr || !paths->is_object() || paths->members().size() == 0) {
    return;
  }
  struct Seen {
    std::string version;
    std::uint32_t count = 0;
    const Member* first = nullptr;
  };
  std::map<std::string, Seen> prefixes;
  for (std::uint32_t i = 0; i < paths->members().size(); ++i) {
    std::string version;
    std::string prefix = version_prefix(paths->members()[i].key(), version);
    if (!prefix.empty()) {
      Seen& seen = prefixes[prefix];
      seen.version = version;
      seen.first = seen.first == nullptr ? &paths->members()[i] : seen.first;
      ++seen.count;
    }
  }
  for (const auto& [prefix, seen] : prefixes) {
    if (std::size_t{seen.count} * 5 < paths->members().size()) {
      continue;  // a prefix on under a fifth of the paths is not the API's version
    }
    Evidence evidence{ctx.url(), pointer_append("/paths", seen.first->key()),
                      ctx.tree().quote(*seen.first)};
    add_version(out, ApiVersion{seen.version, VersionVia::kPath, prefix, {std::move(evidence)}});
  }
  for (const BaseUrl& base : out.base_urls) {
    std::string origin = origin_of_url(base.url);
    std::string version;
    std::string prefix = version_prefix(std::string_view(base.url).substr(origin.size()), version);
    if (!prefix.empty()) {
      add_version(out, ApiVersion{version, VersionVia::kPath, prefix, base.evidence});
    }
  }
}

std::string_view default_of(const Param& p) {
  for (const Node* n : {p.schema, p.node}) {
    if (n == nullptr) {
      continue;
    }
    for (std::string_view key : {"default", "example"}) {
      if (std::string_view v = n->scalar(key); !v.empty()) {
        return v;
      }
    }
    if (const Node* e = n->get("enum"); e != nullptr && e->is_array() && e->items().size() > 0) {
      return e->items()[0].text();
    }
  }
  return {};
}

void param_versions(const SpecContext& ctx, Findings& out) {
  static const RE2 kMediaVersion(R"((?i)(?:version=|vnd\.[\w.-]*?\.v)(\d+(?:\.\d+)*))");
  for (const Operation& op : ctx.operations()) {
    for (const Param& p : op.params) {
      VersionVia via = VersionVia::kUnknown;
      std::string version(default_of(p));
      std::string media_version;
      if (p.in == "header" && icontains(p.name, "version")) {
        via = VersionVia::kHeader;
      } else if (p.in == "query" &&
                 (iequals(p.name, "api-version") || iequals(p.name, "api_version") ||
                  iequals(p.name, "apiVersion"))) {
        via = VersionVia::kQuery;
      } else if (p.in == "header" && iequals(p.name, "Accept") &&
                 RE2::PartialMatch(version, kMediaVersion, &media_version)) {
        via = VersionVia::kMediaType;
        version = media_version;
      }
      if (via != VersionVia::kUnknown) {
        add_version(
            out, ApiVersion{version, via, std::string(p.name), {ctx.evidence(p.node, p.pointer)}});
      }
    }
  }
}

void detect_versions(const SpecContext& ctx, Findings& out) {
  if (const Node* info = ctx.root()->get("info"); info != nullptr) {
    if (std::string_view v = info->scalar("version"); !v.empty()) {
      add_version(out, ApiVersion{std::string(v),
                                  VersionVia::kDocument,
                                  "",
                                  {ctx.evidence(info->get("version"), "/info/version")}});
    }
  }
  path_versions(ctx, out);
  param_versions(ctx, out);
}

}  // namespace

void detect_servers(const SpecContext& ctx, Findings& out) {
  if (ctx.major_version() == 2) {
    servers_v2(ctx, out);
  } else {
    servers_v3(ctx, out);
  }
  detect_versions(ctx, out);
}

}  // namespace om::extract::detail
