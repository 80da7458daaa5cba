// Paths from prose and SDKs matched against the spec's declared paths (see detail/reconcile.h).
#include "report/detail/reconcile.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/text.h"
#include "core/url_text.h"

namespace om::report::detail {

bool is_spec_document(const Findings& f) {
  // Spec evidence is located by JSON pointers ("/paths/~1x/get"); pages by heading paths and
  // SDKs by file:line.
  auto pointer = [](const EvidenceList& ev) {
    return std::any_of(ev.begin(), ev.end(), [](const Evidence& e) {
      return !e.locator.empty() && e.locator.front() == '/' &&
             e.locator.find(" > ") == std::string::npos;
    });
  };
  return !f.endpoints.empty() &&
         (std::any_of(f.entities.begin(), f.entities.end(),
                      [&](const Entity& e) { return pointer(e.evidence); }) ||
          std::any_of(f.auth.begin(), f.auth.end(),
                      [&](const AuthMethod& a) { return pointer(a.evidence); }) ||
          std::any_of(f.base_urls.begin(), f.base_urls.end(),
                      [&](const BaseUrl& b) { return pointer(b.evidence); }));
}

namespace {

/// "/a/{id}/b", "/a/<x>/b" and "/a/:x/b" all give "/a/{}/b"; a trailing slash is dropped.
std::string shape(std::string_view path) {
  std::string out;
  for (auto seg : split(path, '/')) {
    if (seg.empty()) {
      continue;
    }
    bool var = (seg.front() == '{' && seg.back() == '}') ||
               (seg.front() == '<' && seg.back() == '>') || seg.front() == ':';
    out += '/';
    out += var ? std::string("{}") : std::string(seg);
  }
  return out.empty() ? "/" : out;
}

// A base URL's path without trailing slashes ("" for none or "/").
std::string base_path(const std::string& url) {
  std::string p = om::path_of_url(url);
  while (p.size() > 1 && p.back() == '/') {
    p.pop_back();
  }
  return p == "/" ? "" : p;
}

/// What the specs declare: their paths by shape and their server base paths.
struct SpecPaths {
  const std::map<std::string, std::string>& by_shape;
  const std::vector<std::string>& base_shapes;

  /// The spec's spelling of `path`, or "" when the spec does not declare it.
  [[nodiscard]] std::string match(const std::string& path) const {
    std::string s = shape(path);
    if (auto it = by_shape.find(s); it != by_shape.end()) {
      return it->second;
    }
    for (const auto& base : base_shapes) {
      if (s.size() > base.size() && s.compare(0, base.size(), base) == 0 && s[base.size()] == '/') {
        if (auto it = by_shape.find(s.substr(base.size())); it != by_shape.end()) {
          return it->second;
        }
      }
    }
    return "";
  }
};

/// Rewrites `path` in place; false when the spec does not declare it.
bool fix(const SpecPaths& spec, std::string& path, std::set<std::string>& dropped,
         const std::string& method) {
  if (path.empty()) {
    return true;
  }
  std::string m = spec.match(path);
  if (m.empty()) {
    dropped.insert(method + " " + path);
    return false;
  }
  path = m;
  return true;
}

void reconcile_one(const SpecPaths& spec, Findings& f, std::set<std::string>& dropped) {
  std::erase_if(f.endpoints,
                [&](Endpoint& e) { return !fix(spec, e.path, dropped, to_upper(e.method)); });
  std::erase_if(f.entities, [&](Entity& e) {
    bool list_ok = fix(spec, e.list.path, dropped, e.list.method);
    bool get_ok = fix(spec, e.get.path, dropped, e.get.method);
    if (!list_ok) {
      e.list = {};
    }
    if (!get_ok) {
      e.get = {};
    }
    return e.list.empty() && e.get.empty();
  });
  for (auto& p : f.pagination) {
    std::erase_if(p.endpoints, [&](std::string& ep) {
      auto sp = ep.find(' ');
      if (sp == std::string::npos) {
        return false;
      }
      std::string path = ep.substr(sp + 1);
      if (!fix(spec, path, dropped, ep.substr(0, sp))) {
        return true;
      }
      ep = ep.substr(0, sp + 1) + path;
      return false;
    });
  }
}

}  // namespace

void PathReconciler::survey(const Findings& f) {
  if (!is_spec_document(f)) {
    return;
  }
  for (const auto& e : f.endpoints) {
    by_shape_.emplace(shape(e.path), e.path);
  }
  for (const auto& b : f.base_urls) {
    if (std::string p = base_path(b.url); !p.empty()) {
      base_shapes_.push_back(shape(p));
    }
  }
}

void PathReconciler::reconcile(Findings& f) {
  // A GraphQL schema declares its own fields ({GRAPHQL, Query.x.y}): no REST paths to match
  // against the OpenAPI spec read beside it.
  if (by_shape_.empty() || !f.graphql.empty() || is_spec_document(f)) {
    return;
  }
  reconcile_one(SpecPaths{by_shape_, base_shapes_}, f, dropped_);
}

std::string PathReconciler::gap() const {
  if (dropped_.empty()) {
    return "";
  }
  std::string gap = "documentation or SDK names " + std::to_string(dropped_.size()) +
                    " endpoint(s) the spec does not declare (left out of the facts):";
  std::size_t shown = 0;
  for (const auto& d : dropped_) {
    if (++shown > 10) {
      gap += " ...";
      break;
    }
    gap += " " + d + (shown < dropped_.size() ? ";" : "");
  }
  return gap;
}

}  // namespace om::report::detail
