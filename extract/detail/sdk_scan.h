// Mining SDK source code (JavaScript, TypeScript incl. .d.ts, Python) for connector facts:
// a line scanner fills an SdkScan over every file, then finish_sdk turns it into findings.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace om::extract::detail {

enum class SourceLang { kJs, kTs, kPy };

/// The language of a source path, or false when the path is not a source we read.
[[nodiscard]] bool source_lang(std::string_view path, SourceLang& lang);

/// Package identity from its metadata (package.json, METADATA / PKG-INFO, pyproject.toml).
struct PackageInfo {
  Ecosystem ecosystem = Ecosystem::kUnknown;
  std::string name, version;
  /// "npm:<name>@<version>", "pypi:<name>==<version>", or "" when name is unknown.
  [[nodiscard]] std::string id() const;
};

/// Fills name/version from a package.json body; false when it is not valid JSON.
bool read_npm_manifest(std::string_view text, PackageInfo& info);
/// Fills name/version from METADATA / PKG-INFO headers (RFC 822 style).
bool read_python_metadata(std::string_view text, PackageInfo& info);
/// Fills name/version from pyproject.toml's [project] table.
bool read_pyproject(std::string_view text, PackageInfo& info);

/// One line of evidence inside the package: path and 1-based line; the URL is added at the end.
struct CodeRef {
  std::string path;
  int line = 0;
  std::string quote;
};

/// A named thing seen in the code with where it was seen.
struct CodeHit {
  std::string value;
  CodeRef ref;
};

/// A class (or a top-level function that builds requests) that could be the client.
struct ClientCandidate {
  std::string name;
  CodeRef ref;
  bool builds_auth = false;
  bool is_function = false;
  std::vector<std::string> namespaced;  // "blocks.children.list"
  std::vector<std::string> methods;     // flat public methods from .d.ts/.ts/.py
  std::vector<std::string> js_methods;  // flat methods from .js (which has no `private`)
  std::vector<std::string> ctor_options;
  std::string options_type;  // `constructor(options?: ClientOptions)`
  std::vector<CodeRef> option_refs;
};

/// An HTTP endpoint the code calls or declares: `this.get(`/users/${id}`)`, a descriptor
/// `{ method: "get", path: (p) => `users/${p.user_id}` }`, `self._request("GET", f"/x/{id}")`.
struct SdkEndpointHit {
  std::string method;        // upper-case
  std::string path;          // "/users/{id}", placeholders named by the expression's last name
  std::string operation_id;  // the enclosing function or descriptor, or ""
  CodeRef ref;               // the line holding the path
  CodeRef method_ref;        // the line holding the method when it is another one (line 0: none)
};

/// Everything collected over the package's sources; plain data, filled file by file.
struct SdkScan {
  std::vector<ClientCandidate> clients;
  std::map<std::string, std::vector<CodeHit>> option_types;  // ClientOptions -> members
  std::vector<CodeHit> auth_schemes;  // "Bearer ", "Basic ", "Token token=" (+ header name)
  std::vector<CodeHit> auth_headers;  // "X-API-Key"
  std::vector<CodeHit> oauth_grants;  // client_credentials, authorization_code, ...
  std::vector<CodeHit> env_vars;      // NOTION_TOKEN
  std::vector<CodeHit> base_urls;
  std::vector<CodeHit> path_versions;     // "/v3": a version segment computed from a config default
  std::vector<CodeHit> version_headers;   // "Notion-Version"
  std::vector<CodeHit> version_defaults;  // "defaultNotionVersion=2025-09-03"
  std::vector<CodeHit> media_versions;    // vnd.pagerduty+json;version=2
  std::vector<CodeHit> pagination_helpers;
  std::vector<CodeHit> page_request_params;   // start_cursor, offset, cursor, ...
  std::vector<CodeHit> page_response_fields;  // next_cursor, has_more, more, ...
  std::vector<CodeHit> page_headers;          // Link, X-Total-Count
  std::vector<CodeHit> page_feeds;        // "marker=nextMarker": params.marker = result.nextMarker
  std::vector<CodeHit> retry_signals;     // 429, Retry-After, maxRetries
  std::vector<CodeHit> rate_headers;      // X-RateLimit-*
  std::vector<CodeHit> auth_option_uses;  // config.client_id, options.auth, ...
  std::vector<SdkEndpointHit> endpoints;  // in file order, duplicates kept
  std::vector<CodeHit> path_prefixes;     // "/v1" appended to the base URL for every path
  std::size_t files_scanned = 0;
  std::size_t lines_skipped = 0;
};

/// Scans one source file. `path` is the path inside the package, used in locators.
void scan_source(std::string_view path, std::string_view text, SourceLang lang,
                 std::size_t max_line_bytes, SdkScan& scan);

/// The pattern half of the scanner (sdk_patterns.cpp): matches one code line. Values that need
/// another line of the same file (a default, a host variable) go to the per-file lists, which
/// join_file_values resolves at the end of the file. `built_auth`: the line builds a credential.
struct FileJoins {
  std::vector<CodeHit> defaults;      // "name=value"
  std::vector<CodeHit> host_vars;     // https://${var}
  std::vector<CodeHit> media_vars;    // vnd...;version=${var}
  std::vector<CodeHit> version_vars;  // host + "/v" + apiMajor, `${base}/v${apiMajor}`
};
void scan_patterns(std::string_view path, int line, std::string_view code,
                   bool mentions_authorization, SdkScan& scan, FileJoins& joins, bool& built_auth);
void join_file_values(const FileJoins& joins, SdkScan& scan);

/// The endpoint half of the scanner (sdk_endpoints.cpp): per-file state carried across lines
/// (a descriptor's method and path may sit on different lines; the enclosing function names
/// the operation).
struct EndpointFileState {
  struct Frame {
    int indent = 0;
    std::string name;
  };
  bool skip = false;  // declaration files (.d.ts) hold no calls
  std::vector<Frame> frames;
  std::string pending_method;  // `method: "get",` waiting for its `path:`
  CodeRef pending_method_ref;
  int pending_method_indent = -1;
  std::string pending_path;  // `path: ...,` waiting for its `method:`
  std::string pending_path_op;
  CodeRef pending_path_ref;
  int pending_path_indent = -1;
  std::string open_call;  // `this.get(` ending a line: the path is on the next one
};
void scan_endpoint_line(EndpointFileState& st, std::string_view path, SourceLang lang, int line,
                        std::string_view code, int indent, SdkScan& scan);
/// Endpoints and the entities their families imply (sdk_endpoints.cpp), at SDK confidence.
void endpoint_facts(const SdkScan& scan, const std::string& url, Findings& out);

/// True for option names that carry credentials (auth, token, apiKey, client_secret, ...).
[[nodiscard]] bool is_auth_option_name(std::string_view name);

/// Base URL, API version and retry / rate-limit facts (sdk_records.cpp).
void other_facts(const SdkScan& scan, const std::string& url, Findings& out);
/// The Sdk record itself; `client` may be null (no class or function looks like one).
void sdk_record(const SdkScan& scan, const PackageInfo& info, const ClientCandidate* client,
                const std::vector<Pagination>& paging, const std::string& url, Findings& out);

/// Turns the scan into findings (one Sdk plus auth, pagination, base URL, API version and rate
/// limit facts at SDK confidence). `url` is the package id or file cited by every evidence.
void finish_sdk(const SdkScan& scan, const PackageInfo& info, const std::string& url,
                Findings& out);

}  // namespace om::extract::detail
