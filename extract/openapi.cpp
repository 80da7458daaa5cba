// OpenAPI 3.x / Swagger 2.0 extractor: parses the spec into a SpecTree, builds the shared
// SpecContext and runs the detectors (detectors/openapi_*.cpp) over it.
#include <algorithm>
#include <array>

#include "core/text.h"
#include "extract/detail/extractors.h"
#include "extract/detail/openapi_context.h"

namespace om::extract::detail {
namespace {

using DetectFn = void (*)(const SpecContext&, Findings&);
struct Detector {
  std::string_view name;
  DetectFn run;
};
// Order = report order; adding one is one line here plus a test.
constexpr std::array kDetectors{
    Detector{"servers", &detect_servers},       Detector{"auth", &detect_auth},
    Detector{"pagination", &detect_pagination}, Detector{"entities", &detect_entities},
    Detector{"endpoints", &detect_endpoints},   Detector{"rate_limits", &detect_rate_limits},
};

constexpr std::size_t kMaxDigestBytes = std::size_t{4} << 20;

void append_line(std::string& out, std::string_view text) {
  if (text.empty() || out.size() >= kMaxDigestBytes) {
    return;
  }
  out.append(text.substr(0, kMaxDigestBytes - out.size()));
  out.push_back('\n');
}

/// Plain text for full-text search: title, descriptions, tags, then one line per operation.
std::string digest(const SpecContext& ctx) {
  std::string out;
  // About a twentieth of the source is typical: reserved once, no regrowth.
  out.reserve(std::min(kMaxDigestBytes, ctx.tree().source().size() / 16));
  const Node* root = ctx.root();
  if (const Node* info = root->get("info"); info != nullptr) {
    append_line(out, info->scalar("title"));
    append_line(out, info->str("description"));
  }
  if (const Node* tags = root->get("tags"); tags != nullptr && tags->is_array()) {
    for (std::uint32_t i = 0; i < tags->items().size(); ++i) {
      append_line(out, tags->items()[i].str("name"));
      append_line(out, tags->items()[i].str("description"));
    }
  }
  for (const Operation& op : ctx.operations()) {
    std::string line = op.method + " " + std::string(op.path);
    if (std::string_view summary = op.op->str("summary"); !summary.empty()) {
      line += " - " + std::string(summary);
    }
    append_line(out, line);
    append_line(out, op.op->str("description"));
  }
  return out;
}

}  // namespace

Extraction extract_openapi(const FetchedDocument& doc, SpecText text) {
  Extraction extraction;
  extraction.kind = DocKind::kOpenApi;
  const std::string& url = doc.final_url.empty() ? doc.url : doc.final_url;
  // Quotes read the bytes, which outlive the tree. A mapped file's pages are released behind the
  // JSON reader, so the tree and the whole file are never resident together.
  Result<SpecTree> tree = SpecTree::parse_view(doc.bytes(), url, doc.mapped.get());
  if (!tree) {
    extraction.error = tree.error().message;
    return extraction;
  }
  if (tree->root() == nullptr || !tree->root()->is_object()) {
    extraction.error = url + ": the spec's root is not an object";
    return extraction;
  }
  SpecContext ctx(*tree, url);
  for (const Detector& detector : kDetectors) {
    detector.run(ctx, extraction.findings);
  }
  if (text == SpecText::kDigest) {
    extraction.text = digest(ctx);
  }
  return extraction;
}

}  // namespace om::extract::detail
