// GraphQL schemas (issue #23, section 1): SDL and introspection JSON, one small synthetic schema
// per rule, written from the pattern (Relay connections, offset and page arguments, lookups).
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/graphql_facts.h"
#include "extract/detail/graphql_model.h"
#include "extract/extract.h"

namespace om::extract::detail {
namespace {

Extraction run_doc(std::string url, std::string body) {
  FetchedDocument doc;
  doc.url = std::move(url);
  doc.body = std::move(body);
  return extract(doc);
}

Findings run(std::string body, std::string url = "https://api.example.test/schema.graphql") {
  Extraction e = run_doc(std::move(url), std::move(body));
  REQUIRE_MESSAGE(e.error.empty(), e.error);
  CHECK(e.kind == DocKind::kGraphql);
  return e.findings;
}

const Entity* entity(const Findings& f, std::string_view name) {
  for (const Entity& e : f.entities) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

const Pagination* style(const Findings& f, std::string_view name) {
  for (const Pagination& p : f.pagination) {
    if (om::to_string(p.style) == name) {
      return &p;
    }
  }
  return nullptr;
}

bool has(const std::vector<std::string>& list, std::string_view x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// A Relay schema in the shape of a code-hosting API: a lookup by natural key, a get by id,
// connections with `nodes` and with only `edges`, and a cost-reporting root field.
constexpr std::string_view kRelay = R"(# a comment
schema { query: Query mutation: Mutation }

"""
The query root.
"""
type Query {
  "Look up a repository by owner and name."
  repository(owner: String!, name: String!): Repository
  "Fetch a project by its id."
  project(projectId: ID!): Project
  projects(
    "Returns the first _n_ elements. The maximum is 100."
    first: Int = 30
    after: String
    last: Int
    before: String
  ): ProjectConnection!
  viewer: User!
  "The root again, for clients that need it: not a parent of its own fields."
  relay: Query!
  rateLimit(dryRun: Boolean = false): RateLimit
}

type Mutation { addStar(id: ID!): Repository }

type Repository implements Node @key(fields: "id") {
  id: ID!
  name: String!
  issues(first: Int, after: String, labels: [String!] = ["bug", "ui"]): IssueConnection!
  tags: [String!]!
}

type Project { id: ID! title: String }
type Issue { id: ID! title: String }
type User { login: String! }
interface Node { id: ID! }

type ProjectConnection {
  nodes: [Project]
  edges: [ProjectEdge]
  pageInfo: PageInfo!
  totalCount: Int!
}
type ProjectEdge { cursor: String! node: Project }
type IssueConnection { edges: [IssueEdge] pageInfo: PageInfo! }
type IssueEdge { cursor: String! node: Issue }
type PageInfo { hasNextPage: Boolean! endCursor: String hasPreviousPage: Boolean! startCursor: String }

"""
Rate-limit information.
"""
type RateLimit {
  cost: Int!
  "The maximum number of points the viewer may use in a 60 minute window. 5,000 points per hour."
  limit: Int!
  remaining: Int!
  resetAt: String!
}
)";

}  // namespace

TEST_CASE("graphql: a Relay connection on Query is a list entity with relay pagination") {
  Findings f = run(std::string(kRelay));
  const Entity* project = entity(f, "project");
  REQUIRE(project != nullptr);
  CHECK(project->list.method == "GRAPHQL");
  CHECK(project->list.path == "Query.projects");
  CHECK(project->records_path == "nodes");
  CHECK(project->primary_key == "id");
  CHECK(project->pagination == om::PageStyle::kRelay);
  const Pagination* relay = style(f, "relay");
  REQUIRE(relay != nullptr);
  CHECK(has(relay->request_params, "first"));
  CHECK(has(relay->request_params, "after"));
  CHECK(has(relay->request_params, "before"));
  CHECK(has(relay->response_fields, "pageInfo.endCursor"));
  CHECK(relay->stop_condition == "`pageInfo.hasNextPage` is false");
  REQUIRE(!relay->evidence.empty());
  CHECK(relay->evidence.front().locator.rfind("schema.graphql:", 0) == 0);
}

TEST_CASE("graphql: page-size default and maximum come from the argument and its description") {
  Findings f = run(std::string(kRelay));
  bool seen = false;
  for (const Pagination& p : f.pagination) {
    if (has(p.endpoints, "GRAPHQL Query.projects")) {
      seen = true;
      CHECK(p.page_size.param == "first");
      CHECK(p.page_size.default_value == 30);
      CHECK(p.page_size.max == 100);
      CHECK(p.truncation_risk.find("only the first 30") != std::string::npos);
    }
  }
  CHECK(seen);
}

TEST_CASE("graphql: get by id and the connection one hop below a lookup give a parent") {
  Findings f = run(std::string(kRelay));
  const Entity* project = entity(f, "project");
  REQUIRE(project != nullptr);
  CHECK(project->get.path == "Query.project");  // projectId: ID!
  const Entity* issue = entity(f, "issue");
  REQUIRE(issue != nullptr);
  CHECK(issue->list.path == "Query.repository.issues");
  CHECK(issue->parent == "repository");
  CHECK(issue->records_path == "edges[].node");  // no `nodes` field on IssueConnection
  const Entity* repo = entity(f, "repository");
  REQUIRE(repo != nullptr);
  CHECK(repo->get.path == "Query.repository");
  CHECK(repo->list.empty());
  REQUIRE(f.graphql.size() == 1);
  const GraphqlSchema& g = f.graphql.front();
  CHECK(g.query_type == "Query");
  CHECK(g.mutation_type == "Mutation");
  CHECK(g.format == "sdl");
  CHECK(has(g.node_types, "Issue"));
  CHECK(has(g.page_args, "after"));
  REQUIRE(g.connection_fields.size() == 1);
  CHECK(g.connection_fields.front().field == "Query.repository.issues");
  CHECK(g.connection_fields.front().node_type == "Issue");
  CHECK(g.evidence.front().quote.rfind("schema {", 0) == 0);
}

TEST_CASE("graphql: a rateLimit { cost remaining } field is a cost rate limit with its window") {
  Findings f = run(std::string(kRelay));
  REQUIRE(f.rate_limits.size() == 1);
  const RateLimit& r = f.rate_limits.front();
  CHECK(r.scope == "query cost (points)");
  CHECK(r.window_seconds == 3600);
  CHECK(r.limit == 5000);
  CHECK(r.text.find("rateLimit { cost limit remaining resetAt }") != std::string::npos);
  for (const Evidence& e : r.evidence) {
    CHECK(!e.quote.empty());
  }
}

TEST_CASE("graphql: offset and page arguments, and lists without paging") {
  Findings f = run(R"(
type Query {
  teams(first: Int, skip: Int): [Team!]!
  users(limit: Int, offset: Int): UserConnection
  boards(page: Int, "at most 50" perPage: Int): [Board]
  tags: [Tag!]!
}
type Team { id: ID! }
type User { id: ID! }
type Board { id: ID! }
type Tag { name: String }
type UserConnection { nodes: [User!]! totalCount: Int! }
)");
  const Entity* team = entity(f, "team");
  REQUIRE(team != nullptr);
  CHECK(team->pagination == om::PageStyle::kOffset);
  CHECK(team->records_path == "$");
  const Entity* user = entity(f, "user");
  REQUIRE(user != nullptr);
  CHECK(user->pagination == om::PageStyle::kOffset);
  CHECK(user->records_path == "nodes");
  const Entity* board = entity(f, "board");
  REQUIRE(board != nullptr);
  CHECK(board->pagination == om::PageStyle::kPage);
  const Entity* tag = entity(f, "tag");
  REQUIRE(tag != nullptr);
  CHECK(tag->pagination == om::PageStyle::kNone);
  CHECK(tag->primary_key.empty());
  const Pagination* offset = style(f, "offset");
  REQUIRE(offset != nullptr);
  for (const Pagination& p : f.pagination) {
    if (has(p.endpoints, "GRAPHQL Query.users")) {
      CHECK(p.stop_condition == "the offset reaches `totalCount`");
    }
  }
}

TEST_CASE("graphql: an introspection result is read with JSON pointer locators") {
  const std::string json = R"({"data":{"__schema":{
  "queryType":{"name":"Root"},"mutationType":null,
  "types":[
   {"kind":"OBJECT","name":"Root","fields":[
     {"name":"widgets","description":null,
      "args":[{"name":"first","type":{"kind":"SCALAR","name":"Int","ofType":null},"defaultValue":"25",
               "description":"Maximum of 250."},
              {"name":"after","type":{"kind":"SCALAR","name":"String","ofType":null},"defaultValue":null}],
      "type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"WidgetConnection","ofType":null}}}]},
   {"kind":"OBJECT","name":"WidgetConnection","fields":[
     {"name":"nodes","args":[],"type":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"Widget","ofType":null}}}},
     {"name":"pageInfo","args":[],"type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"PageInfo","ofType":null}}}]},
   {"kind":"OBJECT","name":"PageInfo","fields":[
     {"name":"hasNextPage","args":[],"type":{"kind":"SCALAR","name":"Boolean","ofType":null}},
     {"name":"endCursor","args":[],"type":{"kind":"SCALAR","name":"String","ofType":null}}]},
   {"kind":"OBJECT","name":"Widget","fields":[
     {"name":"id","args":[],"type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"ID","ofType":null}}}]}
  ]}}})";
  Findings f = run(json, "https://api.example.test/introspection.json");
  const Entity* widget = entity(f, "widget");
  REQUIRE(widget != nullptr);
  CHECK(widget->list.path == "Root.widgets");
  CHECK(widget->pagination == om::PageStyle::kRelay);
  CHECK(widget->primary_key == "id");
  REQUIRE(!widget->evidence.empty());
  CHECK(widget->evidence.front().locator == "/data/__schema/types/0/fields/0");
  CHECK(widget->evidence.front().quote.rfind("{\"name\":\"widgets\"", 0) == 0);
  REQUIRE(f.graphql.size() == 1);
  CHECK(f.graphql.front().format == "introspection");
  CHECK(f.graphql.front().root_fields.front().type == "WidgetConnection!");
  const Pagination* relay = style(f, "relay");
  REQUIRE(relay != nullptr);
  CHECK(relay->page_size.default_value == 25);
  CHECK(relay->page_size.max == 250);
}

TEST_CASE("graphql: a bare {\"__schema\"} result is sniffed as GraphQL, not as other JSON") {
  FetchedDocument doc;
  doc.url = "https://api.example.test/schema.json";
  doc.body = R"({"__schema":{"queryType":{"name":"Query"},"types":[]}})";
  CHECK(sniff(doc) == DocKind::kGraphql);
  Extraction e = extract(doc);
  CHECK(e.error.empty());
  CHECK(e.findings.entities.empty());
  CHECK(!e.findings.gaps.empty());  // no Query type declared
}

TEST_CASE("graphql: a page-size maximum in a directive is read") {
  Findings f = run(R"(
type Query { items(first: Int @constraint(min: 1, max: 75), after: String): ItemConnection }
type ItemConnection { edges: [ItemEdge] pageInfo: PageInfo }
type ItemEdge { node: Item }
type Item { id: ID! }
type PageInfo { hasNextPage: Boolean endCursor: String }
)");
  const Pagination* relay = style(f, "relay");
  REQUIRE(relay != nullptr);
  CHECK(relay->page_size.max == 75);
}

TEST_CASE("graphql: a syntax error names the file and the line") {
  Extraction e = run_doc("https://api.example.test/api/schema.graphql",
                         "type Query {\n  a: Int\n  b(: Int\n}\n");
  CHECK(e.error == "schema.graphql:3: expected a name, found ':'");
  Extraction q = run_doc("x.graphql", "query { viewer { login } }");
  CHECK(q.error.find("x.graphql:1:") == 0);
  CHECK(q.error.find("not a type-system definition") != std::string::npos);
  Extraction s = run_doc("y.gql", "type Query {\n  \"unterminated\n}");
  CHECK(s.error == "y.gql:2: unterminated string");
}

TEST_CASE("graphql: deep nesting and oversize input are refused, not recursed into") {
  std::string deep =
      "type Query { a: " + std::string(100, '[') + "Int" + std::string(100, ']') + " }";
  auto r = parse_graphql_sdl(deep, "deep.graphql");
  REQUIRE(!r.ok());
  CHECK(r.error().message.find("deep.graphql:1: list type nested deeper than 64") == 0);
  std::string value = "type Query { a(x: Int = " + std::string(100000, '[') + "): Int }";
  auto v = parse_graphql_sdl(value, "value.graphql");
  REQUIRE(!v.ok());
  CHECK(v.error().message.find("value nested deeper") != std::string::npos);
  GqlLimits small;
  small.max_bytes = 10;
  auto big = parse_graphql_sdl("type Query { a: Int }", "big.graphql", small);
  REQUIRE(!big.ok());
  CHECK(big.error().message.find("big.graphql:1:") == 0);
}

TEST_CASE("graphql: extend, unions, enums, directives and block strings parse") {
  auto r = parse_graphql_sdl(R"(
directive @key(fields: String!) repeatable on OBJECT | INTERFACE
scalar DateTime @specifiedBy(url: "https://example.test")
enum State { "open" OPEN CLOSED @deprecated(reason: "no") }
union Result = | A | B
input Filter { state: State = OPEN, tags: [String!] = [] }
type A { id: ID! }
type B { id: ID! }
type Query { search(filter: Filter): [Result!]! }
extend type Query {
  """
    Indented block
      description
  """
  more: [A]
}
)",
                             "ok.graphql");
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  const GqlType* q = r->find("Query");
  REQUIRE(q != nullptr);
  REQUIRE(q->fields.size() == 2);
  CHECK(q->fields[1].description == "Indented block\ndescription");
  CHECK(q->fields[1].source.locator == "ok.graphql:15");
  CHECK(r->find("Result")->kind == GqlKind::kUnion);
  CHECK(gql_named_type("[Result!]!") == "Result");
  CHECK(gql_is_list("[Result!]!"));
}

TEST_CASE("graphql: a child entity is listed by the connection named as its plural") {
  Findings f = run(R"(
type Query { team(key: String!): Team }
type Team { id: ID! admins(first: Int, after: String): MemberConnection members(first: Int, after: String): MemberConnection }
type MemberConnection { nodes: [Member] pageInfo: PageInfo }
type Member { id: ID! }
type PageInfo { hasNextPage: Boolean endCursor: String }
)");
  const Entity* member = entity(f, "member");
  REQUIRE(member != nullptr);
  CHECK(member->list.path == "Query.team.members");
  CHECK(member->parent == "team");
  REQUIRE(f.graphql.size() == 1);
  CHECK(f.graphql.front().connection_fields.size() == 2);  // both stay in the graphql member
}

TEST_CASE("graphql: a root entity is listed and fetched by the fields named after its type") {
  // Alphabetical schemas put `attachmentIssue` before `issue` and `issueSearch` before `issues`.
  Findings f = run(R"(
type Query {
  attachmentIssue(id: String!): Issue!
  issue(id: String!): Issue!
  issueSearch(first: Int, after: String): IssueConnection!
  issues(first: Int, after: String): IssueConnection!
}
type IssueConnection { nodes: [Issue!]! pageInfo: PageInfo! }
type Issue { id: ID! comments(first: Int, after: String): CommentConnection! }
type CommentConnection { nodes: [Comment!]! pageInfo: PageInfo! }
type Comment { id: ID! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
)");
  const Entity* issue = entity(f, "issue");
  REQUIRE(issue != nullptr);
  CHECK(issue->list.path == "Query.issues");
  CHECK(issue->get.path == "Query.issue");
  // Children hang below the one record the named get returns.
  const Entity* comment = entity(f, "comment");
  REQUIRE(comment != nullptr);
  CHECK(comment->list.path == "Query.issue.comments");
}

TEST_CASE("graphql: entity names are snake case") {
  CHECK(graphql_entity_name("PullRequest") == "pull_request");
  CHECK(graphql_entity_name("CIRun") == "ci_run");
  CHECK(graphql_entity_name("Issue") == "issue");
}

}  // namespace om::extract::detail
