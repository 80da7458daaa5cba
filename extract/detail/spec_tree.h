// A read-only tree for OpenAPI/Swagger documents parsed from JSON (our reader) or YAML
// (libfyaml), with local $ref resolution and verbatim source quotes for evidence.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace om {
class MappedFile;  // core/mapped_file.h
}  // namespace om

namespace om::extract::detail {

enum class NodeType : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

class Member;

/// One value, 24 bytes. Children are stored inline: an object's members hold their values, an
/// array's items are one contiguous Node array. Everything a node points to is owned by the
/// SpecTree that made it and lives as long as it does. Nodes are plain values: a YAML alias is a
/// copy of its anchor's node and shares its members/items.
// The union below is initialised through its first member. NOLINTNEXTLINE(*-pro-type-member-init)
struct Node {
  NodeType type = NodeType::kNull;
  bool boolean = false;      // kBool
  std::uint32_t offset = 0;  // byte offset of the value in the source (for quotes)
  std::uint32_t end = 0;     // byte offset just past the value when known, else 0

  [[nodiscard]] bool is_object() const { return type == NodeType::kObject; }
  [[nodiscard]] bool is_array() const { return type == NodeType::kArray; }
  [[nodiscard]] bool is_string() const { return type == NodeType::kString; }
  /// Scalars: the decoded string value, or the source text of a number, boolean or null.
  /// Objects and arrays: "".
  [[nodiscard]] std::string_view text() const {
    return type < NodeType::kArray ? std::string_view(chars_, size_) : std::string_view();
  }
  /// kObject: its members in document order; any other type: none.
  [[nodiscard]] std::span<const Member> members() const;
  /// kArray: its items in document order; any other type: none.
  [[nodiscard]] std::span<const Node> items() const {
    return type == NodeType::kArray ? std::span<const Node>(items_, size_)
                                    : std::span<const Node>();
  }
  /// kNumber: the value parsed from text() (YAML `0x`/`0o` integers too); any other type: 0.
  [[nodiscard]] double number() const;
  /// Member value by key, or nullptr (also for non-objects).
  [[nodiscard]] const Node* get(std::string_view key) const;
  /// String member value, or "" when absent or not a string.
  [[nodiscard]] std::string_view str(std::string_view key) const;
  /// Member value's text for strings, numbers and booleans (YAML `version: 1.0`), else "".
  [[nodiscard]] std::string_view scalar(std::string_view key) const;
  /// The same value: true for the same node or a copy of it (a YAML alias). Objects and arrays
  /// compare by their children's storage, scalars by address.
  [[nodiscard]] bool same(const Node& other) const {
    return type == other.type &&
           (type >= NodeType::kArray ? chars_ == other.chars_ : this == &other);
  }

  // Builders (spec_json.cpp, spec_yaml.cpp) set the contents; `type` must be set first.
  void set_text(std::string_view text) {
    chars_ = text.data();
    size_ = static_cast<std::uint32_t>(text.size());
  }
  void set_members(const Member* members, std::uint32_t count) {
    members_ = members;
    size_ = count;
  }
  void set_items(const Node* items, std::uint32_t count) {
    items_ = items;
    size_ = count;
  }

 private:
  std::uint32_t size_ = 0;  // kObject: members; kArray: items; scalars: text bytes
  // One of three by `type`; read through text(), members() and items().
  union {
    const char* chars_ = nullptr;  // scalars
    const Member* members_;        // kObject
    const Node* items_;            // kArray
  };
};

/// An object member with its value inline, 40 bytes. The key's bytes are owned by the SpecTree.
class Member {
 public:
  Member() = default;
  Member(std::string_view key, const Node& value, std::uint32_t key_offset)
      : key_chars_(key.data()),
        key_size_(static_cast<std::uint32_t>(key.size())),
        key_offset_(key_offset),
        value_(value) {}

  [[nodiscard]] std::string_view key() const { return {key_chars_, key_size_}; }
  [[nodiscard]] const Node* value() const { return &value_; }
  /// Byte offset of the key in the source (for quotes).
  [[nodiscard]] std::uint32_t key_offset() const { return key_offset_; }

 private:
  const char* key_chars_ = nullptr;
  std::uint32_t key_size_ = 0;
  std::uint32_t key_offset_ = 0;
  Node value_;
};

static_assert(sizeof(Node) <= 24 && sizeof(Member) <= 40, "spec tree layout grew");

inline std::span<const Member> Node::members() const {
  return type == NodeType::kObject ? std::span<const Member>(members_, size_)
                                   : std::span<const Member>();
}

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
  /// Like parse(), but `source` is not copied: quotes read it, so it must outlive the tree.
  /// When `source` is `mapped`'s bytes, JSON is read with the pages behind the reader released
  /// (the tree holds no view into `source`: its strings are copied) and quotes are read from
  /// the file: the tree and the whole file are never resident together.
  static Result<SpecTree> parse_view(std::string_view source, std::string_view name,
                                     const MappedFile* mapped = nullptr,
                                     const TreeLimits& limits = {});

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
