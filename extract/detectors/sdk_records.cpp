// From an SdkScan to base URL, API version (header with its default, media type) and retry /
// rate-limit facts, and the Sdk record (client, auth options, resources, paging helpers).
#include <algorithm>
#include <string>
#include <vector>

#include "core/text.h"
#include "extract/detail/sdk_scan.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxResources = 500;

Evidence evidence_of(const CodeRef& ref, const std::string& url) {
  return Evidence{url, ref.path + ":" + std::to_string(ref.line), ref.quote};
}

void add_evidence(EvidenceList& list, const CodeRef& ref, const std::string& url, std::size_t max) {
  Evidence ev = evidence_of(ref, url);
  for (const Evidence& e : list) {
    if (e.locator == ev.locator) {
      return;
    }
  }
  if (list.size() < max) {
    list.push_back(std::move(ev));
  }
}

void push_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

void base_url_facts(const SdkScan& scan, const std::string& url, Findings& out) {
  std::vector<BaseUrl> found;
  for (const CodeHit& h : scan.base_urls) {
    std::string u = h.value;
    while (u.size() > 8 && u.back() == '/') {
      u.pop_back();
    }
    auto it =
        std::find_if(found.begin(), found.end(), [&u](const BaseUrl& b) { return b.url == u; });
    if (it == found.end()) {
      found.push_back(BaseUrl{u, "default base URL in the SDK", confidence::kSdk, {}});
      it = found.end() - 1;
    }
    add_evidence(it->evidence, h.ref, url, 3);
  }
  // One version segment computed from a config default (host + "/v" + apiMajor) is part of
  // the base URL, cited where it is built and where its default is set.
  std::string version;
  for (const CodeHit& h : scan.path_versions) {
    version = version.empty() || version == h.value ? h.value : "?";
  }
  for (BaseUrl& b : found) {
    bool versioned = b.url.size() > 3 && b.url.find("/v", b.url.rfind('/')) != std::string::npos;
    if (!version.empty() && version != "?" && !versioned) {
      b.url += version;
      for (const CodeHit& h : scan.path_versions) {
        add_evidence(b.evidence, h.ref, url, 5);
      }
    }
    out.base_urls.push_back(std::move(b));
  }
}

// A header like Notion-Version gets its default from a literal assigned to a name that
// carries the header's first word (defaultNotionVersion) or says api version.
const CodeHit* header_default(const SdkScan& scan, const std::string& header) {
  std::string word = to_lower(header.substr(0, header.find('-')));
  for (const CodeHit& d : scan.version_defaults) {
    std::string name = to_lower(d.value.substr(0, d.value.find('=')));
    bool names_sdk = name.find("sdk") != std::string::npos ||
                     name.find("package") != std::string::npos ||
                     name.find("client") != std::string::npos;
    if (!names_sdk && ((word.size() > 2 && word != "api" && name.find(word) != std::string::npos) ||
                       name.find("apiversion") != std::string::npos ||
                       name.find("api_version") != std::string::npos)) {
      return &d;
    }
  }
  return nullptr;
}

void version_facts(const SdkScan& scan, const std::string& url, Findings& out) {
  std::vector<std::string> seen;
  for (const CodeHit& h : scan.version_headers) {
    if (std::find(seen.begin(), seen.end(), h.value) != seen.end()) {
      continue;
    }
    seen.push_back(h.value);
    const CodeHit* d = header_default(scan, h.value);
    if (d == nullptr) {
      out.gaps.push_back("the SDK sends the " + h.value + " header but its code sets no default");
      continue;
    }
    ApiVersion v{d->value.substr(d->value.find('=') + 1), VersionVia::kHeader, h.value, {}};
    add_evidence(v.evidence, h.ref, url, 3);
    add_evidence(v.evidence, d->ref, url, 3);
    out.api_versions.push_back(std::move(v));
  }
  for (const CodeHit& m : scan.media_versions) {
    if (std::find(seen.begin(), seen.end(), "media:" + m.value) != seen.end()) {
      continue;
    }
    seen.push_back("media:" + m.value);
    ApiVersion v{m.value, VersionVia::kMediaType, "Accept", {}};
    add_evidence(v.evidence, m.ref, url, 3);
    out.api_versions.push_back(std::move(v));
  }
}

void retry_facts(const SdkScan& scan, const std::string& url, Findings& out) {
  bool on_429 = false;
  bool retry_after = false;
  std::vector<std::string> options;
  RateLimit r;
  r.confidence = confidence::kSdk;
  for (const CodeHit& h : scan.retry_signals) {
    if (h.value == "429") {
      on_429 = true;
    } else if (h.value == "Retry-After") {
      retry_after = true;
    } else if (options.size() < 4) {
      push_unique(options, h.value);
    }
    add_evidence(r.evidence, h.ref, url, 4);
  }
  for (const CodeHit& h : scan.rate_headers) {
    push_unique(r.headers, h.value);
    add_evidence(r.evidence, h.ref, url, 6);
  }
  if (!on_429 && !retry_after && r.headers.empty()) {
    return;  // retry options alone say nothing about the API's limits
  }
  if (retry_after) {
    push_unique(r.headers, "Retry-After");
  }
  r.retry_after = retry_after;
  r.text = std::string("the SDK retries rate-limited requests") + (on_429 ? " (HTTP 429)" : "") +
           (retry_after ? ", waiting as Retry-After says" : "");
  if (!options.empty()) {
    r.text += "; settings in code:";
    for (const std::string& o : options) {
      r.text += " " + o;
    }
  }
  out.rate_limits.push_back(std::move(r));
}

std::vector<std::string> resources_of(const ClientCandidate& c, Findings& out) {
  const std::vector<std::string>& from = !c.namespaced.empty() ? c.namespaced
                                         : !c.methods.empty()  ? c.methods
                                                               : c.js_methods;
  std::vector<std::string> list;
  for (const std::string& r : from) {
    push_unique(list, r);
  }
  if (list.size() > kMaxResources) {
    out.gaps.push_back("the SDK client " + c.name + " has " + std::to_string(list.size()) +
                       " methods; only the first " + std::to_string(kMaxResources) + " are listed");
    list.resize(kMaxResources);
  }
  return list;
}

std::vector<std::string> auth_options_of(const SdkScan& scan, const ClientCandidate* c) {
  std::vector<std::string> list;
  if (c != nullptr) {
    for (const std::string& o : c->ctor_options) {
      if (is_auth_option_name(o))
        push_unique(list, o);
    }
    auto it = scan.option_types.find(c->options_type);
    if (it != scan.option_types.end()) {
      for (const CodeHit& h : it->second) {
        if (is_auth_option_name(h.value))
          push_unique(list, h.value);
      }
    }
  }
  for (const CodeHit& h : scan.auth_option_uses) push_unique(list, h.value);
  for (const CodeHit& h : scan.env_vars) push_unique(list, "env " + h.value);
  return list;
}

// "iteratePaginatedAPI (cursor: next_cursor -> start_cursor)" when a fact came from its file.
std::vector<std::string> helpers_of(const SdkScan& scan, const std::vector<Pagination>& paging) {
  std::vector<std::string> list;
  for (const CodeHit& h : scan.pagination_helpers) {
    std::string styles;
    for (const Pagination& p : paging) {
      bool same_file = std::any_of(p.evidence.begin(), p.evidence.end(), [&h](const Evidence& e) {
        return e.locator.compare(0, h.ref.path.size() + 1, h.ref.path + ":") == 0;
      });
      if (!same_file) {
        continue;
      }
      styles += styles.empty() ? "" : "; ";
      styles += to_string(p.style);
      if (p.style == PageStyle::kCursor && !p.response_fields.empty() &&
          !p.request_params.empty()) {
        styles += ": " + p.response_fields.front() + " -> " + p.request_params.front();
      }
    }
    std::string label = styles.empty() ? h.value : h.value + " (" + styles + ")";
    bool dup = std::any_of(list.begin(), list.end(), [&h](const std::string& s) {
      return s == h.value || s.compare(0, h.value.size() + 2, h.value + " (") == 0;
    });
    if (!dup) {
      list.push_back(label);
    }
  }
  return list;
}

}  // namespace

void other_facts(const SdkScan& scan, const std::string& url, Findings& out) {
  base_url_facts(scan, url, out);
  version_facts(scan, url, out);
  retry_facts(scan, url, out);
}

void sdk_record(const SdkScan& scan, const PackageInfo& info, const ClientCandidate* client,
                const std::vector<Pagination>& paging, const std::string& url, Findings& out) {
  Sdk sdk;
  sdk.ecosystem = info.ecosystem == Ecosystem::kUnknown ? Ecosystem::kNpm : info.ecosystem;
  sdk.name = info.name;
  sdk.version = info.version;
  if (client != nullptr) {
    sdk.client = client->name;
    sdk.resources = resources_of(*client, out);
    add_evidence(sdk.evidence, client->ref, url, 12);
    for (std::size_t i = 0; i < client->option_refs.size() && i < 2; ++i) {
      add_evidence(sdk.evidence, client->option_refs[i], url, 12);
    }
  }
  sdk.auth_options = auth_options_of(scan, client);
  sdk.pagination_helpers = helpers_of(scan, paging);
  for (const auto* hits : {&scan.auth_schemes, &scan.auth_headers, &scan.auth_option_uses,
                           &scan.env_vars, &scan.pagination_helpers}) {
    for (std::size_t i = 0; i < hits->size() && i < 2; ++i) {
      add_evidence(sdk.evidence, (*hits)[i].ref, url, 12);
    }
  }
  if (sdk.evidence.empty()) {
    return;  // nothing in the code looks like an API client: no evidence, no fact
  }
  out.sdks.push_back(std::move(sdk));
}

}  // namespace om::extract::detail
