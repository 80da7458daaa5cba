// crawl() and fetch_one(): set up the I/O shell and the engine; stderr progress printer.
#include "crawler/crawler.h"

#include <array>
#include <cstdio>
#include <exception>

#include <unistd.h>

#include "core/url.h"
#include "crawler/detail/curl_multi_loop.h"
#include "crawler/detail/engine.h"

namespace om::crawler {

std::string default_user_agent() {
  return std::string("om-research/") + OM_VERSION;
}

Result<CrawlStats> crawl(const std::vector<Seed>& seeds, const CrawlOptions& options,
                         DocumentSink& sink) {
  const int total = std::max(1, options.max_concurrency);
  detail::CurlMultiLoop loop(total, std::max(1, options.per_host_concurrency));
  detail::Engine engine(options, sink, loop);
  try {  // the sink may throw while bad seeds are delivered; nothing crosses this boundary
    if (!engine.add_seeds(seeds)) {
      return Error{ErrorCode::kConfig, "no valid seed URL to crawl"};
    }
  } catch (const std::exception& e) {
    return Error{ErrorCode::kStorage, std::string("document sink failed: ") + e.what()};
  }
  return engine.run();
}

namespace {

// Collects the one document of fetch_one() and supplies its validators.
class OneShotSink final : public DocumentSink {
 public:
  explicit OneShotSink(const FetchOptions& options) : options_(options) {}
  std::optional<CachedState> cached(const std::string&) override {
    if (options_.etag.empty() && options_.last_modified.empty()) {
      return std::nullopt;
    }
    CachedState state;
    state.etag = options_.etag;
    state.last_modified = options_.last_modified;
    return state;
  }
  std::vector<Discovered> on_document(FetchedDocument&& doc) override {
    doc_ = std::move(doc);
    return {};
  }
  std::optional<FetchedDocument> doc_;

 private:
  const FetchOptions& options_;
};

ErrorCode error_code_of(FetchFailure failure) {
  switch (failure) {
    case FetchFailure::kRobots:
    case FetchFailure::kOffScope:
    case FetchFailure::kRefusedAddress:
      return ErrorCode::kRefused;
    case FetchFailure::kTooLarge:
      return ErrorCode::kLimit;
    case FetchFailure::kDns:
      return ErrorCode::kDns;
    case FetchFailure::kTimeout:
      return ErrorCode::kTimeout;
    case FetchFailure::kHttpStatus:
      return ErrorCode::kHttpStatus;
    case FetchFailure::kNone:
    case FetchFailure::kNetwork:
    case FetchFailure::kUnreadable:
    case FetchFailure::kNotCached:
      break;
  }
  return ErrorCode::kNetwork;
}

}  // namespace

Result<FetchedDocument> fetch_one(const std::string& url, const FetchOptions& options) {
  Result<Url> parsed = parse_url(url);
  if (!parsed) {
    return Error{ErrorCode::kConfig, url + ": " + parsed.error().message};
  }
  CrawlOptions crawl_options;
  crawl_options.allowed_hosts = {parsed->host};
  crawl_options.user_agent = options.user_agent;
  crawl_options.max_pages = 1;
  crawl_options.max_redirects = options.max_redirects;
  crawl_options.max_retries = options.max_retries;
  crawl_options.max_response_bytes = options.max_response_bytes;
  crawl_options.max_total_bytes = options.max_response_bytes * 8;  // retries and hops too
  crawl_options.timeout = options.timeout;
  crawl_options.delay = Millis{0};
  crawl_options.obey_robots = false;
  crawl_options.follow_links = false;
  crawl_options.probe_well_known = false;
  crawl_options.allow_private = options.allow_private;
  crawl_options.trusted_hosts = options.trusted_hosts;
  crawl_options.redirects_stay_in_scope = false;
  crawl_options.host_headers[parsed->host] = options.headers;
  OneShotSink sink(options);
  Result<CrawlStats> stats = crawl({Seed{url, {ViaKind::kFetch}}}, crawl_options, sink);
  if (!stats) {
    return stats.error();
  }
  if (!sink.doc_) {
    return Error{ErrorCode::kNetwork, url + ": no response"};
  }
  if (!sink.doc_->error.empty()) {
    return Error{error_code_of(sink.doc_->failure), url + ": " + sink.doc_->error};
  }
  return std::move(*sink.doc_);
}

namespace {

std::string format_progress(const CrawlStats& s) {
  const double seconds = std::max(0.001, static_cast<double>(s.elapsed.count()) / 1000.0);
  std::array<char, 200> line{};
  std::snprintf(
      line.data(), line.size(),
      "crawl: %llu done (%llu ok, %llu not modified, %llu cached), %llu queued, "
      "%llu errors, %.1f MB, %.0f pages/s",
      static_cast<unsigned long long>(s.pages_done), static_cast<unsigned long long>(s.pages_ok),
      static_cast<unsigned long long>(s.not_modified),
      static_cast<unsigned long long>(s.from_cache), static_cast<unsigned long long>(s.queued),
      static_cast<unsigned long long>(s.errors), static_cast<double>(s.bytes) / 1e6,
      static_cast<double>(s.pages_done) / seconds);
  return line.data();
}

}  // namespace

ProgressFn stderr_progress(std::chrono::milliseconds plain_interval) {
  const bool live = isatty(STDERR_FILENO) == 1;
  return [live, plain_interval, last = std::chrono::milliseconds{-1}](const CrawlStats& stats,
                                                                      bool final) mutable {
    if (live) {
      std::fprintf(stderr, "\r\033[K%s%s", format_progress(stats).c_str(), final ? "\n" : "");
      std::fflush(stderr);
      return;
    }
    if (final || last.count() < 0 || stats.elapsed - last >= plain_interval) {
      last = stats.elapsed;
      std::fprintf(stderr, "%s\n", format_progress(stats).c_str());
    }
  };
}

}  // namespace om::crawler
