// SpecTree: JSON via simdjson On-Demand and YAML 1.2 via libfyaml's event parser, both built
// into one arena-allocated Node tree that keeps byte offsets for verbatim quotes. Local $ref
// resolution follows RFC 6901 pointers (OpenAPI 3.x "Reference Object").
#include "extract/detail/spec_tree.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_map>
#include <vector>

#include <libfyaml.h>
#include <simdjson.h>
#include <sys/mman.h>

#include "core/c_handle.h"
#include "core/text.h"

namespace om::extract::detail {
namespace {

/// Bump allocator for trivially destructible tree parts; frees everything at once. Blocks are
/// 2 MiB-aligned and marked for transparent huge pages: a big spec's tree is tens of MB, and
/// touching it 4 KiB page by page costs more than building it (measured on the GitHub spec).
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
std::string position_of(std::string_view source, std::size_t offset) {
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
  std::vector<const Node*> items;
};

const Member* commit_members(Arena& arena, Scratch& s, std::size_t from, std::uint32_t& size) {
  std::size_t n = s.members.size() - from;
  Member* out = arena.make_array<Member>(n);
  std::copy(s.members.begin() + static_cast<std::ptrdiff_t>(from), s.members.end(), out);
  s.members.resize(from);
  size = static_cast<std::uint32_t>(n);
  return out;
}

const Node* const* commit_items(Arena& arena, Scratch& s, std::size_t from, std::uint32_t& size) {
  std::size_t n = s.items.size() - from;
  const Node** out = arena.make_array<const Node*>(n);
  std::copy(s.items.begin() + static_cast<std::ptrdiff_t>(from), s.items.end(), out);
  s.items.resize(from);
  size = static_cast<std::uint32_t>(n);
  return out;
}

}  // namespace

struct SpecTree::Impl {
  std::string source;                      // YAML: the bytes libfyaml read
  simdjson::padded_string json_source;     // JSON: padded copy; string_views point into it
  simdjson::ondemand::parser json_parser;  // owns decoded JSON strings (views into it)
  Arena arena;
  const Node* root = nullptr;
  SpecFormat format = SpecFormat::kJson;
  TreeLimits limits;
  mutable std::unordered_map<std::string, const Node*> pointer_cache;

  [[nodiscard]] std::string_view text() const {
    return format == SpecFormat::kJson ? std::string_view(json_source.data(), json_source.size())
                                       : std::string_view(source);
  }
};

// ---------------------------------------------------------------- JSON (simdjson On-Demand)
namespace {

namespace od = simdjson::ondemand;

struct JsonBuilder {
  SpecTree::Impl& impl;
  const char* base;
  const char* end;
  Scratch scratch;
  std::size_t last_offset = 0;

  // Recursion depth is bounded by TreeLimits::max_depth. NOLINTNEXTLINE(misc-no-recursion)
  simdjson::error_code build(od::value value, std::uint32_t depth, const Node*& out);
  simdjson::error_code build_object(od::value value, std::uint32_t depth, Node* node);
  simdjson::error_code build_array(od::value value, std::uint32_t depth, Node* node);
};

simdjson::error_code JsonBuilder::build(od::value value, std::uint32_t depth, const Node*& out) {
  if (depth > impl.limits.max_depth) {
    return simdjson::DEPTH_ERROR;
  }
  std::string_view token = value.raw_json_token();
  Node* node = impl.arena.make_array<Node>(1);
  node->offset = static_cast<std::uint32_t>(token.data() - base);
  last_offset = node->offset;
  out = node;
  od::json_type type{};
  if (auto err = value.type().get(type)) {
    return err;
  }
  switch (type) {
    case od::json_type::object:
      node->type = NodeType::kObject;
      return build_object(value, depth, node);
    case od::json_type::array:
      node->type = NodeType::kArray;
      return build_array(value, depth, node);
    case od::json_type::string: {
      node->type = NodeType::kString;
      // Strings without escapes are viewed in place; only escaped ones are decoded.
      std::string_view raw = trim(token);
      if (raw.size() >= 2 && raw.find('\\') == std::string_view::npos) {
        node->text = raw.substr(1, raw.size() - 2);
      } else if (auto err = value.get_string().get(node->text)) {
        return err;
      }
      break;
    }
    case od::json_type::number: {
      node->type = NodeType::kNumber;
      node->text = trim(token);
      if (auto err = value.get_double().get(node->number)) {
        return err;
      }
      break;
    }
    case od::json_type::boolean: {
      node->type = NodeType::kBool;
      node->text = trim(token);
      if (auto err = value.get_bool().get(node->boolean)) {
        return err;
      }
      break;
    }
    case od::json_type::null: {
      node->text = trim(token);
      bool is_null = false;
      if (auto err = value.is_null().get(is_null); err || !is_null) {
        return err ? err : simdjson::N_ATOM_ERROR;
      }
      break;
    }
  }
  // For strings the raw token is the quoted source text: the end falls past the closing quote.
  node->end = node->offset + static_cast<std::uint32_t>(trim(token).size());
  return simdjson::SUCCESS;
}

// NOLINTNEXTLINE(misc-no-recursion)
simdjson::error_code JsonBuilder::build_object(od::value value, std::uint32_t depth, Node* node) {
  od::object object;
  if (auto err = value.get_object().get(object)) {
    return err;
  }
  std::size_t from = scratch.members.size();
  for (auto field_result : object) {
    od::field field;
    if (auto err = std::move(field_result).get(field)) {
      return err;
    }
    // raw() points just past the key's opening quote; keys without escapes are viewed in place.
    const char* raw = field.key().raw();
    auto key_offset = static_cast<std::uint32_t>(raw - base - 1);
    const char* close = static_cast<const char*>(std::memchr(raw, '"', end - raw));
    std::string_view key;
    if (close != nullptr && std::memchr(raw, '\\', close - raw) == nullptr) {
      key = std::string_view(raw, static_cast<std::size_t>(close - raw));
    } else if (auto err = field.unescaped_key().get(key)) {
      return err;
    }
    const Node* child = nullptr;
    if (auto err = build(field.value(), depth + 1, child)) {
      return err;
    }
    scratch.members.push_back(Member{key, child, key_offset});
  }
  node->members = commit_members(impl.arena, scratch, from, node->size);
  return simdjson::SUCCESS;
}

// NOLINTNEXTLINE(misc-no-recursion)
simdjson::error_code JsonBuilder::build_array(od::value value, std::uint32_t depth, Node* node) {
  od::array array;
  if (auto err = value.get_array().get(array)) {
    return err;
  }
  std::size_t from = scratch.items.size();
  for (auto item_result : array) {
    od::value item;
    if (auto err = std::move(item_result).get(item)) {
      return err;
    }
    const Node* child = nullptr;
    if (auto err = build(item, depth + 1, child)) {
      return err;
    }
    scratch.items.push_back(child);
  }
  node->items = commit_items(impl.arena, scratch, from, node->size);
  return simdjson::SUCCESS;
}

Status parse_json(SpecTree::Impl& impl, std::string_view source, std::string_view name) {
  impl.format = SpecFormat::kJson;
  impl.json_source = simdjson::padded_string(source.data(), source.size());
  JsonBuilder builder{
      impl, impl.json_source.data(), impl.json_source.data() + impl.json_source.size(), {}, 0};
  od::document doc;
  auto err = impl.json_parser.iterate(impl.json_source).get(doc);
  od::value root;
  if (!err) {
    err = doc.get_value().get(root);
  }
  if (!err) {
    err = builder.build(root, 0, impl.root);
  }
  if (err) {
    std::size_t offset = builder.last_offset;
    const char* at = nullptr;
    if (!doc.current_location().get(at) && at != nullptr) {
      offset = static_cast<std::size_t>(at - impl.json_source.data());
    }
    return Error{ErrorCode::kParse, std::string(name) + ": invalid JSON near " +
                                        position_of(source, offset) + ": " +
                                        simdjson::error_message(err)};
  }
  return Ok{};
}

}  // namespace

// ---------------------------------------------------------------- YAML (libfyaml events)
namespace {

using FyParser = CHandle<fy_parser, fy_parser_destroy>;
using FyDiag = CHandle<fy_diag, fy_diag_unref>;
struct FyEventDeleter {
  fy_parser* parser;
  void operator()(fy_event* e) const noexcept { fy_parser_event_free(parser, e); }
};
using FyEvent = std::unique_ptr<fy_event, FyEventDeleter>;

std::string_view token_text(fy_token* token) {
  if (token == nullptr) {
    return {};
  }
  std::size_t len = 0;
  const char* text = fy_token_get_text(token, &len);
  return text == nullptr ? std::string_view() : std::string_view(text, len);
}

bool all_of_chars(std::string_view s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
}

/// YAML 1.2 core schema resolution of a plain scalar.
void type_plain_scalar(Node& node) {
  std::string_view t = node.text;
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") {
    node.type = NodeType::kNull;
  } else if (t == "true" || t == "True" || t == "TRUE" || t == "false" || t == "False" ||
             t == "FALSE") {
    node.type = NodeType::kBool;
    node.boolean = t[0] == 't' || t[0] == 'T';
  } else {
    std::string_view digits = (t[0] == '-' || t[0] == '+') ? t.substr(1) : t;
    bool is_int = all_of_chars(digits, "0123456789");
    bool is_hex = t.size() > 2 && t.substr(0, 2) == "0x" &&
                  all_of_chars(t.substr(2), "0123456789abcdefABCDEF");
    bool is_oct = t.size() > 2 && t.substr(0, 2) == "0o" && all_of_chars(t.substr(2), "01234567");
    bool is_float = !is_int && all_of_chars(digits, "0123456789.eE+-") &&
                    digits.find_first_of("0123456789") != std::string_view::npos &&
                    (std::isdigit(static_cast<unsigned char>(digits[0])) != 0 || digits[0] == '.');
    if (is_int || is_hex || is_oct || is_float) {
      std::string copy(t);
      char* end = nullptr;
      double v = is_hex   ? static_cast<double>(std::strtoull(copy.c_str() + 2, &end, 16))
                 : is_oct ? static_cast<double>(std::strtoull(copy.c_str() + 2, &end, 8))
                          : std::strtod(copy.c_str(), &end);
      if (end != nullptr && *end == '\0') {
        node.type = NodeType::kNumber;
        node.number = v;
      }
    }
  }
}

struct YamlFrame {
  Node* node;
  std::size_t from;       // start of this container's children in the scratch stacks
  std::uint64_t weight;   // nodes under this one with aliases expanded
  bool have_key = false;  // mapping: a key is waiting for its value
  std::string_view key;
  std::uint32_t key_offset = 0;
  std::string_view anchor;
  std::vector<const Node*> merges;  // `<<` merge-key sources, applied at the end
};

class YamlBuilder {
 public:
  YamlBuilder(SpecTree::Impl& impl) : impl_(impl) {}  // NOLINT(google-explicit-constructor)
  Status run(fy_parser* parser, std::string_view name);

 private:
  Status on_event(fy_event* event, std::string_view name);
  Status attach(const Node* node, std::uint64_t weight, std::string_view name);
  void finish_mapping(YamlFrame& frame);
  Node* start_node(fy_event* event, NodeType type);
  Error error_at(std::string_view name, std::size_t offset, std::string_view what) const {
    return Error{ErrorCode::kParse, std::string(name) + ": invalid YAML at " +
                                        position_of(impl_.source, offset) + ": " +
                                        std::string(what)};
  }

  SpecTree::Impl& impl_;
  Scratch scratch_;
  std::vector<YamlFrame> stack_;
  std::unordered_map<std::string_view, std::pair<const Node*, std::uint64_t>> anchors_;
  std::uint32_t aliases_ = 0;
  bool done_ = false;
};

Node* YamlBuilder::start_node(fy_event* event, NodeType type) {
  Node* node = impl_.arena.make_array<Node>(1);
  node->type = type;
  if (const fy_mark* mark = fy_event_start_mark(event)) {
    node->offset = static_cast<std::uint32_t>(mark->input_pos);
  }
  return node;
}

Status YamlBuilder::attach(const Node* node, std::uint64_t weight, std::string_view name) {
  if (stack_.empty()) {
    impl_.root = node;
    done_ = true;
    return Ok{};
  }
  YamlFrame& top = stack_.back();
  top.weight += weight;
  if (top.weight > impl_.limits.max_expanded_nodes) {
    return error_at(name, node->offset, "too many nodes after alias expansion");
  }
  if (top.node->type == NodeType::kArray) {
    scratch_.items.push_back(node);
  } else if (!top.have_key) {
    top.have_key = true;
    // Complex keys (mappings as keys) are keyed by their source position's text: rare in specs.
    top.key = node->text;
    top.key_offset = node->offset;
  } else {
    top.have_key = false;
    if (top.key == "<<" && (node->is_object() || node->is_array())) {
      top.merges.push_back(node);
    } else {
      scratch_.members.push_back(Member{top.key, node, top.key_offset});
    }
  }
  return Ok{};
}

void YamlBuilder::finish_mapping(YamlFrame& frame) {
  // YAML merge keys: explicit members win, then earlier merge sources win over later ones.
  for (const Node* source : frame.merges) {
    std::size_t count = source->is_object() ? 1 : source->size;
    for (std::size_t i = 0; i < count; ++i) {
      const Node* part = source->is_object() ? source : source->items[i];
      if (!part->is_object()) {
        continue;
      }
      for (std::uint32_t m = 0; m < part->size; ++m) {
        auto first = scratch_.members.begin() + static_cast<std::ptrdiff_t>(frame.from);
        bool present = std::any_of(first, scratch_.members.end(), [&](const Member& have) {
          return have.key == part->members[m].key;
        });
        if (!present) {
          scratch_.members.push_back(part->members[m]);
        }
      }
    }
  }
  frame.node->members = commit_members(impl_.arena, scratch_, frame.from, frame.node->size);
}

Status YamlBuilder::on_event(fy_event* event, std::string_view name) {
  switch (event->type) {
    case FYET_MAPPING_START:
    case FYET_SEQUENCE_START: {
      bool is_map = event->type == FYET_MAPPING_START;
      Node* node = start_node(event, is_map ? NodeType::kObject : NodeType::kArray);
      if (stack_.size() >= impl_.limits.max_depth) {
        return error_at(name, node->offset, "nesting deeper than the limit");
      }
      fy_token* anchor = is_map ? event->mapping_start.anchor : event->sequence_start.anchor;
      stack_.push_back(YamlFrame{node,
                                 is_map ? scratch_.members.size() : scratch_.items.size(),
                                 1,
                                 false,
                                 {},
                                 0,
                                 impl_.arena.copy(token_text(anchor)),
                                 {}});
      return Ok{};
    }
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END: {
      YamlFrame frame = std::move(stack_.back());
      stack_.pop_back();
      if (frame.node->is_object()) {
        finish_mapping(frame);
      } else {
        frame.node->items = commit_items(impl_.arena, scratch_, frame.from, frame.node->size);
      }
      if (const fy_mark* mark = fy_event_end_mark(event)) {
        frame.node->end = static_cast<std::uint32_t>(mark->input_pos);
      }
      if (!frame.anchor.empty()) {
        anchors_[frame.anchor] = {frame.node, frame.weight};
      }
      return attach(frame.node, frame.weight, name);
    }
    case FYET_SCALAR: {
      Node* node = start_node(event, NodeType::kString);
      node->text = impl_.arena.copy(token_text(event->scalar.value));
      if (const fy_mark* mark = fy_event_end_mark(event)) {
        node->end = static_cast<std::uint32_t>(mark->input_pos);
      }
      if (fy_token_scalar_style(event->scalar.value) == FYSS_PLAIN &&
          event->scalar.tag == nullptr) {
        type_plain_scalar(*node);
      }
      std::string_view anchor = token_text(event->scalar.anchor);
      if (!anchor.empty()) {
        anchors_[impl_.arena.copy(anchor)] = {node, 1};
      }
      return attach(node, 1, name);
    }
    case FYET_ALIAS: {
      std::size_t offset = 0;
      if (const fy_mark* mark = fy_event_start_mark(event)) {
        offset = mark->input_pos;
      }
      if (++aliases_ > impl_.limits.max_yaml_aliases) {
        return error_at(name, offset, "too many aliases");
      }
      auto found = anchors_.find(token_text(event->alias.anchor));
      if (found == anchors_.end()) {
        return error_at(name, offset, "alias to an unknown or unfinished anchor");
      }
      return attach(found->second.first, found->second.second, name);
    }
    default:
      return Ok{};
  }
}

Status YamlBuilder::run(fy_parser* parser, std::string_view name) {
  while (!done_) {
    FyEvent event(fy_parser_parse(parser), FyEventDeleter{parser});
    if (!event) {
      break;
    }
    if (event->type == FYET_STREAM_END) {
      break;
    }
    Status status = on_event(event.get(), name);
    if (!status) {
      return status;
    }
  }
  return Ok{};
}

void drop_diag_output(fy_diag* /*diag*/, void* /*user*/, const char* /*buf*/, std::size_t /*len*/) {
}

Status parse_yaml(SpecTree::Impl& impl, std::string_view source, std::string_view name) {
  impl.format = SpecFormat::kYaml;
  impl.source.assign(source);
  fy_diag_cfg diag_cfg{};
  diag_cfg.fp = nullptr;
  diag_cfg.output_fn = &drop_diag_output;
  diag_cfg.level = FYET_ERROR;
  FyDiag diag(fy_diag_create(&diag_cfg));
  if (diag) {
    fy_diag_set_collect_errors(diag.get(), true);
  }
  // Real specs (Docker Engine) indent a closing flow `}` less than YAML allows; js-yaml accepts it.
  fy_parse_cfg cfg{};
  cfg.flags =
      static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE |
                                      FYPCF_DISABLE_RECYCLING | FYPCF_SLOPPY_FLOW_INDENTATION);
  cfg.diag = diag.get();
  FyParser parser(fy_parser_create(&cfg));
  if (!parser || fy_parser_set_string(parser.get(), impl.source.data(), impl.source.size()) != 0) {
    return Error{ErrorCode::kParse, std::string(name) + ": cannot start the YAML parser"};
  }
  YamlBuilder builder(impl);
  Status status = builder.run(parser.get(), name);
  if (!status) {
    return status;
  }
  if (fy_parser_get_stream_error(parser.get()) || impl.root == nullptr) {
    std::string what = "malformed YAML";
    void* iter = nullptr;
    if (diag) {
      if (fy_diag_error* e = fy_diag_errors_iterate(diag.get(), &iter)) {
        what = "line " + std::to_string(e->line + 1) + ", column " + std::to_string(e->column + 1) +
               ": " + (e->msg != nullptr ? e->msg : "error");
      }
    }
    if (impl.root == nullptr && what == "malformed YAML") {
      what = "empty document";
    }
    return Error{ErrorCode::kParse, std::string(name) + ": invalid YAML: " + what};
  }
  return Ok{};
}

}  // namespace

// ---------------------------------------------------------------- Node and SpecTree
const Node* Node::get(std::string_view key) const {
  if (type != NodeType::kObject) {
    return nullptr;
  }
  for (std::uint32_t i = 0; i < size; ++i) {
    if (members[i].key == key) {
      return members[i].value;
    }
  }
  return nullptr;
}

std::string_view Node::str(std::string_view key) const {
  const Node* v = get(key);
  return v != nullptr && v->type == NodeType::kString ? v->text : std::string_view();
}

std::string_view Node::scalar(std::string_view key) const {
  const Node* v = get(key);
  if (v == nullptr) {
    return {};
  }
  bool is_scalar =
      v->type == NodeType::kString || v->type == NodeType::kNumber || v->type == NodeType::kBool;
  return is_scalar ? v->text : std::string_view();
}

SpecTree::SpecTree() : impl_(std::make_unique<Impl>()) {}
SpecTree::SpecTree(SpecTree&&) noexcept = default;
SpecTree& SpecTree::operator=(SpecTree&&) noexcept = default;
SpecTree::~SpecTree() = default;

Result<SpecTree> SpecTree::parse(std::string_view source, std::string_view name,
                                 const TreeLimits& limits) {
  if (source.size() >= 0xFFFFFFF0U) {
    return Error{ErrorCode::kLimit, std::string(name) + ": spec larger than 4 GiB"};
  }
  SpecTree tree;
  tree.impl_->limits = limits;
  std::string_view t = trim(source);
  bool is_json = !t.empty() && (t.front() == '{' || t.front() == '[');
  Status status =
      is_json ? parse_json(*tree.impl_, source, name) : parse_yaml(*tree.impl_, source, name);
  if (!status) {
    return status.error();
  }
  return tree;
}

const Node* SpecTree::root() const {
  return impl_->root;
}
SpecFormat SpecTree::format() const {
  return impl_->format;
}
std::string_view SpecTree::source() const {
  return impl_->text();
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/// "#/a%20b" -> "/a b": URI fragments are percent-encoded (RFC 6901 section 6).
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string unescape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

const Node* step(const Node* node, std::string_view token) {
  if (node->is_object()) {
    return node->get(token);
  }
  if (node->is_array() && !token.empty() && all_of_chars(token, "0123456789") &&
      token.size() < 10) {
    std::size_t index = std::stoul(std::string(token));
    return index < node->size ? node->items[index] : nullptr;
  }
  return nullptr;
}

}  // namespace

const Node* SpecTree::at_pointer(std::string_view pointer) const {
  auto cached = impl_->pointer_cache.find(std::string(pointer));
  if (cached != impl_->pointer_cache.end()) {
    return cached->second;
  }
  std::string decoded = !pointer.empty() && pointer[0] == '#' ? percent_decode(pointer.substr(1))
                                                              : std::string(pointer);
  const Node* node = impl_->root;
  std::string_view rest = decoded;
  if (!rest.empty() && rest[0] != '/') {
    node = nullptr;  // not a JSON pointer (e.g. a 3.1 `$anchor` name)
  }
  while (node != nullptr && !rest.empty()) {
    rest.remove_prefix(1);
    std::size_t slash = rest.find('/');
    std::string token = unescape_token(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    node = step(node, token);
  }
  impl_->pointer_cache.emplace(std::string(pointer), node);
  return node;
}

const Node* SpecTree::resolve(const Node* node, std::string* pointer) const {
  for (std::uint32_t hop = 0; node != nullptr && hop <= impl_->limits.max_ref_hops; ++hop) {
    const Node* ref = node->is_object() ? node->get("$ref") : nullptr;
    if (ref == nullptr || !ref->is_string()) {
      return node;
    }
    if (ref->text.empty() || ref->text[0] != '#') {
      return nullptr;  // external references are not followed
    }
    node = at_pointer(ref->text);
    if (pointer != nullptr) {
      *pointer = percent_decode(ref->text.substr(1));
    }
  }
  return nullptr;  // a cycle or an over-long chain
}

std::string SpecTree::quote(const Node* node, std::size_t max_bytes) const {
  if (node == nullptr) {
    return {};
  }
  std::string_view text = source();
  std::size_t begin = std::min<std::size_t>(node->offset, text.size());
  std::size_t end = node->end > node->offset ? node->end : text.size();
  end = std::min({end, text.size(), begin + max_bytes + 4});
  std::string_view slice = text.substr(begin, end - begin);
  while (!slice.empty() && (slice.back() == ' ' || slice.back() == '\n' || slice.back() == '\r')) {
    slice.remove_suffix(1);
  }
  return clip_quote(slice, max_bytes);
}

std::string SpecTree::quote(const Member& member, std::size_t max_bytes) const {
  std::string_view text = source();
  std::size_t begin = std::min<std::size_t>(member.key_offset, text.size());
  std::string_view slice = text.substr(begin, max_bytes + 4);
  return clip_quote(slice, max_bytes);
}

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out.reserve(pointer.size() + token.size() + 2);
  out.push_back('/');
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace om::extract::detail
