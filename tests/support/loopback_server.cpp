// Loopback test server: Beast parses and writes HTTP/1.1; blocking sockets, one thread per
// connection; stop() shuts every socket down so blocked reads, accepts and delays end at once.
#include "tests/support/loopback_server.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <sys/socket.h>
#include <zlib.h>

namespace om::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct LoopbackServer::State {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  mutable std::mutex mutex;
  std::condition_variable stopped_cv;
  bool stopping = false;
  std::map<std::string, Handler> routes;
  std::vector<SeenRequest> seen;
  std::set<int> open_fds;
  std::vector<std::thread> connections;
};

LoopbackServer::LoopbackServer() : state_(std::make_unique<State>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen();
  port_ = state_->acceptor.local_endpoint().port();
  acceptor_thread_ = std::thread([this] { accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
  stop();
}

void LoopbackServer::stop() {
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping) {
      return;
    }
    state_->stopping = true;
    ::shutdown(state_->acceptor.native_handle(), SHUT_RDWR);  // wakes the blocking accept
    for (int fd : state_->open_fds) {
      ::shutdown(fd, SHUT_RDWR);  // wakes blocking reads
    }
  }
  state_->stopped_cv.notify_all();  // wakes delayed responses
  acceptor_thread_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard lock(state_->mutex);
    connections.swap(state_->connections);
  }
  for (std::thread& t : connections) {
    t.join();
  }
}

void LoopbackServer::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(state_->io);
    state_->acceptor.accept(socket, ec);
    std::lock_guard lock(state_->mutex);
    if (state_->stopping) {
      return;
    }
    if (ec) {
      continue;
    }
    const int fd = socket.release();
    state_->open_fds.insert(fd);
    state_->connections.emplace_back([this, fd] { serve_connection(fd); });
  }
}

void LoopbackServer::route(const std::string& path, Handler handler) {
  std::lock_guard lock(state_->mutex);
  state_->routes[path] = std::move(handler);
}

void LoopbackServer::route(const std::string& path, Response response) {
  route(path, [response](const SeenRequest&) { return response; });
}

void LoopbackServer::serve_directory(const std::string& dir) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    const std::string rel = "/" + std::filesystem::relative(entry.path(), dir).generic_string();
    const std::string ext = entry.path().extension().string();
    const std::string type = ext == ".html"   ? "text/html; charset=utf-8"
                             : ext == ".json" ? "application/json"
                             : ext == ".xml"  ? "application/xml"
                                              : "text/plain";
    Response response{200, {{"Content-Type", type}}, body.str(), {}, {}};
    route(rel, response);
    if (rel.ends_with("/index.html")) {
      route(rel.substr(0, rel.size() - 10), response);
    }
  }
}

std::string LoopbackServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<SeenRequest> LoopbackServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->seen;
}

int LoopbackServer::hits(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  int n = 0;
  for (const SeenRequest& r : state_->seen) {
    n += r.target.substr(0, r.target.find('?')) == path ? 1 : 0;
  }
  return n;
}

Response LoopbackServer::answer(const SeenRequest& request) {
  Handler handler;
  {
    std::lock_guard lock(state_->mutex);
    state_->seen.push_back(request);
    auto it = state_->routes.find(request.target.substr(0, request.target.find('?')));
    if (it != state_->routes.end()) {
      handler = it->second;
    }
  }
  return handler ? handler(request)
                 : Response{404, {{"Content-Type", "text/plain"}}, "not found", {}, {}};
}

void LoopbackServer::serve_connection(int fd) {
  asio::io_context io;
  tcp::socket socket(io, tcp::v4(), fd);
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) {
      break;
    }
    SeenRequest seen{std::string(req.method_string()), std::string(req.target()), {}};
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      seen.headers[name] = std::string(field.value());
    }
    Response response = answer(seen);
    if (response.delay.count() > 0) {
      std::unique_lock lock(state_->mutex);
      if (state_->stopped_cv.wait_for(lock, response.delay, [this] { return state_->stopping; })) {
        break;
      }
    }
    if (!response.raw.empty()) {
      asio::write(socket, asio::buffer(response.raw), ec);
      break;
    }
    http::response<http::string_body> res{static_cast<http::status>(response.status),
                                          req.version()};
    for (const auto& [name, value] : response.headers) {
      res.set(name, value);
    }
    res.body() = std::move(response.body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    http::write(socket, res, ec);
    if (ec || !res.keep_alive()) {
      break;
    }
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
  std::lock_guard lock(state_->mutex);
  state_->open_fds.erase(fd);
  socket.close(ec);
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace om::test
