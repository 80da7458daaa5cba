// A small issue tracker's schema as graphql-codegen "typescript" output, written for the GraphQL
// end-to-end test (no vendor's text): the shapes an SDK's generated declaration file has.
import { DocumentTypeDecoration } from "@graphql-typed-document-node/core";

type Maybe<T> = T | null;
type InputMaybe<T> = Maybe<T>;
type Exact<T extends {
  [key: string]: unknown;
}> = { [K in keyof T]: T[K] };
/** All built-in and custom scalars, mapped to their actual values */
type Scalars = {
  ID: string;
  String: string;
  Boolean: boolean;
  Int: number;
  /** A point in time, ISO 8601. */
  DateTime: Date;
};
/** A ticket is the unit of work. */
type Ticket = Node & {
  __typename?: "Ticket";
  /** The ticket's unique identifier. */
  id: Scalars["ID"];
  title: Scalars["String"];
  /** Labels on the ticket; an entry may be missing. */
  labels?: Maybe<Array<Maybe<Label>>>;
  /**
   * Comments on the ticket.
   * Newest first.
   */
  comments: CommentConnection;
  state: TicketState;
};
type TicketConnection = {
  __typename?: "TicketConnection";
  edges: Array<TicketEdge>;
  nodes: Array<Ticket>;
  pageInfo: PageInfo;
};
type TicketEdge = {
  __typename?: "TicketEdge";
  cursor: Scalars["String"];
  node: Ticket;
};
type TicketCommentsArgs = {
  after?: InputMaybe<Scalars["String"]>;
  first?: InputMaybe<Scalars["Int"]>;
};
type Comment = {
  __typename?: "Comment";
  id: Scalars["ID"];
  body: Scalars["String"];
};
type CommentConnection = {
  __typename?: "CommentConnection";
  nodes: Array<Comment>;
  pageInfo: PageInfo;
};
type Workspace = Node & {
  __typename?: "Workspace";
  id: Scalars["ID"];
  slug: Scalars["String"];
  /** The workspace's boards. */
  boards: BoardConnection;
};
type WorkspaceBoardsArgs = {
  after?: InputMaybe<Scalars["String"]>;
  first?: InputMaybe<Scalars["Int"]>;
};
type Board = {
  __typename?: "Board";
  id: Scalars["ID"];
  name: Scalars["String"];
};
type BoardConnection = {
  __typename?: "BoardConnection";
  edges: Array<BoardEdge>;
  pageInfo: PageInfo;
};
type BoardEdge = {
  __typename?: "BoardEdge";
  cursor: Scalars["String"];
  node: Board;
};
type Label = {
  __typename?: "Label";
  /** Labels are keyed by name: there is no id. */
  name: Scalars["String"];
};
type PageInfo = {
  __typename?: "PageInfo";
  endCursor?: Maybe<Scalars["String"]>;
  hasNextPage: Scalars["Boolean"];
  hasPreviousPage: Scalars["Boolean"];
  startCursor?: Maybe<Scalars["String"]>;
};
type RateLimit = {
  __typename?: "RateLimit";
  cost: Scalars["Int"];
  /** Points the caller may spend in a 60 minute window. */
  limit: Scalars["Int"];
  remaining: Scalars["Int"];
};
/** Anything with an id: an interface, written without __typename. */
type Node = {
  /** The unique identifier of the entity. */
  id: Scalars["ID"];
};
/** Ticket filtering options: an input type. */
type TicketFilter = {
  title?: InputMaybe<Scalars["String"]>;
  and?: InputMaybe<Array<TicketFilter>>;
};
type SearchResult = Board | Ticket;
declare enum TicketState {
  Open = "open",
  Closed = "closed",
}
type Query = {
  __typename?: "Query";
  /** Look up a workspace by its slug. */
  workspace?: Maybe<Workspace>;
  /** Fetch one ticket by its id. */
  ticket: Ticket;
  /**
   * All tickets.
   *
   * Newest first.
   */
  tickets: TicketConnection;
  /** All labels in use. */
  labels: Array<Label>;
  /**
   * Tickets by their old numbers.
   * @deprecated Use "tickets" with a filter instead.
   */
  legacyTickets?: Maybe<Array<Maybe<Ticket>>>;
  /** Search across records. */
  search: Array<SearchResult>;
  rateLimit: RateLimit;
};
type QueryWorkspaceArgs = {
  slug: Scalars["String"];
};
type QueryTicketArgs = {
  id: Scalars["String"];
};
type QueryTicketsArgs = {
  after?: InputMaybe<Scalars["String"]>;
  before?: InputMaybe<Scalars["String"]>;
  filter?: InputMaybe<TicketFilter>;
  /** Returns the first _n_ tickets; defaults to 50, maximum of 100. */
  first?: InputMaybe<Scalars["Int"]>;
  last?: InputMaybe<Scalars["Int"]>;
};
type QueryLegacyTicketsArgs = {
  numbers: Array<Scalars["Int"]>;
};
type Mutation = {
  __typename?: "Mutation";
  ticketCreate: Ticket;
};
/** An operation's variables and result: not schema types. */
type TicketQueryVariables = Exact<{
  id: Scalars["String"];
}>;
type TicketQuery = {
  __typename?: "Query";
} & {
  ticket: {
    __typename: "Ticket";
  } & Pick<Ticket, "id" | "title">;
};
type TicketFragment = {
  __typename: "Ticket";
} & Pick<Ticket, "id" | "title">;
declare class TicketModel {
  constructor(data: TicketFragment);
  /** The ticket's id. */
  id: string;
}
export { Query, Ticket, TicketConnection };
