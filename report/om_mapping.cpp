// Maps findings onto OpenMetadata (OPENMETADATA.md sections 2-3): entity names -> OM entities of
// the service type by head-noun cues, auth methods -> connection-schema blocks, test steps.
#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

#include "core/text.h"
#include "core/words.h"
#include "report/report.h"

namespace om::report {
namespace {

struct EntityRule {
  std::string_view om_entity;
  std::vector<std::string_view> cues;  // singular, lower-case head nouns (or joined names)
};

struct StepRule {
  std::string_view step;
  std::string_view om_entity;
  bool mandatory;
};

struct ServiceRules {
  std::string_view service_type;
  std::vector<EntityRule> entities;
  std::vector<StepRule> steps;  // after CheckAccess, in the scaffold's order
};

const std::vector<ServiceRules>& service_rules() {
  static const std::vector<ServiceRules> kRules = {
      {"dashboard",
       {{"Dashboard", {"dashboard", "workbook", "report", "board"}},
        {"Chart",
         {"chart", "tile", "element", "card", "visualization", "visualisation", "widget", "sheet",
          "view", "look", "panel"}},
        {"DashboardDataModel",
         {"dataset", "datamodel", "model", "datasource", "semanticmodel", "dataobject"}}},
       {{"GetDashboards", "Dashboard", true}, {"GetCharts", "Chart", false}}},
      {"pipeline",
       {{"Pipeline", {"pipeline", "dag", "flow", "job", "workflow"}},
        {"Task", {"task", "step", "operator"}},
        {"PipelineStatus", {"run", "status", "execution", "instance", "attempt", "build"}}},
       {{"GetPipelines", "Pipeline", true}, {"GetPipelineStatus", "PipelineStatus", false}}},
      {"api",
       {{"ApiCollection", {"collection", "tag", "api", "service", "group"}},
        {"ApiEndpoint", {"endpoint", "operation", "route"}}},
       {{"GetCollections", "ApiCollection", true}}},
      {"database",
       {{"Database", {"database", "catalog", "db"}},
        {"DatabaseSchema", {"schema", "namespace", "dataset"}},
        {"Table", {"table", "view"}}},
       {{"GetSchemas", "DatabaseSchema", true}, {"GetTables", "Table", true}}},
      {"messaging",
       {{"Topic", {"topic", "stream", "queue", "channel", "subject"}}},
       {{"GetTopics", "Topic", true}}},
      {"mlmodel", {{"MlModel", {"model", "mlmodel"}}}, {{"GetModels", "MlModel", true}}},
      {"storage",
       {{"Container", {"container", "bucket", "folder", "directory"}}},
       {{"GetContainers", "Container", true}}},
      {"search",
       {{"SearchIndex", {"index", "indice", "searchindex"}}},
       {{"GetSearchIndexes", "SearchIndex", true}}},
  };
  return kRules;
}

const ServiceRules* rules_for(std::string_view service_type) {
  for (const auto& r : service_rules()) {
    if (iequals(r.service_type, service_type)) {
      return &r;
    }
  }
  return nullptr;
}

// "WorkbookElements" / "workbook_elements" / "workbook-elements" -> {workbook, element}.
std::vector<std::string> name_tokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) {
      tokens.push_back(singular(to_lower(cur)));
      cur.clear();
    }
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      flush();
      continue;
    }
    bool upper = c >= 'A' && c <= 'Z';
    bool prev_lower = i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z';
    if (upper && prev_lower) {
      flush();
    }
    cur.push_back(c);
  }
  flush();
  return tokens;
}

std::string_view match_rules(const ServiceRules& rules, const std::vector<std::string>& tokens) {
  if (tokens.empty()) {
    return {};
  }
  std::string joined;
  for (const auto& t : tokens) {
    joined += t;
  }
  for (const std::string& key : {joined, tokens.back()}) {  // whole name first, then head noun
    for (const auto& rule : rules.entities) {
      if (std::find(rule.cues.begin(), rule.cues.end(), key) != rule.cues.end()) {
        return rule.om_entity;
      }
    }
  }
  return {};
}

// The last path segment that is not a {variable}: "/v2/workbooks/{id}/pages" -> "pages".
std::string_view last_static_segment(std::string_view path) {
  std::string_view last;
  for (auto seg : split(path, '/')) {
    if (!seg.empty() && seg.front() != '{' && seg.front() != ':') {
      last = seg;
    }
  }
  return last;
}

std::string_view om_entity_for(const ServiceRules& rules, const Entity& e) {
  std::string_view om = match_rules(rules, name_tokens(e.name));
  if (om.empty() && !e.list.empty()) {
    om = match_rules(rules, name_tokens(last_static_segment(e.list.path)));
  }
  return om;
}

bool has_flow(const AuthMethod& a, OAuthFlowKind flow) {
  return std::any_of(a.flows.begin(), a.flows.end(),
                     [flow](const OAuthFlow& f) { return f.flow == flow; });
}

// OPENMETADATA.md section 3 "Mapping" and EXTRACTION.md section 1's OM column.
OmConnection default_om_connection(const AuthMethod& a) {
  const AuthType t = a.type;
  if (t == AuthType::kHttpBasic || t == AuthType::kSession) {
    return OmConnection::kBasicAuth;
  }
  if (t == AuthType::kApiKey || t == AuthType::kHttpBearer) {
    return OmConnection::kToken;
  }
  if (t == AuthType::kJwt) {
    return OmConnection::kJwtAuth;
  }
  if (t == AuthType::kAwsSigv4) {
    return OmConnection::kIamAuthConfig;
  }
  if (t == AuthType::kMutualTls) {
    return OmConnection::kSslConfig;
  }
  if (t == AuthType::kOpenIdConnect) {
    return OmConnection::kOAuthCredentials;
  }
  if (t != AuthType::kOAuth2) {
    return OmConnection::kUnknown;
  }
  bool azure = std::any_of(a.flows.begin(), a.flows.end(), [](const OAuthFlow& f) {
    return icontains(f.token_url, "login.microsoftonline.com");
  });
  if (azure) {
    return OmConnection::kAzureConfig;
  }
  bool client_credentials_only =
      !a.flows.empty() && std::all_of(a.flows.begin(), a.flows.end(), [](const OAuthFlow& f) {
        return f.flow == OAuthFlowKind::kClientCredentials && f.refresh_url.empty();
      });
  // Client credentials: flat clientId + clientSecret (+ tokenUrl, scopes), as sigmaConnection.
  return client_credentials_only && !has_flow(a, OAuthFlowKind::kRefreshToken)
             ? OmConnection::kCustom
             : OmConnection::kOAuthCredentials;
}

int check_access_rank(std::string_view path) {
  static constexpr std::array<std::string_view, 11> kIdentity = {
      "me",           "myself", "whoami",  "self",    "current", "currentuser",
      "current_user", "user",   "session", "account", "profile"};
  static constexpr std::array<std::string_view, 6> kServer = {"version", "versions", "status",
                                                              "info",    "about",    "serverinfo"};
  static constexpr std::array<std::string_view, 4> kUnauthenticated = {"health", "healthz", "ping",
                                                                       "heartbeat"};
  std::string last = to_lower(last_static_segment(path));
  auto in = [&last](const auto& words) {
    return std::find(words.begin(), words.end(), last) != words.end();
  };
  if (in(kIdentity)) {
    return 0;
  }
  if (in(kServer)) {
    return 1;
  }
  return in(kUnauthenticated) ? 4 : 3;  // 2: list endpoint of a mapped entity
}

bool usable_for_check(const EndpointRef& ref) {
  if (ref.empty() || !iequals(ref.method, "GET") || ref.path.find('{') != std::string::npos) {
    return false;
  }
  for (std::string_view word : {"login", "logout", "oauth", "token", "signin", "sign-in"}) {
    if (icontains(ref.path, word)) {
      return false;
    }
  }
  return true;
}

// CheckAccess: the cheapest authenticated GET without path variables.
std::optional<TestStep> check_access_step(const Findings& f) {
  std::vector<std::pair<int, EndpointRef>> candidates;
  for (const auto& e : f.endpoints) {
    EndpointRef ref{to_upper(e.method), e.path};
    if (usable_for_check(ref)) {
      candidates.emplace_back(check_access_rank(ref.path), ref);
    }
  }
  for (const auto& e : f.entities) {
    if (usable_for_check(e.list)) {
      int rank = check_access_rank(e.list.path);
      candidates.emplace_back(rank == 3 && !e.om_entity.empty() ? 2 : rank, e.list);
    }
  }
  if (candidates.empty()) {
    return std::nullopt;
  }
  auto key = [](const std::pair<int, EndpointRef>& c) {
    return std::make_tuple(c.first, std::count(c.second.path.begin(), c.second.path.end(), '/'),
                           c.second.path.size(), c.second.path);
  };
  auto best = std::min_element(candidates.begin(), candidates.end(),
                               [&key](const auto& a, const auto& b) { return key(a) < key(b); });
  return TestStep{"CheckAccess", "GET", best->second.path};
}

// The list endpoint of the entity mapped to `om_entity` with the fewest path variables.
const Entity* entity_for_step(const Findings& f, std::string_view om_entity) {
  const Entity* best = nullptr;
  auto key = [](const Entity& e) {
    const EndpointRef& r = e.list.empty() ? e.get : e.list;
    return std::make_tuple(e.list.empty(), std::count(r.path.begin(), r.path.end(), '{'),
                           r.path.size(), r.path);
  };
  for (const auto& e : f.entities) {
    if (e.om_entity == om_entity && !(e.list.empty() && e.get.empty()) &&
        (best == nullptr || key(e) < key(*best))) {
      best = &e;
    }
  }
  return best;
}

std::vector<TestStep> suggest_test_steps(const Research& r, std::vector<std::string>* gaps) {
  std::vector<TestStep> steps;
  if (auto check = check_access_step(r.findings)) {
    steps.push_back(*check);
  } else {
    gaps->push_back("no GET endpoint without path variables found for the CheckAccess step");
  }
  const ServiceRules* rules = rules_for(r.source.service_type);
  if (rules == nullptr) {
    return steps;
  }
  for (const auto& s : rules->steps) {
    const Entity* e = entity_for_step(r.findings, s.om_entity);
    if (e == nullptr) {
      if (s.mandatory) {
        gaps->push_back("no list endpoint found for " + std::string(s.om_entity) +
                        " (mandatory test step " + std::string(s.step) + ")");
      }
      continue;
    }
    const EndpointRef& ref = e->list.empty() ? e->get : e->list;
    steps.push_back({std::string(s.step), to_upper(ref.method), ref.path});
  }
  return steps;
}

}  // namespace

void map_to_openmetadata(Research& research) {
  if (const ServiceRules* rules = rules_for(research.source.service_type)) {
    for (auto& e : research.findings.entities) {
      if (e.om_entity.empty() && !e.evidence.empty()) {
        e.om_entity = std::string(om_entity_for(*rules, e));
      }
    }
  }
  for (auto& a : research.findings.auth) {
    if (a.om_connection == OmConnection::kUnknown) {
      a.om_connection = default_om_connection(a);
    }
  }
  if (research.test_connection.empty()) {
    std::vector<std::string> gaps;
    research.test_connection = suggest_test_steps(research, &gaps);
    auto& all = research.findings.gaps;
    for (auto& g : gaps) {  // a second call adds nothing twice
      if (std::find(all.begin(), all.end(), g) == all.end()) {
        all.push_back(std::move(g));
      }
    }
  }
}

}  // namespace om::report
