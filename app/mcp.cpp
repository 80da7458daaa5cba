// MCP server over stdio: JSON-RPC 2.0 messages, one per line (MCP "stdio" transport), with the
// lifecycle (initialize, notifications/initialized, ping), tools/list, tools/call, progress and
// cancellation. Messages are read in order on the calling thread; a long tool call (research)
// runs on a thread of its own, and every write to `out` holds one mutex.
#include "app/mcp.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <istream>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <utility>

#include "app/mcp_schema.h"
#include "core/types.h"

namespace om::app {
namespace {

using mcp_schema::find_tool;
using mcp_schema::member;
using mcp_schema::ToolSpec;
using mcp_schema::validate_args;

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
// Newest first: a client asking for one of these gets it, anything else gets the newest.
constexpr std::array<std::string_view, 4> kProtocolVersions{"2025-11-25", "2025-06-18",
                                                            "2025-03-26", "2024-11-05"};

// Progress of one tool call: what the tool reported last, sent on and repeated every second
// (a client's request timeout that resets on progress then never fires while the call works).
class ProgressState {
 public:
  ProgressState(std::function<void(const Json&)> send, Json token, bool with_message)
      : send_(std::move(send)), token_(std::move(token)), with_message_(with_message) {}

  void report(double progress, double total, std::string_view message) {
    std::lock_guard lock(mutex_);
    message_ = std::string(message);
    total_ = total;
    if (progress > last_) {  // MCP: progress must increase with each notification
      emit(progress);
    }
  }
  /// A heartbeat: the last message again, with progress nudged up (it must increase).
  void repeat(std::chrono::steady_clock::time_point started) {
    std::lock_guard lock(mutex_);
    if (std::chrono::steady_clock::now() - last_sent_ < std::chrono::milliseconds(900)) {
      return;
    }
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();
    std::string base = message_.empty() ? std::string("working") : message_;
    std::string saved = message_;
    message_ = base + " (" + std::to_string(seconds) + " s)";
    emit(last_ < 0 ? 0 : last_ + 0.001);
    message_ = std::move(saved);
  }

 private:
  void emit(double progress) {
    last_ = progress;
    last_sent_ = std::chrono::steady_clock::now();
    Json p = Json::object();
    p.set("progressToken", token_);
    p.set("progress", progress);
    if (total_ > 0) {
      p.set("total", std::max(total_, progress));
    }
    if (with_message_ && !message_.empty()) {
      p.set("message", message_);
    }
    Json note = Json::object();
    note.set("jsonrpc", "2.0");
    note.set("method", "notifications/progress");
    note.set("params", std::move(p));
    send_(note);
  }

  std::mutex mutex_;
  std::function<void(const Json&)> send_;
  Json token_;
  bool with_message_;
  std::string message_;
  double total_ = 0;
  double last_ = -std::numeric_limits<double>::infinity();
  std::chrono::steady_clock::time_point last_sent_{};
};

// A tool call running on a thread of its own.
struct RunningCall {
  std::string id_key;  // the request id as JSON text
  std::atomic<bool> cancelled{false};
  std::atomic<bool> done{false};
  std::mutex mutex;
  std::condition_variable finished;
  std::thread thread;
};

// One client connection: parses each line, dispatches, and writes replies.
class Session {
 public:
  Session(const McpTools& tools, std::ostream& out) : tools_(tools), out_(out) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) = delete;
  Session& operator=(Session&&) = delete;
  ~Session() { finish_all(); }
  void handle_line(std::string_view line);
  /// Waits for the calls still running (each is answered).
  void finish_all();
  [[nodiscard]] bool output_ok() {
    std::lock_guard lock(out_mutex_);
    return static_cast<bool>(out_);
  }

 private:
  void send(const Json& message);
  void respond(Json message);
  void reply(const Json& id, Json result);
  void handle_message(const Json& msg);
  void reply_error(const Json& id, int code, const std::string& message);
  void handle_request(const Json& id, const std::string& method, const Json& params);
  void handle_notification(const std::string& method, const Json& params);
  Json initialize(const Json& params);
  void call_tool(const Json& id, const Json& params);
  Json run_tool(const ToolSpec& spec, const Json& args, const ToolCall& call);
  std::shared_ptr<ProgressState> progress_for(const Json& params);
  void reap();

  const McpTools& tools_;
  std::mutex out_mutex_;
  std::ostream& out_;
  std::string protocol_version_{kProtocolVersions.back()};
  std::list<std::shared_ptr<RunningCall>> running_;  // touched by the reading thread only
  Json* batch_ = nullptr;  // while a batch is handled: its replies (the reading thread only)
};

void Session::send(const Json& message) {
  std::string line = message.dump();  // dump() escapes control characters: one message per line
  line += '\n';
  std::lock_guard lock(out_mutex_);
  out_ << line;
  out_.flush();
}

Json response(const Json& id, Json result) {
  Json message = Json::object();
  message.set("jsonrpc", "2.0");
  message.set("id", id);
  message.set("result", std::move(result));
  return message;
}

void Session::respond(Json message) {
  if (batch_ != nullptr) {
    batch_->push(std::move(message));
  } else {
    send(message);
  }
}

void Session::reply(const Json& id, Json result) {
  respond(response(id, std::move(result)));
}

void Session::reply_error(const Json& id, int code, const std::string& text) {
  Json error = Json::object();
  error.set("code", code);
  error.set("message", text);
  Json message = Json::object();
  message.set("jsonrpc", "2.0");
  message.set("id", id);
  message.set("error", std::move(error));
  respond(std::move(message));
}

void Session::handle_line(std::string_view line) {
  reap();
  auto parsed = Json::parse(line);
  if (!parsed) {
    reply_error(Json(), kParseError, "Parse error: " + parsed.error().message);
    return;
  }
  if (!parsed->is_array()) {
    handle_message(*parsed);
    return;
  }
  // JSON-RPC batches: 2025-03-26 requires them, 2025-06-18 removed them (and 2024-11-05 allows).
  if (protocol_version_ >= "2025-06-18") {
    reply_error(Json(), kInvalidRequest,
                "Invalid Request: batches are not part of MCP " + protocol_version_);
    return;
  }
  if (parsed->as_array().empty()) {
    reply_error(Json(), kInvalidRequest, "Invalid Request: empty batch");
    return;
  }
  Json replies = Json::array();
  batch_ = &replies;  // replies are collected; tools run here, in order
  for (const Json& msg : parsed->as_array()) {
    handle_message(msg);
  }
  batch_ = nullptr;
  if (!replies.as_array().empty()) {  // a batch of notifications only gets no answer
    send(replies);
  }
}

void Session::handle_message(const Json& msg) {
  if (!msg.is_object()) {
    reply_error(Json(), kInvalidRequest, "Invalid Request: expected a JSON-RPC object");
    return;
  }
  const Json* id = member(msg, "id");
  const Json* method = member(msg, "method");
  bool valid_id = id == nullptr || id->is_string() || id->is_number();
  if (method == nullptr && (member(msg, "result") != nullptr || member(msg, "error") != nullptr)) {
    return;  // a response from the client; we send no requests, so nothing waits for it
  }
  if (msg["jsonrpc"].as_string() != "2.0" || method == nullptr || !method->is_string() ||
      !valid_id) {
    reply_error(valid_id && id != nullptr ? *id : Json(), kInvalidRequest,
                "Invalid Request: needs jsonrpc \"2.0\", a string method and a string or "
                "number id");
    return;
  }
  const Json* params = member(msg, "params");
  if (id == nullptr) {
    handle_notification(method->as_string(), params != nullptr ? *params : Json::object());
    return;  // a notification (initialized, cancelled, or unknown): never answered
  }
  if (params != nullptr && !params->is_object()) {
    reply_error(*id, kInvalidParams, "Invalid params: params must be an object");
    return;
  }
  handle_request(*id, method->as_string(), params != nullptr ? *params : Json::object());
}

void Session::handle_notification(const std::string& method, const Json& params) {
  if (method != "notifications/cancelled") {
    return;
  }
  const Json& request = params["requestId"];
  if (!(request.is_string() || request.is_number())) {
    return;
  }
  const std::string key = request.dump();
  for (const auto& call : running_) {
    if (call->id_key == key) {
      call->cancelled = true;  // the tool polls it; an unknown or finished id is ignored
    }
  }
}

void Session::handle_request(const Json& id, const std::string& method, const Json& params) {
  if (method == "initialize") {
    reply(id, initialize(params));
  } else if (method == "ping") {
    reply(id, Json::object());
  } else if (method == "tools/list") {
    Json result = Json::object();
    result.set("tools", mcp_tool_list(tools_));
    reply(id, std::move(result));
  } else if (method == "tools/call") {
    call_tool(id, params);
  } else {
    reply_error(id, kMethodNotFound, "Method not found: " + method);
  }
}

Json Session::initialize(const Json& params) {
  const std::string& asked = params["protocolVersion"].as_string();
  auto known = std::find(kProtocolVersions.begin(), kProtocolVersions.end(), asked);
  protocol_version_ = known != kProtocolVersions.end() ? asked : std::string(kProtocolVersions[0]);
  Json tools = Json::object();
  tools.set("listChanged", false);
  Json capabilities = Json::object();
  capabilities.set("tools", std::move(tools));
  Json info = Json::object();
  info.set("name", "om-research");
  info.set("version", tools_.server_version);
  Json result = Json::object();
  result.set("protocolVersion", protocol_version_);
  result.set("capabilities", std::move(capabilities));
  result.set("serverInfo", std::move(info));
  result.set("instructions",
             "Cited API research for OpenMetadata connectors. Call `research` once per source "
             "(slow, cached), then `lookup` per topic; every fact carries evidence. Research "
             "on the web only what the result lists under `gaps`.");
  return result;
}

std::shared_ptr<ProgressState> Session::progress_for(const Json& params) {
  const Json* token = member(params["_meta"], "progressToken");
  if (token == nullptr || !(token->is_string() || token->is_number())) {
    return nullptr;
  }
  return std::make_shared<ProgressState>([this](const Json& note) { send(note); }, *token,
                                         protocol_version_ >= "2025-03-26");
}

// A message for the model: no "om-research: " line prefixes, no trailing newline.
std::string plain_message(std::string_view text) {
  std::string out;
  constexpr std::string_view kPrefix = "om-research: ";
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (line_start && text.substr(i, kPrefix.size()) == kPrefix) {
      i += kPrefix.size() - 1;
      line_start = false;
      continue;
    }
    out += text[i];
    line_start = text[i] == '\n';
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\r')) {
    out.pop_back();
  }
  return out.empty() ? "failed (no message)" : out;
}

Json error_result(const std::string& message) {
  Json content = Json::object();
  content.set("type", "text");
  content.set("text", plain_message(message));
  Json result = Json::object();
  result.set("content", Json(Json::Array{std::move(content)}));
  result.set("isError", true);
  return result;
}

Json Session::run_tool(const ToolSpec& spec, const Json& args, const ToolCall& call) {
  std::optional<Result<Json>> outcome;
  try {  // a callback must not throw, but one that does must not kill the session
    outcome.emplace((tools_.*spec.callback)(args, call));
  } catch (const std::exception& e) {
    outcome.emplace(
        Error{ErrorCode::kConfig, std::string("internal error in ") + spec.name + ": " + e.what()});
  }
  if (!outcome->ok()) {
    return error_result(outcome->error().message);
  }
  const Json* value = &outcome->value();
  Json content = Json::object();
  content.set("type", "text");
  content.set("text", value->is_string() ? value->as_string() : value->dump());
  Json result = Json::object();
  result.set("content", Json(Json::Array{std::move(content)}));
  if (value->is_object() && protocol_version_ >= "2025-06-18") {
    result.set("structuredContent", *value);
  }
  result.set("isError", false);
  return result;
}

void Session::call_tool(const Json& id, const Json& params) {
  const Json& name = params["name"];
  const ToolSpec* spec = name.is_string() ? find_tool(tools_, name.as_string()) : nullptr;
  if (spec == nullptr) {
    reply_error(id, kInvalidParams, "Unknown tool: " + (name.is_string() ? name.as_string() : ""));
    return;
  }
  const Json* given = member(params, "arguments");
  Json args = given != nullptr ? *given : Json::object();
  if (std::string why = validate_args(spec->schema(), args); !why.empty()) {
    // A tool execution error (MCP 2025-11-25): the model sees it and can correct its call.
    reply(id, error_result(std::string("invalid arguments for ") + spec->name + ": " + why));
    return;
  }
  auto progress = progress_for(params);
  ProgressFn report = [progress](double p, double total, std::string_view message) {
    if (progress) {
      progress->report(p, total, message);
    }
  };
  if (spec->read_only || batch_ != nullptr) {  // quick answers (or a batch): in order, here
    reply(id, run_tool(*spec, args, ToolCall{report, [] { return false; }}));
    return;
  }
  auto call = std::make_shared<RunningCall>();
  call->id_key = id.dump();
  running_.push_back(call);
  call->thread = std::thread([this, call, spec, args = std::move(args), id, progress, report] {
    const auto started = std::chrono::steady_clock::now();
    std::thread heartbeat;
    if (progress) {
      heartbeat = std::thread([call, progress, started] {
        std::unique_lock lock(call->mutex);
        while (!call->finished.wait_for(lock, std::chrono::seconds(1),
                                        [&] { return call->done.load(); })) {
          progress->repeat(started);
        }
      });
    }
    Json result =
        run_tool(*spec, args, ToolCall{report, [call] { return call->cancelled.load(); }});
    {
      std::lock_guard lock(call->mutex);
      call->done = true;
    }
    call->finished.notify_all();
    if (heartbeat.joinable()) {
      heartbeat.join();
    }
    send(response(id, std::move(result)));  // also after a cancel: the partial result
  });
}

void Session::reap() {
  for (auto it = running_.begin(); it != running_.end();) {
    if ((*it)->done) {
      (*it)->thread.join();
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
}

void Session::finish_all() {
  for (auto& call : running_) {
    call->thread.join();
  }
  running_.clear();
}

}  // namespace

Json mcp_tool_list(const McpTools& tools) {
  Json list = Json::array();
  for (const ToolSpec& spec : mcp_schema::tool_specs()) {
    if (!(tools.*spec.callback)) {
      continue;
    }
    Json tool = Json::object();
    tool.set("name", spec.name);
    tool.set("title", spec.title);
    tool.set("description", spec.description);
    tool.set("inputSchema", spec.schema());
    Json annotations = Json::object();
    annotations.set("readOnlyHint", spec.read_only);
    annotations.set("openWorldHint", !spec.read_only);
    tool.set("annotations", std::move(annotations));
    list.push(std::move(tool));
  }
  return list;
}

int run_mcp_server(std::istream& in, std::ostream& out, const McpTools& tools) {
  Session session(tools, out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.find_first_not_of(" \t") == std::string::npos) {
      continue;
    }
    session.handle_line(line);
    if (!session.output_ok()) {
      session.finish_all();
      return 1;
    }
  }
  session.finish_all();
  return session.output_ok() ? 0 : 1;
}

}  // namespace om::app
