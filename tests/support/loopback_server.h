// A tiny HTTP/1.1 server on 127.0.0.1 for integration tests (Boost.Beast, synchronous, one
// thread per connection). Routes answer from memory; faults are injected per route.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace om::test {

/// What the server sends back for one request.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait this long before answering (slow responses)
  std::string raw;  // when set: written verbatim instead, then the connection is closed
};

/// One request as the server saw it (header names lower-cased).
struct SeenRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;
};

using Handler = std::function<Response(const SeenRequest&)>;

class LoopbackServer {
 public:
  /// Listens on 127.0.0.1 with an ephemeral port; stopped by the destructor.
  LoopbackServer();
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  /// Answers requests whose path (target without query) equals `path`; unrouted paths are 404.
  void route(const std::string& path, Handler handler);
  /// A fixed response for `path`.
  void route(const std::string& path, Response response);
  /// Serves every file under `dir` at its relative path ("index.html" also at "/").
  void serve_directory(const std::string& dir);

  [[nodiscard]] int port() const { return port_; }
  /// "http://127.0.0.1:<port><path>".
  [[nodiscard]] std::string url(const std::string& path) const;
  /// Requests received so far, in order.
  [[nodiscard]] std::vector<SeenRequest> requests() const;
  /// How many requests asked for `path`.
  [[nodiscard]] int hits(const std::string& path) const;
  void stop();

 private:
  struct State;
  void accept_loop();
  void serve_connection(int fd);
  Response answer(const SeenRequest& request);

  std::unique_ptr<State> state_;
  int port_ = 0;
  std::thread acceptor_thread_;
};

/// gzip-compresses `data` (for Content-Encoding: gzip responses).
std::string gzip(const std::string& data);

}  // namespace om::test
