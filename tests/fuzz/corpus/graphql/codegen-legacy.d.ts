// The same kind of schema as older graphql-codegen writes it: `export type`, single quotes and
// `Scalars['X']['input'|'output']` (written for the GraphQL end-to-end test, no vendor's text).
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Int: { input: number; output: number; }
  Boolean: { input: boolean; output: boolean; }
};

export type Query = {
  __typename?: 'Query';
  /** All projects. */
  projects: ProjectConnection;
  /** One project. */
  project?: Maybe<Project>;
  /** Owners, oldest first. */
  owners: Array<Owner>;
};

export type QueryProjectsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type QueryProjectArgs = {
  projectId: Scalars['ID']['input'];
};

export type Project = {
  __typename?: 'Project';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  tags: Array<Maybe<Scalars['String']['output']>>;
};

export type ProjectConnection = {
  __typename?: 'ProjectConnection';
  edges: Array<ProjectEdge>;
  pageInfo: PageInfo;
};

export type ProjectEdge = {
  __typename?: 'ProjectEdge';
  node: Project;
};

export type Owner = {
  __typename?: 'Owner';
  id: Scalars['ID']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  endCursor?: Maybe<Scalars['String']['output']>;
};

export enum Visibility {
  Public = 'PUBLIC',
  Private = 'PRIVATE'
}
