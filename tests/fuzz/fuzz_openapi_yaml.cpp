// libFuzzer target: extract::extract on arbitrary bytes served as an OpenAPI YAML document
// (libfyaml: anchors, aliases, merge keys, error paths). Invariants as fuzz_openapi_json.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  om::fuzz::extract_and_check("https://api.fuzz.test/v1/openapi.yaml", "application/yaml", data,
                              size);
  return 0;
}
