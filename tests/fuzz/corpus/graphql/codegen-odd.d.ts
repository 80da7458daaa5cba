type Query = {
  __typename?: "Query";
  a: Maybe<Array<Maybe<Array<Maybe<Array<X>>>>>>;
  "q"?: Maybe<Scalars["ID"]["output"]>;
  b: {
    c: string;
  } & {
  d: X[] | null;
};
}}}} {{ /** open
