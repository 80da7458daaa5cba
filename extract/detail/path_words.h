// Words of a path template, shared by the OpenAPI entity detectors: variables, version
// segments, snake_case and singular nouns.
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
/// "policies" -> "policy", "children" -> "child", "people" -> "person", "buses" -> "bus".
[[nodiscard]] std::string singular(std::string word);

}  // namespace om::extract::detail
