// `sources` lists the built-in catalog; `mcp` serves the research/lookup/search/sources tools.
#include "app/commands.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <unistd.h>

#include "app/agent_view.h"
#include "app/mcp.h"
#include "app/pipeline.h"
#include "config/catalog.h"

namespace om::app {
namespace {

Json catalog_json(const config::Catalog& catalog, const std::string& name, std::string* error) {
  Json list = Json::array();
  if (!name.empty()) {
    const auto* entry = catalog.find(name);
    if (entry == nullptr) {
      std::string msg = "'" + name + "' is not in the catalog (" + catalog.origin() + ")";
      auto near = catalog.closest(name);
      if (!near.empty()) {
        msg += "; closest: ";
        for (std::size_t i = 0; i < near.size(); ++i) {
          msg += (i ? ", " : "") + near[i];
        }
      }
      *error = msg;
      return list;
    }
    list.push(config::to_json(*entry));
    return list;
  }
  for (const auto& e : catalog.entries()) {
    list.push(config::to_json(e));
  }
  return list;
}

void print_table(const config::Catalog& catalog, const Json& list, std::ostream& out) {
  out << "name                 service type  docs specs sdks  display name\n";
  for (const auto& j : list.as_array()) {
    const auto* e = catalog.find(j["name"].as_string());
    if (e == nullptr) {
      continue;
    }
    char line[256];
    std::snprintf(line, sizeof line, "%-20s %-13s %4zu %5zu %4zu  %s\n", e->name.c_str(),
                  e->service_type.c_str(), e->docs.size(), e->specs.size(), e->sdks.size(),
                  e->display_name.c_str());
    out << line;
  }
  out << list.as_array().size() << " source(s) from the " << catalog.origin() << " catalog\n";
}

/// Runs a CLI command with captured streams and returns its stdout parsed as JSON.
template <class F>
Result<Json> capture_json(F&& run) {
  std::ostringstream out;
  std::ostringstream err;
  const ExitCode code = run(out, err);
  std::string text = out.str();
  if (text.empty()) {
    return Error{ErrorCode::kNotFound, err.str().empty() ? "no result" : err.str()};
  }
  auto json = Json::parse(text);
  if (!json.ok()) {
    return Error{ErrorCode::kParse, "internal: result is not JSON: " + json.error().message};
  }
  if (code == ExitCode::kUsage || code == ExitCode::kNothing) {
    return Error{ErrorCode::kNotFound, err.str()};
  }
  return json;
}

std::vector<std::string> strings_of(const Json& j) {
  std::vector<std::string> out;
  for (const auto& x : j.as_array()) {
    out.push_back(x.as_string());
  }
  return out;
}

/// Progress of a research run for the MCP client: pages over all its crawls, and the step.
class ResearchProgress {
 public:
  explicit ResearchProgress(ProgressFn report) : report_(std::move(report)) {}
  void operator()(const std::string& step, std::uint64_t done, std::uint64_t queued) {
    std::lock_guard lock(mutex_);
    if (step != step_) {
      base_ += last_;
      step_ = step;
    }
    last_ = done;
    const auto total = static_cast<double>(base_ + done + queued);
    report_(static_cast<double>(base_ + done), total,
            step + ": " + std::to_string(base_ + done) + " page(s) done, " +
                std::to_string(queued) + " queued");
  }

 private:
  std::mutex mutex_;
  ProgressFn report_;
  std::string step_;
  std::uint64_t base_ = 0, last_ = 0;
};

ViewRequest view_request(const Json& args) {
  ViewRequest v;
  v.topic = args["topic"].is_string() ? args["topic"].as_string() : "all";
  v.limit = static_cast<int>(args["limit"].as_number(v.limit));
  v.cursor = args["cursor"].as_string();
  v.detail = args["detail"].as_string();
  return v;
}

Result<Json> research_tool(const CliOptions& base, const Json& args, const ToolCall& call) {
  ResearchOptions r = base.research;
  r.source = args["source"].as_string();
  r.specs = strings_of(args["spec"]);
  r.docs = strings_of(args["docs"]);
  r.sdks = strings_of(args["sdk"]);
  r.service_type = args["service_type"].as_string();
  r.offline = args["offline"].as_bool(base.research.offline);
  r.refresh = args["refresh"].as_bool(base.research.refresh);
  if (args["max_pages"].is_number()) {
    r.max_pages = static_cast<int>(args["max_pages"].as_number());
  }
  r.json = true;
  r.no_context = true;
  using SteadyClock = std::chrono::steady_clock;
  const double max_seconds = args["max_seconds"].as_number(0);
  const auto deadline =
      max_seconds > 0 ? SteadyClock::now() +
                            std::chrono::milliseconds(static_cast<std::int64_t>(max_seconds * 1000))
                      : SteadyClock::time_point::max();
  const std::function<bool()> cancelled = call.cancelled ? call.cancelled : [] { return false; };
  r.should_stop = [cancelled, deadline] { return cancelled() || SteadyClock::now() >= deadline; };
  auto progress = std::make_shared<ResearchProgress>(call.progress);
  r.on_progress = [progress](const std::string& step, std::uint64_t done, std::uint64_t queued) {
    (*progress)(step, done, queued);
  };
  call.progress(0, 0, "researching " + r.source);
  auto result =
      capture_json([&](std::ostream& o, std::ostream& e) { return run_research(r, o, e); });
  const char* stopped = cancelled()                      ? "cancelled"
                        : SteadyClock::now() >= deadline ? "max_seconds"
                                                         : nullptr;
  if (stopped == nullptr) {
    if (!result.ok()) {
      return result;
    }
    return agent_view(result.value(), view_request(args));
  }
  Json partial = result.ok() ? std::move(result.value()) : Json::object();
  partial.set("partial", true);
  partial.set("stopped", stopped);
  if (!result.ok()) {
    partial.set("message", std::string("stopped (") + stopped + ") before anything was read");
  }
  return agent_view(partial, view_request(args));
}

/// The last full Research JSON of each source lookup read, while the cache files are unchanged
/// (any commit to a WAL cache changes the -wal file's size or time; a checkpoint, the file's):
/// an agent reads one source topic after topic, and each would assemble the same JSON again.
class LookupMemo {
 public:
  explicit LookupMemo(std::string db) : db_(std::move(db)) {}
  Result<Json> get(const std::string& key, const std::function<Result<Json>()>& load) {
    const std::string stamp = file_stamp(db_) + "|" + file_stamp(db_ + "-wal");
    {
      std::lock_guard lock(mutex_);
      auto it = memo_.find(key);
      if (it != memo_.end() && it->second.first == stamp) {
        return it->second.second;
      }
    }
    auto loaded = load();
    if (loaded.ok()) {
      std::lock_guard lock(mutex_);
      if (memo_.size() >= 8) {
        memo_.clear();
      }
      memo_.insert_or_assign(key, std::pair{stamp, loaded.value()});
    }
    return loaded;
  }

 private:
  static std::string file_stamp(const std::string& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
      return "-";
    }
    auto time = std::filesystem::last_write_time(path, ec);
    return std::to_string(size) + "@" + std::to_string(time.time_since_epoch().count());
  }
  std::string db_;
  std::mutex mutex_;
  std::map<std::string, std::pair<std::string, Json>> memo_;
};

Result<Json> sources_tool(const CliOptions& base, const Json& args) {
  CliOptions o = base;
  o.sources_name = args["name"].as_string();
  o.research.json = true;
  auto list =
      capture_json([&](std::ostream& out, std::ostream& e) { return run_sources(o, out, e); });
  if (!list.ok()) {
    return list;
  }
  Json answer = Json::object();
  if (o.sources_name.empty()) {  // the whole catalog: one line per source; name= for one whole
    Json brief = Json::array();
    for (const Json& entry : list.value().as_array()) {
      Json b = Json::object();
      for (const char* key : {"name", "display_name", "service_type", "aliases"}) {
        b.set(key, entry[key]);
      }
      brief.push(std::move(b));
    }
    answer.set("sources", std::move(brief));
    answer.set("hint", "pass name for one source's docs, specs and SDKs with citations");
  } else {
    answer.set("sources", std::move(list.value()));
  }
  return fit_to_size(std::move(answer), kAgentResultChars);
}

McpTools make_tools(const CliOptions& base) {
  McpTools tools;
  auto memo = std::make_shared<LookupMemo>(base.research.db_path);
  tools.research = [base](const Json& args, const ToolCall& call) {
    return research_tool(base, args, call);
  };
  tools.lookup = [base, memo](const Json& args, const ToolCall&) -> Result<Json> {
    CliOptions o = base;
    o.research.source = args["source"].as_string();
    o.topic = "all";  // the whole Research JSON; the view takes the topic's part of it
    o.research.json = true;
    auto full = memo->get(o.research.source, [&] {
      return capture_json(
          [&](std::ostream& out, std::ostream& e) { return run_lookup(o, out, e); });
    });
    if (!full.ok()) {
      return full;
    }
    return agent_view(full.value(), view_request(args));
  };
  tools.search = [base](const Json& args, const ToolCall&) -> Result<Json> {
    CliOptions o = base;
    o.research.source = args["source"].as_string();
    o.words = args["query"].as_string();
    o.limit = static_cast<int>(args["limit"].as_number(10));
    o.research.json = true;
    auto hits =
        capture_json([&](std::ostream& out, std::ostream& e) { return run_search(o, out, e); });
    if (!hits.ok() && hits.error().message.find("matches") == std::string::npos) {
      return hits;
    }
    if (!hits.ok()) {  // zero hits is an answer, not an error
      hits = Json::array();
    }
    Json answer = Json::object();
    answer.set("source", o.research.source);
    answer.set("query", o.words);
    answer.set("hits", std::move(hits.value()));
    return fit_to_size(std::move(answer), kAgentResultChars);
  };
  tools.sources = [base](const Json& args, const ToolCall&) { return sources_tool(base, args); };
  return tools;
}

}  // namespace

ExitCode run_sources(const CliOptions& options, std::ostream& out, std::ostream& err) {
  auto catalog = config::load_default(options.research.catalog_path);
  if (!catalog.ok()) {
    err << "om-research: " << catalog.error().message << '\n';
    return ExitCode::kUsage;
  }
  std::string error;
  Json list = catalog_json(catalog.value(), options.sources_name, &error);
  if (!error.empty()) {
    err << "om-research: " << error << '\n';
    return ExitCode::kUsage;
  }
  bool table = !options.research.json && &out == &std::cout && isatty(STDOUT_FILENO) != 0;
  if (table) {
    print_table(catalog.value(), list, out);
  } else {
    out << list.dump(2) << '\n';
  }
  return ExitCode::kWritten;
}

ExitCode run_mcp(const CliOptions& options, std::istream& in, std::ostream& out,
                 std::ostream& err) {
  err << "om-research: MCP server on stdio (tools: research, lookup, search, sources)\n";
  CliOptions resolved = options;
  // Read the environment once, before the tool calls' threads exist.
  resolved.research.db_path = default_db_path(options.research.db_path);
  return run_mcp_server(in, out, make_tools(resolved)) == 0 ? ExitCode::kWritten
                                                            : ExitCode::kPartial;
}

}  // namespace om::app
