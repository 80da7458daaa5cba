// Reconciling paths named by docs pages and SDKs with the paths a spec declares, and an SDK's
// facts with the spec's. Both read the documents twice, so no pass needs all of them at once.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/types.h"

namespace om::report::detail {

/// True for a spec's findings: endpoints plus facts cited by JSON pointers.
[[nodiscard]] bool is_spec_document(const Findings& f);

/// When some document is an OpenAPI spec, its paths are the declared truth: a path that a page
/// or SDK names is rewritten to the spec's spelling when it is the same path (the spec's server
/// base path prefixed, or other placeholder syntax: <id>, :id, {id}); a path the spec does not
/// declare is dropped from that document's entities, endpoints and pagination and named in one
/// gap. Without a spec nothing changes. Two passes over the same documents in the same order:
/// survey() each, then reconcile() each.
class PathReconciler {
 public:
  /// Keeps a spec document's paths and server base paths; other documents add nothing.
  void survey(const Findings& f);
  /// Rewrites or drops the paths of a document that is neither a spec nor a GraphQL schema.
  void reconcile(Findings& f);
  /// The gap naming the paths reconcile() dropped so far; "" when none was.
  [[nodiscard]] std::string gap() const;

 private:
  std::map<std::string, std::string> by_shape_;  // shape -> the spec's spelling
  std::vector<std::string> base_shapes_;         // server base paths, e.g. "/api/v2"
  std::set<std::string> dropped_;                // "METHOD /path" the specs do not declare
};

/// When some document is a spec, an SDK package's facts (sdk_beside_spec.cpp) add evidence to
/// the spec's and no more: its auth on the spec's header or parameter becomes the spec's fact
/// (Bearer beside a declared `Authorization` key is the same credential slot); other auth (an
/// XSRF or client-identification header, an OAuth helper), base URLs on hosts the spec does
/// not serve from (token and resource-listing calls) and paging styles the spec does not use
/// are left out and named in one gap. Without a spec nothing changes. Two passes, as
/// PathReconciler: survey() each document, then defer() each.
class SdkDeferral {
 public:
  /// Keeps what a spec document (one without SDK facts) states: auth, hosts, paging styles.
  void survey(const Findings& f);
  /// Leaves out what an SDK document (SDK facts, not a spec) states beyond the specs surveyed.
  void defer(Findings& f);
  /// The gap naming what defer() left out so far; "" when nothing was.
  [[nodiscard]] std::string gap() const;

 private:
  bool any_spec_ = false;
  std::vector<AuthMethod> auth_;
  std::set<std::string> hosts_;
  std::set<PageStyle> styles_;
  std::vector<std::string> left_out_;
};

}  // namespace om::report::detail
