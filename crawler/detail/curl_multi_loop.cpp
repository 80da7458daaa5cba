// libcurl multi_socket on one asio::io_context (curl's hiperfifo.c design). Pitfalls handled,
// per STYLE.md 2.4: descriptors constructed only for new sockets, one-shot waits re-armed, ids
// (socket + generation) captured instead of pointers, completions posted so our code never runs
// inside libcurl's call stack, release() instead of close() because curl owns the fds, and no
// exception crosses a C callback (all are noexcept and record failures on the transfer).
#include "crawler/detail/curl_multi_loop.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/c_handle.h"
#include "crawler/address.h"
#include "crawler/detail/curl_library.h"

namespace om::crawler::detail {
namespace {

namespace asio = boost::asio;
using Descriptor = asio::posix::stream_descriptor;
using CurlEasy = CHandle<CURL, curl_easy_cleanup>;
using CurlMulti = CHandle<CURLM, curl_multi_cleanup>;
using CurlSlist = CHandle<curl_slist, curl_slist_free_all>;

struct Transfer {
  std::uint64_t id = 0;
  CurlEasy easy;
  CurlSlist headers;
  TransferRequest request;
  TransferDone done;
  TransferResult result;
  bool over_cap = false;
  std::string refusal;                                  // set by the address guard
  std::unordered_set<curl_socket_t>* opened = nullptr;  // the loop's: sockets made here
  std::array<char, CURL_ERROR_SIZE> errbuf{};
};

struct Watch {
  Descriptor fd;
  int wanted = CURL_POLL_NONE;
  int armed = CURL_POLL_NONE;
  std::uint64_t generation = 0;
};

// Body sink; counts inflated bytes (CURLOPT_ACCEPT_ENCODING decodes before this call), so a
// compression bomb stops at the cap.
std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t length = size * count;
  t.result.received += length;
  try {
    const std::uint64_t room = t.request.max_bytes - t.result.body.size();
    if (length > room) {
      if (t.request.truncate_at_cap) {
        t.result.body.append(data, room);
      }
      t.over_cap = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    t.result.body.append(data, length);
  } catch (...) {  // bad_alloc: abort this transfer, never unwind into libcurl
    t.over_cap = true;
    return 0;
  }
  return length;
}

// The address guard: runs on the resolved address before connect(), for every hop.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  IpAddress ip;
  if (address->family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address->addr);
    std::memcpy(ip.bytes.data(), &in->sin_addr, 4);
  } else if (address->family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address->addr);
    ip.is_v6 = true;
    std::memcpy(ip.bytes.data(), &in6->sin6_addr, 16);
  } else {
    t.refusal = "refused: not an IP address family";
    return CURL_SOCKET_BAD;
  }
  const AddressClass cls = classify(ip);
  if (is_refused(cls, t.request.private_access)) {
    try {
      t.refusal = "refused: " + to_string(ip) + " is a " + to_string(cls) + " address";
    } catch (...) {
    }
    return CURL_SOCKET_BAD;
  }
  const curl_socket_t s = ::socket(address->family, address->socktype, address->protocol);
  if (s != CURL_SOCKET_BAD && t.opened != nullptr) {
    try {
      t.opened->insert(s);
    } catch (...) {  // bad_alloc: no socket rather than one the loop does not know
      ::close(s);
      return CURL_SOCKET_BAD;
    }
  }
  return s;
}

std::string header_value(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) == CURLHE_OK && header) {
    return header->value;
  }
  return {};
}

std::string describe_failure(const Transfer& t, CURLcode code) {
  if (!t.refusal.empty() && code == CURLE_COULDNT_CONNECT) {
    return t.refusal;
  }
  if (t.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
    return "response larger than " + std::to_string(t.request.max_bytes) + " bytes";
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return "timed out after " + std::to_string(t.request.timeout.count()) + " ms";
  }
  std::string message = curl_easy_strerror(code);
  if (t.errbuf[0] != '\0') {
    message += std::string(": ") + t.errbuf.data();
  }
  return code == CURLE_PARTIAL_FILE ? "truncated response: " + message : message;
}

FetchFailure failure_kind(const Transfer& t, CURLcode code) {
  if (!t.refusal.empty() && code == CURLE_COULDNT_CONNECT) {
    return FetchFailure::kRefusedAddress;
  }
  if (t.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
    return FetchFailure::kTooLarge;
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return FetchFailure::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FetchFailure::kDns;
    default:
      return FetchFailure::kNetwork;
  }
}

void collect_result(Transfer& t, CURLcode code) {
  CURL* easy = t.easy.get();
  long status = 0;
  get_info(easy, CURLINFO_RESPONSE_CODE, &status);
  const bool truncated_ok = code == CURLE_WRITE_ERROR && t.over_cap && t.request.truncate_at_cap;
  if (code != CURLE_OK && !truncated_ok) {
    t.result.error = describe_failure(t, code);
    t.result.failure = failure_kind(t, code);
    t.result.body.clear();
    return;
  }
  t.result.http_status = static_cast<int>(status);
  const char* text = nullptr;
  if (get_info(easy, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK && text) {
    t.result.content_type = text;
  }
  text = nullptr;
  if (get_info(easy, CURLINFO_REDIRECT_URL, &text) == CURLE_OK && text) {
    t.result.redirect_url = text;
  }
  t.result.etag = header_value(easy, "ETag");
  t.result.last_modified = header_value(easy, "Last-Modified");
  t.result.retry_after = header_value(easy, "Retry-After");
}

}  // namespace

struct CurlMultiLoop::Impl {
  asio::io_context io{1};
  asio::steady_timer curl_timer{io};
  bool curl_timer_armed = false;  // an async_wait on curl_timer is pending
  asio::steady_timer wake_timer{io};
  std::function<void()> wake_fn;
  asio::steady_timer tick_timer{io};
  std::function<void()> tick_fn;
  std::chrono::milliseconds tick_interval{100};
  void arm_tick();
  CurlMulti multi;
  std::unordered_map<curl_socket_t, Watch> watches;
  /// Sockets on_open_socket() made and on_close_socket() has not closed: their watches outlive
  /// CURL_POLL_REMOVE (a connection idle in libcurl's pool), so a reused connection is not
  /// registered with epoll again (epoll_ctl ADD and DEL per request, a visible share of a refresh's
  /// CPU). Other sockets (the resolver's) are closed by libcurl itself: their watches go at REMOVE.
  std::unordered_set<curl_socket_t> opened;
  std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers;
  std::uint64_t next_id = 1, next_generation = 1;
  /// Easy handles of finished transfers, reset (curl_easy_reset: options back to defaults) for
  /// the next ones: a new handle per request costs libcurl's allocation of its state and buffer,
  /// and their free, for every request.
  std::vector<CurlEasy> idle;
  static constexpr std::size_t kMaxIdle = 64;

  Impl() = default;
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;
  static int on_socket(CURL*, curl_socket_t s, int what, void* self, void*) noexcept;
  static int on_close_socket(void* self, curl_socket_t s) noexcept;
  static int on_timer(CURLM*, long timeout_ms, void* self) noexcept;
  void forget(curl_socket_t s);
  Watch* find_current(curl_socket_t s, std::uint64_t generation);
  void arm(curl_socket_t s, int dir, std::uint64_t generation);
  void act(curl_socket_t s, int events);
  void drain_completed();
  Status configure(Transfer& t);
  /// Loads libcurl and makes the multi handle on the first transfer, so a crawl whose every page
  /// is answered from the cache never maps libcurl and its libraries.
  Status ensure_multi();
  int max_connections = 1, max_per_host = 1;
};

CurlMultiLoop::Impl::~Impl() {
  if (!multi) {
    return;  // libcurl was never needed
  }
  for (auto& [id, transfer] : transfers) {
    curl_multi_remove_handle(multi.get(), transfer->easy.get());
  }
  for (auto& [fd, watch] : watches) {
    boost::system::error_code ignored;
    watch.fd.cancel(ignored);
    watch.fd.release();  // curl owns and closes the fd
  }
  watches.clear();
  transfers.clear();
  set_multi_option(multi.get(), CURLMOPT_SOCKETFUNCTION, nullptr);
  set_multi_option(multi.get(), CURLMOPT_TIMERFUNCTION, nullptr);
  multi.reset();
}

int CurlMultiLoop::Impl::on_socket(CURL*, curl_socket_t s, int what, void* self, void*) noexcept {
  auto& loop = *static_cast<Impl*>(self);
  try {
    if (what == CURL_POLL_REMOVE) {
      loop.forget(s);
      return 0;
    }
    auto it = loop.watches.find(s);
    if (it == loop.watches.end()) {  // construct only when new: the ctor registers with epoll
      it = loop.watches
               .emplace(s, Watch{Descriptor(loop.io, s), CURL_POLL_NONE, CURL_POLL_NONE,
                                 loop.next_generation++})
               .first;
    }
    it->second.wanted = what;
    for (int dir : {CURL_POLL_IN, CURL_POLL_OUT}) {
      if ((what & dir) && !(it->second.armed & dir)) {
        loop.arm(s, dir, it->second.generation);
      }
    }
  } catch (...) {
    return -1;  // tells libcurl to fail the affected transfers
  }
  return 0;
}

int CurlMultiLoop::Impl::on_timer(CURLM*, long timeout_ms, void* self) noexcept {
  auto& loop = *static_cast<Impl*>(self);
  try {
    // Re-arming the timer costs a timerfd_settime syscall (a visible share of a refresh's CPU
    // when done on every call). "Now" is a post; a deadline later than the armed one waits for it
    // (an early CURL_SOCKET_TIMEOUT is harmless: libcurl acts on what expired and sets the next
    // timeout); only an earlier deadline re-arms. "No timeout" cancels.
    if (timeout_ms < 0) {
      if (loop.curl_timer_armed) {
        loop.curl_timer.cancel();
        loop.curl_timer_armed = false;
      }
      return 0;
    }
    if (timeout_ms == 0) {
      asio::post(loop.io, [&loop] { loop.act(CURL_SOCKET_TIMEOUT, 0); });
      return 0;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    if (loop.curl_timer_armed && loop.curl_timer.expiry() <= deadline) {
      return 0;
    }
    loop.curl_timer.expires_at(deadline);  // cancels a pending wait (its handler sees an error)
    loop.curl_timer_armed = true;
    loop.curl_timer.async_wait([&loop](const boost::system::error_code& ec) {
      if (!ec) {
        loop.curl_timer_armed = false;
        loop.act(CURL_SOCKET_TIMEOUT, 0);
      }
    });
  } catch (...) {
    return -1;
  }
  return 0;
}

void CurlMultiLoop::Impl::forget(curl_socket_t s) {
  auto it = watches.find(s);
  if (it == watches.end()) {
    return;
  }
  boost::system::error_code ignored;
  it->second.fd.cancel(ignored);
  if (opened.count(s) != 0) {  // idle in the pool: stays registered, its waits go stale
    it->second.wanted = it->second.armed = CURL_POLL_NONE;
    it->second.generation = next_generation++;
    return;
  }
  it->second.fd.release();  // libcurl closes it
  watches.erase(it);
}

int CurlMultiLoop::Impl::on_close_socket(void* self, curl_socket_t s) noexcept {
  auto& loop = *static_cast<Impl*>(self);
  loop.opened.erase(s);
  if (auto it = loop.watches.find(s); it != loop.watches.end()) {
    boost::system::error_code ignored;
    it->second.fd.cancel(ignored);
    it->second.fd.close(ignored);  // closing: epoll forgets it without an epoll_ctl call
    loop.watches.erase(it);
    return ignored ? 1 : 0;
  }
  return ::close(s) == 0 ? 0 : 1;
}

Watch* CurlMultiLoop::Impl::find_current(curl_socket_t s, std::uint64_t generation) {
  auto it = watches.find(s);
  return (it == watches.end() || it->second.generation != generation) ? nullptr : &it->second;
}

void CurlMultiLoop::Impl::arm(curl_socket_t s, int dir, std::uint64_t generation) {
  Watch& watch = watches.at(s);
  watch.armed |= dir;
  const auto wait = dir == CURL_POLL_IN ? Descriptor::wait_read : Descriptor::wait_write;
  watch.fd.async_wait(wait, [this, s, dir, generation](const boost::system::error_code& ec) {
    Watch* w = find_current(s, generation);  // ids, never pointers: fd numbers get reused
    if (w == nullptr) {
      return;
    }
    w->armed &= ~dir;
    if (ec || !(w->wanted & dir)) {
      return;
    }
    act(s, dir == CURL_POLL_IN ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
    w = find_current(s, generation);  // act() may have removed it
    if (w && (w->wanted & dir) && !(w->armed & dir)) {
      arm(s, dir, generation);  // asio waits are one-shot
    }
  });
}

void CurlMultiLoop::Impl::act(curl_socket_t s, int events) {
  int running = 0;
  curl_multi_socket_action(multi.get(), s, events, &running);
  drain_completed();
}

// Reads each finished transfer's result before removing its handle, then posts the completion
// so the caller's code runs outside libcurl's call stack.
void CurlMultiLoop::Impl::drain_completed() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;
    char* priv = nullptr;
    get_info(easy, CURLINFO_PRIVATE, &priv);
    auto it = transfers.find(reinterpret_cast<std::uintptr_t>(priv));
    if (it == transfers.end()) {
      curl_multi_remove_handle(multi.get(), easy);
      continue;
    }
    std::unique_ptr<Transfer> t = std::move(it->second);
    transfers.erase(it);
    collect_result(*t, code);
    curl_multi_remove_handle(multi.get(), easy);
    if (idle.size() < kMaxIdle) {
      curl_easy_reset(easy);  // no longer points at t's header list or buffers
      idle.push_back(std::move(t->easy));
    }
    asio::post(io, [done = std::move(t->done), result = std::move(t->result)]() mutable {
      done(std::move(result));
    });
  }
}

Status CurlMultiLoop::Impl::configure(Transfer& t) {
  CURL* e = t.easy.get();
  const TransferRequest& r = t.request;
  for (const std::string& line : r.headers) {
    curl_slist* list = t.headers.release();
    curl_slist* grown = curl_slist_append(list, line.c_str());
    t.headers.reset(grown != nullptr ? grown : list);
    if (grown == nullptr) {
      return Error{ErrorCode::kNetwork, "out of memory building headers"};
    }
  }
  bool ok = set_option(e, CURLOPT_URL, r.url.c_str()) == CURLE_OK;
  ok = ok && set_option(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
  // The id, not a pointer: a finished transfer is looked up, never dereferenced blindly.
  void* id = reinterpret_cast<void*>(static_cast<std::uintptr_t>(t.id));  // NOLINT
  set_option(e, CURLOPT_PRIVATE, id);
  set_option(e, CURLOPT_WRITEFUNCTION, &on_write);
  set_option(e, CURLOPT_WRITEDATA, &t);
  set_option(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
  set_option(e, CURLOPT_OPENSOCKETDATA, &t);
  t.opened = &opened;
  // Connections outlive transfers (libcurl's pool keeps the callback and its data): the loop's.
  set_option(e, CURLOPT_CLOSESOCKETFUNCTION, &Impl::on_close_socket);
  set_option(e, CURLOPT_CLOSESOCKETDATA, this);
  set_option(e, CURLOPT_ERRORBUFFER, t.errbuf.data());
  set_option(e, CURLOPT_NOSIGNAL, 1L);
  set_option(e, CURLOPT_FOLLOWLOCATION, 0L);   // every hop is checked by the caller
  set_option(e, CURLOPT_ACCEPT_ENCODING, "");  // all built-in encodings; cap is inflated
  set_option(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set_option(e, CURLOPT_PIPEWAIT, 1L);
  set_option(e, CURLOPT_USERAGENT, r.user_agent.c_str());
  set_option(e, CURLOPT_HTTPHEADER, t.headers.get());
  set_option(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
  set_option(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
  if (!r.truncate_at_cap) {  // fail early when Content-Length already says it is too big
    set_option(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_bytes));
  }
  if (!ok) {
    return Error{ErrorCode::kNetwork, "libcurl rejected the URL " + r.url};
  }
  return Ok{};
}

CurlMultiLoop::CurlMultiLoop(int max_connections, int max_per_host)
    : impl_(std::make_unique<Impl>()) {
  impl_->max_connections = max_connections;
  impl_->max_per_host = max_per_host;
}
CurlMultiLoop::~CurlMultiLoop() = default;

Status CurlMultiLoop::Impl::ensure_multi() {
  if (multi) {
    return Ok{};
  }
  if (Status library = load_curl(); !library) {
    return library.error();
  }
  static std::once_flag once;
  static CURLcode global = CURLE_OK;
  std::call_once(once, [] { global = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (global != CURLE_OK) {
    return Error{ErrorCode::kNetwork,
                 std::string("curl_global_init: ") + curl_easy_strerror(global)};
  }
  multi.reset(curl_multi_init());
  if (!multi) {
    return Error{ErrorCode::kNetwork, "curl_multi_init failed"};
  }
  CURLM* m = multi.get();
  set_multi_option(m, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
  set_multi_option(m, CURLMOPT_SOCKETDATA, this);
  set_multi_option(m, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
  set_multi_option(m, CURLMOPT_TIMERDATA, this);
  set_multi_option(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_connections));
  set_multi_option(m, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(max_per_host));
  set_multi_option(m, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  return Ok{};
}

void CurlMultiLoop::start(TransferRequest request, TransferDone done) {
  auto t = std::make_unique<Transfer>();
  t->id = impl_->next_id++;
  t->request = std::move(request);
  t->done = std::move(done);
  Status configured = impl_->ensure_multi();
  if (configured) {
    if (impl_->idle.empty()) {
      t->easy.reset(curl_easy_init());
    } else {
      t->easy = std::move(impl_->idle.back());
      impl_->idle.pop_back();
    }
    configured = t->easy ? impl_->configure(*t)
                         : Status(Error{ErrorCode::kNetwork, "curl_easy_init failed"});
  }
  if (configured && curl_multi_add_handle(impl_->multi.get(), t->easy.get()) == CURLM_OK) {
    impl_->transfers.emplace(t->id, std::move(t));
    return;
  }
  TransferResult failed;
  failed.error = configured ? "curl_multi_add_handle failed" : configured.error().message;
  asio::post(impl_->io,
             [d = std::move(t->done), r = std::move(failed)]() mutable { d(std::move(r)); });
}

void CurlMultiLoop::wake_at(std::chrono::steady_clock::time_point when, std::function<void()> fn) {
  impl_->wake_fn = std::move(fn);
  impl_->wake_timer.expires_at(when);
  impl_->wake_timer.async_wait([impl = impl_.get()](const boost::system::error_code& ec) {
    if (!ec && impl->wake_fn) {
      std::function<void()> wake = impl->wake_fn;  // it may schedule the next wake-up
      wake();
    }
  });
}

void CurlMultiLoop::Impl::arm_tick() {
  tick_timer.expires_after(tick_interval);
  tick_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && tick_fn) {
      arm_tick();  // before fn: it may stop the loop, which leaves the wait pending
      tick_fn();
    }
  });
}

void CurlMultiLoop::every(std::chrono::milliseconds interval, std::function<void()> fn) {
  impl_->tick_fn = std::move(fn);
  impl_->tick_interval = std::max(std::chrono::milliseconds(1), interval);
  impl_->arm_tick();
}

void CurlMultiLoop::run() {
  impl_->io.restart();
  impl_->io.run();
}

void CurlMultiLoop::stop() {
  impl_->io.stop();
}

std::size_t CurlMultiLoop::active() const {
  return impl_->transfers.size();
}

}  // namespace om::crawler::detail
