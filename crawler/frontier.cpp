// Frontier: per-host FIFOs with dedupe, scope, depth and page limits. No I/O.
#include "crawler/frontier.h"

#include "core/text.h"

namespace om::crawler {

Frontier::Frontier(const std::vector<std::string>& allowed_hosts, int max_pages, int max_depth)
    : max_pages_(max_pages), max_depth_(max_depth) {
  for (const std::string& host : allowed_hosts) {
    allow_host(host);
  }
}

void Frontier::allow_host(const std::string& host) {
  const std::string h = to_lower(host);
  if (h.starts_with("*.")) {
    suffixes_.push_back(h.substr(1));
    exact_hosts_.insert(h.substr(2));
    ++scope_version_;
  } else if (!h.empty() && exact_hosts_.insert(h).second) {
    ++scope_version_;
  }
}

bool Frontier::in_scope(const Url& url) const {
  if (exact_hosts_.contains(url.host)) {
    return true;
  }
  for (const std::string& suffix : suffixes_) {
    if (url.host.ends_with(suffix)) {
      return true;
    }
  }
  return false;
}

bool Frontier::mark_seen(std::string_view key) {
  return seen_.insert(key);
}

Admission Frontier::push(Request request) {
  if (!in_scope(request.url)) {
    return Admission::kOffScope;
  }
  const bool counts = request.kind == RequestKind::kPage;
  if (counts && request.depth > max_depth_) {
    return Admission::kTooDeep;
  }
  if (counts && admitted_pages_ >= max_pages_) {
    // Check the duplicate case first so callers can tell "seen" from "over the limit".
    return seen_.contains(request.url.str()) ? Admission::kDuplicate : Admission::kOverLimit;
  }
  if (!mark_seen(request.url.str())) {
    return Admission::kDuplicate;
  }
  admitted_pages_ += counts ? 1 : 0;
  HostQueue& queue = queues_[request.url.authority()];
  (request.kind == RequestKind::kProbe ? queue.probes : queue.pages).push_back(std::move(request));
  ++size_;
  return Admission::kQueued;
}

void Frontier::push_front(Request request) {
  HostQueue& queue = queues_[request.url.authority()];
  (request.kind == RequestKind::kProbe ? queue.probes : queue.pages).push_front(std::move(request));
  ++size_;
}

std::optional<Request> Frontier::pop(const std::string& authority) {
  auto it = queues_.find(authority);
  if (it == queues_.end()) {
    return std::nullopt;
  }
  std::deque<Request>& from = it->second.pages.empty() ? it->second.probes : it->second.pages;
  if (from.empty()) {
    return std::nullopt;
  }
  Request request = std::move(from.front());
  from.pop_front();
  --size_;
  if (it->second.pages.empty() && it->second.probes.empty()) {
    queues_.erase(it);
  }
  return request;
}

const Request* Frontier::peek(const std::string& authority) const {
  auto it = queues_.find(authority);
  if (it == queues_.end()) {
    return nullptr;
  }
  const auto& q = it->second;
  return !q.pages.empty() ? &q.pages.front() : (!q.probes.empty() ? &q.probes.front() : nullptr);
}

std::vector<std::string> Frontier::authorities() const {
  std::vector<std::string> out;
  out.reserve(queues_.size());
  for (const auto& [authority, queue] : queues_) {
    out.push_back(authority);
  }
  return out;
}

std::size_t Frontier::clear() {
  const std::size_t dropped = size_;
  queues_.clear();
  size_ = 0;
  return dropped;
}

}  // namespace om::crawler
