// The crawl loop: takes ready requests from the Frontier under Politeness and robots.txt,
// hands them to CurlMultiLoop, and turns each outcome into a retry, a redirect hop or a
// FetchedDocument for the sink (plus the links it yields). Single-threaded, on the loop.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "crawler/crawler.h"
#include "crawler/detail/curl_multi_loop.h"
#include "crawler/frontier.h"
#include "crawler/politeness.h"
#include "crawler/robots.h"

namespace om::crawler::detail {

class Engine {
 public:
  Engine(const CrawlOptions& options, DocumentSink& sink, CurlMultiLoop& loop);
  /// Queues the seeds; an unparsable seed is delivered as a failed document. False if none
  /// could be queued.
  bool add_seeds(const std::vector<Seed>& seeds);
  /// Runs until the frontier is empty and nothing is in flight.
  Result<CrawlStats> run();

 private:
  struct RobotsState {
    bool known = false;  // false: robots.txt is being fetched
    RobotsPolicy policy;
    std::string unreachable;  // why everything is disallowed, "" if it is not
    /// Robots.txt got no answer at all (DNS, refused address): its pages fail the same way, a
    /// failure of the transfer rather than a rule obeyed.
    FetchFailure no_answer = FetchFailure::kNone;
  };

  void guarded(const std::function<void()>& fn) noexcept;
  void pump();
  void pump_host(const std::string& authority, SteadyTime now, std::optional<SteadyTime>& wake);
  bool robots_pending(const Request& next);
  /// Whether robots.txt (known by now) disallows `request`; refuse() then fails it unsent.
  [[nodiscard]] bool disallowed(const Request& request) const;
  void refuse(const Request& request);
  void start(Request request);
  TransferRequest make_transfer(const Request& request, const std::optional<CachedState>& cached);
  void on_done(Request request, TransferResult result);
  void handle(Request request, TransferResult result);
  void apply_robots(const Request& request, TransferResult result, bool deliver_doc = true);
  void follow_redirect(const Request& request, const TransferResult& result);
  bool try_retry(Request& request, const TransferResult& result);
  void deliver(const Request& request, TransferResult result);
  void fail(const Request& request, std::string message, FetchFailure kind);
  void count(const Request& request, const FetchedDocument& doc, bool refused);
  std::optional<LinkList> follow_links(const Request& request, const std::string& content_type,
                                       const std::string& body);
  void follow_known_links(const Request& request, const LinkList& links, bool from_sitemap);
  /// Whether a kept (normalised) link is off the scope as it stands, decided once per origin.
  bool known_off_scope(const Url& base, std::string_view link);
  void follow_cached(const Request& request, CachedState& cached, const std::string& url);
  /// A 304's cached state: the one its request started with, else the sink's.
  std::optional<CachedState> cached_state(const std::string& url);
  /// The cached copy: the body `cached` holds, else the sink's (read only now).
  const std::string& cached_copy(CachedState& cached, const std::string& url);
  void enqueue(const Url& base, const Discovered& link, int depth);
  void admit_link(Url url, const FoundVia& found_via, bool is_spec, int depth);
  void admit(Request request);
  void report_progress(bool final);
  /// Nothing in flight and nothing queued (or the crawl failed).
  [[nodiscard]] bool idle() const;
  void finish_if_idle();
  /// Polls the stop hooks every stop_poll_interval; false when they ask to stop already.
  bool arm_stop_hooks();
  /// The stop hooks' tick: should_stop() or max_duration drops the queue and stops the loop.
  void check_stop();
  [[nodiscard]] bool stop_requested() const;

  const CrawlOptions& options_;
  DocumentSink& sink_;
  CurlMultiLoop& loop_;
  Frontier frontier_;
  Politeness politeness_;
  std::mt19937_64 rng_;
  std::map<std::string, RobotsState> robots_;  // by origin
  std::set<std::string> probed_;               // authorities whose well-known paths are queued
  /// Cached state of requests in flight (from start()), so a 304 needs no second sink lookup.
  std::map<std::string, CachedState> in_flight_cached_;
  /// known_off_scope() by a link's text up to its path ("https://host:port"): the answer and
  /// the Frontier::scope_version() it was given under. A refresh re-reads every page's kept
  /// links; the off-scope ones (2,000 pages: ~5,000) were each parsed to be turned away.
  std::map<std::string, std::pair<std::uint64_t, bool>, std::less<>> origin_off_scope_;
  std::string user_agent_;
  CrawlStats stats_;
  std::chrono::steady_clock::time_point started_, last_progress_;
  std::optional<Error> fatal_;
  int in_flight_ = 0;
};

}  // namespace om::crawler::detail
