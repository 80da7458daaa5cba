// Words of a path template: variables, version segments and snake_case.
#include "extract/detail/path_words.h"

#include <algorithm>

#include "extract/detail/openapi_schema.h"

namespace om::extract::detail {

bool is_var(std::string_view seg) {
  return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}';
}

bool is_version_like(std::string_view seg) {
  std::string f = fold_alnum(seg);
  if (f == "api" || f == "rest" || f.empty()) {
    return true;
  }
  bool digits = std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits || (f.size() >= 2 && f[0] == 'v' && f[1] >= '0' && f[1] <= '9');
}

/// "dagRuns" -> "dag_runs", "bank-accounts" -> "bank_accounts", "LookMLModels" -> "look_ml_models".
std::string snake(std::string_view seg) {
  std::string out;
  for (std::size_t i = 0; i < seg.size(); ++i) {
    char c = seg[i];
    bool upper = c >= 'A' && c <= 'Z';
    if (upper && i > 0) {
      char prev = seg[i - 1];
      bool next_lower = i + 1 < seg.size() && seg[i + 1] >= 'a' && seg[i + 1] <= 'z';
      bool prev_lower = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
      bool prev_upper = prev >= 'A' && prev <= 'Z';
      if (prev_lower || (prev_upper && next_lower)) {
        out.push_back('_');
      }
    }
    if (upper) {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') {
    out.pop_back();
  }
  return out;
}

}  // namespace om::extract::detail
