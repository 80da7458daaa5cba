// Plain structs that move one way through the pipeline (STYLE.md 2.3). They mirror the
// Research JSON of DESIGN.md ("om-research/research/v2"); an empty string stands for JSON null.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/link_list.h"

namespace om {

class MappedFile;  // core/mapped_file.h

using SourceId = std::string;  // slug from the catalog or the command line, e.g. "tableau"
using Clock = std::chrono::system_clock;

/// Where a fact was read: the document's URL (or local path), a locator inside it (JSON
/// pointer for specs, "h2 > h3" heading path for pages, "file:line" for SDKs) and a verbatim
/// quote of at most 240 bytes. No evidence, no fact.
struct Evidence {
  std::string url;
  std::string locator;
  std::string quote;
};
using EvidenceList = std::vector<Evidence>;

/// Confidence levels (EXTRACTION.md: declared > structural > lexical > prose).
namespace confidence {
inline constexpr double kDeclared = 0.95;
inline constexpr double kStructural = 0.8;
inline constexpr double kLexical = 0.55;
inline constexpr double kProse = 0.5;
inline constexpr double kSdk = 0.7;
}  // namespace confidence

struct BaseUrl {
  std::string url;
  std::string description;
  double confidence = confidence::kDeclared;
  EvidenceList evidence;
};

/// Where an API version is stated: a closed set, the five places the OpenAPI and SDK extractors
/// read one from. Text ("media-type", ...) only in JSON and Markdown (to_string /
/// version_via_from_string). A stored text outside the set reads as kUnknown.
enum class VersionVia : std::uint8_t {
  kUnknown,    // "": not stated; extraction always names one
  kPath,       // "path": a version segment of the paths or the base URL
  kHeader,     // "header": a version header parameter
  kQuery,      // "query": an api-version query parameter
  kMediaType,  // "media-type": a version in the Accept media type
  kDocument,   // "document": the spec's info.version
};
/// The place's text; "" for kUnknown.
[[nodiscard]] const char* to_string(VersionVia via);
/// The place a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<VersionVia> version_via_from_string(std::string_view text);

struct ApiVersion {
  std::string version;
  VersionVia via = VersionVia::kUnknown;
  std::string name;  // header or parameter name, if any
  EvidenceList evidence;
};

/// An OAuth 2 grant: a closed set, since every extractor maps the names it knows and drops the
/// rest. Text ("clientCredentials", ...) only in JSON and Markdown (to_string /
/// oauth_flow_from_string). A stored flow whose text is outside the set is dropped on reading.
enum class OAuthFlowKind : std::uint8_t {
  kUnknown,  // "": no flow read; never written, dropped by the stored-facts readers
  kClientCredentials,
  kAuthorizationCode,
  kPassword,
  kImplicit,
  kDeviceCode,
  kRefreshToken,
};
/// The flow's text; "" for kUnknown.
[[nodiscard]] const char* to_string(OAuthFlowKind flow);
/// The flow a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<OAuthFlowKind> oauth_flow_from_string(std::string_view text);

struct OAuthFlow {
  OAuthFlowKind flow = OAuthFlowKind::kUnknown;
  std::string token_url, authorization_url, refresh_url;
  std::vector<std::string> scopes;
};

/// How a request is authenticated: DESIGN.md's set. Text ("http-basic", ...) only in JSON and
/// Markdown (to_string / auth_type_from_string, or auth_type_text for a whole AuthMethod). A
/// declared type outside the set ("http-digest", a securityScheme type OpenAPI does not define)
/// is kOther, its text kept verbatim in AuthMethod::other_type.
enum class AuthType : std::uint8_t {
  kUnknown,  // "": a scheme that could not be read, or a stored fact without a type
  kApiKey,
  kHttpBasic,
  kHttpBearer,
  kOAuth2,
  kOpenIdConnect,
  kMutualTls,
  kAwsSigv4,
  kJwt,
  kSession,
  kNone,
  kOther,
};
/// The type's text; "" for kUnknown and kOther (whose text only AuthMethod::other_type holds).
[[nodiscard]] const char* to_string(AuthType type);
/// The type a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<AuthType> auth_type_from_string(std::string_view text);

/// Where a credential travels: OpenAPI's apiKey locations. Text ("header", ...) only in JSON and
/// Markdown (to_string / auth_location_from_string, or auth_in_text for a whole AuthMethod). An
/// apiKey scheme's `in` is copied from the spec, so a value outside the set ("Header", "body")
/// is kOther, its text kept verbatim in AuthMethod::other_in.
enum class AuthLocation : std::uint8_t {
  kUnknown,  // "" (JSON null): not stated
  kHeader,
  kQuery,
  kCookie,
  kOther,
};
/// The location's text; "" for kUnknown and kOther (whose text only AuthMethod::other_in holds).
[[nodiscard]] const char* to_string(AuthLocation in);
/// The location a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<AuthLocation> auth_location_from_string(std::string_view text);

/// The OpenMetadata connection schema an auth method maps to (OPENMETADATA.md section 3): a
/// closed set, the names om-research's mapping writes (extractors, report/om_mapping) and the
/// brief explains. Text ("basicAuth", ...) only in JSON and Markdown (to_string /
/// om_connection_from_string). A stored text outside the set reads as kUnknown, which the
/// report's mapping fills again as for a method read without one.
enum class OmConnection : std::uint8_t {
  kUnknown,           // "" (JSON null): not mapped yet
  kBasicAuth,         // "basicAuth": username + password
  kToken,             // "token": one secret string
  kOAuthCredentials,  // "oauthCredentials": clientId, clientSecret, refreshToken, ...
  kCustom,            // "custom": no shared schema (flat clientId + clientSecret for OAuth 2)
  kJwtAuth,           // "jwtAuth"
  kIamAuthConfig,     // "iamAuthConfig": AWS credentials
  kSslConfig,         // "sslConfig": verifySSL + client certificate
  kAzureConfig,       // "azureConfig": Azure AD client credentials
  kGcpCredentials,    // "gcpCredentials"
  kAccessTokenAuth,   // "accessTokenAuth": a named personal access token
};
/// The schema's name; "" for kUnknown.
[[nodiscard]] const char* to_string(OmConnection connection);
/// The schema a name names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<OmConnection> om_connection_from_string(std::string_view text);

struct AuthMethod {
  AuthType type = AuthType::kUnknown;
  std::string other_type;  // the verbatim type when type is kOther, else ""
  AuthLocation in = AuthLocation::kUnknown;
  std::string other_in;  // the verbatim location when in is kOther, else ""
  std::string name;      // header / parameter name
  std::string scheme;    // bearer, Token, SSWS, ...
  std::vector<OAuthFlow> flows;
  std::string openid_connect_url;
  OmConnection om_connection = OmConnection::kUnknown;
  std::string declared_as;                 // securityScheme name, if declared
  int used_by_operations = -1;             // -1: not known (prose); 0: declared but unused
  std::vector<std::string> combined_with;  // AND-combinations: other schemes required together
  std::string notes;
  double confidence = confidence::kDeclared;
  EvidenceList evidence;
};

/// The type as JSON and Markdown write it: to_string(a.type), or a.other_type for kOther.
[[nodiscard]] std::string_view auth_type_text(const AuthMethod& a);
/// Sets a.type from text, the inverse of auth_type_text: text outside the set gives kOther with
/// the text kept in other_type, so a stored fact reads back exactly as it was written.
void set_auth_type(AuthMethod& a, std::string_view text);
/// The location as JSON and Markdown write it: to_string(a.in), or a.other_in for kOther.
[[nodiscard]] std::string_view auth_in_text(const AuthMethod& a);
/// Sets a.in from text, the inverse of auth_in_text: text outside the set gives kOther with the
/// text kept in other_in ("" gives kUnknown).
void set_auth_in(AuthMethod& a, std::string_view text);

struct PageSize {
  std::string param;
  std::optional<double> default_value;
  std::optional<double> max;
};

/// How a list is paged: EXTRACTION.md's closed set. Text ("next-url", ...) only in JSON and
/// Markdown (to_string / page_style_from_string).
enum class PageStyle : std::uint8_t {
  kUnknown,
  kNone,
  kOffset,
  kPage,
  kCursor,
  kKeyset,
  kNextUrl,
  kLinkHeader,
  kHeaderToken,
  kTimeWindow,
  kRelay,
};
[[nodiscard]] const char* to_string(PageStyle style);
/// The style a text names; nullopt for text outside the set (and "").
[[nodiscard]] std::optional<PageStyle> page_style_from_string(std::string_view text);

struct Pagination {
  PageStyle style = PageStyle::kUnknown;
  std::vector<std::string> request_params;
  std::vector<std::string> response_fields;
  std::vector<std::string> response_headers;
  PageSize page_size;
  std::string stop_condition;
  std::vector<std::string> endpoints;  // "GET /v1/customers"
  std::string truncation_risk;         // "" = null
  double confidence = confidence::kStructural;
  EvidenceList evidence;
};

struct EndpointRef {
  std::string method;  // upper-case
  std::string path;    // verbatim
  [[nodiscard]] bool empty() const { return path.empty(); }
};

struct Entity {
  std::string name;
  std::string om_entity;  // Dashboard, Chart, Pipeline, ... or "" (null)
  EndpointRef list;       // empty path = null
  EndpointRef get;        // empty path = null
  std::string parent;
  std::string records_path;
  std::string primary_key;
  std::optional<PageStyle> pagination;  // nullopt = null
  double confidence = confidence::kStructural;
  EvidenceList evidence;
};

struct Endpoint {
  std::string method;
  std::string path;
  std::string operation_id;
  std::string summary;
  std::vector<std::string> tags;
};

struct RateLimit {
  std::optional<double> limit;
  std::optional<double> window_seconds;
  std::string scope;
  std::vector<std::string> headers;
  bool retry_after = false;
  std::string text;
  double confidence = confidence::kDeclared;
  EvidenceList evidence;
};

/// A package registry: a closed set, the two om-research reads SDKs from. Text ("npm", "pypi")
/// only in JSON, Markdown and package ids (to_string / ecosystem_from_string). A stored text
/// outside the set reads as kUnknown.
enum class Ecosystem : std::uint8_t {
  kUnknown,  // "": not known (an archive read from a path without package metadata)
  kNpm,
  kPypi,
};
/// The registry's text; "" for kUnknown.
[[nodiscard]] const char* to_string(Ecosystem ecosystem);
/// The registry a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<Ecosystem> ecosystem_from_string(std::string_view text);

struct Sdk {
  Ecosystem ecosystem = Ecosystem::kUnknown;
  std::string name, version, client;
  std::vector<std::string> auth_options;
  std::vector<std::string> resources;
  std::vector<std::string> pagination_helpers;
  EvidenceList evidence;
};

struct TestStep {
  std::string step;  // CheckAccess, GetDashboards, ...
  std::string method;
  std::string path;
};

/// Where a test image was shown: a closed set, the three commands the test-environment detector
/// reads. Text ("docker-run", ...) only in JSON and Markdown (to_string /
/// image_via_from_string). A stored text outside the set reads as kUnknown.
enum class ImageVia : std::uint8_t {
  kUnknown,     // "": not stated; extraction always names one
  kDockerRun,   // "docker-run": a `docker run` line, with its -p mappings
  kDockerPull,  // "docker-pull": a `docker pull` line (no ports)
  kCompose,     // "compose": a compose service's `image:`, with its `ports:`
};
/// The command's text; "" for kUnknown.
[[nodiscard]] const char* to_string(ImageVia via);
/// The command a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<ImageVia> image_via_from_string(std::string_view text);

/// A container image a page or README shows for running the source locally (issue #23): from
/// `docker run` (its -p mappings), `docker pull`, or a compose service (`image:` and `ports:`).
struct TestImage {
  std::string image;               // "apache/superset", "postgres:16"
  std::vector<std::string> ports;  // as written: "8088:8088", "5432"
  ImageVia via = ImageVia::kUnknown;
  EvidenceList evidence;
};

/// A SQLAlchemy URL shown in docs or a README ("snowflake://user@account/db",
/// `create_engine("postgresql+psycopg2://...:5432/db")`): the dialect, driver and port it names.
struct SqlAlchemyUrl {
  std::string scheme;   // "postgresql+psycopg2"
  std::string dialect;  // "postgresql"
  std::string driver;   // "psycopg2", or "" when the URL names none
  std::string port;     // digits from the authority, "" when none is written
  EvidenceList evidence;
};

/// What a GraphQL record field yields: a closed set, the shapes the GraphQL detector tells
/// apart. Text ("connection", ...) only in JSON and Markdown (to_string /
/// graphql_field_kind_from_string). A stored text outside the set reads as kUnknown.
enum class GraphqlFieldKind : std::uint8_t {
  kUnknown,     // "": not a record field; extraction never reports one
  kConnection,  // "connection": a Relay-style connection (nodes or edges[].node)
  kList,        // "list": a list of records
  kGet,         // "get": one record by an id argument
  kLookup,      // "lookup": one record by a natural key (required arguments, no id)
  kObject,      // "object": one record without arguments
};
/// The kind's text; "" for kUnknown.
[[nodiscard]] const char* to_string(GraphqlFieldKind kind);
/// The kind a text names ("" names kUnknown); nullopt for text outside the set.
[[nodiscard]] std::optional<GraphqlFieldKind> graphql_field_kind_from_string(std::string_view text);

/// GraphQL: one field that yields records or one record (a Query root field, or a connection
/// field of a type reached from Query), as the schema declares it.
struct GraphqlField {
  std::string field;  // "Query.issues", "Repository.pullRequests": the owner type, a dot, the field
  std::string type;   // the return type as written: "IssueConnection!", "[Label!]!"
  GraphqlFieldKind kind = GraphqlFieldKind::kUnknown;
  std::string node_type;          // the record type: "Issue" (a connection's node, a list's item)
  std::vector<std::string> args;  // "first: Int", "after: String", as declared
  std::optional<PageStyle> pagination;  // relay|cursor|offset|page|none; nullopt = not paged
  std::string records_path;             // "nodes", "edges[].node", "" for a single object
  EvidenceList evidence;
};

/// GraphQL: what one schema document (SDL or introspection JSON) declares.
struct GraphqlSchema {
  std::string document;       // the document's URL or path
  std::string format;         // sdl|introspection
  std::string query_type;     // "Query"
  std::string mutation_type;  // "" = none
  std::size_t type_count = 0;
  std::vector<GraphqlField> root_fields;  // Query fields that are lists, connections, get-by-id
  std::vector<GraphqlField> connection_fields;  // connection fields of types reached from Query
  std::vector<std::string> node_types;          // object types with `id: ID!`, sorted
  std::vector<std::string> page_args;           // paging arguments seen, sorted
  EvidenceList evidence;                        // where the root type is declared
};

struct Conflict {
  std::string topic;
  std::string detail;
  EvidenceList evidence;
};

/// Every fact read from one document (or merged over several).
struct Findings {
  std::vector<BaseUrl> base_urls;
  std::vector<ApiVersion> api_versions;
  std::vector<AuthMethod> auth;
  std::vector<Pagination> pagination;
  std::vector<Entity> entities;
  std::vector<Endpoint> endpoints;
  std::vector<RateLimit> rate_limits;
  std::vector<Sdk> sdks;
  std::vector<Conflict> conflicts;
  std::vector<std::string> gaps;
  std::vector<TestImage> test_images;   // issue #23: Research JSON test_environment.images
  std::vector<SqlAlchemyUrl> sql_urls;  // issue #23: Research JSON database.url_schemes
  std::vector<GraphqlSchema> graphql;   // one per GraphQL schema document read
};

/// How a document came to be read. Text ("link from <url>", "command line --spec", ...) only
/// where JSON, Markdown and the store write it (to_string / found_via_from_string).
enum class ViaKind : std::uint8_t {
  kOther,          // text outside the set, kept verbatim in `detail` ("" = not stated)
  kSeed,           // "seed": a crawl root given without a reason
  kFetch,          // "fetch": the `fetch` command's URL
  kCommandLine,    // "command line[ <detail>]", detail "--spec", "--docs (folder <path>)"
  kCatalog,        // "catalog[ <detail>]", detail "(SDK)", "(spec package)"
  kLink,           // "link from <detail>", detail the linking page's URL
  kSpecLink,       // "spec link": a spec URL an extraction named
  kSitemap,        // "sitemap"
  kWellKnownPath,  // "well-known path": a probe for a spec at a conventional path
  kRobotsTxt,      // "robots.txt": the crawler's own request, or a sitemap it names
  kPackage,        // "package <detail>", detail the package id
};
struct FoundVia {
  FoundVia() = default;
  FoundVia(ViaKind k, std::string d = {})  // NOLINT(google-explicit-constructor): {ViaKind::kX}
      : kind(k), detail(std::move(d)) {}
  ViaKind kind = ViaKind::kOther;
  std::string detail;
  friend bool operator==(const FoundVia&, const FoundVia&) = default;
};
[[nodiscard]] std::string to_string(const FoundVia& via);
/// The inverse of to_string: to_string(found_via_from_string(t)) == t for every text t.
[[nodiscard]] FoundVia found_via_from_string(std::string_view text);

enum class DocKind { kOpenApi, kHtml, kMarkdown, kSdk, kRobots, kGraphql, kOther };

/// Why a fetch gave no document: a closed set the run's summary groups failures by.
enum class FetchFailure : std::uint8_t {
  kNone,
  kRobots,          // disallowed by robots.txt (a skip, not a failure)
  kOffScope,        // a redirect to a host outside the source's scope (a skip)
  kDns,             // the host name did not resolve
  kRefusedAddress,  // the address guard refused the resolved address
  kTimeout,
  kTooLarge,  // over a size cap
  kNetwork,   // any other transfer failure (connection, TLS, redirect loop, bad URL)
  kHttpStatus,
  kUnreadable,  // fetched or found, but not a readable document (parse error, missing file)
  kNotCached,   // --offline, and the cache has no copy
};

/// A document as fetched or read from disk. `body` owns the bytes.
struct FetchedDocument {
  SourceId source;
  std::string url;        // as requested (or the local path)
  std::string final_url;  // after redirects
  std::string content_type;
  std::string body;  // the bytes, unless `mapped` holds them: read them through bytes()
  /// Local files: the file mapped read-only (core/mapped_file.h) instead of copied into `body`.
  std::shared_ptr<const MappedFile> mapped;
  int http_status = 0;                         // 0: failed before any response; 200 for local files
  std::string error;                           // "" = no error
  FetchFailure failure = FetchFailure::kNone;  // set with `error` by the crawler
  std::string etag, last_modified;
  FoundVia found_via;
  /// Crawled documents: link hops from the crawl's seeds (a refresh reseeds a cached page at
  /// its depth, so --max-depth holds across runs); 0 for seeds and local files.
  int depth = 0;
  Clock::time_point fetched_at{};
  /// Crawled pages: the links the crawler found in the body (absolute URLs, before scope and
  /// robots checks); nullopt when it did not scan the body. Kept so that a later 304 needs
  /// neither the cached copy nor a scan.
  std::optional<LinkList> links;

  /// The document's bytes: the mapped file's, else `body`.
  [[nodiscard]] std::string_view bytes() const;
  /// Calls `fn(part)` on bytes() in consecutive parts of at most `step` bytes. A mapped file's
  /// parts are read from the file into one buffer (pread), not through the mapping: a pass
  /// maps no page of it (page faults cost more than the copy; bench/RESULTS.md).
  void visit_bytes(const std::function<void(std::string_view)>& fn,
                   std::size_t step = std::size_t{1} << 20) const;
};

/// Lower-case hex SHA-256 of a document's bytes, read in parts (visit_bytes()).
[[nodiscard]] std::string sha256_hex(const FetchedDocument& doc);

/// One row of the report's `documents` list.
struct DocumentRecord {
  std::string url;
  DocKind kind = DocKind::kOther;
  int status = 0;
  Clock::time_point fetched_at{};
  std::uint64_t bytes = 0;
  std::string sha256;
  std::string error;
  std::string found_via;
};

/// What extracting one document yields: facts plus links worth following.
struct Extraction {
  DocKind kind = DocKind::kOther;
  Findings findings;
  std::vector<std::string> outlinks;
  std::string text;   // plain text for full-text search
  std::string error;  // "" = ok; a bad document is recorded and the run goes on
  /// The generation of the extractor that made these facts (extract::kGeneration); 0: none (a
  /// record without facts, such as robots.txt).
  int extractor = 0;
};

/// OpenMetadata service types (OPENMETADATA.md section 2).
inline constexpr const char* kServiceTypes[] = {"database", "dashboard", "pipeline", "messaging",
                                                "mlmodel",  "storage",   "search",   "api"};

/// Identity of a source in the report header.
struct SourceInfo {
  std::string name;
  std::string display_name;
  std::string service_type;
  Clock::time_point generated_at{};
  bool from_cache = false;
};

/// A line of a file in an OpenMetadata checkout, cited by its path relative to the checkout.
struct CheckoutEvidence {
  std::string path;  // "openmetadata-spec/.../metabaseConnection.json"
  int line = 0;      // 1-based
  std::string quote;
  std::string
      topic;  // what the line shows: "auth:basicAuth", "pagination:cursor", "client:requests"
};

/// An existing connector of the research's service type, ranked by how well it agrees with the
/// research (auth kinds, pagination style, client library); `reasons` say which parts agree.
struct SimilarConnector {
  std::string name;  // directory name, e.g. "metabase"
  std::string service_type;
  int score = 0;
  std::vector<std::string> auth;              // OM auth kinds the connection schema offers
  std::string pagination;                     // paging style its code uses, "" when none seen
  std::vector<std::string> client_libraries;  // top-level imports of client.py / connection.py
  std::vector<std::string> reasons;
  std::vector<CheckoutEvidence> evidence;
};

/// A database fact from the catalog (issue #23): dialect_package|driver_package|url_scheme|
/// default_port, with the catalog's citation text.
struct CatalogDatabaseFact {
  std::string fact;
  std::string value;
  std::string cite;
};

/// The whole research result: what the report renders as JSON and Markdown.
struct Research {
  SourceInfo source;
  Findings findings;
  std::vector<TestStep> test_connection;
  std::vector<DocumentRecord> documents;
  /// Root of the OpenMetadata checkout the run was in ("" outside one) and what it gave.
  std::string checkout_root;
  std::vector<SimilarConnector> similar_connectors;
  std::vector<CatalogDatabaseFact> database_catalog;
};

[[nodiscard]] const char* to_string(DocKind kind);
[[nodiscard]] DocKind doc_kind_from_string(std::string_view text);

}  // namespace om
