// Entities from the endpoint families a page states (EXTRACTION.md section 4): list = GET path
// ending in a static segment, get = the same path plus one placeholder (<id>, :id, {id});
// nested lists name their parent. Paths are kept verbatim.
#include <algorithm>
#include <map>
#include <string>

#include "core/text.h"
#include "core/words.h"
#include "extract/detail/prose.h"

namespace om::extract::detail {
namespace {

bool is_placeholder(std::string_view seg) {
  return (seg.size() > 2 && seg.front() == '<' && seg.back() == '>') ||
         (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') ||
         (seg.size() > 1 && seg.front() == ':');
}

bool is_noise_segment(std::string_view seg) {
  std::string s = to_lower(seg);
  if (s == "api" || s == "rest" || s.empty()) {
    return true;
  }
  bool version = s.size() >= 2 && s[0] == 'v' && s[1] >= '0' && s[1] <= '9';
  bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  return version || digits;
}

// Actions and singletons are not entities (EXTRACTION.md: exclude or flag).
bool is_action(std::string_view seg) {
  std::string s = to_lower(seg);
  for (std::string_view w :
       {"login", "logout", "signin", "signout", "session", "me", "health", "status", "search",
        "export", "import", "refresh", "token", "oauth", "authorize", "ping", "version", "count"}) {
    if (s == w) {
      return true;
    }
  }
  return false;
}

std::string entity_word(std::string_view seg) {
  std::string s(seg.substr(0, seg.find('.')));  // "users.json" -> "users"
  for (char& c : s) {
    c = c == '-' ? '_' : c;
  }
  return singular(to_lower(s));
}

// True when the path's last segment is a singular noun (`/user`, often the caller's own record).
bool singular_noun(std::string_view path) {
  std::string_view last = path.substr(path.rfind('/') + 1);
  last = last.substr(0, last.find('.'));
  return to_lower(last) == singular(to_lower(last));
}

struct Shape {
  bool is_get = false;     // last segment is a placeholder
  std::string collection;  // path up to and including the last static segment
  std::string name;        // entity name
  std::string parent;      // parent entity name or ""
};

// Reads an endpoint path; false when it names no entity.
bool shape_of(std::string_view path, Shape& shape) {
  std::vector<std::string_view> segs;
  for (std::string_view s : split(path, '/')) {
    if (!s.empty()) {
      segs.push_back(s);
    }
  }
  if (segs.empty()) {
    return false;
  }
  shape.is_get = is_placeholder(segs.back());
  std::size_t last_static = shape.is_get ? segs.size() - 1 : segs.size();
  if (last_static == 0) {
    return false;
  }
  std::string_view noun = segs[last_static - 1];
  if (is_placeholder(noun) || is_noise_segment(noun) || is_action(noun)) {
    return false;
  }
  std::string name = entity_word(noun);
  // Parent: the static segment before a placeholder that precedes the noun.
  if (last_static >= 3 && is_placeholder(segs[last_static - 2]) &&
      !is_placeholder(segs[last_static - 3]) && !is_noise_segment(segs[last_static - 3])) {
    shape.parent = entity_word(segs[last_static - 3]);
    name = shape.parent + "_" + name;
  }
  shape.name = name;
  return !shape.name.empty();
}

}  // namespace

void detect_entities(const ProseContext& ctx, Findings& out) {
  entities_from_endpoints(ctx.endpoints, confidence::kProse, out);
}

void entities_from_endpoints(const std::vector<ProseEndpoint>& endpoints, double confidence,
                             Findings& out) {
  std::map<std::string, std::size_t> by_name;
  std::vector<Entity> entities;
  for (const ProseEndpoint& ep : endpoints) {
    Shape shape;
    if (ep.method != "GET" || ep.evidence.empty() || !shape_of(ep.path, shape)) {
      continue;
    }
    auto [it, inserted] = by_name.emplace(shape.name, entities.size());
    if (inserted) {
      Entity e;
      e.name = shape.name;
      e.confidence = confidence;
      entities.push_back(std::move(e));
    }
    Entity& e = entities[it->second];
    EndpointRef& slot = shape.is_get ? e.get : e.list;
    if (!slot.empty() && (shape.is_get || !singular_noun(slot.path) || singular_noun(ep.path))) {
      continue;  // the first stated path of each kind wins, but a plural list beats `/user`
    }
    slot = EndpointRef{ep.method, ep.path};
    if (e.parent.empty()) {
      e.parent = shape.parent;
    }
    for (const Evidence& ev : ep.evidence) {
      add_evidence(e.evidence, ev);
    }
  }
  for (Entity& e : entities) {
    // A parent is only named when the page states it as an entity too.
    if (!e.parent.empty() && by_name.count(e.parent) == 0) {
      e.parent.clear();
    }
    for (const Pagination& p : out.pagination) {
      for (const std::string& ep : p.endpoints) {
        if (!e.list.empty() && ep == e.list.method + " " + e.list.path) {
          e.pagination = p.style;
        }
      }
    }
    out.entities.push_back(std::move(e));
  }
}

}  // namespace om::extract::detail
