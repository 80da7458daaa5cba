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

/// True for a spec's findings: endpoints plus facts cited by JSON pointers.
[[nodiscard]] bool is_spec_document(const Findings& f);

/// When some document is a spec, an SDK package's facts (sdk_beside_spec.cpp) add evidence to
/// the spec's and no more: its auth on the spec's header or parameter becomes the spec's fact
/// (Bearer beside a declared `Authorization` key is the same credential slot); other auth (an
/// XSRF or client-identification header, an OAuth helper), base URLs on hosts the spec does
/// not serve from (token and resource-listing calls) and paging styles the spec does not use
/// are left out and named in one gap. Without a spec nothing changes.
void defer_sdks_to_spec(std::vector<Findings>& per_document);

}  // namespace om::report::detail
