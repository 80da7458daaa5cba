// Base-URL agreement for merge(): templates as wildcards, one path a prefix of the other.
#pragma once

#include <string>

namespace om::report::detail {

/// Same host (server-variable templates such as "{region}" match any text) and one path a prefix
/// of the other, segment by segment: "https://api.x.com" and "https://api.x.com/v1" agree.
[[nodiscard]] bool urls_agree(const std::string& a, const std::string& b);

}  // namespace om::report::detail
