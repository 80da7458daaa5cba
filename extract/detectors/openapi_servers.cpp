// OpenAPI detector: servers (work in progress).
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_servers(const SpecContext& /*ctx*/, Findings& /*out*/) {}

}  // namespace om::extract::detail
