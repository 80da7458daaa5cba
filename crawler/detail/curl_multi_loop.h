// The crawler's only I/O: libcurl's multi_socket API driven by one asio::io_context on the
// calling thread (STYLE.md 2.4, after curl's hiperfifo.c). No locks; completions are posted.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "crawler/address.h"

namespace om::crawler::detail {

/// One HTTP GET. Redirects are not followed here (the caller re-checks every hop).
struct TransferRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value" lines, incl. conditional ones
  std::string user_agent;
  std::uint64_t max_bytes = 16u << 20;  // inflated body cap
  bool truncate_at_cap = false;         // robots.txt: keep the first max_bytes, no error
  std::chrono::milliseconds timeout{30000}, connect_timeout{10000};
  PrivateAccess private_access = PrivateAccess::kNone;
};

/// What came back. `error` non-empty = no usable response (refused, network, cap, timeout).
struct TransferResult {
  int http_status = 0;
  std::string body, content_type, etag, last_modified, retry_after;
  std::string redirect_url;  // absolute Location target for 3xx, as libcurl resolved it
  std::string error;
  FetchFailure failure = FetchFailure::kNone;  // set with `error`
  /// Refused before any byte was sent: by the address guard, robots.txt or the scope.
  [[nodiscard]] bool refused() const {
    return failure == FetchFailure::kRefusedAddress || failure == FetchFailure::kRobots ||
           failure == FetchFailure::kOffScope;
  }
  std::uint64_t received = 0;
};

using TransferDone = std::function<void(TransferResult&&)>;

class CurlMultiLoop {
 public:
  /// libcurl is loaded and initialised by the first start(); a transfer then fails with the reason
  /// when it cannot be.
  CurlMultiLoop(int max_connections, int max_per_host);
  ~CurlMultiLoop();
  CurlMultiLoop(const CurlMultiLoop&) = delete;
  CurlMultiLoop& operator=(const CurlMultiLoop&) = delete;
  CurlMultiLoop(CurlMultiLoop&&) = delete;
  CurlMultiLoop& operator=(CurlMultiLoop&&) = delete;

  /// Starts a transfer; `done` runs later on the loop (never inside a libcurl call).
  void start(TransferRequest request, TransferDone done);
  /// Runs `fn` on the loop at `when` (replaces any earlier wake-up).
  void wake_at(std::chrono::steady_clock::time_point when, std::function<void()> fn);
  /// Runs `fn` on the loop every `interval` until stop() (a timer of its own, beside wake_at's).
  void every(std::chrono::milliseconds interval, std::function<void()> fn);
  /// Runs the loop until stop() or until there is nothing left to wait for.
  void run();
  void stop();
  [[nodiscard]] std::size_t active() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace om::crawler::detail
