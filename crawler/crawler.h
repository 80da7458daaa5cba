// The crawler's public interface: polite, bounded, safe HTTP(S) crawling of one source's docs,
// specs and registries. The app implements DocumentSink (store + extract); curl and Asio stay
// inside this module. Safety rules: DESIGN.md "Safety rules for crawling".
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/link_list.h"
#include "core/result.h"
#include "core/types.h"

namespace om::crawler {

using namespace std::chrono_literals;

/// A URL to start from and how it was found (a seed, the command line, the catalog, ...).
struct Seed {
  std::string url;
  FoundVia found_via{ViaKind::kSeed};
  /// Link hops already behind it: 0 for a root; a cached page reseeded by a refresh keeps the
  /// depth it was found at (FetchedDocument::depth), or each refresh would go a level deeper.
  int depth = 0;
};

/// A link the app wants followed, and how it was found (a link from a page, a spec link).
struct Discovered {
  std::string url;
  FoundVia found_via;
  /// A spec URL (OpenAPI/Swagger): its host joins the scope ("discovered spec hosts").
  bool is_spec = false;
};

/// What the app's cache knows about a URL.
struct CachedState {
  std::string etag;           // sent back as If-None-Match
  std::string last_modified;  // echoed byte for byte as If-Modified-Since
  bool is_fresh = false;      // inside the freshness window: no request at all
  Clock::time_point fetched_at{};
  /// Optional cached copy; a fresh or 304 page is scanned for links from it (and a cached
  /// robots.txt younger than 24 h is used without a request). A sink may leave `body` empty
  /// and answer cached_body() instead, read only when the copy is needed.
  std::string content_type, body;
  /// The page's links from its last fetch (FetchedDocument::links), when the sink kept them:
  /// then a fresh or 304 page is neither read nor scanned again. A sink may leave `links`
  /// empty: cached_links() is asked after a 304 (or when the page is fresh).
  std::optional<LinkList> links;
};

/// Implemented by the app. Called on the crawler's thread, one call at a time; it must not
/// throw (a throw is caught, recorded as the run's error and ends the crawl).
class DocumentSink {
 public:
  DocumentSink() = default;
  virtual ~DocumentSink() = default;
  DocumentSink(const DocumentSink&) = delete;
  DocumentSink& operator=(const DocumentSink&) = delete;
  DocumentSink(DocumentSink&&) = delete;
  DocumentSink& operator=(DocumentSink&&) = delete;
  /// Cached validators and freshness for a (normalised) URL; nullopt = not cached.
  virtual std::optional<CachedState> cached(const std::string& url) = 0;
  /// The cached copy of a page that is fresh or came back 304, when cached() left `body` empty:
  /// a revalidating crawl reads each copy once, after the 304, not before every request.
  virtual std::string cached_body(const std::string& url) {
    auto state = cached(url);
    return state ? std::move(state->body) : std::string();
  }
  /// The kept links of a fresh or 304 page whose state came without them, asked once, only
  /// then; nullopt = none kept, the cached copy is scanned instead (cached_body()).
  virtual std::optional<LinkList> cached_links(const std::string& /*url*/) { return std::nullopt; }
  /// A finished fetch: 2xx, 304 (empty body, the cached copy is still valid), 4xx/5xx after
  /// retries, or a failure/refusal (http_status 0 and `error` set). Returns extra links to
  /// follow (they pass the same scope, robots, depth and page checks as scanned links).
  virtual std::vector<Discovered> on_document(FetchedDocument&& doc) = 0;
  /// No transfer is in flight (the crawl waits for a politeness delay or a retry, or is about
  /// to end): a moment to write buffered documents, so a slow crawl keeps nothing queued.
  virtual void on_idle() {}
};

/// Counters shown by the progress line and returned at the end.
struct CrawlStats {
  std::uint64_t pages_done = 0;    // documents delivered to the sink (any status)
  std::uint64_t pages_ok = 0;      // 2xx
  std::uint64_t not_modified = 0;  // 304
  std::uint64_t from_cache = 0;    // fresh in cache, not requested
  std::uint64_t errors = 0;        // http_status 0, or 4xx/5xx other than quiet probes
  std::uint64_t refused = 0;       // scope, robots or address refusals (also counted in errors)
  std::uint64_t retries = 0;
  std::uint64_t queued = 0;   // waiting in the frontier right now
  std::uint64_t dropped = 0;  // queued URLs dropped when max_total_bytes ran out
  std::uint64_t bytes = 0;    // body bytes received (after decompression)
  std::chrono::milliseconds elapsed{0};
  /// should_stop() or max_duration ended the crawl early: transfers in flight were abandoned
  /// (their documents never reach the sink) and the queue was dropped (counted in `dropped`).
  bool stopped = false;
};

/// Called at most every CrawlOptions::progress_interval and once at the end (`final`).
using ProgressFn = std::function<void(const CrawlStats& stats, bool final)>;

/// Every crawl default, in one place. The CLI maps: --max-pages -> max_pages, --concurrency ->
/// max_concurrency, --timeout -> timeout, --allow-private -> allow_private.
struct CrawlOptions {
  SourceId source;                           // copied into every FetchedDocument
  std::vector<std::string> allowed_hosts;    // scope; empty = the seeds' hosts
  std::string user_agent;                    // "" = "om-research/<version>"
  std::string robots_token = "om-research";  // product token matched in robots.txt
  // Bounds.
  int max_pages = 500;  // URLs admitted to the frontier (probes excluded)
  int max_depth = 5;    // link hops from a seed
  int max_redirects = 5;
  std::uint64_t max_response_bytes = 16u << 20;  // inflated body cap per response
  std::uint64_t max_total_bytes = 512u << 20;    // per crawl (= per source)
  std::chrono::milliseconds timeout = 30s;       // per request, whole transfer
  std::chrono::milliseconds connect_timeout = 10s;
  // Politeness (STYLE.md 2.4, Scrapy's download slots).
  int max_concurrency = 8;  // transfers in flight, all hosts
  int per_host_concurrency = 1;
  std::chrono::milliseconds delay = 1s;  // between request starts on one host, x1-1.5 jitter
  std::chrono::milliseconds max_crawl_delay = 30s;   // cap on robots Crawl-delay
  std::chrono::milliseconds max_retry_after = 120s;  // a longer Retry-After is not waited for
  bool obey_robots = true;
  // Retries: 408, 429 and 5xx only, at most `max_retries`, jittered exponential backoff.
  int max_retries = 2;
  std::chrono::milliseconds retry_base = 1s;
  std::chrono::milliseconds retry_cap = 30s;
  // Discovery.
  bool follow_links = true;      // scan HTML href/src and sitemap <loc> for in-scope links
  bool probe_well_known = true;  // /openapi.json, /swagger.json, /sitemap.xml, ... per host
  bool revalidate = false;       // --refresh: fresh cache entries are revalidated (304)
  // Safety. Private and loopback addresses are refused unless allowed (tests, --allow-private);
  // link-local (169.254/16 incl. cloud metadata, fe80::/10), unspecified, multicast and
  // reserved addresses are refused always.
  bool allow_private = false;
  /// Hosts the user configured (package registry mirrors): their private and loopback addresses
  /// are admitted as with allow_private; link-local and metadata addresses never are.
  std::vector<std::string> trusted_hosts;
  bool redirects_stay_in_scope = true;  // fetch_one sets false (registry CDNs)
  /// Extra request headers per host (e.g. "Authorization: Bearer ..."); sent only to that exact
  /// host, so a redirect elsewhere never carries them.
  std::map<std::string, std::vector<std::string>> host_headers;
  // Stopping early (a cancelled MCP call, a time budget). Both are checked every
  // stop_poll_interval on the crawl's thread; either ends the crawl with CrawlStats::stopped.
  std::function<bool()> should_stop;          // empty = never; may be called from the crawl thread
  std::chrono::milliseconds max_duration{0};  // 0 = no limit; counted from the crawl's start
  std::chrono::milliseconds stop_poll_interval = 100ms;
  // Progress.
  ProgressFn progress;  // empty = silent; see stderr_progress()
  std::chrono::milliseconds progress_interval = 250ms;
  std::uint64_t random_seed = 0;  // jitter; 0 = from the clock
};

/// Crawls from `seeds`, delivering every document (or failure) to `sink` as it finishes.
/// Seeds' hosts are always in scope. robots.txt is fetched once per origin before its first
/// page and delivered too (found_via "robots.txt"). Errors only for unusable input (no valid
/// seed, libcurl initialisation) or a throwing sink; per-URL failures are documents. Runs on
/// the calling thread; the sink is called on it.
Result<CrawlStats> crawl(const std::vector<Seed>& seeds, const CrawlOptions& options,
                         DocumentSink& sink);

/// Options of a single fetch (registries: npm, PyPI). No robots, no politeness delay;
/// redirects may go to any public host, and `headers` are sent to the first host only.
struct FetchOptions {
  std::vector<std::string> headers;
  std::string etag, last_modified;  // conditional request when set
  std::chrono::milliseconds timeout = 30s;
  std::uint64_t max_response_bytes = 64u << 20;
  int max_redirects = 5;
  int max_retries = 2;
  bool allow_private = false;
  std::vector<std::string> trusted_hosts;  // as CrawlOptions::trusted_hosts
  std::string user_agent;                  // "" = "om-research/<version>"
};

/// Fetches one URL. Any HTTP response (200, 304, 404, ...) is a document; no response at all
/// (refused address, DNS, timeout, size cap, bad URL) is an Error naming the URL.
Result<FetchedDocument> fetch_one(const std::string& url, const FetchOptions& options);

/// A ProgressFn writing to stderr: one live line redrawn in place when stderr is a terminal,
/// otherwise a plain line every `plain_interval` and at the end.
ProgressFn stderr_progress(std::chrono::milliseconds plain_interval = 5s);

/// "om-research/<version>".
std::string default_user_agent();

}  // namespace om::crawler
