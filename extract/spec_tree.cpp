// SpecTree: JSON via our own reader (spec_json.cpp) and YAML 1.2 via libfyaml's event parser
// (spec_yaml.cpp), both built into one arena-allocated Node tree that keeps byte offsets for
// verbatim quotes. Local $ref resolution follows RFC 6901 pointers (OpenAPI "Reference Object").
#include "extract/detail/spec_tree.h"

#include <algorithm>
#include <cstdlib>
#include <span>
#include <string>

#include "core/text.h"
#include "extract/detail/spec_build.h"

namespace om::extract::detail {

// ---------------------------------------------------------------- Node and SpecTree
const Node* Node::get(std::string_view key) const {
  for (const Member& member : members()) {
    if (member.key() == key) {
      return member.value();
    }
  }
  return nullptr;
}

std::string_view Node::str(std::string_view key) const {
  const Node* v = get(key);
  return v != nullptr && v->type == NodeType::kString ? v->text() : std::string_view();
}

std::string_view Node::scalar(std::string_view key) const {
  const Node* v = get(key);
  if (v == nullptr) {
    return {};
  }
  bool is_scalar =
      v->type == NodeType::kString || v->type == NodeType::kNumber || v->type == NodeType::kBool;
  return is_scalar ? v->text() : std::string_view();
}

double Node::number() const {
  if (type != NodeType::kNumber) {
    return 0;
  }
  // As the YAML reader typed it (type_plain_scalar): 0x/0o integers, else decimal. JSON numbers
  // are decimal; strtod rounds them correctly.
  std::string copy(text());
  bool hex = copy.starts_with("0x");
  if (hex || copy.starts_with("0o")) {
    return static_cast<double>(std::strtoull(copy.c_str() + 2, nullptr, hex ? 16 : 8));
  }
  return std::strtod(copy.c_str(), nullptr);
}

SpecTree::SpecTree() : impl_(std::make_unique<Impl>()) {}
SpecTree::SpecTree(SpecTree&&) noexcept = default;
SpecTree& SpecTree::operator=(SpecTree&&) noexcept = default;
SpecTree::~SpecTree() = default;

namespace {

Status parse_into(SpecTree::Impl& impl, SpecInput input, std::string_view name) {
  // A UTF-8 byte-order mark (.NET tools write one) is no part of the document: offsets, quotes
  // and the parser choice start after it.
  input.bytes = strip_bom(input.bytes);
  if (input.bytes.size() >= 0xFFFFFFF0U) {
    return Error{ErrorCode::kLimit, std::string(name) + ": spec larger than 4 GiB"};
  }
  if (input.copy) {
    impl.source.assign(input.bytes);
    impl.text_view = impl.source;
  } else {
    impl.text_view = input.bytes;
  }
  std::string_view t = trim(input.bytes);
  bool is_json = !t.empty() && (t.front() == '{' || t.front() == '[');
  return is_json ? parse_json(impl, input, name) : parse_yaml(impl, input, name);
}

}  // namespace

Result<SpecTree> SpecTree::parse(std::string_view source, std::string_view name,
                                 const TreeLimits& limits) {
  SpecTree tree;
  tree.impl_->limits = limits;
  if (Status status = parse_into(*tree.impl_, SpecInput{source, true, {}}, name); !status) {
    return status.error();
  }
  return tree;
}

Result<SpecTree> SpecTree::parse_view(std::string_view source, std::string_view name,
                                      const MappedFile* mapped, const TreeLimits& limits) {
  SpecTree tree;
  tree.impl_->limits = limits;
  if (Status status = parse_into(*tree.impl_, SpecInput{source, false, mapped}, name); !status) {
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

/// "#/a%20b" -> "/a b": URI fragments are percent-encoded (RFC 6901 section 6).
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit_value(s[i + 1]) >= 0 &&
        hex_digit_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2])));
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

// Objects up to this many members are searched; larger ones get an index on first use.
constexpr std::size_t kIndexedMembers = 64;

const Node* step(const SpecTree::Impl& impl, const Node* node, std::string_view token) {
  if (node->is_object()) {
    std::span<const Member> members = node->members();
    if (members.size() <= kIndexedMembers) {
      return node->get(token);
    }
    auto [it, fresh] = impl.member_index.try_emplace(members.data());
    if (fresh) {
      it->second.reserve(members.size());
      for (const Member& m : members) {
        it->second.try_emplace(m.key(), m.value());  // the first of duplicate keys, as get()
      }
    }
    auto found = it->second.find(token);
    return found == it->second.end() ? nullptr : found->second;
  }
  if (node->is_array() && !token.empty() && all_of_chars(token, "0123456789") &&
      token.size() < 10) {
    std::size_t index = std::stoul(std::string(token));
    std::span<const Node> items = node->items();
    return index < items.size() ? &items[index] : nullptr;
  }
  return nullptr;
}

}  // namespace

const Node* SpecTree::at_pointer(std::string_view pointer) const {
  auto cached = impl_->pointer_cache.find(pointer);
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
    node = step(*impl_, node, token);
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
    std::string_view target = ref->text();
    if (target.empty() || target[0] != '#') {
      return nullptr;  // external references are not followed
    }
    node = at_pointer(target);
    if (pointer != nullptr) {
      *pointer = percent_decode(target.substr(1));
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
  std::string read;
  std::string_view slice = impl_->text_at(begin, end - begin, read);
  while (!slice.empty() && (slice.back() == ' ' || slice.back() == '\n' || slice.back() == '\r')) {
    slice.remove_suffix(1);
  }
  return clip_quote(slice, max_bytes);
}

std::string SpecTree::quote(const Member& member, std::size_t max_bytes) const {
  std::string_view text = source();
  std::size_t begin = std::min<std::size_t>(member.key_offset(), text.size());
  std::string read;
  return clip_quote(impl_->text_at(begin, max_bytes + 4, read), max_bytes);
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
