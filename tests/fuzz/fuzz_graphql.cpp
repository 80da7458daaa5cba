// libFuzzer target: extract::extract on arbitrary bytes served as a GraphQL SDL document (or an
// introspection result, when the bytes start like one), then as a TypeScript declaration file
// (graphql-codegen types, when the bytes declare them). Invariants (fuzz_checks.h): no crash,
// bounded work on deep nesting, facts cited, output deterministic.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  om::fuzz::extract_and_check("https://api.fuzz.test/schema.graphql", "", data, size);
  om::fuzz::extract_and_check("https://api.fuzz.test/dist/types.d.mts", "", data, size);
  return 0;
}
