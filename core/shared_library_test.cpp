// Tests for SharedLibrary: opened on first use, symbols by name, a clear error otherwise.
#include "core/shared_library.h"

#include <cstring>

#include <doctest/doctest.h>

TEST_CASE("shared library: a library is opened on first use and its symbols are found") {
  om::SharedLibrary libc("libc.so.6", "a test");
  auto* strlen_fn = libc.function<std::size_t (*)(const char*)>("strlen");
  REQUIRE(libc.symbol("strlen") != nullptr);
  CHECK(strlen_fn("four") == 4);
  CHECK(libc.load().ok());
  CHECK(libc.load_error().empty());
  CHECK(libc.symbol("om_no_such_symbol_anywhere") == nullptr);
}

TEST_CASE("shared library: a missing library is an error naming it and what needs it") {
  om::SharedLibrary missing("libom-no-such-library.so.9", "the test of a missing library");
  auto loaded = missing.load();
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().code == om::ErrorCode::kConfig);
  CHECK(loaded.error().message.find("libom-no-such-library.so.9") != std::string::npos);
  CHECK(loaded.error().message.find("the test of a missing library") != std::string::npos);
  CHECK(missing.symbol("strlen") == nullptr);
  const bool no_function = missing.function<std::size_t (*)(const char*)>("strlen") == nullptr;
  CHECK(no_function);
  CHECK(missing.load_error() == loaded.error().message);
  CHECK_FALSE(missing.load().ok());  // asked again: the same answer, no second attempt
}
