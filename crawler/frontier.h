// The crawl frontier: a FIFO per host (authority), deduplicated by normalised URL, bounded by
// depth and page count, and restricted to the scope (allowed hosts + discovered spec hosts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_set.h"
#include "core/types.h"
#include "core/url.h"

namespace om::crawler {

enum class RequestKind { kPage, kProbe, kRobots };

/// One URL to fetch, plus what the crawl loop needs to file its result.
struct Request {
  Url url;
  FoundVia found_via;
  int depth = 0;
  RequestKind kind = RequestKind::kPage;
  int attempt = 0;                 // retries already made
  std::string original_url;        // redirect hops: the URL the document is filed under
  std::vector<std::string> chain;  // redirect hops so far (loop detection)
};

enum class Admission { kQueued, kDuplicate, kOffScope, kTooDeep, kOverLimit };

class Frontier {
 public:
  /// `allowed_hosts` entries are host names; "*.example.com" also admits every subdomain.
  Frontier(const std::vector<std::string>& allowed_hosts, int max_pages, int max_depth);

  /// Admits a new URL: in scope, not seen, not too deep, within the page limit (probes and
  /// robots.txt do not count against it). Queued at the back of its host's FIFO.
  Admission push(Request request);
  /// Re-queues a request at the front of its host's FIFO without checks (retries, hops).
  void push_front(Request request);
  /// Marks a URL as seen; false if it already was.
  bool mark_seen(std::string_view key);
  /// Whether a URL (its normalised form, Url::str()) was seen: a cheap check before parsing.
  [[nodiscard]] bool seen(std::string_view key) const { return seen_.contains(key); }
  /// Adds a host to the scope ("discovered spec hosts").
  void allow_host(const std::string& host);
  [[nodiscard]] bool in_scope(const Url& url) const;
  /// Changes whenever the scope grows: an in_scope() answer kept with it is valid while it holds.
  [[nodiscard]] std::uint64_t scope_version() const { return scope_version_; }

  /// Next request for `authority`: pages first, then probes; nullopt when none.
  std::optional<Request> pop(const std::string& authority);
  [[nodiscard]] const Request* peek(const std::string& authority) const;
  /// Authorities with queued work, in a stable order.
  [[nodiscard]] std::vector<std::string> authorities() const;
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  /// Drops everything queued (byte budget exhausted); returns how many were dropped.
  std::size_t clear();

 private:
  struct HostQueue {
    std::deque<Request> pages, probes;
  };
  std::set<std::string> exact_hosts_;
  std::vector<std::string> suffixes_;  // ".example.com" from "*.example.com"
  StringSet seen_;                     // normalised URLs (Url::str())
  std::uint64_t scope_version_ = 0;
  std::map<std::string, HostQueue> queues_;
  int max_pages_, max_depth_;
  int admitted_pages_ = 0;
  std::size_t size_ = 0;
};

}  // namespace om::crawler
