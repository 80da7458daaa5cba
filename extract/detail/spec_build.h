// Internals shared by the spec tree's parsers (spec_json.cpp, spec_yaml.cpp) and spec_tree.cpp:
// the arena, scratch stacks and SpecTree::Impl. Private to extract/.
#pragma once

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <sys/mman.h>

#include "core/mapped_file.h"
#include "extract/detail/spec_tree.h"

namespace om::extract::detail {

/// Bump allocator for trivially destructible tree parts; frees everything at once. Blocks are
/// 2 MiB-aligned and marked for transparent huge pages: a big spec's tree is tens of MB, and
/// touching it 4 KiB page by page costs more than building it. The price is the unused rest of
/// the last huge page touched, under 2 MiB of RSS (the trade is measured in bench/RESULTS.md).
/// Untouched block space costs no RSS, so the block sizes themselves do not matter.
class Arena {
 public:
  template <class T>
  T* make_array(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    void* raw = allocate(sizeof(T) * std::max<std::size_t>(n, 1), alignof(T));
    T* out = static_cast<T*>(raw);
    for (std::size_t i = 0; i < n; ++i) {
      new (out + i) T();
    }
    return out;
  }
  /// A copy of `first[0..n)` in the arena.
  template <class T>
  T* copy_array(const T* first, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    T* out = static_cast<T*>(allocate(sizeof(T) * std::max<std::size_t>(n, 1), alignof(T)));
    if (n > 0) {
      std::memcpy(static_cast<void*>(out), first, sizeof(T) * n);
    }
    return out;
  }
  /// `n` uninitialised bytes.
  char* make_chars(std::size_t n) {
    return static_cast<char*>(allocate(std::max<std::size_t>(n, 1), 1));
  }
  std::string_view copy(std::string_view s) {
    if (s.empty()) {
      return {};
    }
    char* out = static_cast<char*>(allocate(s.size(), 1));
    std::memcpy(out, s.data(), s.size());
    return {out, s.size()};
  }

 private:
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  struct FreeBlock {
    void operator()(std::byte* p) const noexcept { std::free(p); }  // NOLINT(*-no-malloc)
  };
  void* allocate(std::size_t bytes, std::size_t align) {
    std::size_t pad = (align - (used_ % align)) % align;
    if (blocks_.empty() || used_ + pad + bytes > capacity_) {
      // Blocks grow (2, 4, 8, 16 MiB) so small specs stay small.
      std::size_t next = blocks_.empty() ? kHugePage : std::min(capacity_ * 2, 8 * kHugePage);
      capacity_ = std::max(next, (bytes + kHugePage - 1) / kHugePage * kHugePage);
      auto* block = static_cast<std::byte*>(std::aligned_alloc(kHugePage, capacity_));  // NOLINT
      if (block == nullptr) {
        throw std::bad_alloc();  // as operator new would; caught nowhere below main
      }
#ifdef MADV_HUGEPAGE
      madvise(block, capacity_, MADV_HUGEPAGE);
#endif
      blocks_.emplace_back(block);
      used_ = 0;
      pad = 0;
    }
    void* out = blocks_.back().get() + used_ + pad;
    used_ += pad + bytes;
    return out;
  }
  std::vector<std::unique_ptr<std::byte, FreeBlock>> blocks_;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
};

/// Line and column (1-based) of a byte offset, for error messages.
inline std::string position_of(std::string_view source, std::size_t offset) {
  offset = std::min(offset, source.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) +
         " (byte " + std::to_string(offset) + ")";
}

/// Scratch stacks shared by both builders: children gather here, then move to the arena.
struct Scratch {
  std::vector<Member> members;
  std::vector<Node> items;
};

/// Moves the members gathered since `from` into the arena as `node`'s members.
inline void commit_members(Arena& arena, Scratch& s, std::size_t from, Node& node) {
  std::size_t n = s.members.size() - from;
  const Member* out = arena.copy_array(s.members.data() + from, n);
  s.members.resize(from);
  node.set_members(out, static_cast<std::uint32_t>(n));
}

/// Moves the items gathered since `from` into the arena as `node`'s items.
inline void commit_items(Arena& arena, Scratch& s, std::size_t from, Node& node) {
  std::size_t n = s.items.size() - from;
  const Node* out = arena.copy_array(s.items.data() + from, n);
  s.items.resize(from);
  node.set_items(out, static_cast<std::uint32_t>(n));
}

struct SpecTree::Impl {
  std::string source;  // a copy of the text (SpecTree::parse)
  // The text every offset refers to (and YAML scalars view): `source`, or the caller's bytes
  // (SpecTree::parse_view), which then outlive the tree.
  std::string_view text_view;
  Arena arena;
  const Node* root = nullptr;
  SpecFormat format = SpecFormat::kJson;
  TreeLimits limits;
  /// Hashes std::string and std::string_view alike, so cache lookups allocate nothing.
  struct PointerHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  mutable std::unordered_map<std::string, const Node*, PointerHash, std::equal_to<>> pointer_cache;
  /// Member indexes of the large objects $ref pointers step through (by their member storage,
  /// which an alias shares): `#/components/schemas/X` in a spec of 50,000 schemas would
  /// otherwise search the members once per distinct pointer, quadratic overall (issue #19).
  mutable std::unordered_map<const Member*,
                             std::unordered_map<std::string_view, const Node*, PointerHash>>
      member_index;

  /// JSON from a mapped file (SpecInput::mapped): quotes read the file, not the mapping, so
  /// quoting all over a big spec faults none of it back in next to its tree (each access to
  /// the mapping maps 64 KiB around it; releasing after each quote would cost an madvise each).
  const MappedFile* mapped = nullptr;

  [[nodiscard]] std::string_view text() const { return text_view; }
  /// At most `size` bytes of the text from `offset`: a view of it, or for a mapped file a copy
  /// read into `buffer`.
  std::string_view text_at(std::size_t offset, std::size_t size, std::string& buffer) const {
    if (mapped == nullptr) {
      return text_view.substr(std::min(offset, text_view.size()), size);
    }
    buffer = mapped->read(offset, size);
    return buffer;
  }
};

/// Where a parser's input comes from: `bytes`; `copy` when the tree must not keep views into
/// them (SpecTree::parse); `mapped` when `bytes` are that file's (SpecTree::parse_view).
struct SpecInput {
  std::string_view bytes;
  bool copy = true;
  const MappedFile* mapped = nullptr;
};

// Both parsers read impl.text_view, which parse_into() (spec_tree.cpp) sets from `input`.
/// Builds impl's tree from JSON (spec_json.cpp); errors name `name` and the position.
Status parse_json(SpecTree::Impl& impl, const SpecInput& input, std::string_view name);
/// Builds impl's tree from YAML 1.2 (libfyaml events); errors name `name` and the position.
Status parse_yaml(SpecTree::Impl& impl, const SpecInput& input, std::string_view name);
/// Whether the members of an object under `key` are names (schema properties, components,
/// media types, status codes, ...) rather than OpenAPI keywords.
inline bool keys_are_names(std::string_view key) {
  static constexpr std::array<std::string_view, 20> kNameMaps = {
      "properties", "patternProperties", "definitions",   "schemas",         "examples",
      "parameters", "responses",         "headers",       "securitySchemes", "links",
      "callbacks",  "variables",         "requestBodies", "pathItems",       "content",
      "encoding",   "mapping",           "paths",         "webhooks",        "scopes"};
  return std::find(kNameMaps.begin(), kNameMaps.end(), key) != kNameMaps.end();
}

/// Whether a member is an example payload the tree keeps as an empty container (its offsets
/// kept for quotes): `example`/`examples` as keywords, not as names, with an object or array
/// value. No detector reads inside one (only scalar `example`s); they are a large share of the
/// GitHub spec's nodes, and its tree is the largest part of the peak memory after the text itself.
inline bool is_example_payload(bool keys_are_names_here, std::string_view key) {
  return !keys_are_names_here && (key == "example" || key == "examples");
}

/// True when `s` is non-empty and made only of `allowed` characters.
inline bool all_of_chars(std::string_view s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
}

}  // namespace om::extract::detail
