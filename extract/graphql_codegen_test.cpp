// graphql-codegen "typescript" output as a GraphQL schema (issue #23, an SDK's generated types):
// small synthetic declaration files, written from the generated shape, never a vendor's text.
#include <string>

#include <doctest/doctest.h>

#include "extract/detail/graphql_facts.h"
#include "extract/detail/graphql_model.h"
#include "extract/extract.h"

namespace om::extract::detail {
namespace {

constexpr std::string_view kTypes = R"(type Maybe<T> = T | null;
type InputMaybe<T> = Maybe<T>;
type Scalars = {
  ID: string;
  String: string;
  Int: number;
};
/** A ticket. */
type Ticket = Node & {
  __typename?: "Ticket";
  id: Scalars["ID"];
  /**
   * Labels, some missing.
   * @deprecated Use "tags".
   */
  labels?: Maybe<Array<Maybe<Scalars["String"]>>>;
  tags: Array<Scalars['String']['output']>;
  parent?: Maybe<Ticket>;
  comments: CommentConnection;
};
type TicketCommentsArgs = {
  first?: InputMaybe<Scalars["Int"]>;
  after?: InputMaybe<Scalars["String"]>;
};
type Comment = {
  __typename?: "Comment";
  id: Scalars["ID"];
};
type CommentConnection = {
  __typename?: "CommentConnection";
  nodes: Array<Comment>;
  pageInfo: PageInfo;
};
type PageInfo = {
  __typename?: "PageInfo";
  hasNextPage: Scalars["Boolean"];
  endCursor?: Maybe<Scalars["String"]>;
};
type Node = {
  id: Scalars["ID"];
};
type TicketFilter = {
  title?: InputMaybe<Scalars["String"]>;
};
type Result = Ticket | Comment;
type Level = "low" | "high";
declare enum State {
  Open = "open",
}
type Query = {
  __typename?: "Query";
  /** All tickets. */
  tickets: TicketConnection;
  ticket: Ticket;
};
type QueryTicketArgs = {
  id: Scalars["String"];
};
type TicketQuery = {
  __typename?: "Query";
} & {
  ticket: { __typename: "Ticket" };
};
)";

TEST_CASE("graphql-codegen types: kinds and GraphQL type references and args and doc comments") {
  auto parsed = parse_graphql_codegen_ts(kTypes, "types.d.ts");
  REQUIRE(parsed.ok());
  const GqlSchema& s = parsed.value();
  CHECK(s.format == "typescript");
  const GqlType* ticket = s.find("Ticket");
  REQUIRE(ticket != nullptr);
  CHECK(ticket->kind == GqlKind::kObject);
  CHECK(ticket->description == "A ticket.");
  CHECK(ticket->source.locator == "types.d.ts:9");
  REQUIRE(ticket->fields.size() == 5);  // __typename is no field
  CHECK(ticket->fields[0].type == "ID!");
  CHECK(ticket->fields[1].type == "[String]");
  CHECK(ticket->fields[1].description == "Labels, some missing.");
  CHECK(ticket->fields[1].directives == R"(@deprecated(reason: "Use \"tags\"."))");
  CHECK(ticket->fields[1].source.locator == "types.d.ts:16");
  CHECK(ticket->fields[1].source.quote == "labels?: Maybe<Array<Maybe<Scalars[\"String\"]>>>;");
  CHECK(ticket->fields[2].type == "[String!]!");
  CHECK(ticket->fields[3].type == "Ticket");
  // Args of a field whose parent is not Query.
  REQUIRE(ticket->fields[4].args.size() == 2);
  CHECK(ticket->fields[4].args[0].name == "first");
  CHECK(ticket->fields[4].args[0].type == "Int");
  CHECK(s.find("TicketCommentsArgs") == nullptr);  // consumed as arguments, no type
  CHECK(s.find("Node")->kind == GqlKind::kInterface);
  CHECK(s.find("TicketFilter")->kind == GqlKind::kInput);
  CHECK(s.find("Result")->kind == GqlKind::kUnion);
  CHECK(s.find("Level")->kind == GqlKind::kEnum);
  CHECK(s.find("State")->kind == GqlKind::kEnum);
  CHECK(s.find("Int")->kind == GqlKind::kScalar);
  CHECK(s.find("Maybe") == nullptr);        // generic helpers are no types
  CHECK(s.find("TicketQuery") == nullptr);  // an operation's result is no schema type
  const GqlType* query = s.find("Query");
  REQUIRE(query != nullptr);
  CHECK(s.schema_source.locator == query->source.locator);
  REQUIRE(query->fields.size() == 2);
  CHECK(query->fields[0].description == "All tickets.");
  REQUIRE(query->fields[1].args.size() == 1);
  CHECK(query->fields[1].args[0].type == "String!");
  CHECK(s.mutation_type.empty());
}

TEST_CASE("graphql-codegen types are recognised by their Query type and not by a name") {
  CHECK(is_graphql_codegen_ts("dist/index-abc.d.mts", kTypes));
  CHECK(is_graphql_codegen_ts("types.ts", "export type Query = {\n  __typename?: 'Query';\n};"));
  CHECK_FALSE(is_graphql_codegen_ts("types.graphql", kTypes));  // not TypeScript
  CHECK_FALSE(is_graphql_codegen_ts("types.d.ts", "type Query = {\n  a: string;\n};"));
  CHECK_FALSE(
      is_graphql_codegen_ts("types.d.ts", "type TicketQuery = {\n  __typename?: \"Query\";\n};"));
  CHECK_FALSE(is_graphql_codegen_ts("types.d.ts", "// type Query = {\n__typename?: \"Query\""));
  CHECK(is_typescript_path("A.D.CTS"));
  CHECK_FALSE(is_typescript_path("a.gts"));
}

TEST_CASE("graphql-codegen types give entities and Relay pagination through extract()") {
  FetchedDocument doc;
  doc.url = "npm:@tracker/sdk@1.0.0/dist/types.d.ts";
  doc.body = std::string(kTypes);
  Extraction e = extract(doc);
  REQUIRE_MESSAGE(e.error.empty(), e.error);
  CHECK(e.kind == DocKind::kGraphql);
  REQUIRE(e.findings.graphql.size() == 1);
  CHECK(e.findings.graphql[0].format == "typescript");
  bool ticket = false;
  for (const Entity& en : e.findings.entities) {
    if (en.name == "ticket") {
      ticket = true;
      CHECK(en.get.path == "Query.ticket");
      CHECK(en.primary_key == "id");
      REQUIRE(!en.evidence.empty());
      CHECK(en.evidence[0].locator.starts_with("types.d.ts:"));
    }
  }
  CHECK(ticket);
  CHECK(e.findings.graphql[0].connection_fields.size() == 1);
}

TEST_CASE("hostile graphql-codegen types stay bounded") {
  std::string deep = "type Query = {\n  __typename?: \"Query\";\n  a: ";
  for (int i = 0; i < 500; ++i) {
    deep += "Maybe<";
  }
  deep += "X" + std::string(500, '>') + ";\n}\n";
  auto parsed = parse_graphql_codegen_ts(deep, "deep.d.ts");
  REQUIRE(parsed.ok());
  REQUIRE(parsed.value().find("Query")->fields.size() == 1);
  CHECK(parsed.value().find("Query")->fields[0].type.size() <= 240);  // kept as written, clipped
  GqlLimits limits;
  limits.max_types = 2;
  CHECK_FALSE(parse_graphql_codegen_ts(kTypes, "types.d.ts", limits).ok());
  CHECK(parse_graphql_codegen_ts("}}}}\n{{{{\n/** unterminated", "x.d.ts").ok());
}

}  // namespace
}  // namespace om::extract::detail
