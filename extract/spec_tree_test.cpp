// Tests for SpecTree: JSON and YAML parsing, offsets and quotes, $ref resolution, limits.
#include "extract/detail/spec_tree.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "core/mapped_file.h"

namespace om::extract::detail {
namespace {

inline SpecTree must_parse(std::string_view text) {
  Result<SpecTree> tree = SpecTree::parse(text, "test.spec");
  REQUIRE_MESSAGE(tree.ok(), (tree.ok() ? "" : tree.error().message));
  return std::move(tree).value();
}

}  // namespace

TEST_CASE(
    "regression fuzz_openapi_json: a JSON spec ending inside a string is an error, no crash") {
  // Found when simdjson read specs: its iterate() failed at stage 1 (unclosed string) and the
  // error path asked the never-started document for its location (null token iterator).
  Result<SpecTree> tree =
      SpecTree::parse(R"({"openapi": "3.0.0", "info": {"title": "unclosed)", "truncated.json");
  REQUIRE_FALSE(tree.ok());
  CHECK(tree.error().message.find("truncated.json: invalid JSON") != std::string::npos);
}

TEST_CASE("spec tree: JSON objects, arrays and scalars keep their values and order") {
  SpecTree tree = must_parse(R"({"b": 1.5, "a": [true, null, "x\u00e9"], "c": {"d": -2}})");
  const Node* root = tree.root();
  REQUIRE(root != nullptr);
  CHECK(tree.format() == SpecFormat::kJson);
  REQUIRE(root->members().size() == 3);
  CHECK(root->members()[0].key() == "b");
  CHECK(root->get("b")->number() == 1.5);
  CHECK(root->get("b")->text() == "1.5");
  const Node* a = root->get("a");
  REQUIRE(a->is_array());
  REQUIRE(a->items().size() == 3);
  CHECK(a->items()[0].boolean);
  CHECK(a->items()[1].type == NodeType::kNull);
  CHECK(a->items()[2].text() == "x\xc3\xa9");
  CHECK(root->get("c")->get("d")->number() == -2);
  CHECK(root->get("missing") == nullptr);
}

TEST_CASE("spec tree: escaped JSON strings and keys outlive the parser that decoded them") {
  // The reader is gone once the tree is built: decoded text lives in the arena.
  std::string text = R"({"k\u00e9y": "a\nb", "list": ["\"q\"", 2e3], "plain": "x"})";
  SpecTree tree = must_parse(text);
  const Node* root = tree.root();
  REQUIRE(root->members().size() == 3);
  CHECK(root->members()[0].key() == "k\xc3\xa9y");
  CHECK(root->str("k\xc3\xa9y") == "a\nb");
  CHECK(tree.quote(root->members()[0]).rfind(R"("k\u00e9y": "a\nb")", 0) == 0);
  const Node* list = root->get("list");
  CHECK(list->items()[0].text() == "\"q\"");
  CHECK(list->items()[1].number() == 2000);
  CHECK(list->items()[1].text() == "2e3");
}

TEST_CASE("spec tree: accessors of the wrong type are empty") {
  SpecTree tree = must_parse("s: text\nn: 0x1F\no: 0o17\nf: -1.5e2\nm: {a: 1}\nl: [1, 2]\n");
  const Node* root = tree.root();
  CHECK(root->get("s")->members().empty());
  CHECK(root->get("s")->items().empty());
  CHECK(root->get("s")->number() == 0);
  CHECK(root->get("m")->text().empty());
  CHECK(root->get("m")->items().empty());
  CHECK(root->get("l")->members().empty());
  CHECK(root->get("l")->get("a") == nullptr);
  CHECK(root->get("n")->number() == 31);
  CHECK(root->get("o")->number() == 15);
  CHECK(root->get("f")->number() == -150);
  CHECK(root->scalar("n") == "0x1F");
}

TEST_CASE("spec tree: quotes are verbatim source text starting at the node") {
  std::string text = "{\n  \"servers\": [ {\"url\": \"https://api.example.com/v1\"} ]\n}";
  SpecTree tree = must_parse(text);
  const Node* url = tree.at_pointer("/servers/0/url");
  REQUIRE(url != nullptr);
  CHECK(tree.quote(url) == "\"https://api.example.com/v1\"");
  CHECK(tree.quote(tree.at_pointer("/servers/0")).rfind("{\"url\"", 0) == 0);
  CHECK(tree.quote(tree.root(), 5).size() <= 5);
}

TEST_CASE("spec tree: YAML block and flow styles become the same tree") {
  SpecTree tree = must_parse(
      "openapi: 3.0.0\ninfo:\n  title: 'Demo'\n  version: 1.0\nlist: [a, 2, true, ~]\n"
      "text: |\n  line one\n  line two\n");
  CHECK(tree.format() == SpecFormat::kYaml);
  const Node* root = tree.root();
  CHECK(root->str("openapi") == "3.0.0");
  CHECK(root->get("info")->str("title") == "Demo");
  CHECK(root->get("info")->get("version")->type == NodeType::kNumber);
  CHECK(root->get("info")->scalar("version") == "1.0");
  const Node* list = root->get("list");
  REQUIRE(list->items().size() == 4);
  CHECK(list->items()[0].text() == "a");
  CHECK(list->items()[1].number() == 2);
  CHECK(list->items()[2].type == NodeType::kBool);
  CHECK(list->items()[3].type == NodeType::kNull);
  CHECK(root->str("text") == "line one\nline two\n");
}

TEST_CASE("spec tree: YAML quotes start at the value's position") {
  std::string text = "servers:\n  - url: https://api.example.com/v2\n    description: prod\n";
  SpecTree tree = must_parse(text);
  const Node* url = tree.at_pointer("/servers/0/url");
  REQUIRE(url != nullptr);
  CHECK(tree.quote(url) == "https://api.example.com/v2");
  CHECK(tree.quote(tree.at_pointer("/servers/0")).find("url: https://api.example.com/v2") == 0);
}

TEST_CASE("spec tree: YAML anchors, aliases and merge keys resolve") {
  SpecTree tree = must_parse(
      "base: &base\n  type: string\n  format: date\nuse: *base\n"
      "merged:\n  <<: *base\n  format: date-time\n");
  const Node* root = tree.root();
  CHECK(root->get("use")->same(*root->get("base")));  // a copy sharing its members
  const Node* merged = root->get("merged");
  CHECK(merged->str("type") == "string");
  CHECK(merged->str("format") == "date-time");
  CHECK(merged->members().size() == 2);
}

TEST_CASE("spec tree: YAML alias bombs are refused by the limits") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char name = 'b'; name <= 'k'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) {
      bomb += std::string(i ? ", *" : "*") + prev;
    }
    bomb += "]\n";
    prev = name;
  }
  Result<SpecTree> tree = SpecTree::parse(bomb, "bomb.yaml");
  REQUIRE_FALSE(tree.ok());
  CHECK(tree.error().message.find("bomb.yaml") != std::string::npos);
  CHECK(tree.error().message.find("alias") != std::string::npos);
}

TEST_CASE("spec tree: an alias to an unknown anchor is an error, not a crash") {
  Result<SpecTree> tree = SpecTree::parse("a: *nothing\n", "x.yaml");
  CHECK_FALSE(tree.ok());
}

TEST_CASE("spec tree: malformed JSON names the file and the position") {
  Result<SpecTree> tree = SpecTree::parse("{\n  \"a\": [1, 2,,]\n}", "bad.json");
  REQUIRE_FALSE(tree.ok());
  const std::string& message = tree.error().message;
  CHECK(message.find("bad.json") != std::string::npos);
  CHECK(message.find("line 2") != std::string::npos);
}

TEST_CASE("spec tree: malformed YAML names the file and the line") {
  Result<SpecTree> tree =
      SpecTree::parse("openapi: 3.0.0\ninfo:\n  title: [unclosed\n", "bad.yaml");
  REQUIRE_FALSE(tree.ok());
  const std::string& message = tree.error().message;
  CHECK(message.find("bad.yaml") != std::string::npos);
  CHECK(message.find("line") != std::string::npos);
}

TEST_CASE("spec tree: JSON deeper than the depth limit is refused") {
  std::string deep(600, '[');
  deep += std::string(600, ']');
  CHECK_FALSE(SpecTree::parse(deep, "deep.json").ok());
  std::string deep_yaml;
  for (int i = 0; i < 600; ++i) {
    deep_yaml += "[";
  }
  CHECK_FALSE(SpecTree::parse("a: " + deep_yaml, "deep.yaml").ok());
}

TEST_CASE("spec tree: JSON pointers unescape ~1 and ~0 and index arrays") {
  SpecTree tree = must_parse(
      R"({"paths": {"/users/{id}": {"get": {"parameters": [{"name": "id"}, {"name": "q"}]}},
          "a~b": {"x": 1}}})");
  CHECK(tree.at_pointer("/paths/~1users~1{id}/get/parameters/1")->str("name") == "q");
  CHECK(tree.at_pointer("#/paths/~1users~1%7Bid%7D/get/parameters/0")->str("name") == "id");
  CHECK(tree.at_pointer("/paths/a~0b/x")->number() == 1);
  CHECK(tree.at_pointer("/paths/~1users~1{id}/get/parameters/2") == nullptr);
  CHECK(tree.at_pointer("/paths/~1users~1{id}/get/parameters/-1") == nullptr);
  CHECK(tree.at_pointer("")->is_object());
  CHECK(pointer_append("/paths", "/a~b") == "/paths/~1a~0b");
}

TEST_CASE("spec tree: $ref chains resolve and report the final pointer") {
  SpecTree tree = must_parse(R"({
    "components": {"parameters": {"P": {"$ref": "#/paths/~1users/get/parameters/0"}}},
    "paths": {"/users": {"get": {"parameters": [{"name": "limit", "in": "query"}]}}},
    "use": {"$ref": "#/components/parameters/P"}})");
  std::string pointer;
  const Node* p = tree.resolve(tree.root()->get("use"), &pointer);
  REQUIRE(p != nullptr);
  CHECK(p->str("name") == "limit");
  CHECK(pointer == "/paths/~1users/get/parameters/0");
}

TEST_CASE("spec tree: cyclic, dangling and external $refs resolve to nothing") {
  SpecTree tree =
      must_parse(R"({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "self": {"$ref": "#/self"},
    "dangling": {"$ref": "#/nope"}, "ext": {"$ref": "other.yaml#/x"}})");
  CHECK(tree.resolve(tree.root()->get("a")) == nullptr);
  CHECK(tree.resolve(tree.root()->get("self")) == nullptr);
  CHECK(tree.resolve(tree.root()->get("dangling")) == nullptr);
  CHECK(tree.resolve(tree.root()->get("ext")) == nullptr);
}

TEST_CASE("spec tree: every corpus spec parses") {
  for (const char* rel :
       {"airflow/v2.yaml", "docker-engine/swagger.yaml", "linode/linode.com.json",
        "looker/Looker.4.0.json", "netlify/netlify.com.json", "notion/notion-openapi.json",
        "pagerduty/openapiv3.json", "square/squareup.com.json"}) {
    std::string path = std::string(OM_SHARED_DIR) + "/corpus/" + rel;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    Result<SpecTree> tree = SpecTree::parse(buffer.str(), path);
    REQUIRE_MESSAGE(tree.ok(), (tree.ok() ? "" : tree.error().message));
    CHECK_MESSAGE(tree->root()->get("paths") != nullptr, path);
  }
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("spec tree: member quotes start at the key in JSON and YAML") {
  SpecTree json = must_parse(R"({"paths": {"/v1/users": {"get": {}}}})");
  CHECK(json.quote(json.at_pointer("/paths")->members()[0]).rfind("\"/v1/users\": {", 0) == 0);
  SpecTree yaml = must_parse("paths:\n  /v1/users:\n    get: {}\n");
  CHECK(yaml.quote(yaml.at_pointer("/paths")->members()[0]).rfind("/v1/users:", 0) == 0);
}

}  // namespace om::extract::detail

namespace om::extract::detail {

// One spec in both syntaxes: an example payload under a media type, a scalar example, and a
// schema property that happens to be named "example".
void check_example_payloads(const SpecTree& tree, std::string_view payload_text) {
  const Node* media = tree.root()->get("content")->get("application/json");
  REQUIRE(media != nullptr);
  const Node* payload = media->get("example");
  REQUIRE(payload != nullptr);
  CHECK(payload->is_object());
  CHECK(payload->members().empty());           // kept as an empty container...
  CHECK(tree.quote(payload) == payload_text);  // ...that still quotes its source text
  const Node* examples = media->get("examples");
  REQUIRE(examples != nullptr);
  CHECK(examples->is_array());
  CHECK(examples->items().empty());
  const Node* property = media->get("schema")->get("properties")->get("example");
  REQUIRE(property != nullptr);  // a name, not the keyword: built
  CHECK(property->str("type") == "string");
  CHECK(property->str("example") == "https://api.example.com/next");  // scalar: kept
  CHECK(media->get("after")->number() == 7);  // the walk goes on after the payloads
}

TEST_CASE("spec tree: example payloads are empty containers spanning their text, in JSON") {
  SpecTree tree = must_parse(
      R"({"content": {"application/json": {"example": {"data": [{"id": 1}], "next": "x"},)"
      R"( "examples": [{"a": 1}, [2, 3]], "schema": {"properties": {"example":)"
      R"( {"type": "string", "example": "https://api.example.com/next"}}}, "after": 7}}})");
  check_example_payloads(tree, R"({"data": [{"id": 1}], "next": "x"})");
}

TEST_CASE("spec tree: example payloads are empty containers spanning their text, in YAML") {
  SpecTree tree = must_parse(
      "content:\n"
      "  application/json:\n"
      "    example: {data: [{id: 1}], next: x}\n"
      "    examples:\n"
      "      - a: &anchored 1\n"
      "      - [2, 3]\n"
      "    schema:\n"
      "      properties:\n"
      "        example:\n"
      "          type: string\n"
      "          example: https://api.example.com/next\n"
      "    after: 7\n"
      "    alias: *anchored\n");
  check_example_payloads(tree, "{data: [{id: 1}], next: x}");
  // An anchor inside a payload is still known: an alias to it is null, not an error.
  CHECK(tree.root()->get("content")->get("application/json")->get("alias")->type ==
        NodeType::kNull);
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("spec tree: JSON escapes are decoded into the tree, bad ones are errors") {
  SpecTree tree =
      must_parse(R"({"a\"b": "\ud83d\ude00 \/ \t \u00e9 \\", "k\u0041y": ["\u2028", "tail\\"]})");
  const Node* root = tree.root();
  REQUIRE(root->members().size() == 2);
  CHECK(root->members()[0].key() == "a\"b");
  CHECK(root->members()[0].value()->text() == "\xF0\x9F\x98\x80 / \t \xC3\xA9 \\");
  CHECK(root->members()[1].key() == "kAy");
  const Node* list = root->get("kAy");
  REQUIRE(list->items().size() == 2);
  CHECK(list->items()[0].text() == "\xE2\x80\xA8");
  CHECK(list->items()[1].text() == "tail\\");
  for (const char* bad :
       {R"({"a": "\ud83d alone"})", R"({"a": "\x41"})", R"({"a": "\u12"})", R"({"\udc00": 1})"}) {
    Result<SpecTree> parsed = SpecTree::parse(bad, "bad.json");
    CHECK_MESSAGE(!parsed.ok(), bad);
    if (!parsed.ok()) {
      CHECK(parsed.error().message.find("bad.json: invalid JSON") != std::string::npos);
    }
  }
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("spec tree: text that is not RFC 8259 JSON is an error naming the file and position") {
  const char* bad[] = {
      "",                           // nothing
      R"({"a": 1} x)",              // text after the value
      R"({"a": 1}})",               // a second close
      R"({"a": 01})",               // leading zero
      R"({"a": 1.})",               // no digits after '.'
      R"({"a": 1e})",               // no exponent digits
      R"({"a": -})",                // a sign alone
      R"({"a": .5})",               // no integer part
      R"({"a": tru})",              // a cut literal
      R"({"a": True})",             // a wrong literal
      R"({"a" 1})",                 // no colon
      R"({"a": 1,})",               // a trailing comma in an object
      R"([1 2])",                   // no comma
      R"({a: 1})",                  // an unquoted key
      "{\"a\": \"\xC3\x28\"}",      // invalid UTF-8 in a string
      "{\"\xED\xA0\x80\": 1}",      // an encoded surrogate in a key
      R"({"a": "unterminated\"})",  // the quote is escaped
  };
  for (const std::string text : bad) {
    // "\n" first: the error is on line 2 (the empty text is YAML's "empty document").
    Result<SpecTree> tree = SpecTree::parse(text.empty() ? text : "\n" + text, "bad.json");
    REQUIRE_MESSAGE(!tree.ok(), text);
    if (!text.empty()) {
      CHECK_MESSAGE(
          tree.error().message.find("bad.json: invalid JSON near line 2") != std::string::npos,
          tree.error().message);
    }
  }
  for (const std::string good :
       {R"({"a": -0.5e+10, "b": [0, 1E-2, 10], "c": "\u00e9\ud83d\ude00"})",
        "{\"a\": \"caf\xC3\xA9\", \"b\": \"\xF0\x9F\x98\x80\"}", "[]", " {} "}) {
    CHECK_MESSAGE(SpecTree::parse(good, "good.json").ok(), good);
  }
}

TEST_CASE("spec tree: a JSON object's or array's quote ends at its closing bracket") {
  SpecTree tree = must_parse("{\"servers\": [{\"url\": \"https://x\"}], \"paths\": {}}");
  const Node* servers = tree.root()->get("servers");
  CHECK(tree.quote(servers) == R"([{"url": "https://x"}])");
  CHECK(tree.quote(&servers->items()[0]) == R"({"url": "https://x"})");
  CHECK(tree.quote(servers->items()[0].get("url")) == R"("https://x")");
}

TEST_CASE("spec tree: equal JSON strings and keys are stored once, none views the text") {
  const std::string text = R"({"a": {"type": "string"}, "b": {"type": "string"}})";
  SpecTree tree = must_parse(text);
  const Node* a = tree.root()->get("a");
  const Node* b = tree.root()->get("b");
  CHECK(a->members()[0].key().data() == b->members()[0].key().data());
  CHECK(a->str("type").data() == b->str("type").data());
  const char* source = tree.source().data();
  CHECK((a->str("type").data() < source || a->str("type").data() >= source + text.size()));
}

TEST_CASE("spec tree: a mapped JSON file reads as its text does, quotes read from the file") {
  // Over 1 MiB, so the reader releases the pages behind it several times while it builds.
  std::string text = "{\"openapi\": \"3.0.0\", \"paths\": {";
  for (int i = 0; i < 12000; ++i) {
    text += (i > 0 ? ",\n    " : "\n    ") + std::string("\"/items/") + std::to_string(i) +
            "\": {\"get\": {\"summary\": \"Get item " + std::to_string(i) +
            " \\u00e9\", \"responses\": {\"200\": {\"description\": \"OK\"}}}}";
  }
  text += "\n  }\n}\n";
  REQUIRE(text.size() > 1024 * 1024);
  const auto path = std::filesystem::temp_directory_path() / "om_spec_tree_mapped.json";
  std::ofstream(path, std::ios::binary) << text;
  auto mapped = MappedFile::open(path.string(), "mapped.json");
  REQUIRE(mapped.ok());
  Result<SpecTree> from_file =
      SpecTree::parse_view(mapped.value()->bytes(), "mapped.json", mapped.value().get());
  SpecTree from_text = must_parse(text);
  REQUIRE(from_file.ok());
  const Node* file_paths = from_file->root()->get("paths");
  const Node* text_paths = from_text.root()->get("paths");
  REQUIRE(file_paths->members().size() == 12000);
  REQUIRE(text_paths->members().size() == 12000);
  for (std::size_t i = 0; i < 12000; i += 997) {
    const Member& a = file_paths->members()[i];
    const Member& b = text_paths->members()[i];
    CHECK(a.key() == b.key());
    CHECK(a.value()->get("get")->str("summary") == b.value()->get("get")->str("summary"));
    CHECK(from_file->quote(a) == from_text.quote(b));
    CHECK(from_file->quote(a.value()) == from_text.quote(b.value()));
  }
  CHECK(file_paths->members()[11999].value()->get("get")->str("summary") ==
        "Get item 11999 \xC3\xA9");
  std::filesystem::remove(path);
}

}  // namespace om::extract::detail

namespace om::extract::detail {

TEST_CASE("regression #19: pointers into a large object find each member, the first of twins") {
  // Objects past 64 members are indexed on first use (a spec with 50,000 schemas resolved each
  // distinct $ref by a search of all of them); lookups must answer as get() does.
  std::string json = R"({"components": {"schemas": {)";
  for (int i = 0; i < 200; ++i) {
    json += R"(")" + ("S" + std::to_string(i)) + R"(": {"n": )" + std::to_string(i) + "}, ";
  }
  json += R"("S7": {"n": -1}, "a~b/c": {"n": 500}}}, "small": {"x": {"n": 1}}})";
  SpecTree tree = must_parse(json);
  for (int i : {0, 7, 64, 199}) {
    const Node* n = tree.at_pointer("#/components/schemas/S" + std::to_string(i));
    REQUIRE(n != nullptr);
    CHECK(n->scalar("n") == std::to_string(i));
  }
  CHECK(tree.at_pointer("#/components/schemas/a~0b~1c")->scalar("n") == "500");
  CHECK(tree.at_pointer("#/components/schemas/S200") == nullptr);
  CHECK(tree.at_pointer("#/small/x")->scalar("n") == "1");
}

}  // namespace om::extract::detail
