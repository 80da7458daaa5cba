// Facts from the endpoints an SDK scan found (sdk_endpoints.cpp): Endpoint facts with their
// code evidence, entities from the endpoint families exactly as for docs pages
// (prose_entities.cpp), and POST reads (`POST /widgets/search`) as list endpoints.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "core/words.h"
#include "extract/detail/prose.h"
#include "extract/detail/sdk_scan.h"

namespace om::extract::detail {
namespace {

bool is_var(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

bool is_root_noise(std::string_view seg) {
  std::string s = to_lower(seg);
  bool version = s.size() >= 2 && s[0] == 'v' && std::isdigit(static_cast<unsigned char>(s[1]));
  bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.';
  });
  return s == "api" || s == "rest" || version || digits;
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view s : split(path, '/')) {
    if (!s.empty()) {
      out.push_back(s);
    }
  }
  return out;
}

std::string join(const std::vector<std::string_view>& segs, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < segs.size(); ++i) {
    out += "/";
    out += segs[i];
  }
  return out;
}

// POST reads (EXTRACTION.md section 4, "keep POST-as-read search endpoints"): a root search
// lists the root get-only entities, `/x/{id}/query` lists the records of an x, `/x/search`
// lists x when it has no GET list.
void post_reads(const std::vector<ProseEndpoint>& eps, std::size_t first, Findings& out) {
  auto entity_range = [&]() {
    std::vector<Entity*> v;
    for (std::size_t i = first; i < out.entities.size(); ++i) {
      v.push_back(&out.entities[i]);
    }
    return v;
  };
  for (const ProseEndpoint& ep : eps) {
    std::vector<std::string_view> segs = segments(ep.path);
    std::size_t n = segs.size();
    if (ep.method != "POST" || n == 0) {
      continue;
    }
    std::string verb = to_lower(segs.back());
    if (verb != "search" && verb != "query") {
      continue;
    }
    std::vector<Entity*> ents = entity_range();
    if (std::any_of(ents.begin(), ents.end(),
                    [&](const Entity* e) { return e->list.path == ep.path; })) {
      continue;
    }
    if (n >= 3 && is_var(segs[n - 2]) && !is_var(segs[n - 3]) && !is_root_noise(segs[n - 3])) {
      std::string collection = join(segs, n - 2);
      Entity e;
      e.name = singular(to_lower(segs[n - 3])) + "_record";
      e.list = EndpointRef{ep.method, ep.path};
      e.confidence = confidence::kSdk;
      for (const Entity* p : ents) {
        if (segments(p->get.path).size() == n - 1 && p->get.path.starts_with(collection + "/")) {
          e.parent = p->name;
        }
      }
      for (const Evidence& ev : ep.evidence) {
        add_evidence(e.evidence, ev);
      }
      out.entities.push_back(std::move(e));
      continue;
    }
    bool root = std::all_of(segs.begin(), segs.end() - 1, is_root_noise);
    std::string collection = join(segs, n - 1);
    for (Entity* e : ents) {
      if (!e->list.empty() || e->get.empty()) {
        continue;
      }
      std::vector<std::string_view> g = segments(e->get.path);
      auto statics = static_cast<std::size_t>(std::count_if(
          g.begin(), g.end(), [](std::string_view s) { return !is_var(s) && !is_root_noise(s); }));
      bool serves = root ? statics == 1 && g.size() >= 2 && is_var(g.back())
                         : !root && g.size() == n && e->get.path.starts_with(collection + "/");
      if (serves) {
        e->list = EndpointRef{ep.method, ep.path};
        for (const Evidence& ev : ep.evidence) {
          add_evidence(e->evidence, ev);
        }
      }
    }
  }
}

Evidence evidence_of(const CodeRef& ref, const std::string& url) {
  return Evidence{url, ref.path + ":" + std::to_string(ref.line), ref.quote};
}

}  // namespace

void endpoint_facts(const SdkScan& scan, const std::string& url, Findings& out) {
  if (scan.endpoints.empty()) {
    return;
  }
  // A version segment the client appends to its base URL for every path (`${base}/v1/`) is
  // part of each path; two different ones would be a guess.
  const CodeHit* prefix = nullptr;
  for (const CodeHit& h : scan.path_prefixes) {
    if (prefix != nullptr && prefix->value != h.value) {
      prefix = nullptr;
      break;
    }
    prefix = prefix == nullptr ? &h : prefix;
  }
  std::vector<ProseEndpoint> eps;
  std::map<std::string, std::size_t> seen;
  for (const SdkEndpointHit& hit : scan.endpoints) {
    std::string path = hit.path;
    if (prefix != nullptr && path != prefix->value && !path.starts_with(prefix->value + "/")) {
      path.insert(0, prefix->value);
    }
    std::string key = hit.method;
    key += ' ';
    key += path;
    auto [it, inserted] = seen.emplace(key, eps.size());
    if (!inserted) {
      add_evidence(eps[it->second].evidence, evidence_of(hit.ref, url));
      if (eps[it->second].summary.empty()) {
        eps[it->second].summary = hit.operation_id;  // another copy of the call names it
      }
      continue;
    }
    ProseEndpoint pe;
    pe.method = hit.method;
    pe.path = path;
    pe.summary = hit.operation_id;
    pe.evidence.push_back(evidence_of(hit.ref, url));
    if (hit.method_ref.line > 0) {
      pe.evidence.push_back(evidence_of(hit.method_ref, url));
    }
    if (prefix != nullptr) {
      pe.evidence.push_back(evidence_of(prefix->ref, url));
    }
    eps.push_back(std::move(pe));
  }
  for (const ProseEndpoint& pe : eps) {
    out.endpoints.push_back(Endpoint{pe.method, pe.path, pe.summary, "", {}});
  }
  std::size_t first = out.entities.size();
  entities_from_endpoints(eps, confidence::kSdk, out);
  post_reads(eps, first, out);
}

}  // namespace om::extract::detail
