// English word forms shared by the detectors and the report: one singular() for entity names,
// path segments and OpenMetadata mapping tokens.
#pragma once

#include <string>
#include <string_view>

namespace om {

/// The singular of a plural noun, as written (no case change): "policies" -> "policy",
/// "boxes" -> "box", "buses" -> "bus", "aliases" -> "alias", "children" -> "child",
/// "people" -> "person"; "status", "analysis", "class" and other words that are not plurals
/// stay as they are.
[[nodiscard]] std::string singular(std::string_view word);

}  // namespace om
