// Tests for the MCP stdio server, driven through a stringstream and through real pipes as a client
// would, with fake tool callbacks.
#include "app/mcp.h"

#include <array>
#include <chrono>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <poll.h>
#include <unistd.h>

namespace {

using om::Json;
using om::app::McpTools;
using om::app::ToolCall;

McpTools fake_tools() {
  McpTools tools;
  tools.lookup = [](const Json& args, const ToolCall&) -> om::Result<Json> {
    Json out = Json::object();
    out.set("source", args["source"]);
    out.set("topic", args["topic"].is_string() ? args["topic"].as_string() : "all");
    Json auth = Json::object();
    auth.set("type", "http-bearer");
    out.set("auth", Json(Json::Array{std::move(auth)}));
    return out;
  };
  tools.research = [](const Json& args, const ToolCall& call) -> om::Result<Json> {
    if (args["source"].as_string() == "slow") {  // works until cancelled (at most 20 s)
      const auto t0 = std::chrono::steady_clock::now();
      int pages = 0;
      while (!call.cancelled() &&
             std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20)) {
        if (pages == 0) {
          call.progress(++pages, 0, "crawling docs: 1 page(s) done");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      Json out = Json::object();
      out.set("partial", call.cancelled());
      return out;
    }
    call.progress(1, 3, "crawling");
    call.progress(1, 3, "not increasing: dropped");
    call.progress(2, 3, "extracting");
    Json out = Json::object();
    out.set("schema", "om-research/research/v2");
    out.set("source", args["source"]);
    return out;
  };
  tools.search = [](const Json& args, const ToolCall&) -> om::Result<Json> {
    if (args["source"].as_string() == "missing") {
      return om::Error{om::ErrorCode::kNotFound, "om-research: nothing cached for 'missing'\n"};
    }
    return Json("hit one\nhit two");
  };
  tools.sources = [](const Json&, const ToolCall&) -> om::Result<Json> {
    return Json(Json::Array{Json("tableau")});
  };
  return tools;
}

std::vector<Json> run_lines(const std::vector<std::string>& lines, const McpTools& tools) {
  std::stringstream in;
  for (const std::string& line : lines) {
    in << line << '\n';
  }
  std::stringstream out;
  CHECK(om::app::run_mcp_server(in, out, tools) == 0);
  std::vector<Json> messages;
  for (std::string line; std::getline(out, line);) {
    auto parsed = Json::parse(line);
    REQUIRE_MESSAGE(parsed.ok(), line);
    CHECK((parsed->is_object() || parsed->is_array()));  // an array: a batch's replies
    CHECK((parsed->is_array() || (*parsed)["jsonrpc"].as_string() == "2.0"));
    messages.push_back(std::move(parsed.value()));
  }
  return messages;
}

const char* const kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05",)"
    R"("capabilities":{},"clientInfo":{"name":"test","version":"1"}}})";
const char* const kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
const char* const kToolsList = R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})";
const char* const kCallLookup =
    R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"lookup",)"
    R"("arguments":{"source":"tableau","topic":"auth"}}})";

void check_initialize(const Json& reply) {
  CHECK(reply["id"].as_number() == 1);
  CHECK(reply["result"]["protocolVersion"].as_string() == "2024-11-05");
  CHECK(reply["result"]["serverInfo"]["name"].as_string() == "om-research");
  CHECK(reply["result"]["capabilities"]["tools"].is_object());
}

void check_lookup(const Json& reply) {
  CHECK(reply["id"].as_number() == 3);
  const Json& result = reply["result"];
  CHECK(result["isError"].is_bool());
  CHECK_FALSE(result["isError"].as_bool(true));
  REQUIRE(result["content"].as_array().size() == 1);
  const Json& content = result["content"].as_array()[0];
  CHECK(content["type"].as_string() == "text");
  auto facts = Json::parse(content["text"].as_string());
  REQUIRE(facts.ok());
  CHECK((*facts)["source"].as_string() == "tableau");
  CHECK((*facts)["topic"].as_string() == "auth");
  CHECK((*facts)["auth"].as_array()[0]["type"].as_string() == "http-bearer");
}

// A minimal streambuf over a file descriptor (no ownership), for the pipe test.
class FdBuf : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd) {}

 protected:
  int_type underflow() override {
    ssize_t n = ::read(fd_, in_.data(), in_.size());
    if (n <= 0) {
      return traits_type::eof();
    }
    setg(in_.data(), in_.data(), in_.data() + n);
    return traits_type::to_int_type(in_[0]);
  }
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) {
      return 0;
    }
    char c = traits_type::to_char_type(ch);
    return ::write(fd_, &c, 1) == 1 ? ch : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::streamsize done = 0;
    while (done < n) {
      ssize_t w = ::write(fd_, s + done, static_cast<std::size_t>(n - done));
      if (w <= 0) {
        break;
      }
      done += w;
    }
    return done;
  }

 private:
  int fd_;
  std::array<char, 4096> in_{};
};

// Reads one line from `fd`, waiting at most `timeout_ms` for each byte; "" on timeout or EOF.
std::string read_line(int fd, int timeout_ms) {
  std::string line;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) {
      return "";
    }
    char c = 0;
    if (::read(fd, &c, 1) != 1) {
      return "";
    }
    if (c == '\n') {
      return line;
    }
    line.push_back(c);
  }
}

void write_line(int fd, const std::string& line) {
  std::string data = line + "\n";
  REQUIRE(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
}

}  // namespace

TEST_CASE("mcp: a stringstream session answers every request and no notification") {
  auto replies =
      run_lines({kInitialize, kInitialized, kToolsList, kCallLookup, "{not json",
                 R"({"jsonrpc":"2.0","id":"u1","method":"resources/list"})",
                 R"({"jsonrpc":"2.0","method":"notifications/whatever","params":{"x":1}})",
                 R"({"jsonrpc":"2.0","method":"tools/list"})", ""},
                fake_tools());
  REQUIRE(replies.size() == 5);
  check_initialize(replies[0]);
  const auto& tools = replies[1]["result"]["tools"].as_array();
  REQUIRE(tools.size() == 4);
  CHECK(tools[0]["name"].as_string() == "research");
  CHECK(tools[0]["inputSchema"]["required"].dump() == R"(["source"])");
  CHECK(tools[0]["inputSchema"]["properties"]["spec"]["type"].as_string() == "array");
  CHECK(tools[1]["name"].as_string() == "lookup");
  CHECK(tools[1]["inputSchema"]["properties"]["topic"]["enum"].dump().find("rate-limits") !=
        std::string::npos);
  CHECK(tools[2]["inputSchema"]["required"].dump() == R"(["source","query"])");
  CHECK(tools[3]["name"].as_string() == "sources");
  check_lookup(replies[2]);
  CHECK(replies[3]["id"].is_null());
  CHECK(replies[3]["error"]["code"].as_number() == -32700);
  CHECK(replies[4]["id"].as_string() == "u1");
  CHECK(replies[4]["error"]["code"].as_number() == -32601);
}

TEST_CASE("mcp: invalid requests and unknown tools get JSON-RPC errors, bad arguments isError") {
  auto replies = run_lines(
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})",
       R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])",
       R"({"jsonrpc":"1.0","id":2,"method":"ping"})", R"({"jsonrpc":"2.0","id":3})",
       R"({"jsonrpc":"2.0","id":{"x":1},"method":"ping"})",
       R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"nope"}})",
       R"({"jsonrpc":"2.0","id":10,"method":"ping","params":[1]})",
       R"({"jsonrpc":"2.0","id":11,"result":{}})",
       R"({"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"lookup","arguments":{"source":"x","topic":"bogus"}}})",
       R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"lookup","arguments":{"topic":"auth"}}})",
       R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"search","arguments":{"source":"x","query":"q","limit":0}}})",
       R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"lookup","arguments":{"source":"x","extra":true}}})"},
      fake_tools());
  REQUIRE(replies.size() == 11);
  const std::array<int, 6> codes{-32600, -32600, -32600, -32600, -32602, -32602};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    CHECK_MESSAGE(replies[i + 1]["error"]["code"].as_number() == codes[i], replies[i + 1].dump());
  }
  CHECK(replies[1]["id"].is_null());  // a batch under 2025-11-25
  CHECK(replies[1]["error"]["message"].as_string().find("batch") != std::string::npos);
  CHECK(replies[2]["id"].as_number() == 2);
  CHECK(replies[4]["id"].is_null());
  // Bad arguments are tool results with isError, a plain message the model can act on.
  for (std::size_t i = 7; i < 11; ++i) {
    CHECK_MESSAGE(replies[i]["result"]["isError"].as_bool() == true, replies[i].dump());
    const std::string text = replies[i]["result"]["content"].as_array()[0]["text"].as_string();
    CHECK(text.rfind("invalid arguments for ", 0) == 0);
    CHECK(text.back() != '\n');
  }
  CHECK(replies[7]["result"]["content"].as_array()[0]["text"].as_string().find("topic") !=
        std::string::npos);
  CHECK(replies[8]["result"]["content"].as_array()[0]["text"].as_string().find("source") !=
        std::string::npos);
}

TEST_CASE("mcp: batches are answered under 2025-03-26 and refused under 2025-06-18") {
  const std::string batch =
      R"([{"jsonrpc":"2.0","id":"a","method":"ping"},)"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"},)"
      R"({"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"research","arguments":{"source":"notion"}}},)"
      R"({"jsonrpc":"2.0","id":"c","method":"nope"}])";
  auto replies = run_lines(
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}})",
       batch, "[]", R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])"},
      fake_tools());
  REQUIRE(replies.size() == 3);  // initialize, the batch's array, the empty batch's error
  const auto& answers = replies[1].as_array();
  REQUIRE(answers.size() == 3);
  CHECK(answers[0]["id"].as_string() == "a");
  CHECK(answers[1]["id"].as_string() == "b");
  CHECK(answers[1]["result"]["isError"].as_bool(true) == false);
  CHECK(answers[2]["error"]["code"].as_number() == -32601);
  CHECK(replies[2]["error"]["code"].as_number() == -32600);
  auto refused = run_lines(
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})",
       batch},
      fake_tools());
  REQUIRE(refused.size() == 2);
  CHECK(refused[1]["error"]["code"].as_number() == -32600);
}

TEST_CASE("mcp: integer ids are exact to 64 bits") {
  std::stringstream in;
  in << R"({"jsonrpc":"2.0","id":9007199254740993,"method":"ping"})" << '\n'
     << R"({"jsonrpc":"2.0","id":-9223372036854775807,"method":"ping"})" << '\n';
  std::stringstream out;
  CHECK(om::app::run_mcp_server(in, out, fake_tools()) == 0);
  std::string first, second;
  std::getline(out, first);
  std::getline(out, second);
  CHECK(first.find(R"("id":9007199254740993)") != std::string::npos);
  CHECK(second.find(R"("id":-9223372036854775807)") != std::string::npos);
}

TEST_CASE("mcp: tool errors are results with isError, and strings are sent as text") {
  auto replies = run_lines(
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{"source":"missing","query":"auth"}}})",
       R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"source":"stripe","query":"auth","limit":5}}})"},
      fake_tools());
  REQUIRE(replies.size() == 2);
  CHECK(replies[0]["result"]["isError"].as_bool() == true);
  CHECK(replies[0]["result"]["content"].as_array()[0]["text"].as_string() ==
        "nothing cached for 'missing'");  // no CLI prefix, no trailing newline
  CHECK(replies[1]["result"]["isError"].as_bool(true) == false);
  CHECK(replies[1]["result"]["content"].as_array()[0]["text"].as_string() == "hit one\nhit two");
}

TEST_CASE("mcp: research reports increasing progress only when the request has a token") {
  const std::string call =
      R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"research",)"
      R"("arguments":{"source":"notion","offline":true,"spec":["a.json"]})";
  auto replies = run_lines(
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})",
       call + R"(,"_meta":{"progressToken":"tok"}}})", call + "}}"},
      fake_tools());
  REQUIRE(replies.size() == 5);
  CHECK(replies[0]["result"]["protocolVersion"].as_string() == "2025-06-18");
  // The two calls run on threads of their own: their messages may interleave.
  std::vector<Json> notes, results;
  for (std::size_t i = 1; i < replies.size(); ++i) {
    (replies[i]["method"].is_string() ? notes : results).push_back(replies[i]);
  }
  REQUIRE(notes.size() == 2);  // only the call with a token, and only increasing progress
  for (int i : {0, 1}) {
    CHECK(notes[i]["method"].as_string() == "notifications/progress");
    CHECK(notes[i]["id"].is_null());
    CHECK(notes[i]["params"]["progressToken"].as_string() == "tok");
    CHECK(notes[i]["params"]["progress"].as_number() == i + 1);
    CHECK(notes[i]["params"]["total"].as_number() == 3);
  }
  CHECK(notes[1]["params"]["message"].as_string() == "extracting");
  REQUIRE(results.size() == 2);
  for (const Json& r : results) {
    CHECK(r["id"].as_number() == 4);
    CHECK(r["result"]["structuredContent"]["source"].as_string() == "notion");
  }
}

TEST_CASE("mcp: an unknown protocol version is answered with the newest supported one") {
  auto replies = run_lines(
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"1999-01-01"}})",
       R"({"jsonrpc":"2.0","id":2,"method":"ping"})"},
      fake_tools());
  REQUIRE(replies.size() == 2);
  CHECK(replies[0]["result"]["protocolVersion"].as_string() == "2025-11-25");
  CHECK(replies[1]["result"].dump() == "{}");
}

TEST_CASE(
    "mcp: a client on real pipes gets one reply per request, in order, and none for "
    "notifications") {
  std::array<int, 2> to_server{};
  std::array<int, 2> from_server{};
  REQUIRE(::pipe(to_server.data()) == 0);
  REQUIRE(::pipe(from_server.data()) == 0);
  int server_rc = -1;
  std::thread server([&] {
    FdBuf in_buf(to_server[0]);
    FdBuf out_buf(from_server[1]);
    std::istream in(&in_buf);
    std::ostream out(&out_buf);
    server_rc = om::app::run_mcp_server(in, out, fake_tools());
    ::close(from_server[1]);
  });

  write_line(to_server[1], kInitialize);
  auto init = Json::parse(read_line(from_server[0], 5000));
  REQUIRE(init.ok());
  check_initialize(*init);

  write_line(to_server[1], kInitialized);
  CHECK(read_line(from_server[0], 200).empty());  // a notification produces no output

  write_line(to_server[1], kToolsList);
  auto list = Json::parse(read_line(from_server[0], 5000));
  REQUIRE(list.ok());
  CHECK((*list)["result"]["tools"].as_array().size() == 4);

  write_line(to_server[1], kCallLookup);
  auto lookup = Json::parse(read_line(from_server[0], 5000));
  REQUIRE(lookup.ok());
  check_lookup(*lookup);

  write_line(to_server[1], "{\"jsonrpc\":");
  auto bad = Json::parse(read_line(from_server[0], 5000));
  REQUIRE(bad.ok());
  CHECK((*bad)["error"]["code"].as_number() == -32700);

  write_line(to_server[1], R"({"jsonrpc":"2.0","id":9,"method":"prompts/list"})");
  auto unknown = Json::parse(read_line(from_server[0], 5000));
  REQUIRE(unknown.ok());
  CHECK((*unknown)["error"]["code"].as_number() == -32601);
  CHECK((*unknown)["id"].as_number() == 9);

  write_line(to_server[1], R"({"jsonrpc":"2.0","method":"notifications/cancelled"})");
  CHECK(read_line(from_server[0], 200).empty());

  ::close(to_server[1]);  // end of input: the server returns
  server.join();
  CHECK(server_rc == 0);
  CHECK(read_line(from_server[0], 1000).empty());  // EOF, nothing left over
  ::close(to_server[0]);
  ::close(from_server[0]);
}

namespace {

// A server on real pipes in a thread; the client writes lines and reads what comes back.
struct PipeServer {
  std::array<int, 2> to_server{};
  std::array<int, 2> from_server{};
  int rc = -1;
  std::thread thread;
  explicit PipeServer(McpTools tools) {
    REQUIRE(::pipe(to_server.data()) == 0);
    REQUIRE(::pipe(from_server.data()) == 0);
    thread = std::thread([this, tools = std::move(tools)] {
      FdBuf in_buf(to_server[0]);
      FdBuf out_buf(from_server[1]);
      std::istream in(&in_buf);
      std::ostream out(&out_buf);
      rc = om::app::run_mcp_server(in, out, tools);
      ::close(from_server[1]);
    });
  }
  PipeServer(const PipeServer&) = delete;
  PipeServer& operator=(const PipeServer&) = delete;
  ~PipeServer() {
    close_input();
    thread.join();
    ::close(to_server[0]);
    ::close(from_server[0]);
  }
  void close_input() {
    if (to_server[1] >= 0) {
      ::close(to_server[1]);
      to_server[1] = -1;
    }
  }
  void send(const std::string& line) { write_line(to_server[1], line); }
  // The next message that satisfies `want`, skipping others; a null Json after `timeout_ms`.
  template <class F>
  Json next(F want, int timeout_ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      auto parsed = Json::parse(read_line(from_server[0], static_cast<int>(left.count()) + 1));
      if (parsed.ok() && want(*parsed)) {
        return *parsed;
      }
    }
    return Json();
  }
};

}  // namespace

TEST_CASE("mcp: research runs beside the loop: ping answered, progress every second, cancel") {
  PipeServer server(fake_tools());
  server.send(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}})");
  CHECK(server.next([](const Json& m) { return m["id"].as_number() == 1; }, 5000).is_object());
  const auto t0 = std::chrono::steady_clock::now();
  server.send(R"({"jsonrpc":"2.0","id":"r1","method":"tools/call","params":{"name":"research",)"
              R"("arguments":{"source":"slow"},"_meta":{"progressToken":7}}})");
  // Progress arrives (the tool's, then the heartbeat's), each with a message, increasing.
  double last = -1;
  for (int i = 0; i < 3; ++i) {
    Json note = server.next(
        [](const Json& m) { return m["method"].as_string() == "notifications/progress"; }, 2500);
    REQUIRE(note.is_object());
    CHECK(note["params"]["progressToken"].as_number() == 7);
    CHECK(note["params"]["progress"].as_number() > last);
    CHECK(note["params"]["message"].as_string().find("crawling docs") != std::string::npos);
    last = note["params"]["progress"].as_number();
  }
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(4000));
  // ping and a read-only tool are answered at once while research runs.
  const auto ping_sent = std::chrono::steady_clock::now();
  server.send(R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
  Json pong = server.next([](const Json& m) { return m["id"].as_number() == 2; }, 1000);
  CHECK(pong["result"].is_object());
  CHECK(std::chrono::steady_clock::now() - ping_sent < std::chrono::milliseconds(100));
  server.send(kCallLookup);
  CHECK(server.next([](const Json& m) { return m["id"].as_number() == 3; }, 1000).is_object());
  // A cancel of another id changes nothing; the research's own cancel returns it, partial.
  server.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"x"}})");
  const auto cancel_sent = std::chrono::steady_clock::now();
  server.send(
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"r1","reason":"user"}})");
  Json done = server.next([](const Json& m) { return m["id"].as_string() == "r1"; }, 2000);
  REQUIRE(done.is_object());
  CHECK(std::chrono::steady_clock::now() - cancel_sent < std::chrono::milliseconds(1000));
  CHECK(done["result"]["structuredContent"]["partial"].as_bool() == true);
}

TEST_CASE("mcp: at end of input a running research call is still answered") {
  PipeServer server(fake_tools());
  server.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"research",)"
              R"("arguments":{"source":"notion"}}})");
  server.close_input();
  Json done = server.next([](const Json& m) { return m["id"].as_number() == 1; }, 5000);
  CHECK(done["result"]["content"].is_array());
}
