// The crawl loop. Policy decisions are delegated to Frontier, Politeness, RobotsPolicy and the
// retry helpers; this file only sequences them around CurlMultiLoop's transfers.
#include "crawler/detail/engine.h"

#include <algorithm>
#include <exception>

#include "core/html_links.h"
#include "crawler/links.h"

namespace om::crawler::detail {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string robots_origin(const Request& request) {
  if (request.original_url.empty()) {
    return request.url.origin();
  }
  auto original = parse_url(request.original_url);
  return original ? original->origin() : request.url.origin();
}

}  // namespace

Engine::Engine(const CrawlOptions& options, DocumentSink& sink, CurlMultiLoop& loop)
    : options_(options),
      sink_(sink),
      loop_(loop),
      frontier_(options.allowed_hosts, options.max_pages, options.max_depth),
      politeness_(options,
                  options.random_seed != 0
                      ? options.random_seed
                      : static_cast<std::uint64_t>(SteadyClock::now().time_since_epoch().count())),
      rng_(options.random_seed + 1),
      user_agent_(options.user_agent.empty() ? default_user_agent() : options.user_agent) {}

bool Engine::add_seeds(const std::vector<Seed>& seeds) {
  bool any = false;
  for (const Seed& seed : seeds) {
    Result<Url> url = parse_url(seed.url);
    if (!url) {
      FetchedDocument doc;
      doc.source = options_.source;
      doc.url = doc.final_url = seed.url;
      doc.error = url.error().message;
      doc.failure = FetchFailure::kNetwork;
      doc.found_via = seed.found_via;
      doc.fetched_at = Clock::now();
      ++stats_.pages_done, ++stats_.errors;
      (void)sink_.on_document(std::move(doc));
      continue;
    }
    frontier_.allow_host(url->host);  // a seed is in scope by definition
    Request request;
    request.url = std::move(url.value());
    request.found_via = seed.found_via;
    request.depth = std::max(0, seed.depth);
    admit(std::move(request));
    any = true;
  }
  return any;
}

Result<CrawlStats> Engine::run() {
  started_ = last_progress_ = SteadyClock::now();
  if (!arm_stop_hooks()) {
    report_progress(true);
    return stats_;  // asked to stop before the first request
  }
  guarded([this] { pump(); });
  if (!idle()) {  // a crawl answered wholly from the cache ends here, without waiting for a tick
    loop_.run();
  }
  report_progress(true);
  if (fatal_) {
    return *fatal_;
  }
  return stats_;
}

void Engine::guarded(const std::function<void()>& fn) noexcept {
  try {
    fn();
  } catch (const std::exception& e) {
    fatal_ =
        Error{ErrorCode::kStorage, std::string("crawl stopped, document sink failed: ") + e.what()};
    loop_.stop();
  } catch (...) {
    fatal_ = Error{ErrorCode::kStorage, "crawl stopped, document sink failed"};
    loop_.stop();
  }
}

void Engine::pump() {
  if (fatal_) {
    return;
  }
  if (stats_.bytes >= options_.max_total_bytes && !frontier_.empty()) {
    stats_.dropped += frontier_.clear();  // the source's byte budget is spent
  }
  const SteadyTime now = SteadyClock::now();
  std::optional<SteadyTime> wake;
  for (const std::string& authority : frontier_.authorities()) {
    if (in_flight_ >= std::max(1, options_.max_concurrency)) {
      break;
    }
    pump_host(authority, now, wake);
  }
  if (wake) {
    loop_.wake_at(*wake, [this] {
      guarded([this] { pump(); });
      finish_if_idle();
    });
  }
}

void Engine::pump_host(const std::string& authority, SteadyTime now,
                       std::optional<SteadyTime>& wake) {
  while (in_flight_ < std::max(1, options_.max_concurrency) && !fatal_) {
    const Request* next = frontier_.peek(authority);
    if (next == nullptr) {
      return;
    }
    if (robots_pending(*next)) {
      next = frontier_.peek(authority);  // the robots.txt request may now be first
      if (next->kind != RequestKind::kRobots) {
        return;  // waiting for this origin's robots.txt
      }
    }
    if (disallowed(*next)) {  // no request is sent: no politeness slot is taken
      refuse(*frontier_.pop(authority));
      continue;
    }
    const std::optional<SteadyTime> ready = politeness_.next_ready(authority, now);
    if (!ready) {
      return;  // at the host's concurrency cap: a completion will pump again
    }
    if (*ready > now) {
      wake = wake ? std::min(*wake, *ready) : *ready;
      return;
    }
    start(*frontier_.pop(authority));
  }
}

// True while the rules for `next`'s origin are unknown; queues the robots.txt request (or takes
// a cached copy younger than 24 h, RFC 9309 2.4) the first time an origin is seen.
bool Engine::robots_pending(const Request& next) {
  if (!options_.obey_robots || next.kind == RequestKind::kRobots) {
    return false;
  }
  const std::string origin = next.url.origin();
  if (auto it = robots_.find(origin); it != robots_.end()) {
    return !it->second.known;
  }
  Request robots;
  robots.url = next.url;
  robots.url.path = "/robots.txt";
  robots.url.query.clear();
  robots.kind = RequestKind::kRobots;
  robots.found_via = {ViaKind::kRobotsTxt};
  std::optional<CachedState> cached = sink_.cached(robots.url.str());
  // An empty cached body is a 4xx answer kept by the app: allow all (RFC 9309 2.3.1.3).
  if (cached && cached->is_fresh && !options_.revalidate &&
      Clock::now() - cached->fetched_at < std::chrono::hours(24)) {
    TransferResult result;
    result.http_status = 200;
    result.body = cached->body;
    apply_robots(robots, std::move(result), false);  // cached: nothing new to deliver
    return false;
  }
  robots_[origin].known = false;
  frontier_.mark_seen(robots.url.str());
  frontier_.push_front(std::move(robots));
  return true;
}

bool Engine::disallowed(const Request& request) const {
  if (request.kind == RequestKind::kRobots || !options_.obey_robots) {
    return false;
  }
  return !robots_.at(request.url.origin()).policy.is_allowed(request.url.path_and_query());
}

void Engine::refuse(const Request& request) {
  const RobotsState& rules = robots_.at(request.url.origin());
  fail(request,
       rules.unreachable.empty() ? "refused: disallowed by robots.txt"
                                 : "refused: robots.txt unreachable (" + rules.unreachable +
                                       "), so every path is disallowed",
       rules.no_answer == FetchFailure::kNone ? FetchFailure::kRobots : rules.no_answer);
}

void Engine::start(Request request) {
  // robots.txt too is asked conditionally: a 304 keeps the cached rules (apply_robots).
  std::optional<CachedState> cached = sink_.cached(request.url.str());
  if (request.kind != RequestKind::kRobots && cached && cached->is_fresh && !options_.revalidate) {
    ++stats_.from_cache;
    follow_cached(request, *cached, request.url.str());
    return;
  }
  TransferRequest transfer = make_transfer(request, cached);
  if (cached) {
    in_flight_cached_[request.url.str()] = std::move(*cached);
  }
  politeness_.on_start(request.url.authority(), SteadyClock::now());
  ++in_flight_;
  loop_.start(std::move(transfer), [this, req = std::move(request)](TransferResult&& r) mutable {
    on_done(std::move(req), std::move(r));
  });
}

TransferRequest Engine::make_transfer(const Request& request,
                                      const std::optional<CachedState>& cached) {
  TransferRequest t;
  t.url = request.url.str();
  t.user_agent = user_agent_;
  t.timeout = options_.timeout;
  t.connect_timeout = std::min(options_.connect_timeout, options_.timeout);
  // A host the user configured (a package registry mirror) may sit on a private address.
  const bool trusted = std::find(options_.trusted_hosts.begin(), options_.trusted_hosts.end(),
                                 request.url.host) != options_.trusted_hosts.end();
  t.private_access = trusted                  ? PrivateAccess::kTrusted
                     : options_.allow_private ? PrivateAccess::kPrivate
                                              : PrivateAccess::kNone;
  if (auto it = options_.host_headers.find(request.url.host); it != options_.host_headers.end()) {
    t.headers = it->second;  // credentials go to this exact host only, never across a redirect
  }
  if (cached && !cached->etag.empty()) {
    t.headers.push_back("If-None-Match: " + cached->etag);
  }
  if (cached && !cached->last_modified.empty()) {
    t.headers.push_back("If-Modified-Since: " + cached->last_modified);  // byte for byte
  }
  if (request.kind == RequestKind::kRobots) {
    t.max_bytes = kRobotsMaxBytes;
    t.truncate_at_cap = true;
  } else {
    const std::uint64_t left =
        options_.max_total_bytes > stats_.bytes ? options_.max_total_bytes - stats_.bytes : 1;
    t.max_bytes = std::min(options_.max_response_bytes, left);
  }
  return t;
}

void Engine::on_done(Request request, TransferResult result) {
  --in_flight_;
  politeness_.on_finish(request.url.authority());
  stats_.bytes += result.received;
  guarded([&] {
    const std::string key = request.url.str();
    handle(std::move(request), std::move(result));
    in_flight_cached_.erase(key);  // delivered, retried (start() asks again) or redirected
    pump();
    if (in_flight_ == 0) {
      sink_.on_idle();
    }
  });
  report_progress(false);
  finish_if_idle();
}

void Engine::handle(Request request, TransferResult result) {
  if (result.error.empty() && is_redirect(result.http_status) && !result.redirect_url.empty()) {
    follow_redirect(request, result);
    return;
  }
  if (result.error.empty() && is_retryable_status(result.http_status) &&
      try_retry(request, result)) {
    return;
  }
  if (request.kind == RequestKind::kRobots) {
    apply_robots(request, std::move(result));
    return;
  }
  deliver(request, std::move(result));
}

void Engine::follow_redirect(const Request& request, const TransferResult& result) {
  Result<Url> target = parse_url(result.redirect_url);
  std::string problem;
  FetchFailure kind = FetchFailure::kNetwork;
  if (!target) {
    problem = "bad redirect target: " + target.error().message;
  } else if (target->str() == request.url.str() ||
             std::find(request.chain.begin(), request.chain.end(), target->str()) !=
                 request.chain.end()) {
    problem = "redirect loop at " + target->str();
  } else if (static_cast<int>(request.chain.size()) >= options_.max_redirects) {
    problem = "too many redirects (more than " + std::to_string(options_.max_redirects) + ")";
  } else if (options_.redirects_stay_in_scope && request.kind != RequestKind::kRobots &&
             !frontier_.in_scope(*target)) {
    problem = "refused: redirect to off-scope host " + target->host;
    kind = FetchFailure::kOffScope;
  }
  if (!problem.empty()) {
    fail(request, problem, kind);
    return;
  }
  Request hop = request;
  if (hop.original_url.empty()) {
    hop.original_url = request.url.str();
  }
  hop.chain.push_back(request.url.str());
  hop.url = std::move(target.value());
  hop.attempt = 0;
  frontier_.mark_seen(hop.url.str());
  frontier_.push_front(std::move(hop));
}

bool Engine::try_retry(Request& request, const TransferResult& result) {
  if (request.attempt >= options_.max_retries) {
    return false;
  }
  Millis wait{0};
  const auto after = result.retry_after.empty()
                         ? std::nullopt
                         : parse_retry_after(result.retry_after, Clock::now());
  if (after) {
    if (*after > options_.max_retry_after) {
      return false;  // not worth waiting for: deliver the 429/503 as it is
    }
    wait = *after;
  } else {
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    wait =
        retry_backoff(request.attempt + 1, jitter(rng_), options_.retry_base, options_.retry_cap);
  }
  politeness_.defer(request.url.authority(), SteadyClock::now() + wait);
  ++request.attempt;
  ++stats_.retries;
  frontier_.push_front(std::move(request));
  return true;
}

void Engine::apply_robots(const Request& request, TransferResult result, bool deliver_doc) {
  const std::string origin = robots_origin(request);
  const int status = result.error.empty() ? result.http_status : 0;
  RobotsState& rules = robots_[origin];
  rules.known = true;
  if (status == 304) {  // unchanged: the cached copy's rules
    const std::string url = request.url.str();
    std::optional<CachedState> cached = cached_state(url);
    const std::string body = cached ? cached_copy(*cached, url) : std::string();
    rules.policy = RobotsPolicy::from_response(200, body, options_.robots_token);
  } else {
    rules.policy = RobotsPolicy::from_response(status, result.body, options_.robots_token);
  }
  if (status == 0 || status == 429 || status >= 500) {
    rules.unreachable = status == 0 ? result.error : "HTTP " + std::to_string(status);
    rules.no_answer = status == 0 ? result.failure : FetchFailure::kNone;
  }
  Result<Url> base = parse_url(origin + "/robots.txt");
  if (!base) {
    return;
  }
  if (auto delay = rules.policy.crawl_delay()) {
    politeness_.set_crawl_delay(base->authority(), *delay);
  }
  if (options_.follow_links) {
    for (const std::string& sitemap : rules.policy.sitemaps()) {
      enqueue(*base, Discovered{sitemap, {ViaKind::kRobotsTxt}, false}, 0);
    }
    if (rules.policy.sitemaps().empty() && options_.probe_well_known) {
      Request probe;
      probe.url = base.value();
      probe.url.path = "/sitemap.xml";
      probe.kind = RequestKind::kProbe;
      probe.found_via = {ViaKind::kWellKnownPath};
      frontier_.push(std::move(probe));
    }
  }
  if (deliver_doc) {
    deliver(request, std::move(result));
  }
}

void Engine::fail(const Request& request, std::string message, FetchFailure kind) {
  TransferResult result;
  result.error = std::move(message);
  result.failure = kind;
  if (request.kind == RequestKind::kRobots) {
    TransferResult unavailable;  // a robots.txt that cannot be followed is "unavailable"
    unavailable.http_status = 404;
    apply_robots(request, std::move(unavailable), false);
    return;
  }
  deliver(request, std::move(result));
}

void Engine::count(const Request& request, const FetchedDocument& doc, bool refused) {
  if (request.kind == RequestKind::kRobots) {
    return;  // bookkeeping, not a page
  }
  ++stats_.pages_done;
  if (!doc.error.empty()) {
    ++stats_.errors;
    stats_.refused += refused ? 1 : 0;
  } else if (doc.http_status >= 200 && doc.http_status < 300) {
    ++stats_.pages_ok;
  } else if (doc.http_status == 304) {
    ++stats_.not_modified;
  } else if (request.kind != RequestKind::kProbe) {
    ++stats_.errors;  // a 404 on a well-known path is normal and stays quiet
  }
}

void Engine::deliver(const Request& request, TransferResult result) {
  FetchedDocument doc;
  doc.source = options_.source;
  doc.url = request.original_url.empty() ? request.url.str() : request.original_url;
  doc.final_url = request.url.str();
  doc.found_via = request.found_via;
  doc.depth = request.depth;
  doc.http_status = result.error.empty() ? result.http_status : 0;
  doc.error = std::move(result.error);
  doc.failure = result.failure;
  doc.content_type = std::move(result.content_type);
  doc.etag = std::move(result.etag);
  doc.last_modified = std::move(result.last_modified);
  doc.fetched_at = Clock::now();
  count(request, doc, result.refused());
  const bool scan = doc.error.empty() && request.kind == RequestKind::kPage;
  if (scan && doc.http_status >= 200 && doc.http_status < 300) {
    doc.links = follow_links(request, doc.content_type, result.body);
  } else if (scan && doc.http_status == 304) {
    if (std::optional<CachedState> cached = cached_state(doc.final_url)) {
      follow_cached(request, *cached, doc.final_url);
    }
  }
  doc.body = std::move(result.body);
  const std::vector<Discovered> extra = sink_.on_document(std::move(doc));
  for (const Discovered& link : extra) {
    enqueue(request.url, link, request.depth + 1);
  }
}

// A fresh or 304 page: its links as kept from its last fetch, else a scan of the cached copy.
void Engine::follow_cached(const Request& request, CachedState& cached, const std::string& url) {
  if (!cached.links) {
    cached.links = sink_.cached_links(url);  // read only now, when they are needed
  }
  if (cached.links) {
    const std::string& type = cached.content_type;  // sitemaps come as text/xml or application/xml
    const bool xml =
        type.find("xml") != std::string::npos && type.find("html") == std::string::npos;
    follow_known_links(request, *cached.links, xml || request.url.path.ends_with(".xml"));
    return;
  }
  (void)follow_links(request, cached.content_type, cached_copy(cached, url));
}

std::optional<CachedState> Engine::cached_state(const std::string& url) {
  if (auto kept = in_flight_cached_.find(url); kept != in_flight_cached_.end()) {
    return std::move(kept->second);  // looked up when the request started
  }
  return sink_.cached(url);  // after a redirect: another URL's state
}

const std::string& Engine::cached_copy(CachedState& cached, const std::string& url) {
  if (cached.body.empty()) {
    cached.body = sink_.cached_body(url);  // read only now, when it is needed
  }
  return cached.body;
}

std::optional<LinkList> Engine::follow_links(const Request& request,
                                             const std::string& content_type,
                                             const std::string& body) {
  if (!options_.follow_links || request.depth >= options_.max_depth || body.empty()) {
    return std::nullopt;
  }
  const bool sitemap = looks_like_sitemap(content_type, body);
  // Each link is parsed once: resolved here, kept as its normalised string, queued as is.
  std::vector<Url> urls;
  if (sitemap) {
    for (const std::string& loc : scan_sitemap_locs(body)) {
      if (Result<Url> url = resolve_url(request.url, loc)) {
        urls.push_back(std::move(url.value()));
      }
    }
  } else if (looks_like_html(content_type, body)) {
    urls = resolve_html_links(body, &request.url);  // the extraction's outlinks read the same
  } else {
    // Neither page nor sitemap (a spec, a stylesheet): no links. Kept as an empty list, so that
    // after a 304 its cached copy (a spec: megabytes) is not read again to find none.
    return LinkList{};
  }
  const FoundVia via =
      sitemap ? FoundVia{ViaKind::kSitemap} : FoundVia{ViaKind::kLink, request.url.str()};
  LinkList found;
  for (Url& url : urls) {
    const std::string normalised = url.str();
    found.push_back(normalised);
    if (!frontier_.seen(normalised)) {
      admit_link(std::move(url), via, false, request.depth + 1);
    }
  }
  return found;
}

void Engine::follow_known_links(const Request& request, const LinkList& links, bool from_sitemap) {
  if (!options_.follow_links || request.depth >= options_.max_depth) {
    return;
  }
  std::optional<FoundVia> via;  // built for the first new link: on a refresh most links are seen
  for (std::string_view link : links) {  // kept links are normalised: a repeat needs no parse
    if (!frontier_.seen(link) && !known_off_scope(request.url, link)) {
      if (!via) {
        via = from_sitemap ? FoundVia{ViaKind::kSitemap}
                           : FoundVia{ViaKind::kLink, request.url.str()};
      }
      enqueue(request.url, Discovered{std::string(link), *via, false}, request.depth + 1);
    }
  }
}

bool Engine::known_off_scope(const Url& base, std::string_view link) {
  const auto scheme_end = link.find("://");
  if (scheme_end == std::string_view::npos) {
    return false;  // not absolute: left to enqueue()
  }
  const std::string_view origin = link.substr(0, link.find_first_of("/?#", scheme_end + 3));
  auto known = origin_off_scope_.find(origin);
  if (known != origin_off_scope_.end() && known->second.first == frontier_.scope_version()) {
    return known->second.second;
  }
  // The origin alone decides the host: parsed once (an unparsable one stays enqueue()'s).
  Result<Url> url = resolve_url(base, std::string(origin) + "/");
  const bool off = url && !frontier_.in_scope(url.value());
  origin_off_scope_.insert_or_assign(std::string(origin),
                                     std::pair{frontier_.scope_version(), off});
  return off;
}

void Engine::enqueue(const Url& base, const Discovered& link, int depth) {
  Result<Url> url = resolve_url(base, link.url);
  if (!url) {
    return;  // mailto:, javascript:, garbage: not ours to follow
  }
  admit_link(std::move(url.value()), link.found_via, link.is_spec, depth);
}

void Engine::admit_link(Url url, const FoundVia& found_via, bool is_spec, int depth) {
  if (is_spec) {
    frontier_.allow_host(url.host);  // "discovered spec hosts" join the scope
  }
  Request request;
  request.url = std::move(url);
  request.found_via = found_via;
  request.depth = depth;
  admit(std::move(request));
}

void Engine::admit(Request request) {
  Url url = request.url;
  if (frontier_.push(std::move(request)) != Admission::kQueued || !options_.probe_well_known ||
      !probed_.insert(url.authority()).second) {
    return;
  }
  for (std::string_view path : kWellKnownSpecPaths) {
    Request probe;
    probe.url = url;
    probe.url.path = path;
    probe.url.query.clear();
    probe.kind = RequestKind::kProbe;
    probe.found_via = {ViaKind::kWellKnownPath};
    frontier_.push(std::move(probe));
  }
}

void Engine::report_progress(bool final) {
  const auto now = SteadyClock::now();
  stats_.queued = frontier_.size();
  stats_.elapsed = std::chrono::duration_cast<Millis>(now - started_);
  if (!options_.progress || (!final && now - last_progress_ < options_.progress_interval)) {
    return;
  }
  last_progress_ = now;
  try {
    options_.progress(stats_, final);
  } catch (...) {  // a progress printer must never end the crawl
  }
}

}  // namespace om::crawler::detail
