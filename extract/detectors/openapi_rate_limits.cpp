// OpenAPI detector: rate_limits (work in progress).
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_rate_limits(const SpecContext& /*ctx*/, Findings& /*out*/) {}

}  // namespace om::extract::detail
