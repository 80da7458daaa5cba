// The facts merged so far, between one document and the next: merge.cpp folds a document in,
// merger.cpp drives the passes and adds what needs every document (conflicts, filled gaps).
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/types.h"

namespace om::report::detail {

using Origins = std::vector<std::set<std::size_t>>;  // per merged fact: the documents stating it

// Hash of an identity -> index of a fact with that hash. Candidates are checked with the fact's
// own equality, so a collision costs a comparison, never a wrong merge; no key string is kept.
using Buckets = std::unordered_multimap<std::uint64_t, std::size_t>;

struct Merged {
  Findings findings;
  Origins auth_origins;  // parallel to findings.auth
  Origins base_origins;  // parallel to findings.base_urls
  // Identity key -> index, for the facts folded by fold_keyed().
  std::unordered_map<std::string, std::size_t> base_index, paging_index, rate_index;
  Buckets endpoint_index;  // by method (any case) and path
  // Entities by list or get reference and, without either, by name: same_entity() holds only
  // between entities sharing one of these.
  Buckets entity_refs, entity_names;
  std::unordered_set<std::string> gap_seen;
};

/// Folds the facts of document number `index` (0 for the first) into `m`: a fact the same as
/// one merged already joins it (evidence joined, richer fields kept), others are appended, and
/// disagreements in a field become conflicts. `doc` is left moved from.
void fold_document(Merged& m, Findings& doc, std::size_t index);

/// The first quote of each side, so a conflict cites both documents.
[[nodiscard]] EvidenceList both_sides(const EvidenceList& a, const EvidenceList& b);

}  // namespace om::report::detail
