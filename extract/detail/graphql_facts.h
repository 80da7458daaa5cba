// The GraphQL detectors (detectors/graphql_facts.cpp) and extractor (graphql.cpp).
#pragma once

#include <string>
#include <string_view>

#include "core/types.h"
#include "extract/detail/graphql_model.h"

namespace om::extract::detail {

/// Entities, pagination, cost rate limits and the `graphql` fact of one schema document,
/// appended to `out`; every fact cites `url` with the model's locators.
void detect_graphql(const GqlSchema& schema, const std::string& url, Findings& out);

/// The entity name of a GraphQL type: "PullRequest" -> "pull_request".
[[nodiscard]] std::string graphql_entity_name(std::string_view type_name);

/// True when the document's name or bytes say GraphQL: a .graphql/.gql/.graphqls file, an
/// introspection result, or TypeScript holding graphql-codegen's schema types.
[[nodiscard]] bool is_graphql_document(std::string_view path, std::string_view bytes);

}  // namespace om::extract::detail
