// Words of a path template, shared by the OpenAPI entity detectors: variables, version
// segments and snake_case (singular nouns: core/words.h).
#pragma once

#include <string>
#include <string_view>

namespace om::extract::detail {

/// "{id}": a whole-segment path variable.
[[nodiscard]] bool is_var(std::string_view seg);
/// "v2", "api", "rest", "2024": a segment that names no resource.
[[nodiscard]] bool is_version_like(std::string_view seg);
/// "dagRuns" -> "dag_runs", "bank-accounts" -> "bank_accounts", "LookMLModels" -> "look_ml_models".
[[nodiscard]] std::string snake(std::string_view seg);

}  // namespace om::extract::detail
