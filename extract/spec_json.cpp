// SpecTree's JSON reader: simdjson On-Demand walked into the arena tree, keeping the byte offset
// of every value and key so quotes are verbatim source text.
#include <simdjson.h>

#include "core/text.h"
#include "extract/detail/spec_build.h"

namespace om::extract::detail {
namespace {

namespace od = simdjson::ondemand;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/// The four hex digits at `at` as a code unit, or -1.
long hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) {
    return -1;
  }
  long unit = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const int digit = hex_digit(s[i]);
    if (digit < 0) {
      return -1;
    }
    unit = unit * 16 + digit;
  }
  return unit;
}

std::size_t put_utf8(char* out, long cp) {
  const auto byte = [](long v) { return static_cast<char>(static_cast<unsigned char>(v)); };
  if (cp < 0x80) {
    out[0] = byte(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = byte(0xC0 | (cp >> 6));
    out[1] = byte(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = byte(0xE0 | (cp >> 12));
    out[1] = byte(0x80 | ((cp >> 6) & 0x3F));
    out[2] = byte(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = byte(0xF0 | (cp >> 18));
  out[1] = byte(0x80 | ((cp >> 12) & 0x3F));
  out[2] = byte(0x80 | ((cp >> 6) & 0x3F));
  out[3] = byte(0x80 | (cp & 0x3F));
  return 4;
}

/// Decodes the escapes of a JSON string's contents (no quotes) straight into the arena. With
/// simdjson's get_string() every escaped string was decoded into the parser's buffer first, then
/// copied: 2.2 MiB more touched memory for the dereferenced GitHub spec. Stage 1 validated the
/// UTF-8; a bad escape or lone surrogate is a STRING_ERROR, as simdjson reports it.
simdjson::error_code decode_escaped(std::string_view raw, Arena& arena, std::string_view& out) {
  char* buffer = arena.make_chars(raw.size());  // a decoded string is never longer
  std::size_t n = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      buffer[n++] = raw[i];
      continue;
    }
    if (++i >= raw.size()) {
      return simdjson::STRING_ERROR;
    }
    switch (raw[i]) {
      case '"':
        buffer[n++] = '"';
        break;
      case '\\':
        buffer[n++] = '\\';
        break;
      case '/':
        buffer[n++] = '/';
        break;
      case 'b':
        buffer[n++] = '\b';
        break;
      case 'f':
        buffer[n++] = '\f';
        break;
      case 'n':
        buffer[n++] = '\n';
        break;
      case 'r':
        buffer[n++] = '\r';
        break;
      case 't':
        buffer[n++] = '\t';
        break;
      case 'u': {
        long cp = hex4(raw, i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {  // high surrogate: a low one must follow
          const long low =
              i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' ? hex4(raw, i + 3) : -1;
          if (low < 0xDC00 || low > 0xDFFF) {
            return simdjson::STRING_ERROR;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
          return simdjson::STRING_ERROR;
        }
        n += put_utf8(buffer + n, cp);
        break;
      }
      default:
        return simdjson::STRING_ERROR;
    }
  }
  out = std::string_view(buffer, n);
  return simdjson::SUCCESS;
}

struct JsonBuilder {
  SpecTree::Impl& impl;
  const char* base;
  const char* end;
  Scratch scratch;
  std::size_t last_offset = 0;

  // Recursion depth is bounded by TreeLimits::max_depth. `names`: the object's keys are names
  // (keys_are_names() of its own key). NOLINTNEXTLINE(misc-no-recursion)
  simdjson::error_code build(od::value value, std::uint32_t depth, Node& node, bool names);
  simdjson::error_code build_object(od::value value, std::uint32_t depth, Node& node, bool names);
  simdjson::error_code build_array(od::value value, std::uint32_t depth, Node& node);
  simdjson::error_code skip_example(od::value value, Node& node, bool& skipped);
  simdjson::error_code build_string(std::string_view raw, Node& node);
};

// A string's node from its quoted source text: viewed in place without escapes, else decoded
// into the arena (decode_escaped()).
simdjson::error_code JsonBuilder::build_string(std::string_view raw, Node& node) {
  node.type = NodeType::kString;
  if (raw.size() < 2) {
    return simdjson::STRING_ERROR;
  }
  const std::string_view inside = raw.substr(1, raw.size() - 2);
  if (inside.find('\\') == std::string_view::npos) {
    node.set_text(inside);
    return simdjson::SUCCESS;
  }
  std::string_view decoded;
  if (auto err = decode_escaped(inside, impl.arena, decoded)) {
    return err;
  }
  node.set_text(decoded);
  return simdjson::SUCCESS;
}

// An example payload (is_example_payload()): an empty object or array spanning its source text.
// Scalars are built as usual (skipped = false).
simdjson::error_code JsonBuilder::skip_example(od::value value, Node& node, bool& skipped) {
  std::string_view token = value.raw_json_token();
  od::json_type type{};
  if (auto err = value.type().get(type)) {
    return err;
  }
  skipped = type == od::json_type::object || type == od::json_type::array;
  if (!skipped) {
    return simdjson::SUCCESS;
  }
  std::string_view raw;
  if (type == od::json_type::object) {
    od::object object;
    if (auto err = value.get_object().get(object)) {
      return err;
    }
    if (auto err = object.raw_json().get(raw)) {
      return err;
    }
    node.type = NodeType::kObject;
  } else {
    od::array array;
    if (auto err = value.get_array().get(array)) {
      return err;
    }
    if (auto err = array.raw_json().get(raw)) {
      return err;
    }
    node.type = NodeType::kArray;
  }
  node.offset = static_cast<std::uint32_t>(token.data() - base);
  node.end = node.offset + static_cast<std::uint32_t>(trim(raw).size());
  last_offset = node.offset;
  return simdjson::SUCCESS;
}

simdjson::error_code JsonBuilder::build(od::value value, std::uint32_t depth, Node& node,
                                        bool names) {
  if (depth > impl.limits.max_depth) {
    return simdjson::DEPTH_ERROR;
  }
  std::string_view token = value.raw_json_token();
  node.offset = static_cast<std::uint32_t>(token.data() - base);
  last_offset = node.offset;
  od::json_type type{};
  if (auto err = value.type().get(type)) {
    return err;
  }
  switch (type) {
    case od::json_type::object:
      node.type = NodeType::kObject;
      return build_object(value, depth, node, names);
    case od::json_type::array:
      node.type = NodeType::kArray;
      return build_array(value, depth, node);
    case od::json_type::string:
      if (auto err = build_string(trim(token), node)) {
        return err;
      }
      break;
    case od::json_type::number: {
      node.type = NodeType::kNumber;
      node.set_text(trim(token));
      double number = 0;  // checked here, parsed again by Node::number() when read
      if (auto err = value.get_double().get(number)) {
        return err;
      }
      break;
    }
    case od::json_type::boolean: {
      node.type = NodeType::kBool;
      node.set_text(trim(token));
      if (auto err = value.get_bool().get(node.boolean)) {
        return err;
      }
      break;
    }
    case od::json_type::null: {
      node.set_text(trim(token));
      bool is_null = false;
      if (auto err = value.is_null().get(is_null); err || !is_null) {
        return err ? err : simdjson::N_ATOM_ERROR;
      }
      break;
    }
  }
  // For strings the raw token is the quoted source text: the end falls past the closing quote.
  node.end = node.offset + static_cast<std::uint32_t>(trim(token).size());
  return simdjson::SUCCESS;
}

// NOLINTNEXTLINE(misc-no-recursion)
simdjson::error_code JsonBuilder::build_object(od::value value, std::uint32_t depth, Node& node,
                                               bool names) {
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
    // raw() points just past the key's opening quote; keys without escapes are viewed in place,
    // escaped ones are decoded into the arena.
    const char* raw = field.key().raw();
    auto key_offset = static_cast<std::uint32_t>(raw - base - 1);
    const char* close = static_cast<const char*>(std::memchr(raw, '"', end - raw));
    std::string_view key;
    if (close != nullptr && std::memchr(raw, '\\', close - raw) == nullptr) {
      key = std::string_view(raw, static_cast<std::size_t>(close - raw));
    } else {
      // The key's source text, up to its closing quote (one not escaped by a backslash run).
      std::string_view rest(raw, static_cast<std::size_t>(end - raw));
      std::size_t stop = 0;
      while (stop < rest.size() && rest[stop] != '"') {
        stop += rest[stop] == '\\' ? 2 : 1;
      }
      if (stop >= rest.size()) {
        return simdjson::STRING_ERROR;
      }
      if (auto err = decode_escaped(rest.substr(0, stop), impl.arena, key)) {
        return err;
      }
    }
    Node child;
    bool skipped = false;
    if (is_example_payload(names, key)) {
      if (auto err = skip_example(field.value(), child, skipped)) {
        return err;
      }
    }
    if (!skipped) {
      if (auto err = build(field.value(), depth + 1, child, keys_are_names(key))) {
        return err;
      }
    }
    scratch.members.emplace_back(key, child, key_offset);
  }
  commit_members(impl.arena, scratch, from, node);
  return simdjson::SUCCESS;
}

// NOLINTNEXTLINE(misc-no-recursion)
simdjson::error_code JsonBuilder::build_array(od::value value, std::uint32_t depth, Node& node) {
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
    Node child;
    if (auto err = build(item, depth + 1, child, false)) {
      return err;
    }
    scratch.items.push_back(child);
  }
  commit_items(impl.arena, scratch, from, node);
  return simdjson::SUCCESS;
}

}  // namespace

Status parse_json(SpecTree::Impl& impl, const SpecInput& input, std::string_view name) {
  impl.format = SpecFormat::kJson;
  std::string_view source = input.bytes;
  simdjson::padded_string_view padded;
  if (!input.copy && input.capacity >= source.size() + simdjson::SIMDJSON_PADDING) {
    padded = simdjson::padded_string_view(source.data(), source.size(), input.capacity);
  } else {
    impl.json_source = simdjson::padded_string(source.data(), source.size());
    padded = simdjson::padded_string_view(impl.json_source);
  }
  impl.text_view = std::string_view(padded.data(), padded.size());
  JsonBuilder builder{impl, padded.data(), padded.data() + padded.size(), {}, 0};
  // The parser's structural index (4 bytes per token) lives only while the tree is built: no
  // node views its memory, so it is gone before the detectors run.
  od::parser parser;
  od::document doc;
  auto err = parser.iterate(padded).get(doc);
  const bool iterated = !err;  // a failed iterate() leaves `doc` without a token iterator
  od::value root;
  if (!err) {
    err = doc.get_value().get(root);
  }
  Node built;
  if (!err) {
    err = builder.build(root, 0, built, false);
  }
  if (err) {
    std::size_t offset = builder.last_offset;
    const char* at = nullptr;
    if (iterated && !doc.current_location().get(at) && at != nullptr) {
      offset = static_cast<std::size_t>(at - padded.data());
    }
    return Error{ErrorCode::kParse, std::string(name) + ": invalid JSON near " +
                                        position_of(source, offset) + ": " +
                                        simdjson::error_message(err)};
  }
  Node* stored = impl.arena.make_array<Node>(1);
  *stored = built;
  impl.root = stored;
  return Ok{};
}

}  // namespace om::extract::detail
