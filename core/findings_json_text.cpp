// The stored facts text read straight into Findings (no Json tree): the same members, defaults
// and leniency as findings_from_json (findings_json.cpp).
#include "core/findings_json.h"
#include "core/json_reader.h"

namespace om {
namespace {

class FactsReader {
 public:
  explicit FactsReader(std::string_view text) : in_(text) {}

  Result<Findings> run() {
    Findings f;
    in_.members([&](std::string_view key) { findings_member(f, key); });
    if (!in_.finish()) {
      return Error{ErrorCode::kParse, in_.error()};
    }
    return f;
  }

 private:
  template <typename T, typename F>
  void list(std::vector<T>& out, F&& read_one) {
    in_.items([&] {
      T& item = out.emplace_back();
      in_.members([&](std::string_view key) { read_one(item, key); });
    });
  }

  void evidence(EvidenceList& out) {
    list(out, [this](Evidence& e, std::string_view key) {
      if (key == "url") {
        in_.string(e.url);
      } else if (key == "locator") {
        in_.string(e.locator);
      } else if (key == "quote") {
        in_.string(e.quote);
      } else {
        in_.skip();
      }
    });
  }

  void endpoint_ref(EndpointRef& r) {
    in_.members([&](std::string_view key) {
      if (key == "method") {
        in_.string(r.method);
      } else if (key == "path") {
        in_.string(r.path);
      } else {
        in_.skip();
      }
    });
  }

  void base_url(BaseUrl& b, std::string_view key) {
    if (key == "url") {
      in_.string(b.url);
    } else if (key == "description") {
      in_.string(b.description);
    } else if (key == "confidence") {
      b.confidence = in_.number(confidence::kDeclared);
    } else if (key == "evidence") {
      evidence(b.evidence);
    } else {
      in_.skip();
    }
  }

  void api_version(ApiVersion& v, std::string_view key) {
    if (key == "version") {
      in_.string(v.version);
    } else if (key == "via") {
      std::string text;
      in_.string(text);
      v.via = version_via_from_string(text).value_or(VersionVia::kUnknown);
    } else if (key == "name") {
      in_.string(v.name);
    } else if (key == "evidence") {
      evidence(v.evidence);
    } else {
      in_.skip();
    }
  }

  void flow(OAuthFlow& f, std::string_view key) {
    if (key == "flow") {
      std::string text;
      in_.string(text);
      f.flow = oauth_flow_from_string(text).value_or(OAuthFlowKind::kUnknown);
    } else if (key == "token_url") {
      in_.string(f.token_url);
    } else if (key == "authorization_url") {
      in_.string(f.authorization_url);
    } else if (key == "refresh_url") {
      in_.string(f.refresh_url);
    } else if (key == "scopes") {
      in_.string_items(f.scopes);
    } else {
      in_.skip();
    }
  }

  void auth(AuthMethod& m, std::string_view key) {
    if (key == "type") {
      std::string text;
      in_.string(text);
      set_auth_type(m, text);
    } else if (key == "in") {
      std::string text;
      in_.string(text);
      set_auth_in(m, text);
    } else if (key == "name") {
      in_.string(m.name);
    } else if (key == "scheme") {
      in_.string(m.scheme);
    } else if (key == "flows") {
      list(m.flows, [this](OAuthFlow& f, std::string_view k) { flow(f, k); });
      // A flow outside the set (or without one) is dropped, as the tree reader drops it.
      std::erase_if(m.flows, [](const OAuthFlow& f) { return f.flow == OAuthFlowKind::kUnknown; });
    } else if (key == "openid_connect_url") {
      in_.string(m.openid_connect_url);
    } else if (key == "om_connection") {
      std::string text;
      in_.string(text);
      m.om_connection = om_connection_from_string(text).value_or(OmConnection::kUnknown);
    } else if (key == "declared_as") {
      in_.string(m.declared_as);
    } else if (key == "used_by_operations") {
      m.used_by_operations = static_cast<int>(in_.number(-1));
    } else if (key == "combined_with") {
      in_.string_items(m.combined_with);
    } else if (key == "notes") {
      in_.string(m.notes);
    } else if (key == "confidence") {
      m.confidence = in_.number(confidence::kDeclared);
    } else if (key == "evidence") {
      evidence(m.evidence);
    } else {
      in_.skip();
    }
  }

  void page_size(PageSize& ps) {
    in_.members([&](std::string_view key) {
      if (key == "param") {
        in_.string(ps.param);
      } else if (key == "default") {
        ps.default_value = in_.optional_number();
      } else if (key == "max") {
        ps.max = in_.optional_number();
      } else {
        in_.skip();
      }
    });
  }

  void pagination(Pagination& g, std::string_view key) {
    if (key == "style") {
      std::string text;
      in_.string(text);
      g.style = page_style_from_string(text).value_or(PageStyle::kUnknown);
    } else if (key == "request_params") {
      in_.string_items(g.request_params);
    } else if (key == "response_fields") {
      in_.string_items(g.response_fields);
    } else if (key == "response_headers") {
      in_.string_items(g.response_headers);
    } else if (key == "page_size") {
      page_size(g.page_size);
    } else if (key == "stop_condition") {
      in_.string(g.stop_condition);
    } else if (key == "endpoints") {
      in_.string_items(g.endpoints);
    } else if (key == "truncation_risk") {
      in_.string(g.truncation_risk);
    } else if (key == "confidence") {
      g.confidence = in_.number(confidence::kStructural);
    } else if (key == "evidence") {
      evidence(g.evidence);
    } else {
      in_.skip();
    }
  }

  void entity(Entity& n, std::string_view key) {
    if (key == "name") {
      in_.string(n.name);
    } else if (key == "om_entity") {
      in_.string(n.om_entity);
    } else if (key == "list") {
      endpoint_ref(n.list);
    } else if (key == "get") {
      endpoint_ref(n.get);
    } else if (key == "parent") {
      in_.string(n.parent);
    } else if (key == "records_path") {
      in_.string(n.records_path);
    } else if (key == "primary_key") {
      in_.string(n.primary_key);
    } else if (key == "pagination") {
      std::string text;
      in_.string(text);
      n.pagination = page_style_from_string(text);
    } else if (key == "confidence") {
      n.confidence = in_.number(confidence::kStructural);
    } else if (key == "evidence") {
      evidence(n.evidence);
    } else {
      in_.skip();
    }
  }

  void endpoint(Endpoint& e, std::string_view key) {
    if (key == "method") {
      in_.string(e.method);
    } else if (key == "path") {
      in_.string(e.path);
    } else if (key == "operation_id") {
      in_.string(e.operation_id);
    } else if (key == "summary") {
      in_.string(e.summary);
    } else if (key == "tags") {
      in_.string_items(e.tags);
    } else {
      in_.skip();
    }
  }

  void rate_limit(RateLimit& l, std::string_view key) {
    if (key == "limit") {
      l.limit = in_.optional_number();
    } else if (key == "window_seconds") {
      l.window_seconds = in_.optional_number();
    } else if (key == "scope") {
      in_.string(l.scope);
    } else if (key == "headers") {
      in_.string_items(l.headers);
    } else if (key == "retry_after") {
      l.retry_after = in_.boolean();
    } else if (key == "text") {
      in_.string(l.text);
    } else if (key == "confidence") {
      l.confidence = in_.number(confidence::kDeclared);
    } else if (key == "evidence") {
      evidence(l.evidence);
    } else {
      in_.skip();
    }
  }

  void sdk(Sdk& k, std::string_view key) {
    if (key == "ecosystem") {
      std::string text;
      in_.string(text);
      k.ecosystem = ecosystem_from_string(text).value_or(Ecosystem::kUnknown);
    } else if (key == "name") {
      in_.string(k.name);
    } else if (key == "version") {
      in_.string(k.version);
    } else if (key == "client") {
      in_.string(k.client);
    } else if (key == "auth_options") {
      in_.string_items(k.auth_options);
    } else if (key == "resources") {
      in_.string_items(k.resources);
    } else if (key == "pagination_helpers") {
      in_.string_items(k.pagination_helpers);
    } else if (key == "evidence") {
      evidence(k.evidence);
    } else {
      in_.skip();
    }
  }

  void conflict(Conflict& c, std::string_view key) {
    if (key == "topic") {
      in_.string(c.topic);
    } else if (key == "detail") {
      in_.string(c.detail);
    } else if (key == "evidence") {
      evidence(c.evidence);
    } else {
      in_.skip();
    }
  }

  void test_image(TestImage& t, std::string_view key) {
    if (key == "image") {
      in_.string(t.image);
    } else if (key == "ports") {
      in_.string_items(t.ports);
    } else if (key == "via") {
      std::string text;
      in_.string(text);
      t.via = image_via_from_string(text).value_or(ImageVia::kUnknown);
    } else if (key == "evidence") {
      evidence(t.evidence);
    } else {
      in_.skip();
    }
  }

  void sql_url(SqlAlchemyUrl& u, std::string_view key) {
    if (key == "scheme") {
      in_.string(u.scheme);
    } else if (key == "dialect") {
      in_.string(u.dialect);
    } else if (key == "driver") {
      in_.string(u.driver);
    } else if (key == "port") {
      in_.string(u.port);
    } else if (key == "evidence") {
      evidence(u.evidence);
    } else {
      in_.skip();
    }
  }

  void graphql_field(GraphqlField& g, std::string_view key) {
    if (key == "field") {
      in_.string(g.field);
    } else if (key == "type") {
      in_.string(g.type);
    } else if (key == "kind") {
      std::string text;
      in_.string(text);
      g.kind = graphql_field_kind_from_string(text).value_or(GraphqlFieldKind::kUnknown);
    } else if (key == "node_type") {
      in_.string(g.node_type);
    } else if (key == "args") {
      in_.string_items(g.args);
    } else if (key == "pagination") {
      std::string text;
      in_.string(text);
      g.pagination = page_style_from_string(text);
    } else if (key == "records_path") {
      in_.string(g.records_path);
    } else if (key == "evidence") {
      evidence(g.evidence);
    } else {
      in_.skip();
    }
  }

  void graphql(GraphqlSchema& g, std::string_view key) {
    auto fields = [this](std::vector<GraphqlField>& out) {
      list(out, [this](GraphqlField& f, std::string_view k) { graphql_field(f, k); });
    };
    if (key == "document") {
      in_.string(g.document);
    } else if (key == "format") {
      in_.string(g.format);
    } else if (key == "query_type") {
      in_.string(g.query_type);
    } else if (key == "mutation_type") {
      in_.string(g.mutation_type);
    } else if (key == "types") {
      g.type_count = static_cast<std::size_t>(in_.number(0));
    } else if (key == "root_fields") {
      fields(g.root_fields);
    } else if (key == "connection_fields") {
      fields(g.connection_fields);
    } else if (key == "node_types") {
      in_.string_items(g.node_types);
    } else if (key == "page_args") {
      in_.string_items(g.page_args);
    } else if (key == "evidence") {
      evidence(g.evidence);
    } else {
      in_.skip();
    }
  }

  // A list's items start as default structs: the defaults findings_from_json gives a missing
  // member.
  void findings_member(Findings& f, std::string_view key) {
    if (key == "base_urls") {
      list(f.base_urls, [this](BaseUrl& b, std::string_view k) { base_url(b, k); });
    } else if (key == "api_versions") {
      list(f.api_versions, [this](ApiVersion& v, std::string_view k) { api_version(v, k); });
    } else if (key == "auth") {
      list(f.auth, [this](AuthMethod& m, std::string_view k) { auth(m, k); });
    } else if (key == "pagination") {
      list(f.pagination, [this](Pagination& g, std::string_view k) { pagination(g, k); });
    } else if (key == "entities") {
      list(f.entities, [this](Entity& n, std::string_view k) { entity(n, k); });
    } else if (key == "endpoints") {
      list(f.endpoints, [this](Endpoint& e, std::string_view k) { endpoint(e, k); });
    } else if (key == "rate_limits") {
      list(f.rate_limits, [this](RateLimit& l, std::string_view k) { rate_limit(l, k); });
    } else if (key == "sdks") {
      list(f.sdks, [this](Sdk& k, std::string_view m) { sdk(k, m); });
    } else if (key == "conflicts") {
      list(f.conflicts, [this](Conflict& c, std::string_view k) { conflict(c, k); });
    } else if (key == "gaps") {
      in_.string_items(f.gaps);
    } else if (key == "test_images") {
      list(f.test_images, [this](TestImage& t, std::string_view k) { test_image(t, k); });
    } else if (key == "sql_urls") {
      list(f.sql_urls, [this](SqlAlchemyUrl& u, std::string_view k) { sql_url(u, k); });
    } else if (key == "graphql") {
      list(f.graphql, [this](GraphqlSchema& g, std::string_view k) { graphql(g, k); });
    } else {
      in_.skip();
    }
  }

  JsonReader in_;
};

}  // namespace

Result<Findings> findings_from_json_text(std::string_view text) {
  return FactsReader(text).run();
}

}  // namespace om
