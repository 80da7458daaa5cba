// Issue #23's report facts: the test image for the brief's profile, database facts from the
// catalog, SQLAlchemy URLs and SDKs, auth mapped onto OpenMetadata's database auth options, and
// the Research JSON members `similar_connectors`, `test_environment` and `database`.
#include "report/detail/checkout_facts.h"

#include <algorithm>

#include "core/text.h"
#include "report/report.h"

namespace om::report::detail {
namespace {

Json strings(const std::vector<std::string>& items) {
  Json a = Json::array();
  for (const auto& s : items) {
    a.push(s);
  }
  return a;
}

bool is_command(const TestImage& t) {
  switch (t.via) {
    case ImageVia::kDockerRun:
    case ImageVia::kCompose:
      return true;
    case ImageVia::kDockerPull:
    case ImageVia::kUnknown:
      break;
  }
  return false;
}

// OPENMETADATA.md section 3 ("Mapping"): the database authType a vendor method configures;
// kUnknown when no database auth option fits (an API key is a connection property, not an
// authType).
OmConnection database_option(const AuthMethod& a) {
  switch (a.om_connection) {
    case OmConnection::kBasicAuth:
    case OmConnection::kIamAuthConfig:
    case OmConnection::kAzureConfig:
    case OmConnection::kJwtAuth:
    case OmConnection::kGcpCredentials:
      return a.om_connection;
    case OmConnection::kUnknown:
    case OmConnection::kToken:
    case OmConnection::kOAuthCredentials:
    case OmConnection::kCustom:
    case OmConnection::kSslConfig:
    case OmConnection::kAccessTokenAuth:
      break;  // not a database authType: the auth type or token URL may still name one
  }
  if (a.type == AuthType::kHttpBasic || a.type == AuthType::kSession) {
    return OmConnection::kBasicAuth;
  }
  if (a.type == AuthType::kAwsSigv4) {
    return OmConnection::kIamAuthConfig;
  }
  if (a.type == AuthType::kJwt) {
    return OmConnection::kJwtAuth;
  }
  for (const auto& f : a.flows) {
    if (icontains(f.token_url, "login.microsoftonline.com")) {
      return OmConnection::kAzureConfig;
    }
    if (icontains(f.token_url, "googleapis.com") || icontains(f.token_url, "accounts.google.com")) {
      return OmConnection::kGcpCredentials;
    }
  }
  return OmConnection::kUnknown;
}

void from_catalog(const Research& r, const std::string& fact, DatabaseFact& out) {
  for (const auto& c : r.database_catalog) {
    if (c.fact == fact && out.value.empty()) {
      out = {c.value, "catalog", c.cite, {}};
    }
  }
}

Json fact_json(const DatabaseFact& f, const std::function<Json(const EvidenceList&)>& ev) {
  if (f.value.empty()) {
    return nullptr;  // JSON null
  }
  Json j = Json::object();
  j.set("value", f.value);
  j.set("from", f.from);
  j.set("cite", Json::str_or_null(f.cite));
  j.set("evidence", ev(f.evidence));
  return j;
}

}  // namespace

const TestImage* chosen_test_image(const Findings& findings) {
  const auto& all = findings.test_images;
  auto best = std::find_if(all.begin(), all.end(),
                           [](const TestImage& t) { return is_command(t) && !t.ports.empty(); });
  if (best == all.end()) {
    best = all.begin();
  }
  return best == all.end() ? nullptr : &*best;
}

std::string container_port(const std::string& mapping) {
  std::string m = mapping.substr(0, mapping.find('/'));
  std::size_t colon = m.rfind(':');
  return colon == std::string::npos ? m : m.substr(colon + 1);
}

DatabaseFacts database_facts(const Research& r) {
  DatabaseFacts d;
  from_catalog(r, "dialect_package", d.dialect_package);
  from_catalog(r, "driver_package", d.driver_package);
  from_catalog(r, "url_scheme", d.url_scheme);
  from_catalog(r, "default_port", d.default_port);
  const Findings& f = r.findings;
  if (d.dialect_package.value.empty()) {
    for (const auto& s : f.sdks) {
      if (s.ecosystem == Ecosystem::kPypi && icontains(s.name, "sqlalchemy")) {
        d.dialect_package = {s.name, "sdk", "", s.evidence};
        break;
      }
    }
  }
  if (d.url_scheme.value.empty() && !f.sql_urls.empty()) {
    d.url_scheme = {f.sql_urls.front().scheme, "sql-url", "", f.sql_urls.front().evidence};
  }
  for (const auto& u : f.sql_urls) {
    if (d.default_port.value.empty() && !u.port.empty()) {
      d.default_port = {u.port, "sql-url", "", u.evidence};
    }
  }
  const TestImage* image = chosen_test_image(f);
  if (d.default_port.value.empty() && image != nullptr && !image->ports.empty()) {
    d.default_port = {container_port(image->ports.front()), "docker", "", image->evidence};
  }
  for (const auto& a : f.auth) {
    const OmConnection option = database_option(a);
    if (option != OmConnection::kUnknown) {
      d.auth.push_back({std::string(auth_type_text(a)), to_string(option), a.evidence});
    }
  }
  return d;
}

Json similar_connectors_json(const Research& r) {
  Json a = Json::array();
  for (const auto& c : r.similar_connectors) {
    Json j = Json::object();
    j.set("name", c.name);
    j.set("service_type", c.service_type);
    j.set("score", c.score);
    j.set("auth", strings(c.auth));
    j.set("pagination", Json::str_or_null(c.pagination));
    j.set("client_libraries", strings(c.client_libraries));
    j.set("reasons", strings(c.reasons));
    Json ev = Json::array();
    for (const auto& e : c.evidence) {
      Json one = Json::object();
      one.set("path", e.path);
      one.set("line", e.line);
      one.set("quote", e.quote);
      ev.push(std::move(one));
    }
    j.set("evidence", std::move(ev));
    a.push(std::move(j));
  }
  return a;
}

Json test_environment_json(const Research& r, const std::function<Json(const EvidenceList&)>& ev) {
  Json images = Json::array();
  for (const auto& t : r.findings.test_images) {
    Json j = Json::object();
    j.set("image", t.image);
    j.set("ports", strings(t.ports));
    j.set("via", std::string(to_string(t.via)));
    j.set("evidence", ev(t.evidence));
    images.push(std::move(j));
  }
  Json j = Json::object();
  j.set("images", std::move(images));
  const TestImage* chosen = chosen_test_image(r.findings);
  j.set("docker_image", chosen == nullptr ? Json() : Json(chosen->image));
  j.set("docker_port", chosen == nullptr || chosen->ports.empty()
                           ? Json()
                           : Json(container_port(chosen->ports.front())));
  return j;
}

Json database_json(const Research& r, const std::function<Json(const EvidenceList&)>& ev) {
  if (r.source.service_type != "database") {
    return nullptr;  // JSON null: not a database source
  }
  const DatabaseFacts d = database_facts(r);
  Json j = Json::object();
  j.set("dialect_package", fact_json(d.dialect_package, ev));
  j.set("driver_package", fact_json(d.driver_package, ev));
  j.set("url_scheme", fact_json(d.url_scheme, ev));
  j.set("default_port", fact_json(d.default_port, ev));
  Json urls = Json::array();
  for (const auto& u : r.findings.sql_urls) {
    Json one = Json::object();
    one.set("scheme", u.scheme);
    one.set("dialect", u.dialect);
    one.set("driver", Json::str_or_null(u.driver));
    one.set("port", Json::str_or_null(u.port));
    one.set("evidence", ev(u.evidence));
    urls.push(std::move(one));
  }
  j.set("url_schemes", std::move(urls));
  Json auth = Json::array();
  for (const auto& a : d.auth) {
    Json one = Json::object();
    one.set("auth_type", a.auth_type);
    one.set("om_auth", a.om_auth);
    one.set("evidence", ev(a.evidence));
    auth.push(std::move(one));
  }
  j.set("auth", std::move(auth));
  return j;
}

}  // namespace om::report::detail

namespace om::report {

DockerProfile docker_profile(const Research& research) {
  const TestImage* t = detail::chosen_test_image(research.findings);
  if (t == nullptr) {
    return {};
  }
  return {t->image, t->ports.empty() ? "" : detail::container_port(t->ports.front())};
}

}  // namespace om::report
