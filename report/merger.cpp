// Merges the findings of several documents of one source (spec + docs + SDK) in two passes, so
// no pass holds every document: what the specs declare first, then each document reconciled
// with it and folded in; conflicts between documents and filled gaps once all are in.
#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"
#include "report/detail/merged.h"
#include "report/detail/reconcile.h"
#include "report/detail/url_match.h"
#include "report/report.h"

namespace om::report {
namespace {

using detail::both_sides;
using detail::Merged;
using detail::urls_agree;

bool disjoint(const std::set<std::size_t>& a, const std::set<std::size_t>& b) {
  return std::none_of(a.begin(), a.end(), [&b](std::size_t x) { return b.count(x) != 0; });
}

// Same type and location but a different header/parameter name, and no document names both:
// e.g. the docs say `X-Api-Key`, the spec says `Authorization`.
void add_auth_name_conflicts(Merged& m) {
  const auto& auth = m.findings.auth;
  for (std::size_t i = 0; i < auth.size(); ++i) {
    for (std::size_t j = i + 1; j < auth.size(); ++j) {
      const AuthMethod& a = auth[i];
      const AuthMethod& b = auth[j];
      if (auth_type_text(a) != auth_type_text(b) || !iequals(auth_in_text(a), auth_in_text(b)) ||
          a.name.empty() || b.name.empty() || !disjoint(m.auth_origins[i], m.auth_origins[j])) {
        continue;
      }
      m.findings.conflicts.push_back(
          {"auth",
           "documents name different " + std::string(auth_type_text(a)) + " " +
               (a.in == AuthLocation::kUnknown ? "" : std::string(auth_in_text(a)) + " ") +
               "names: \"" + a.name + "\" and \"" + b.name +
               "\"; no document names both, so check which one the API expects",
           both_sides(a.evidence, b.evidence)});
    }
  }
}

void add_base_url_conflicts(Merged& m) {
  const auto& urls = m.findings.base_urls;
  int added = 0;
  for (std::size_t i = 0; i < urls.size() && added < 5; ++i) {
    for (std::size_t j = i + 1; j < urls.size() && added < 5; ++j) {
      if (!disjoint(m.base_origins[i], m.base_origins[j]) || urls_agree(urls[i].url, urls[j].url)) {
        continue;
      }
      bool agrees_elsewhere = false;  // a document stating both sides settles it
      for (std::size_t k = 0; k < urls.size() && !agrees_elsewhere; ++k) {
        agrees_elsewhere = k != i && k != j && !disjoint(m.base_origins[k], m.base_origins[i]) &&
                           !disjoint(m.base_origins[k], m.base_origins[j]);
      }
      if (agrees_elsewhere) {
        continue;
      }
      m.findings.conflicts.push_back({"base_url",
                                      "documents give different base URLs: \"" + urls[i].url +
                                          "\" and \"" + urls[j].url + "\"",
                                      both_sides(urls[i].evidence, urls[j].evidence)});
      ++added;
    }
  }
}

// A gap saying a kind of fact is absent ("no rate limits stated") is dropped once any document
// established that kind. Gaps naming a path ("pagination of GET /x unknown") stay.
bool gap_is_filled(const std::string& gap, const Findings& f) {
  std::string g = to_lower(gap);
  bool says_absent = g.starts_with("no ") || icontains(g, "not stated") ||
                     icontains(g, "not found") || icontains(g, "not documented") ||
                     icontains(g, "none stated") || icontains(g, "not established") ||
                     icontains(g, "could not") || icontains(g, "unknown") ||
                     icontains(g, "missing");
  if (!says_absent || g.find(" /") != std::string::npos) {
    return false;
  }
  struct Kind {
    std::string_view cue;
    bool present;
  };
  bool concrete_paging = std::any_of(f.pagination.begin(), f.pagination.end(),
                                     [](const auto& p) { return p.style != PageStyle::kUnknown; });
  bool named_auth = std::any_of(f.auth.begin(), f.auth.end(), [](const auto& a) {
    return !a.name.empty() || a.in != AuthLocation::kUnknown;
  });
  if ((icontains(g, "auth") || icontains(g, "credential")) &&
      (icontains(g, "name") || icontains(g, "header") || icontains(g, "param"))) {
    return named_auth;
  }
  const std::array<Kind, 12> kinds = {{{"rate limit", !f.rate_limits.empty()},
                                       {"rate-limit", !f.rate_limits.empty()},
                                       {"throttl", !f.rate_limits.empty()},
                                       {"paginat", concrete_paging},
                                       {"paging", concrete_paging},
                                       {"auth", !f.auth.empty()},
                                       {"security scheme", !f.auth.empty()},
                                       {"base url", !f.base_urls.empty()},
                                       {"server url", !f.base_urls.empty()},
                                       {"api version", !f.api_versions.empty()},
                                       {"sdk", !f.sdks.empty()},
                                       {"entit", !f.entities.empty()}}};
  for (const auto& k : kinds) {
    if (icontains(g, k.cue)) {
      return k.present;
    }
  }
  return false;
}

/// The reconciliation's gaps in the first document's place, as a merge of the whole list put
/// them (after that document's own gaps, each text once, where it first appears): `at` is where
/// the first document's gaps end.
void place_first_document_gaps(Merged& m, std::size_t at, const std::vector<std::string>& texts) {
  std::vector<std::string>& gaps = m.findings.gaps;
  for (const auto& text : texts) {
    std::string gap = squash_space(text);
    if (gap.empty()) {
      continue;
    }
    if (!m.gap_seen.insert(gap).second) {
      auto it = std::find(gaps.begin(), gaps.end(), gap);
      if (static_cast<std::size_t>(it - gaps.begin()) < at) {
        continue;  // the first document (or the text before this one) said it already
      }
      gaps.erase(it);  // a later document's: it comes here
    }
    gaps.insert(gaps.begin() + static_cast<std::ptrdiff_t>(at), std::move(gap));
    ++at;
  }
}

}  // namespace

struct Merger::State {
  detail::PathReconciler paths;
  detail::SdkDeferral sdks;
  Merged merged;
  // Surveyed: the documents kept whole for add() (the specs, and others within keep_bytes),
  // the document number of each, and whether any document other than a spec came.
  std::size_t keep_bytes = 0;  // as constructed
  std::size_t keep_left = 0;   // what the kept documents other than specs left of it
  std::vector<Findings> kept;
  std::vector<std::size_t> kept_at;
  bool any_other = false;
  std::size_t surveyed = 0;
  std::size_t endpoints = 0;  // room reserved before the first add()
  std::size_t entities = 0;
  // Added so far, and the next kept document.
  std::size_t added = 0;
  std::size_t next_kept = 0;
  std::size_t first_gaps = 0;  // the first document's gaps end here in merged.findings.gaps

  /// Before the first add(): what the specs declare, when another document is reconciled
  /// with it (a spec alone needs no index of its paths), and room for the facts.
  void prepare() {
    if (any_other) {
      for (const Findings& f : kept) {
        paths.survey(f);  // each surveys the specs only
        sdks.survey(f);
      }
    }
    merged.endpoint_index.reserve(endpoints);
    merged.findings.endpoints.reserve(endpoints);
    merged.entity_refs.reserve(2 * entities);
    merged.findings.entities.reserve(entities);
  }
  [[nodiscard]] bool next_is_kept() const {
    return next_kept < kept_at.size() && kept_at[next_kept] == added;
  }
};

Merger::Merger(std::size_t keep_bytes) : state_(std::make_unique<State>()) {
  state_->keep_bytes = state_->keep_left = keep_bytes;
}
Merger::~Merger() = default;
Merger::Merger(Merger&&) noexcept = default;
Merger& Merger::operator=(Merger&&) noexcept = default;

void Merger::survey(Findings& document, std::size_t bytes) {
  State& s = *state_;
  s.endpoints += document.endpoints.size();
  s.entities += document.entities.size();
  const bool spec = detail::is_spec_document(document);
  s.any_other = s.any_other || !spec;
  if (spec || bytes < s.keep_left) {
    s.keep_left -= spec ? 0 : bytes;
    s.kept_at.push_back(s.surveyed);
    s.kept.push_back(std::move(document));
  }
  ++s.surveyed;
}

bool Merger::wants_next() const {
  return !state_->next_is_kept();
}

void Merger::add(Findings document) {
  State& s = *state_;
  if (s.added == 0) {
    s.prepare();
  }
  if (s.next_is_kept()) {
    document = std::move(s.kept[s.next_kept++]);
  }
  s.paths.reconcile(document);  // neither changes a spec (each returns at one)
  s.sdks.defer(document);
  detail::fold_document(s.merged, document, s.added);
  if (s.added == 0) {
    s.first_gaps = s.merged.findings.gaps.size();
  }
  ++s.added;
}

Findings Merger::finish() {
  State& s = *state_;
  Merged& m = s.merged;
  place_first_document_gaps(m, s.first_gaps, {s.paths.gap(), s.sdks.gap()});
  add_auth_name_conflicts(m);
  add_base_url_conflicts(m);
  auto& gaps = m.findings.gaps;
  // A document's own gaps stand: its detectors knew what they found. Only another document can
  // fill them.
  if (s.added > 1) {
    gaps.erase(std::remove_if(gaps.begin(), gaps.end(),
                              [&m](const std::string& g) { return gap_is_filled(g, m.findings); }),
               gaps.end());
  }
  Findings merged = std::move(m.findings);
  const std::size_t keep_bytes = s.keep_bytes;
  state_ = std::make_unique<State>();
  state_->keep_bytes = state_->keep_left = keep_bytes;
  return merged;
}

Findings merge(std::vector<Findings> per_document) {
  Merger merger(std::numeric_limits<std::size_t>::max());
  for (Findings& doc : per_document) {
    merger.survey(doc);  // each moves into the merger; add() takes it from there
  }
  for (Findings& doc : per_document) {
    merger.add(std::move(doc));
  }
  return merger.finish();
}

}  // namespace om::report
