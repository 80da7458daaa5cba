#include "extract/detail/yaml_depth.h"

#include <string>

#include <doctest/doctest.h>

#include "extract/detail/spec_tree.h"

namespace {

using om::extract::detail::scan_flow_depth;

TEST_CASE("yaml depth: flow nesting is counted before libfyaml scans it") {
  const std::string deep = "openapi: 3.0.0\nx: " + std::string(600, '[');
  auto found = scan_flow_depth(deep, 512);
  CHECK(found.line == 2);
  CHECK(found.max_depth == 513);
  CHECK(scan_flow_depth("a: [[1, {b: [2]}], 3]\nc:\n  - {d: [4]}\n", 512).max_depth == 4);
  CHECK(scan_flow_depth("a: [[1, {b: [2]}], 3]\n", 3).line == 1);
}

TEST_CASE("yaml depth: brackets in plain text, quotes and comments are not nesting") {
  std::string text = "openapi: 3.0.0\n";
  for (int i = 0; i < 700; ++i) {
    text += "k" + std::to_string(i) + ": see a[" + std::to_string(i) + " and x{y\n";  // plain
    text += "q" + std::to_string(i) + ": \"[[{{ quoted\"\n";
    text += "s" + std::to_string(i) + ": '[[ it''s {{'\n";
    text += "# [[[{{{ a comment\n";
    text += "- [a, b]  # [[ trailing\n";
  }
  auto found = scan_flow_depth(text, 512);
  CHECK(found.line == 0);
  CHECK(found.max_depth == 1);
}

TEST_CASE("yaml depth: a deeply nested YAML spec is refused at once, naming the limit") {
  const std::string deep = "openapi: 3.0.0\npaths: " + std::string(1 << 20, '[');
  auto tree = om::extract::detail::SpecTree::parse(deep, "deep.yaml");
  REQUIRE_FALSE(tree.ok());
  CHECK(tree.error().message.find("deep.yaml") != std::string::npos);
  CHECK(tree.error().message.find("nested deeper than 512 levels at line 2") != std::string::npos);
}

}  // namespace
