// Tests for the agent-sized views of a Research JSON: size cap, summary, paging, detail.
#include "app/agent_view.h"

#include <set>
#include <string>

#include <doctest/doctest.h>

namespace {

using om::Json;
using om::app::agent_view;
using om::app::ViewRequest;

Json evidence(int doc) {
  Json e = Json::object();
  e.set("doc", doc);
  e.set("locator", "/paths/~1v1~1things/get");
  e.set("quote", std::string(240, 'q'));
  return e;
}

// A Research JSON the size of a big docs crawl: 150 documents, 300 endpoints, 40 gaps.
Json big_research() {
  Json r = Json::object();
  r.set("schema", "om-research/research/v2");
  Json source = Json::object();
  source.set("name", "acme");
  r.set("source", std::move(source));
  Json auth = Json::array();
  for (int i = 0; i < 5; ++i) {
    Json a = Json::object();
    a.set("type", "http-bearer");
    Json ev = Json::array();
    for (int d = 0; d < 10; ++d) {
      ev.push(evidence(i * 10 + d));
    }
    a.set("evidence", std::move(ev));
    auth.push(std::move(a));
  }
  r.set("auth", std::move(auth));
  Json endpoints = Json::array();
  for (int i = 0; i < 300; ++i) {
    Json e = Json::object();
    e.set("method", "GET");
    e.set("path", "/v1/things/" + std::to_string(i) + std::string(80, 'x'));
    e.set("summary", std::string(100, 's'));
    endpoints.push(std::move(e));
  }
  r.set("endpoints", std::move(endpoints));
  Json gaps = Json::array();
  for (int i = 0; i < 40; ++i) {
    gaps.push("gap " + std::to_string(i) + "\nsecond line " + std::string(400, 'g'));
  }
  r.set("gaps", std::move(gaps));
  Json docs = Json::array();
  for (int i = 0; i < 150; ++i) {
    Json d = Json::object();
    d.set("url", "https://docs.acme.test/page/" + std::to_string(i));
    d.set("kind", "html");
    d.set("status", i == 7 ? 404 : 200);
    d.set("sha256", std::string(64, 'a'));
    docs.push(std::move(d));
  }
  r.set("documents", std::move(docs));
  return r;
}

}  // namespace

TEST_CASE("agent view: the summary page fits 20,000 characters and names what is left") {
  const Json r = big_research();
  CHECK(r.dump().size() > 60000);
  auto view = agent_view(r, ViewRequest{});
  REQUIRE(view.ok());
  CHECK(view->dump().size() <= 20000);
  CHECK((*view)["summary"]["documents"].as_number() == 150);
  CHECK((*view)["summary"]["failed_documents"].as_number() == 1);
  CHECK((*view)["summary"]["facts"]["endpoints"].as_number() == 300);
  CHECK((*view)["summary"]["gaps"].as_number() == 40);
  for (const Json& gap : (*view)["gaps"].as_array()) {
    CHECK(gap.as_string().find('\n') == std::string::npos);
    CHECK(gap.as_string().size() <= 210);
  }
  CHECK((*view)["facts"]["auth"].as_array().size() == 5);
  CHECK((*view)["facts"]["auth"].as_array()[0]["evidence"].as_array().size() == 2);
  CHECK((*view)["facts"]["auth"].as_array()[0]["evidence_more"].as_number() == 8);
  CHECK((*view)["facts"]["auth"].as_array()[0]["id"].as_string() == "auth/0");
  // Only cited documents are listed, compactly.
  const auto& docs = (*view)["documents"].as_array();
  CHECK(docs.size() == 10);  // two quotes shown for each of the five auth facts
  CHECK(docs[0]["sha256"].is_null());
  CHECK(docs[0]["url"].as_string().find("docs.acme.test") != std::string::npos);
  CHECK((*view)["next_cursor"].is_string());
}

TEST_CASE("agent view: a cursor pages through every item once, each page under the cap") {
  const Json r = big_research();
  ViewRequest request;
  request.topic = "endpoints";
  request.limit = 500;
  std::set<std::string> seen;
  int pages = 0;
  for (;;) {
    auto view = agent_view(r, request);
    REQUIRE(view.ok());
    CHECK(view->dump().size() <= 20000);
    for (const Json& e : (*view)["facts"]["endpoints"].as_array()) {
      CHECK(seen.insert(e["id"].as_string()).second);
    }
    ++pages;
    if (!(*view)["next_cursor"].is_string() || pages > 50) {
      break;
    }
    request.cursor = (*view)["next_cursor"].as_string();
  }
  CHECK(seen.size() == 300);
  CHECK(pages > 1);
  request.topic = "documents";
  request.cursor = "";
  request.limit = 10;
  auto docs = agent_view(r, request);
  REQUIRE(docs.ok());
  CHECK((*docs)["items"]["documents"].as_array().size() == 10);
  CHECK((*docs)["next_cursor"].as_string() == "10");
}

TEST_CASE("agent view: detail gives one item whole, a bad cursor or detail is an error") {
  const Json r = big_research();
  ViewRequest request;
  request.detail = "auth/1";
  auto one = agent_view(r, request);
  REQUIRE(one.ok());
  CHECK((*one)["item"]["evidence"].as_array().size() == 10);
  CHECK((*one)["item"]["evidence"].as_array()[0]["quote"].as_string().size() == 240);
  CHECK((*one)["documents"].as_array().size() == 10);
  request.detail = "documents/7";
  auto doc7 = agent_view(r, request);
  REQUIRE(doc7.ok());
  CHECK((*doc7)["item"]["status"].as_number() == 404);
  for (const char* bad : {"auth/9", "nothing/0", "auth", "auth/x"}) {
    request.detail = bad;
    CHECK_FALSE(agent_view(r, request).ok());
  }
  request.detail = "";
  request.cursor = "abc";
  CHECK_FALSE(agent_view(r, request).ok());
}

TEST_CASE("agent view: closest connectors, the test image and database facts head every page") {
  Json r = Json::object();
  r.set("schema", "om-research/research/v2");
  r.set("source", Json::object());
  Json c = Json::object();
  c.set("name", "sigma");
  c.set("score", 7);
  c.set("reasons", Json::array().push("auth clientCredentials (x.json:12)"));
  c.set("evidence", Json::array());
  r.set("similar_connectors", Json::array().push(std::move(c)));
  Json env = Json::object();
  env.set("images", Json::array());
  env.set("docker_image", "acme/acme:1");
  env.set("docker_port", "8088");
  r.set("test_environment", std::move(env));
  r.set("database", Json());
  auto view = agent_view(r, ViewRequest{});
  REQUIRE(view.ok());
  CHECK(view.value()["similar_connectors"].as_array()[0]["name"].as_string() == "sigma");
  CHECK(view.value()["test_environment"]["docker_port"].as_string() == "8088");
  CHECK(view.value()["database"].is_null());
}
