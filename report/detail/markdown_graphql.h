// The brief's GraphQL subsection (report/markdown_graphql.cpp), kept apart from markdown.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/types.h"
#include "report/detail/markdown_text.h"

namespace om::report::detail {

/// " [1][3]" for some evidence: the caller's numbering of the brief's sources.
using CiteFn = std::function<Markdown(const EvidenceList&)>;

/// Markdown for the GraphQL schemas read (a "### GraphQL schema" block per schema, tables of
/// root and connection fields, capped), or "" when there are none. Schema text is escaped.
[[nodiscard]] Markdown render_graphql_section(const std::vector<GraphqlSchema>& schemas,
                                              const CiteFn& cite);

}  // namespace om::report::detail
