// A read-only tree for OpenAPI/Swagger documents parsed from JSON (simdjson) or YAML
// (libfyaml), with local $ref resolution and verbatim source quotes for evidence.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace om::extract::detail {

enum class NodeType : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

struct Node;
/// An object member. `key` views memory owned by the SpecTree.
struct Member {
  std::string_view key;
  const Node* value = nullptr;
  std::uint32_t key_offset = 0;  // byte offset of the key in the source (for quotes)
};

/// One value. All pointers and views are owned by the SpecTree that made the node and live
/// as long as it does.
struct Node {
  NodeType type = NodeType::kNull;
  bool boolean = false;
  std::uint32_t size = 0;    // kObject: members; kArray: items
  std::uint32_t offset = 0;  // byte offset of the value in the source (for quotes)
  std::uint32_t end = 0;     // byte offset just past the value when known (scalars), else 0
  std::string_view text;     // decoded string value; for numbers, their source text
  // One of three by `type` (a 1M-node tree is 16 MB smaller for it); read only the one that
  // `type` names. A node of another type has size 0, so loops over members/items do nothing.
  union {
    double number = 0;         // kNumber
    const Member* members;     // kObject: `size` members, in document order
    const Node* const* items;  // kArray: `size` items
  };

  [[nodiscard]] bool is_object() const { return type == NodeType::kObject; }
  [[nodiscard]] bool is_array() const { return type == NodeType::kArray; }
  [[nodiscard]] bool is_string() const { return type == NodeType::kString; }
  /// Member value by key, or nullptr (also for non-objects).
  [[nodiscard]] const Node* get(std::string_view key) const;
  /// String member value, or "" when absent or not a string.
  [[nodiscard]] std::string_view str(std::string_view key) const;
  /// Member value's text for strings, numbers and booleans (YAML `version: 1.0`), else "".
  [[nodiscard]] std::string_view scalar(std::string_view key) const;
};

enum class SpecFormat { kJson, kYaml };

/// Limits that bound hostile input (DESIGN.md "Safety rules").
struct TreeLimits {
  std::uint32_t max_depth = 512;
  std::uint32_t max_yaml_aliases = 10000;
  std::uint32_t max_ref_hops = 64;
  std::uint64_t max_expanded_nodes = 20'000'000;  // YAML alias expansion ("billion laughs")
};

class SpecTree {
 public:
  SpecTree();
  SpecTree(SpecTree&&) noexcept;
  SpecTree& operator=(SpecTree&&) noexcept;
  SpecTree(const SpecTree&) = delete;
  SpecTree& operator=(const SpecTree&) = delete;
  ~SpecTree();

  /// Parses JSON (when the first non-space byte is '{' or '[') else YAML 1.2. `source` is
  /// copied. Errors name `name` and the line/column or byte position.
  static Result<SpecTree> parse(std::string_view source, std::string_view name,
                                const TreeLimits& limits = {});
  /// Like parse(), but `source` is not copied: the tree views it, so it must outlive the tree.
  /// `capacity` is how many bytes are readable from source.data(); with at least 64 spare bytes
  /// (simdjson's padding) JSON is parsed in place, else it is copied into a padded buffer.
  static Result<SpecTree> parse_view(std::string_view source, std::size_t capacity,
                                     std::string_view name, const TreeLimits& limits = {});

  [[nodiscard]] const Node* root() const;
  [[nodiscard]] SpecFormat format() const;
  /// The node at a JSON pointer ("/paths/~1users/get" or "#/components/schemas/X"), or nullptr.
  [[nodiscard]] const Node* at_pointer(std::string_view pointer) const;
  /// Follows `$ref` chains from `node` (local refs only), bounded and cycle-safe. Returns the
  /// node itself when it has no $ref, nullptr for a dangling or cyclic ref. When `pointer` is
  /// given it is updated to the pointer of the node finally reached.
  [[nodiscard]] const Node* resolve(const Node* node, std::string* pointer = nullptr) const;
  /// At most `max_bytes` of the source text starting at `node` (verbatim, UTF-8 safe).
  [[nodiscard]] std::string quote(const Node* node, std::size_t max_bytes = 240) const;
  /// Like quote() but starting at the member's key (`"/v1/users": {"get": ...`).
  [[nodiscard]] std::string quote(const Member& member, std::size_t max_bytes = 240) const;
  [[nodiscard]] std::string_view source() const;

  struct Impl;  // defined in spec_tree.cpp (the parsers fill it)

 private:
  std::unique_ptr<Impl> impl_;
};

/// "/a/b" + "c/d" -> "/a/b/c~1d" (RFC 6901 escaping).
[[nodiscard]] std::string pointer_append(std::string_view pointer, std::string_view token);

}  // namespace om::extract::detail
