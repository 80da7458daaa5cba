// Entity detection for OpenAPI specs (EXTRACTION.md section 4): list / get / nested child
// endpoints, records path, primary key and parent.
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_entities(const SpecContext& /*ctx*/, Findings& /*out*/) {}

}  // namespace om::extract::detail
