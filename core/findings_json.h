// Facts <-> JSON in the shape of the Research JSON (DESIGN.md). Evidence is written by a
// caller-supplied function: the store keeps URLs, the report turns them into document indices.
#pragma once

#include <functional>

#include "core/json.h"
#include "core/types.h"

namespace om {

using EvidenceWriter = std::function<Json(const EvidenceList&)>;

/// Evidence as stored: [{url, locator, quote}].
[[nodiscard]] Json evidence_with_urls(const EvidenceList& evidence);

[[nodiscard]] Json to_json(const BaseUrl& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const ApiVersion& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const AuthMethod& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const Pagination& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const Entity& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const Endpoint& f);
[[nodiscard]] Json to_json(const RateLimit& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const Sdk& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const Conflict& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const TestStep& f);
[[nodiscard]] Json to_json(const TestImage& f, const EvidenceWriter& ev);
[[nodiscard]] Json to_json(const SqlAlchemyUrl& f, const EvidenceWriter& ev);
/// A GraphQL schema's facts: the Research JSON's `graphql` items (README, "Research JSON").
[[nodiscard]] Json to_json(const GraphqlSchema& f, const EvidenceWriter& ev);

/// All of a Findings object, evidence with URLs (the store's format).
[[nodiscard]] Json findings_to_json(const Findings& findings);
/// The inverse of findings_to_json; unknown members are ignored.
[[nodiscard]] Findings findings_from_json(const Json& json);
/// findings_from_json(Json::parse(text)), read straight from the text without building the
/// tree (a stored spec's facts are tens of MB); a syntax error names its byte offset.
[[nodiscard]] Result<Findings> findings_from_json_text(std::string_view text);

}  // namespace om
