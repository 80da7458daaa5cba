// libFuzzer target: extract::extract on arbitrary bytes served as an OpenAPI JSON document.
// Invariants (STYLE.md 2.13, fuzz_checks.h): no crash; facts cited; output deterministic.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  om::fuzz::extract_and_check("https://api.fuzz.test/v1/openapi.json", "application/json", data,
                              size);
  return 0;
}
