// Prose detectors over a PageText (EXTRACTION.md sections 1-4, "HTML-doc signal" columns).
// Every fact they emit is cited (url, heading path, verbatim quote) at confidence kProse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "extract/detail/page_text.h"

namespace re2 {
class RE2;
}

namespace om::extract::detail {

/// A curl command found in a code block, with its shell words already unquoted.
struct CurlCall {
  std::string method;                // from -X, else POST when data is sent, else GET
  std::string url;                   // verbatim, may hold placeholders ($HOST, {id}, <id>)
  std::vector<std::string> headers;  // "Name: value"
  std::string user;                  // -u value
  std::vector<std::string> data;     // -d / --data* / -F values
  std::size_t piece = 0;             // index of the code block in PageText::pieces
  Evidence evidence;
};

/// An endpoint stated on the page ("GET /x", a method+path table row, a curl example).
struct ProseEndpoint {
  std::string method;
  std::string path;  // verbatim, query string removed
  std::string summary;
  std::size_t piece = 0;  // index of the piece that states the method
  EvidenceList evidence;
};

/// The regexes the prose detectors run over whole pieces (prose_patterns.cpp), so that one pass
/// per piece (PieceScan) can tell which of them a piece can match at all.
enum class ProsePattern : std::uint8_t {
  kEndpointInline,  // "GET /x"
  kBaseUrlStated,   // "Base URL: https://..."
  kAuthHeaderLine,  // "Authorization: ..." / key header lines in code (also run on code spans)
  kAuthQuoted,      // {"Authorization": "Bearer ..."} in code
  kAuthQuery,       // ?api_key=...
  kGrantType,       // grant_type=client_credentials
  kApiKey,          // "API key"
  kPersonalToken,   // "personal access token"
  kPagingQuery,     // ?page=... (any parameter name)
  kLastId,          // "the id of the last ... previous page"
  kPagingField,     // "next_cursor": ... in JSON examples
  kLinkNext,        // Link: <...>; rel="next"
  kPaginated,       // "paginated", "next page"
  kSinglePage,      // "not paginated", "returns all ... at once"
  kRatePer,         // "100 requests per minute"
  kRateSlash,       // "10 req/s"
  kRateHeader,      // X-RateLimit-*, Retry-After
  kRateStatus,      // 429, "rate limit", "throttl"
  kSqlUrl,          // dialect+driver://...
  kCount
};

/// Header names that carry a credential: Authorization, X-*-Key/Token/Auth, *-Key, api-key.
inline constexpr std::string_view kKeyHeaderName =
    "x-[a-z0-9-]*(?:key|token|auth)[a-z0-9-]*|[a-z0-9]+-[a-z0-9-]*(?:key|token|auth)[a-z0-9-]*|"
    "api-?key|apikey";

/// The compiled regex of `p`.
[[nodiscard]] const re2::RE2& prose_re(ProsePattern p);

/// Which ProsePatterns each piece of a page can match: every pattern in one RE2::Set pass over
/// the piece. A pattern not reported for a piece has no match in it, so a detector skips it.
class PieceScan {
 public:
  /// Scans every piece of `page`.
  explicit PieceScan(const PageText& page);
  /// False when `p` has no match in piece `piece`.
  [[nodiscard]] bool may_match(std::size_t piece, ProsePattern p) const {
    return (hits_[piece] >> static_cast<unsigned>(p) & 1U) != 0;
  }

 private:
  std::vector<std::uint32_t> hits_;  // bit p set: pattern p matches somewhere in the piece
};

/// What every prose detector may read: the page plus the curls and endpoints found once.
struct ProseContext {
  const PageText& page;
  PieceScan scan;
  std::vector<CurlCall> curls;
  std::vector<ProseEndpoint> endpoints;
};

/// Evidence for `text` (a piece's text) quoting the sentence or line around [pos, pos+len).
[[nodiscard]] Evidence cite(const PageText& page, const Piece& piece, std::size_t pos,
                            std::size_t len = 0);
/// Adds `ev` to `list` unless an equal locator+quote is there, keeping at most a few.
void add_evidence(EvidenceList& list, const Evidence& ev);

/// Curl commands in the page's code blocks (line continuations joined, quotes removed).
[[nodiscard]] std::vector<CurlCall> find_curl_calls(const PageText& page);
/// Endpoints stated on the page, deduplicated by method + path, in page order.
[[nodiscard]] std::vector<ProseEndpoint> find_endpoints(const PageText& page, const PieceScan& scan,
                                                        const std::vector<CurlCall>& curls);
/// The path of a URL as prose quotes it (om::path_of_url's, cut at a quote or space) or of a
/// path-like string ("https://h/v1/x?y" -> "/v1/x", "{base}/v1/x" -> "/v1/x"); "" if none.
[[nodiscard]] std::string path_in_prose(std::string_view url);

/// Submatch groups (0 = whole match) of each non-overlapping match of `re` in `text`, at most
/// `max` matches; the views point into `text`.
[[nodiscard]] std::vector<std::vector<std::string_view>> find_all(const re2::RE2& re,
                                                                  std::string_view text,
                                                                  std::size_t max = 200);

void detect_endpoints(const ProseContext& ctx, Findings& out);
void detect_base_urls(const ProseContext& ctx, Findings& out);
void detect_auth(const ProseContext& ctx, Findings& out);
void detect_pagination(const ProseContext& ctx, Findings& out);
void detect_rate_limits(const ProseContext& ctx, Findings& out);
void detect_entities(const ProseContext& ctx, Findings& out);
/// Entities from endpoint families (list = GET ending in a static segment, get = the same path
/// plus one placeholder, parent = the nearest ancestor), cited by the endpoints' evidence.
/// detect_entities runs it on a page's endpoints; SDKs on the endpoints their code calls.
/// Container images from `docker run`/`docker pull` commands and compose services (`image:` with
/// `ports:`) in the page's code blocks (prose_test_env.cpp). Also run on SDK READMEs.
void detect_test_images(const PageText& page, Findings& out);
/// SQLAlchemy URLs ("dialect+driver://…:port") where the page speaks of SQLAlchemy or the scheme
/// names a driver (prose_test_env.cpp), in the pieces `scan` (of `page`) says can hold one. Also
/// run on SDK READMEs.
void detect_sql_urls(const PageText& page, const PieceScan& scan, Findings& out);

void entities_from_endpoints(const std::vector<ProseEndpoint>& endpoints, double confidence,
                             Findings& out);

}  // namespace om::extract::detail
