// OpenAPI detector: endpoints. Every operation (method, verbatim path, operationId, summary,
// tags), sorted by path then method so the output is diff-able (DESIGN.md).
#include <algorithm>

#include "extract/detail/openapi_context.h"

namespace om::extract::detail {

void detect_endpoints(const SpecContext& ctx, Findings& out) {
  std::size_t first = out.endpoints.size();
  out.endpoints.reserve(first + ctx.operations().size());
  for (const Operation& op : ctx.operations()) {
    Endpoint e;
    e.method = op.method;
    e.path = std::string(op.path);
    e.operation_id = std::string(op.op->scalar("operationId"));
    e.summary = std::string(op.op->str("summary"));
    if (const Node* tags = op.op->get("tags"); tags != nullptr && tags->is_array()) {
      for (std::uint32_t i = 0; i < tags->items().size(); ++i) {
        if (tags->items()[i].is_string()) {
          e.tags.emplace_back(tags->items()[i].text());
        }
      }
    }
    out.endpoints.push_back(std::move(e));
  }
  std::stable_sort(out.endpoints.begin() + static_cast<std::ptrdiff_t>(first), out.endpoints.end(),
                   [](const Endpoint& a, const Endpoint& b) {
                     return a.path != b.path ? a.path < b.path : a.method < b.method;
                   });
}

}  // namespace om::extract::detail
