// OpenAPI detector: endpoints (work in progress).
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_endpoints(const SpecContext& /*ctx*/, Findings& /*out*/) {}

}  // namespace om::extract::detail
