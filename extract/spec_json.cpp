// SpecTree's JSON reader: a validating recursive-descent parser (RFC 8259) written here, building
// the arena tree in one pass and keeping the byte offset of every value and key so quotes are
// verbatim source text. Keys and strings are copied into the arena (interned): the tree never
// views the text, so a mapped input's pages can be released behind the parser
// (SpecInput::mapped) and the process holds the tree plus a window of the text, not both.
// simdjson's On-Demand API, used before, needed the whole text resident and a structural index
// of 4 bytes per token while the tree was built.
#include <bit>
#include <cstring>
#include <unordered_set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"
#include "extract/detail/json_escapes.h"
#include "extract/detail/spec_build.h"

namespace om::extract::detail {
namespace {

/// How much text the parser reads between two releases of what lies behind it.
constexpr std::size_t kReleaseStep = std::size_t{1} << 20;

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// A JSON string's extent: `inside` is its contents between the quotes, as written.
struct RawString {
  std::string_view inside;
  bool escaped = false;  // contains a backslash
  bool high = false;     // contains a byte >= 0x80 (checked as UTF-8)
};

class JsonReader {
 public:
  /// Reads impl.text_view; `mapped`, when set, is the file it views.
  JsonReader(SpecTree::Impl& impl, const MappedFile* mapped)
      : impl_(impl),
        begin_(impl.text_view.data()),
        p_(begin_),
        end_(begin_ + impl.text_view.size()),
        released_(begin_),
        mapped_(mapped) {}

  /// The whole text as one JSON value into `root`; false with error_offset()/error_what() set.
  bool parse(Node& root) {
    map_ahead();
    skip_space();
    if (p_ == end_) {
      return fail(p_, "no value");
    }
    if (!value(0, root, false)) {
      return false;
    }
    skip_space();
    return p_ == end_ || fail(p_, "text after the JSON value");
  }
  [[nodiscard]] std::size_t error_offset() const {
    return static_cast<std::size_t>(error_at_ - begin_);
  }
  [[nodiscard]] const char* error_what() const { return error_what_; }

 private:
  bool fail(const char* at, const char* what) {
    error_at_ = at;
    error_what_ = what;
    return false;
  }
  [[nodiscard]] std::uint32_t offset(const char* at) const {
    return static_cast<std::uint32_t>(at - begin_);
  }
  /// Pretty-printed specs are mostly indentation: runs of it are skipped 16 bytes at a time.
  void skip_space() {
#if defined(__SSE2__)
    if (p_ < end_ && !is_space(*p_)) {
      return;
    }
    while (end_ - p_ >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
      const __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
                                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
      const auto other = static_cast<unsigned>(~_mm_movemask_epi8(space)) & 0xFFFFU;
      if (other != 0) {
        p_ += std::countr_zero(other);
        return;
      }
      p_ += 16;
    }
#endif
    while (p_ < end_ && is_space(*p_)) {
      ++p_;
    }
  }
  bool at(char c) const {
    return p_ < end_ && *p_ == c;
  }
  /// A mapped file's next kReleaseStep bytes, mapped in one call.
  void map_ahead() {
    if (mapped_ != nullptr) {
      mapped_->prefetch(std::string_view(p_, std::min<std::size_t>(kReleaseStep, end_ - p_)));
    }
  }
  /// The checks before every value, built or skipped: the depth, the end of the text; and a
  /// mapped file's pages behind the reader released once per kReleaseStep (the next mapped).
  bool enter(std::uint32_t depth) {
    if (depth > impl_.limits.max_depth) {
      return fail(p_, "nested deeper than the depth limit");
    }
    if (mapped_ != nullptr && static_cast<std::size_t>(p_ - released_) >= kReleaseStep) {
      mapped_->release(std::string_view(released_, static_cast<std::size_t>(p_ - released_)));
      released_ = p_;
      map_ahead();
    }
    return p_ != end_ || fail(p_, "a value is missing");
  }

  /// A container's elements, from its opening bracket at p_ to `close`: `element()` reads one
  /// (false: it failed, the error set); elements are separated by ','.
  template <class Element>
  bool elements(char close, Element element) {
    ++p_;
    skip_space();
    if (at(close)) {
      ++p_;
      return true;
    }
    for (;;) {
      if (!element()) {
        return false;
      }
      skip_space();
      if (at(close)) {
        ++p_;
        return true;
      }
      if (!at(',')) {
        return fail(p_, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
      }
      ++p_;
      skip_space();
    }
  }

  bool value(std::uint32_t depth, Node& node, bool names);
  bool object(std::uint32_t depth, Node& node, bool names);
  bool array(std::uint32_t depth, Node& node);
  bool skip(std::uint32_t depth);
  bool scan_string(RawString& out);
  bool decode(const RawString& raw, std::string_view& text);
  bool string_text(const RawString& raw, std::string_view& out);
  bool skip_string();
  bool key(std::string_view& out, bool keep = true);
  std::string_view intern(std::string_view text);
  bool number();
  bool literal(std::string_view word);

  SpecTree::Impl& impl_;
  const char* begin_;
  const char* p_;
  const char* end_;
  const char* released_;
  const MappedFile* mapped_;
  Scratch scratch_;
  std::string decoded_;                            // escaped strings are decoded here first
  std::unordered_set<std::string_view> interned_;  // keys and strings, viewing the arena
  const char* error_at_ = nullptr;
  const char* error_what_ = "";
};

// NOLINTNEXTLINE(misc-no-recursion)
bool JsonReader::value(std::uint32_t depth, Node& node, bool names) {
  const char* start = p_;
  node.offset = offset(start);
  if (!enter(depth)) {
    return false;
  }
  switch (*p_) {
    case '{':
      if (!object(depth, node, names)) {
        return false;
      }
      break;
    case '[':
      if (!array(depth, node)) {
        return false;
      }
      break;
    case '"': {
      node.type = NodeType::kString;
      RawString raw;
      std::string_view text;
      if (!scan_string(raw) || !string_text(raw, text)) {
        return false;
      }
      node.set_text(text);
      break;
    }
    case 't':
    case 'f':
      node.type = NodeType::kBool;
      node.boolean = *p_ == 't';
      if (!literal(node.boolean ? "true" : "false")) {
        return false;
      }
      node.set_text(node.boolean ? "true" : "false");  // static storage
      break;
    case 'n':
      if (!literal("null")) {
        return false;
      }
      node.set_text("null");
      break;
    default:
      node.type = NodeType::kNumber;
      if (!number()) {
        return false;
      }
      node.set_text(
          impl_.arena.copy(std::string_view(start, static_cast<std::size_t>(p_ - start))));
  }
  node.end = offset(p_);
  return true;
}

// NOLINTNEXTLINE(misc-no-recursion)
bool JsonReader::object(std::uint32_t depth, Node& node, bool names) {
  node.type = NodeType::kObject;
  const std::size_t from = scratch_.members.size();
  const bool read = elements('}', [&] {
    const std::uint32_t key_offset = offset(p_);
    std::string_view name;
    if (!key(name)) {
      return false;
    }
    Node child;
    if (is_example_payload(names, name) && (at('{') || at('['))) {
      // An example payload: an empty container spanning its (validated) text.
      child.type = *p_ == '{' ? NodeType::kObject : NodeType::kArray;
      child.offset = offset(p_);
      if (!skip(depth + 1)) {
        return false;
      }
      child.end = offset(p_);
    } else if (!value(depth + 1, child, keys_are_names(name))) {
      return false;
    }
    scratch_.members.emplace_back(name, child, key_offset);
    return true;
  });
  if (!read) {
    return false;
  }
  commit_members(impl_.arena, scratch_, from, node);
  return true;
}

// NOLINTNEXTLINE(misc-no-recursion)
bool JsonReader::array(std::uint32_t depth, Node& node) {
  node.type = NodeType::kArray;
  const std::size_t from = scratch_.items.size();
  const bool read = elements(']', [&] {
    Node child;
    if (!value(depth + 1, child, false)) {
      return false;
    }
    scratch_.items.push_back(child);
    return true;
  });
  if (!read) {
    return false;
  }
  commit_items(impl_.arena, scratch_, from, node);
  return true;
}

/// Reads one value as value() does, building nothing (example payloads).
// NOLINTNEXTLINE(misc-no-recursion)
bool JsonReader::skip(std::uint32_t depth) {
  if (!enter(depth)) {
    return false;
  }
  const char open = *p_;
  if (open != '{' && open != '[') {
    if (open == '"') {
      return skip_string();
    }
    return open == 't'   ? literal("true")
           : open == 'f' ? literal("false")
           : open == 'n' ? literal("null")
                         : number();
  }
  if (open == '[') {
    return elements(']', [&] { return skip(depth + 1); });
  }
  return elements('}', [&] {
    std::string_view unused;
    return key(unused, false) && skip(depth + 1);
  });
}

/// From the opening quote at p_ to just past the closing one.
bool JsonReader::scan_string(RawString& out) {
  const char* open = p_;
  const char* s = p_ + 1;
  bool high = false;
  bool escaped = false;
  for (;;) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    while (end_ - s >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
      auto special = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
      auto upper = static_cast<unsigned>(_mm_movemask_epi8(v));  // bytes >= 0x80
      if (special != 0) {
        high = high || (upper & ((special & (0U - special)) - 1U)) != 0;  // before the first
        s += std::countr_zero(special);
        break;
      }
      high = high || upper != 0;
      s += 16;
    }
#endif
    while (s < end_ && *s != '"' && *s != '\\') {
      high = high || static_cast<unsigned char>(*s) >= 0x80;
      ++s;
    }
    if (s >= end_) {
      return fail(open, "unterminated string");
    }
    if (*s == '"') {
      break;
    }
    escaped = true;
    s += 2;  // the backslash and the character it escapes (checked when decoded)
    if (s > end_) {
      return fail(open, "unterminated string");
    }
  }
  out.inside = std::string_view(open + 1, static_cast<std::size_t>(s - open - 1));
  out.escaped = escaped;
  out.high = high;
  p_ = s + 1;
  if (high && !is_valid_utf8(out.inside)) {
    return fail(open, "a string is not valid UTF-8");
  }
  return true;
}

/// The string's text: as written, or with its escapes decoded into decoded_ (valid until the
/// next string).
bool JsonReader::decode(const RawString& raw, std::string_view& text) {
  text = raw.inside;
  if (!raw.escaped) {
    return true;
  }
  decoded_.resize(raw.inside.size());
  const std::ptrdiff_t n = decode_json_escapes(raw.inside, decoded_.data());
  if (n < 0) {
    return fail(raw.inside.data() - 1, "a bad escape in a string");
  }
  text = std::string_view(decoded_.data(), static_cast<std::size_t>(n));
  return true;
}

/// The string's decoded text, interned in the arena.
bool JsonReader::string_text(const RawString& raw, std::string_view& out) {
  std::string_view text;
  if (!decode(raw, text)) {
    return false;
  }
  out = intern(text);
  return true;
}

/// `text` stored once in the arena: a spec repeats its keys (a few thousand distinct among a
/// hundred thousand or more) and much of its text.
std::string_view JsonReader::intern(std::string_view text) {
  auto found = interned_.find(text);
  if (found == interned_.end()) {
    found = interned_.insert(impl_.arena.copy(text)).first;
  }
  return *found;
}

/// A string read and checked, its text kept nowhere (inside example payloads).
bool JsonReader::skip_string() {
  RawString raw;
  std::string_view unused;
  return scan_string(raw) && decode(raw, unused);
}

/// An object's key and the ':' after it, up to its value: interned into `out` when `keep`,
/// else only checked (inside example payloads).
bool JsonReader::key(std::string_view& out, bool keep) {
  if (!at('"')) {
    return fail(p_, "expected a string key");
  }
  RawString raw;
  if (keep ? !(scan_string(raw) && string_text(raw, out)) : !skip_string()) {
    return false;
  }
  skip_space();
  if (!at(':')) {
    return fail(p_, "expected ':' after the key");
  }
  ++p_;
  skip_space();
  return true;
}

/// A number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool JsonReader::number() {
  const char* start = p_;
  const auto digits = [this] {
    const char* first = p_;
    while (p_ < end_ && is_digit(*p_)) {
      ++p_;
    }
    return p_ > first;
  };
  if (at('-')) {
    ++p_;
  }
  if (at('0')) {
    ++p_;
  } else if (!digits()) {
    return fail(start, "not a JSON value");
  }
  if (at('.')) {
    ++p_;
    if (!digits()) {
      return fail(start, "a number without digits after '.'");
    }
  }
  if (at('e') || at('E')) {
    ++p_;
    if (at('+') || at('-')) {
      ++p_;
    }
    if (!digits()) {
      return fail(start, "a number without exponent digits");
    }
  }
  return true;
}

bool JsonReader::literal(std::string_view word) {
  if (static_cast<std::size_t>(end_ - p_) < word.size() ||
      std::string_view(p_, word.size()) != word) {
    return fail(p_, "not a JSON value");
  }
  p_ += word.size();
  return true;
}

}  // namespace

Status parse_json(SpecTree::Impl& impl, const SpecInput& input, std::string_view name) {
  impl.format = SpecFormat::kJson;
  impl.mapped = input.mapped;
  JsonReader reader(impl, input.mapped);
  Node built;
  if (!reader.parse(built)) {
    return Error{ErrorCode::kParse, std::string(name) + ": invalid JSON near " +
                                        position_of(impl.text_view, reader.error_offset()) + ": " +
                                        reader.error_what()};
  }
  Node* stored = impl.arena.make_array<Node>(1);
  *stored = built;
  impl.root = stored;
  return Ok{};
}

}  // namespace om::extract::detail
