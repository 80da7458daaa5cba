// Reconciling paths named by docs pages and SDKs with the paths a spec declares.
#pragma once

#include <vector>

#include "core/types.h"

namespace om::report::detail {

/// When some document is an OpenAPI spec, its paths are the declared truth: a path that a page
/// or SDK names is rewritten to the spec's spelling when it is the same path (the spec's server
/// base path prefixed, or other placeholder syntax: <id>, :id, {id}); a path the spec does not
/// declare is dropped from that document's entities, endpoints and pagination and reported in
/// one gap. Without a spec nothing changes.
void reconcile_paths(std::vector<Findings>& per_document);

}  // namespace om::report::detail
