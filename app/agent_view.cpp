// The agent-sized view of a Research JSON: summary, one page of facts, the documents they cite.
#include "app/agent_view.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace om::app {
namespace {

constexpr std::size_t kQuoteChars = 160;
constexpr std::size_t kEvidenceShown = 2;
constexpr std::size_t kGapChars = 200;
constexpr std::size_t kGapsShown = 20;

// The fact lists of the Research JSON, in the order a summary view shows them.
constexpr std::array<std::string_view, 10> kFactLists{
    "base_urls", "api_versions", "auth",     "pagination",      "rate_limits",
    "sdks",      "conflicts",    "entities", "test_connection", "endpoints"};

std::vector<std::string_view> lists_of(const std::string& topic) {
  if (topic == "all") {
    return {kFactLists.begin(), kFactLists.end()};
  }
  if (topic == "entities") {
    return {"entities", "test_connection"};
  }
  if (topic == "rate-limits") {
    return {"rate_limits"};
  }
  if (topic == "base-urls") {
    return {"base_urls", "api_versions"};
  }
  return {topic};  // auth, pagination, endpoints, sdks, gaps, documents
}

std::string one_line(const std::string& text, std::size_t max_bytes) {
  std::string line;
  for (char c : text) {
    line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  if (line.size() <= max_bytes) {
    return line;
  }
  return std::string(utf8_prefix(line, max_bytes)) + "...";
}

// A fact with its evidence cut short: the first quotes, each one line of bounded length.
Json compact_fact(const Json& fact, std::set<int>& cited) {
  if (!fact.is_object()) {
    return fact;
  }
  Json out = Json::object();
  for (const auto& [key, value] : fact.as_object()) {
    if (key != "evidence") {
      out.set(key, value);
      continue;
    }
    Json evidence = Json::array();
    const auto& all = value.as_array();
    for (std::size_t i = 0; i < all.size() && i < kEvidenceShown; ++i) {
      Json e = Json::object();
      e.set("doc", all[i]["doc"]);
      cited.insert(static_cast<int>(all[i]["doc"].as_number(-1)));
      e.set("locator", all[i]["locator"]);
      e.set("quote", one_line(all[i]["quote"].as_string(), kQuoteChars));
      evidence.push(std::move(e));
    }
    out.set("evidence", std::move(evidence));
    if (all.size() > kEvidenceShown) {
      out.set("evidence_more", static_cast<double>(all.size() - kEvidenceShown));
    }
  }
  return out;
}

Json compact_document(const Json& doc, int index) {
  Json out = Json::object();
  out.set("doc", index);
  out.set("url", doc["url"]);
  out.set("status", doc["status"]);
  out.set("kind", doc["kind"]);
  if (doc["error"].is_string() && !doc["error"].as_string().empty()) {
    out.set("error", one_line(doc["error"].as_string(), kGapChars));
  }
  return out;
}

bool failed(const Json& doc) {
  const double status = doc["status"].as_number(0);
  return !doc["error"].as_string().empty() || status < 200 || status >= 400;
}

Json summary_of(const Json& research) {
  Json facts = Json::object();
  for (std::string_view list : kFactLists) {
    facts.set(std::string(list), static_cast<double>(research[list].as_array().size()));
  }
  const auto& docs = research["documents"].as_array();
  Json summary = Json::object();
  summary.set("documents", static_cast<double>(docs.size()));
  summary.set("failed_documents",
              static_cast<double>(std::count_if(docs.begin(), docs.end(), failed)));
  summary.set("facts", std::move(facts));
  summary.set("gaps", static_cast<double>(research["gaps"].as_array().size()));
  return summary;
}

Json gap_lines(const Json& research) {
  Json gaps = Json::array();
  const auto& all = research["gaps"].as_array();
  for (std::size_t i = 0; i < all.size() && i < kGapsShown; ++i) {
    gaps.push(one_line(all[i].as_string(), kGapChars));
  }
  return gaps;
}

Json cited_documents(const Json& research, const std::set<int>& cited) {
  Json docs = Json::array();
  const auto& all = research["documents"].as_array();
  for (int i : cited) {
    if (i >= 0 && static_cast<std::size_t>(i) < all.size()) {
      docs.push(compact_document(all[static_cast<std::size_t>(i)], i));
    }
  }
  return docs;
}

// Issue #23's members, short enough for every page: the closest connectors with their reasons
// (each names a file:line), the image and port for tests, and the database facts' values.
void add_checkout_summary(const Json& research, Json& out) {
  Json connectors = Json::array();
  for (const Json& c : research["similar_connectors"].as_array()) {
    Json one = Json::object();
    for (const char* key : {"name", "score", "reasons"}) {
      one.set(key, c[key]);
    }
    connectors.push(std::move(one));
  }
  if (!connectors.as_array().empty()) {
    out.set("similar_connectors", std::move(connectors));
  }
  const Json& env = research["test_environment"];
  if (!env["docker_image"].is_null()) {
    Json e = Json::object();
    e.set("docker_image", env["docker_image"]);
    e.set("docker_port", env["docker_port"]);
    e.set("images", static_cast<double>(env["images"].as_array().size()));
    out.set("test_environment", std::move(e));
  }
  const Json& db = research["database"];
  if (db.is_object()) {
    Json d = Json::object();
    for (const char* key : {"dialect_package", "driver_package", "url_scheme", "default_port"}) {
      d.set(key, db[key]["value"].is_string() ? db[key]["value"] : Json());
    }
    Json auth = Json::array();
    for (const Json& a : db["auth"].as_array()) {
      auth.push(a["auth_type"].as_string() + " -> " + a["om_auth"].as_string());
    }
    d.set("auth", std::move(auth));
    out.set("database", std::move(d));
  }
}

Json head_of(const Json& research) {
  Json out = Json::object();
  out.set("schema", research["schema"]);
  out.set("source", research["source"]);
  for (const char* flag : {"partial", "stopped", "message"}) {
    if (!research[flag].is_null()) {
      out.set(flag, research[flag]);
    }
  }
  add_checkout_summary(research, out);
  return out;
}

Result<Json> detail_of(const Json& research, const std::string& detail, std::size_t max_chars) {
  auto slash = detail.find('/');
  std::string list = detail.substr(0, slash);
  std::size_t index = 0;
  const char* digits = detail.data() + (slash == std::string::npos ? detail.size() : slash + 1);
  auto parsed = std::from_chars(digits, detail.data() + detail.size(), index);
  const auto& items = research[list].as_array();
  if (slash == std::string::npos || parsed.ec != std::errc() ||
      parsed.ptr != detail.data() + detail.size() || index >= items.size()) {
    return Error{ErrorCode::kNotFound, "detail '" + detail +
                                           "' names no item: use an id such as \"auth/0\" or " +
                                           "\"documents/3\" from a previous result"};
  }
  Json out = head_of(research);
  out.set("id", detail);
  out.set("item", items[index]);
  std::set<int> cited;
  for (const Json& e : items[index]["evidence"].as_array()) {
    cited.insert(static_cast<int>(e["doc"].as_number(-1)));
  }
  if (!cited.empty()) {
    out.set("documents", cited_documents(research, cited));
  }
  return fit_to_size(std::move(out), max_chars);
}

}  // namespace

Result<Json> agent_view(const Json& research, const ViewRequest& request) {
  if (!request.detail.empty()) {
    return detail_of(research, request.detail, request.max_chars);
  }
  std::size_t offset = 0;
  if (!request.cursor.empty()) {
    auto parsed = std::from_chars(request.cursor.data(),
                                  request.cursor.data() + request.cursor.size(), offset);
    if (parsed.ec != std::errc() || parsed.ptr != request.cursor.data() + request.cursor.size()) {
      return Error{
          ErrorCode::kNotFound,
          "cursor '" + request.cursor + "' is not one this server gave; omit it to start over"};
    }
  }
  // Every item of the topic, in order, as (list, index).
  std::vector<std::pair<std::string_view, std::size_t>> items;
  for (std::string_view list : lists_of(request.topic)) {
    for (std::size_t i = 0; i < research[list].as_array().size(); ++i) {
      items.emplace_back(list, i);
    }
  }
  Json out = head_of(research);
  out.set("summary", summary_of(research));
  if (request.topic != "gaps") {
    out.set("gaps", gap_lines(research));
  }
  out.set("topic", request.topic);
  const std::size_t base = out.dump().size();
  const std::size_t budget = request.max_chars > base + 2000 ? request.max_chars - base - 2000 : 0;
  Json::Object facts;  // list name -> items of this page, in order
  std::set<int> cited;
  std::size_t used = 0, next = offset;
  const std::size_t limit = static_cast<std::size_t>(std::max(1, request.limit));
  for (; next < items.size() && next - offset < limit; ++next) {
    const auto& [list, i] = items[next];
    const Json& raw = research[list].as_array()[i];
    std::set<int> item_cited;
    Json item = list == "documents" ? compact_document(raw, static_cast<int>(i))
                : raw.is_string()   ? Json(one_line(raw.as_string(), kGapChars))
                                    : compact_fact(raw, item_cited);
    if (item.is_object()) {
      Json with_id = Json::object();
      with_id.set("id", std::string(list) + "/" + std::to_string(i));
      for (auto& [k, v] : item.object_items()) {
        with_id.set(k, std::move(v));
      }
      item = std::move(with_id);
    }
    const std::size_t size = item.dump().size() + 120 * item_cited.size();
    if (used + size > budget && next > offset) {
      break;  // the page is full: the rest comes with the next cursor
    }
    used += size;
    cited.insert(item_cited.begin(), item_cited.end());
    if (facts.empty() || facts.back().first != list) {
      facts.emplace_back(std::string(list), Json::array());
    }
    facts.back().second.push(std::move(item));
  }
  out.set(request.topic == "documents" ? "items" : "facts", Json(std::move(facts)));
  if (!cited.empty()) {
    out.set("documents", cited_documents(research, cited));
  }
  Json page = Json::object();
  page.set("offset", static_cast<double>(offset));
  page.set("count", static_cast<double>(next - std::min(next, offset)));
  page.set("total", static_cast<double>(items.size()));
  out.set("page", std::move(page));
  if (next < items.size()) {
    out.set("next_cursor", std::to_string(next));
  }
  out.set("hint",
          "Facts cut short (first quotes only); pass detail=\"<id>\" for one item whole, "
          "cursor=next_cursor for the next page, topic for one kind of fact.");
  return fit_to_size(std::move(out), request.max_chars);
}

namespace {

// The array under `value` (at any depth) whose text is longest, or nullptr.
Json* largest_array(Json& value, std::size_t& best) {
  Json* found = nullptr;
  if (value.is_array() && !value.as_array().empty()) {
    std::size_t size = value.dump().size();
    if (size > best) {
      best = size;
      found = &value;
    }
  }
  if (value.is_array()) {
    for (Json& item : value.array_items()) {
      if (Json* inner = largest_array(item, best)) {
        found = inner;
      }
    }
  } else if (value.is_object()) {
    for (auto& [key, item] : value.object_items()) {
      if (Json* inner = largest_array(item, best)) {
        found = inner;
      }
    }
  }
  return found;
}

}  // namespace

Json fit_to_size(Json value, std::size_t max_chars) {
  std::size_t removed = 0;
  for (std::size_t size = value.dump().size(); size > max_chars; size = value.dump().size()) {
    std::size_t best = 0;
    Json* array = largest_array(value, best);
    if (array == nullptr) {
      break;
    }
    auto& items = array->array_items();
    const std::size_t per_item = std::max<std::size_t>(1, best / items.size());
    const std::size_t cut =
        std::min(items.size(), std::max<std::size_t>(1, (size - max_chars) / per_item + 1));
    items.resize(items.size() - cut);
    removed += cut;
  }
  if (removed > 0 && value.is_object()) {
    value.set("truncated", static_cast<double>(removed));
  }
  return value;
}

}  // namespace om::app
