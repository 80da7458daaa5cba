// OpenAPI detector: auth (work in progress).
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_auth(const SpecContext& /*ctx*/, Findings& /*out*/) {}

}  // namespace om::extract::detail
