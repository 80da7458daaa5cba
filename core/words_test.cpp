#include "core/words.h"

#include <doctest/doctest.h>

TEST_CASE("words: singular of the plurals APIs name their collections with") {
  CHECK(om::singular("policies") == "policy");
  CHECK(om::singular("log_entries") == "log_entry");
  CHECK(om::singular("boxes") == "box");
  CHECK(om::singular("batches") == "batch");
  CHECK(om::singular("dishes") == "dish");
  CHECK(om::singular("buses") == "bus");
  CHECK(om::singular("aliases") == "alias");
  CHECK(om::singular("buzzes") == "buzz");
  CHECK(om::singular("addresses") == "address");
  CHECK(om::singular("children") == "child");
  CHECK(om::singular("people") == "person");
  CHECK(om::singular("dashboards") == "dashboard");
  CHECK(om::singular("Users") == "User");  // as written
}

TEST_CASE("words: singular leaves words that are not plurals alone") {
  CHECK(om::singular("status") == "status");
  CHECK(om::singular("analysis") == "analysis");
  CHECK(om::singular("class") == "class");
  CHECK(om::singular("ties") == "tie");  // too short for -ies -> -y
  CHECK(om::singular("is") == "is");
  CHECK(om::singular("") == "");
}
