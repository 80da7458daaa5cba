// Facts <-> JSON, member names exactly as DESIGN.md's Research JSON.
#include "core/findings_json.h"

#include <cmath>

namespace om {
namespace {

Json strings(const std::vector<std::string>& v) {
  Json::Array a;
  a.reserve(v.size());
  for (const auto& s : v) {
    a.emplace_back(s);
  }
  return Json(std::move(a));
}

std::vector<std::string> strings_from(const Json& j) {
  std::vector<std::string> out;
  for (const auto& x : j.as_array()) {
    if (x.is_string()) {
      out.push_back(x.as_string());
    }
  }
  return out;
}

Json opt_number(const std::optional<double>& d) {
  return d ? Json(*d) : Json();
}
std::optional<double> number_from(const Json& j) {
  if (j.is_number()) {
    return j.as_number();
  }
  return std::nullopt;
}

Json endpoint_ref(const EndpointRef& r) {
  if (r.empty()) {
    return {};
  }
  Json j = Json::object();
  j.set("method", r.method);
  j.set("path", r.path);
  return j;
}
EndpointRef endpoint_ref_from(const Json& j) {
  return {j["method"].as_string(), j["path"].as_string()};
}

EvidenceList evidence_from(const Json& j) {
  EvidenceList out;
  for (const auto& e : j.as_array()) {
    out.push_back({e["url"].as_string(), e["locator"].as_string(), e["quote"].as_string()});
  }
  return out;
}

Json flow_json(const OAuthFlow& f) {
  Json j = Json::object();
  j.set("flow", std::string(to_string(f.flow)));
  j.set("token_url", Json::str_or_null(f.token_url));
  j.set("authorization_url", Json::str_or_null(f.authorization_url));
  j.set("refresh_url", Json::str_or_null(f.refresh_url));
  j.set("scopes", strings(f.scopes));
  return j;
}

template <class T, class F>
Json list(const std::vector<T>& items, F&& one) {
  Json::Array a;
  a.reserve(items.size());
  for (const auto& x : items) {
    a.push_back(one(x));
  }
  return Json(std::move(a));
}

}  // namespace

Json evidence_with_urls(const EvidenceList& evidence) {
  return list(evidence, [](const Evidence& e) {
    Json j = Json::object();
    j.set("url", e.url);
    j.set("locator", e.locator);
    j.set("quote", e.quote);
    return j;
  });
}

Json to_json(const BaseUrl& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("url", f.url);
  j.set("description", Json::str_or_null(f.description));
  j.set("confidence", f.confidence);
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const ApiVersion& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("version", f.version);
  j.set("via", std::string(to_string(f.via)));
  j.set("name", Json::str_or_null(f.name));
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const AuthMethod& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("type", std::string(auth_type_text(f)));
  j.set("in", Json::str_or_null(std::string(auth_in_text(f))));
  j.set("name", Json::str_or_null(f.name));
  j.set("scheme", Json::str_or_null(f.scheme));
  j.set("flows", list(f.flows, flow_json));
  if (!f.openid_connect_url.empty()) {
    j.set("openid_connect_url", f.openid_connect_url);
  }
  j.set("om_connection", Json::str_or_null(to_string(f.om_connection)));
  j.set("declared_as", Json::str_or_null(f.declared_as));
  j.set("used_by_operations", f.used_by_operations < 0 ? Json() : Json(f.used_by_operations));
  j.set("combined_with", strings(f.combined_with));
  j.set("notes", Json::str_or_null(f.notes));
  j.set("confidence", f.confidence);
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const Pagination& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("style", std::string(to_string(f.style)));
  j.set("request_params", strings(f.request_params));
  j.set("response_fields", strings(f.response_fields));
  j.set("response_headers", strings(f.response_headers));
  Json ps = Json::object();
  ps.set("param", Json::str_or_null(f.page_size.param));
  ps.set("default", opt_number(f.page_size.default_value));
  ps.set("max", opt_number(f.page_size.max));
  j.set("page_size", std::move(ps));
  j.set("stop_condition", Json::str_or_null(f.stop_condition));
  j.set("endpoints", strings(f.endpoints));
  j.set("truncation_risk", Json::str_or_null(f.truncation_risk));
  j.set("confidence", f.confidence);
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const Entity& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("name", f.name);
  j.set("om_entity", Json::str_or_null(f.om_entity));
  j.set("list", endpoint_ref(f.list));
  j.set("get", endpoint_ref(f.get));
  j.set("parent", Json::str_or_null(f.parent));
  j.set("records_path", Json::str_or_null(f.records_path));
  j.set("primary_key", Json::str_or_null(f.primary_key));
  j.set("pagination", f.pagination ? Json(std::string(to_string(*f.pagination))) : Json());
  j.set("confidence", f.confidence);
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const Endpoint& f) {
  Json j = Json::object();
  j.set("method", f.method);
  j.set("path", f.path);
  j.set("operation_id", Json::str_or_null(f.operation_id));
  j.set("summary", Json::str_or_null(f.summary));
  j.set("tags", strings(f.tags));
  return j;
}

Json to_json(const RateLimit& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("limit", opt_number(f.limit));
  j.set("window_seconds", opt_number(f.window_seconds));
  j.set("scope", Json::str_or_null(f.scope));
  j.set("headers", strings(f.headers));
  j.set("retry_after", f.retry_after);
  j.set("text", Json::str_or_null(f.text));
  j.set("confidence", f.confidence);
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const Sdk& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("ecosystem", std::string(to_string(f.ecosystem)));
  j.set("name", f.name);
  j.set("version", Json::str_or_null(f.version));
  j.set("client", Json::str_or_null(f.client));
  j.set("auth_options", strings(f.auth_options));
  j.set("resources", strings(f.resources));
  j.set("pagination_helpers", strings(f.pagination_helpers));
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const Conflict& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("topic", f.topic);
  j.set("detail", f.detail);
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const TestStep& f) {
  Json j = Json::object();
  j.set("step", f.step);
  j.set("method", f.method);
  j.set("path", f.path);
  return j;
}

Json to_json(const TestImage& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("image", f.image);
  j.set("ports", strings(f.ports));
  j.set("via", std::string(to_string(f.via)));
  j.set("evidence", ev(f.evidence));
  return j;
}

Json to_json(const SqlAlchemyUrl& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("scheme", f.scheme);
  j.set("dialect", f.dialect);
  j.set("driver", Json::str_or_null(f.driver));
  j.set("port", Json::str_or_null(f.port));
  j.set("evidence", ev(f.evidence));
  return j;
}

namespace {

Json graphql_field_json(const GraphqlField& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("field", f.field);
  j.set("type", f.type);
  j.set("kind", std::string(to_string(f.kind)));
  j.set("node_type", Json::str_or_null(f.node_type));
  j.set("args", strings(f.args));
  j.set("pagination", Json::str_or_null(f.pagination ? to_string(*f.pagination) : ""));
  j.set("records_path", Json::str_or_null(f.records_path));
  j.set("evidence", ev(f.evidence));
  return j;
}

GraphqlField graphql_field_from(const Json& j) {
  GraphqlField f;
  f.field = j["field"].as_string();
  f.type = j["type"].as_string();
  // A kind outside the set is not one om-research writes: read as kUnknown.
  f.kind =
      graphql_field_kind_from_string(j["kind"].as_string()).value_or(GraphqlFieldKind::kUnknown);
  f.node_type = j["node_type"].as_string();
  f.args = strings_from(j["args"]);
  f.pagination = page_style_from_string(j["pagination"].as_string());
  f.records_path = j["records_path"].as_string();
  f.evidence = evidence_from(j["evidence"]);
  return f;
}

GraphqlSchema graphql_from(const Json& j) {
  GraphqlSchema g;
  g.document = j["document"].as_string();
  g.format = j["format"].as_string();
  g.query_type = j["query_type"].as_string();
  g.mutation_type = j["mutation_type"].as_string();
  g.type_count = static_cast<std::size_t>(j["types"].as_number());
  for (const auto& f : j["root_fields"].as_array()) {
    g.root_fields.push_back(graphql_field_from(f));
  }
  for (const auto& f : j["connection_fields"].as_array()) {
    g.connection_fields.push_back(graphql_field_from(f));
  }
  g.node_types = strings_from(j["node_types"]);
  g.page_args = strings_from(j["page_args"]);
  g.evidence = evidence_from(j["evidence"]);
  return g;
}

}  // namespace

Json to_json(const GraphqlSchema& f, const EvidenceWriter& ev) {
  Json j = Json::object();
  j.set("document", f.document);
  j.set("format", f.format);
  j.set("query_type", f.query_type);
  j.set("mutation_type", Json::str_or_null(f.mutation_type));
  j.set("types", f.type_count);
  auto fields = [&ev](const std::vector<GraphqlField>& v) {
    Json::Array a;
    a.reserve(v.size());
    for (const auto& x : v) {
      a.push_back(graphql_field_json(x, ev));
    }
    return Json(std::move(a));
  };
  j.set("root_fields", fields(f.root_fields));
  j.set("connection_fields", fields(f.connection_fields));
  j.set("node_types", strings(f.node_types));
  j.set("page_args", strings(f.page_args));
  j.set("evidence", ev(f.evidence));
  return j;
}

Json findings_to_json(const Findings& f) {
  const EvidenceWriter ev = evidence_with_urls;
  auto with_ev = [&ev](const auto& x) { return to_json(x, ev); };
  Json j = Json::object();
  j.set("base_urls", list(f.base_urls, with_ev));
  j.set("api_versions", list(f.api_versions, with_ev));
  j.set("auth", list(f.auth, with_ev));
  j.set("pagination", list(f.pagination, with_ev));
  j.set("entities", list(f.entities, with_ev));
  j.set("endpoints", list(f.endpoints, [](const Endpoint& e) { return to_json(e); }));
  j.set("rate_limits", list(f.rate_limits, with_ev));
  j.set("sdks", list(f.sdks, with_ev));
  j.set("conflicts", list(f.conflicts, with_ev));
  j.set("gaps", strings(f.gaps));
  j.set("test_images", list(f.test_images, with_ev));
  j.set("sql_urls", list(f.sql_urls, with_ev));
  j.set("graphql", list(f.graphql, with_ev));
  return j;
}

namespace {

AuthMethod auth_from(const Json& a) {
  AuthMethod m;
  set_auth_type(m, a["type"].as_string());
  set_auth_in(m, a["in"].as_string());
  m.name = a["name"].as_string();
  m.scheme = a["scheme"].as_string();
  for (const auto& fl : a["flows"].as_array()) {
    // A flow outside the set is not one om-research writes: dropped, as extraction drops it.
    const OAuthFlowKind kind =
        oauth_flow_from_string(fl["flow"].as_string()).value_or(OAuthFlowKind::kUnknown);
    if (kind == OAuthFlowKind::kUnknown) {
      continue;
    }
    m.flows.push_back({kind, fl["token_url"].as_string(), fl["authorization_url"].as_string(),
                       fl["refresh_url"].as_string(), strings_from(fl["scopes"])});
  }
  m.openid_connect_url = a["openid_connect_url"].as_string();
  // A schema outside the set is not one om-research writes: read as kUnknown, mapped again.
  m.om_connection =
      om_connection_from_string(a["om_connection"].as_string()).value_or(OmConnection::kUnknown);
  m.declared_as = a["declared_as"].as_string();
  m.used_by_operations = static_cast<int>(a["used_by_operations"].as_number(-1));
  m.combined_with = strings_from(a["combined_with"]);
  m.notes = a["notes"].as_string();
  m.confidence = a["confidence"].as_number(confidence::kDeclared);
  m.evidence = evidence_from(a["evidence"]);
  return m;
}

Pagination pagination_from(const Json& p) {
  Pagination g;
  g.style = page_style_from_string(p["style"].as_string()).value_or(PageStyle::kUnknown);
  g.request_params = strings_from(p["request_params"]);
  g.response_fields = strings_from(p["response_fields"]);
  g.response_headers = strings_from(p["response_headers"]);
  g.page_size.param = p["page_size"]["param"].as_string();
  g.page_size.default_value = number_from(p["page_size"]["default"]);
  g.page_size.max = number_from(p["page_size"]["max"]);
  g.stop_condition = p["stop_condition"].as_string();
  g.endpoints = strings_from(p["endpoints"]);
  g.truncation_risk = p["truncation_risk"].as_string();
  g.confidence = p["confidence"].as_number(confidence::kStructural);
  g.evidence = evidence_from(p["evidence"]);
  return g;
}

Entity entity_from(const Json& e) {
  Entity n;
  n.name = e["name"].as_string();
  n.om_entity = e["om_entity"].as_string();
  n.list = endpoint_ref_from(e["list"]);
  n.get = endpoint_ref_from(e["get"]);
  n.parent = e["parent"].as_string();
  n.records_path = e["records_path"].as_string();
  n.primary_key = e["primary_key"].as_string();
  n.pagination = page_style_from_string(e["pagination"].as_string());
  n.confidence = e["confidence"].as_number(confidence::kStructural);
  n.evidence = evidence_from(e["evidence"]);
  return n;
}

RateLimit rate_limit_from(const Json& r) {
  RateLimit l;
  l.limit = number_from(r["limit"]);
  l.window_seconds = number_from(r["window_seconds"]);
  l.scope = r["scope"].as_string();
  l.headers = strings_from(r["headers"]);
  l.retry_after = r["retry_after"].as_bool();
  l.text = r["text"].as_string();
  l.confidence = r["confidence"].as_number(confidence::kDeclared);
  l.evidence = evidence_from(r["evidence"]);
  return l;
}

Sdk sdk_from(const Json& s) {
  Sdk k;
  // A registry outside the set is not one om-research writes: read as kUnknown.
  k.ecosystem = ecosystem_from_string(s["ecosystem"].as_string()).value_or(Ecosystem::kUnknown);
  k.name = s["name"].as_string();
  k.version = s["version"].as_string();
  k.client = s["client"].as_string();
  k.auth_options = strings_from(s["auth_options"]);
  k.resources = strings_from(s["resources"]);
  k.pagination_helpers = strings_from(s["pagination_helpers"]);
  k.evidence = evidence_from(s["evidence"]);
  return k;
}

}  // namespace

Findings findings_from_json(const Json& j) {
  Findings f;
  for (const auto& b : j["base_urls"].as_array()) {
    f.base_urls.push_back({b["url"].as_string(), b["description"].as_string(),
                           b["confidence"].as_number(confidence::kDeclared),
                           evidence_from(b["evidence"])});
  }
  for (const auto& v : j["api_versions"].as_array()) {
    // A place outside the set is not one om-research writes: read as kUnknown.
    f.api_versions.push_back(
        {v["version"].as_string(),
         version_via_from_string(v["via"].as_string()).value_or(VersionVia::kUnknown),
         v["name"].as_string(), evidence_from(v["evidence"])});
  }
  for (const auto& a : j["auth"].as_array()) {
    f.auth.push_back(auth_from(a));
  }
  for (const auto& p : j["pagination"].as_array()) {
    f.pagination.push_back(pagination_from(p));
  }
  for (const auto& e : j["entities"].as_array()) {
    f.entities.push_back(entity_from(e));
  }
  for (const auto& e : j["endpoints"].as_array()) {
    f.endpoints.push_back({e["method"].as_string(), e["path"].as_string(),
                           e["operation_id"].as_string(), e["summary"].as_string(),
                           strings_from(e["tags"])});
  }
  for (const auto& r : j["rate_limits"].as_array()) {
    f.rate_limits.push_back(rate_limit_from(r));
  }
  for (const auto& s : j["sdks"].as_array()) {
    f.sdks.push_back(sdk_from(s));
  }
  for (const auto& c : j["conflicts"].as_array()) {
    f.conflicts.push_back(
        {c["topic"].as_string(), c["detail"].as_string(), evidence_from(c["evidence"])});
  }
  f.gaps = strings_from(j["gaps"]);
  for (const auto& t : j["test_images"].as_array()) {
    // A command outside the set is not one om-research writes: read as kUnknown.
    f.test_images.push_back(
        {t["image"].as_string(), strings_from(t["ports"]),
         image_via_from_string(t["via"].as_string()).value_or(ImageVia::kUnknown),
         evidence_from(t["evidence"])});
  }
  for (const auto& u : j["sql_urls"].as_array()) {
    f.sql_urls.push_back({u["scheme"].as_string(), u["dialect"].as_string(),
                          u["driver"].as_string(), u["port"].as_string(),
                          evidence_from(u["evidence"])});
  }
  for (const auto& g : j["graphql"].as_array()) {
    f.graphql.push_back(graphql_from(g));
  }
  return f;
}

}  // namespace om
