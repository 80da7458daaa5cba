// libFuzzer target: config::parse_catalog on arbitrary YAML. Invariants (STYLE.md 2.13): a bad
// catalog gives a kConfig error naming the file, never a crash; parsing is deterministic; every
// entry of a good catalog has a name and serialises to JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto first = om::config::parse_catalog(yaml, "fuzz.yaml");
  auto second = om::config::parse_catalog(yaml, "fuzz.yaml");
  if (first.ok() != second.ok()) {
    std::abort();
  }
  if (!first.ok()) {
    const om::Error& err = first.error();
    if (err.code != om::ErrorCode::kConfig || err.message.rfind("fuzz.yaml", 0) != 0 ||
        err.message != second.error().message) {
      std::abort();  // errors name their input
    }
    return 0;
  }
  const auto& entries = first.value().entries();
  if (entries.size() != second.value().entries().size()) {
    std::abort();
  }
  for (const om::config::CatalogEntry& entry : entries) {
    if (entry.name.empty()) {
      std::abort();
    }
    std::string json = om::config::to_json(entry).dump();
    if (json.empty() || first.value().find(entry.name) == nullptr) {
      std::abort();
    }
  }
  return 0;
}
