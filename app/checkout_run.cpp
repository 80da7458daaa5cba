// Issue #23 in a research run: where the checkout is, what its connectors say, and the catalog's
// database facts. Reading and ranking live in app/checkout.cpp and app/connector_rank.cpp.
#include "app/checkout_run.h"

#include <ostream>

#include "app/checkout.h"

namespace om::app {
namespace fs = std::filesystem;

std::optional<fs::path> locate_checkout(const ResearchOptions& options, std::ostream& err) {
  if (!options.checkout_path.empty()) {
    if (checkout::is_checkout_root(options.checkout_path)) {
      return fs::path(options.checkout_path).lexically_normal();
    }
    err << "om-research: --checkout " << options.checkout_path << " is not an OpenMetadata "
        << "checkout (it needs " << checkout::kSourceDir << " and " << checkout::kSchemaDir
        << "); closest connectors are not ranked\n";
    return std::nullopt;
  }
  std::error_code ec;
  if (auto root = checkout::find_root(fs::current_path(ec)); !ec && root) {
    return root;
  }
  if (!options.context_path.empty()) {
    return checkout::find_root(options.context_path);
  }
  return std::nullopt;
}

void add_checkout_facts(Research& research, const config::CatalogEntry* entry,
                        const std::optional<fs::path>& root, std::ostream& err) {
  if (entry != nullptr) {
    for (const auto& d : entry->database) {
      research.database_catalog.push_back({d.fact, d.value, d.cite});
    }
  }
  if (!root || research.source.service_type.empty()) {
    return;
  }
  research.checkout_root = root->string();
  auto files = checkout::read_connectors(*root, research.source.service_type);
  if (!files.ok()) {
    err << "om-research: checkout " << root->string() << ": " << files.error().message
        << "; closest connectors are not ranked\n";
    return;
  }
  std::vector<SimilarConnector> described;
  described.reserve(files.value().size());
  for (const auto& f : files.value()) {
    described.push_back(checkout::describe(f));
  }
  research.similar_connectors =
      checkout::rank(std::move(described), checkout::profile_of(research));
}

}  // namespace om::app
