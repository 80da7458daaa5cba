// GraphQL schemas written as TypeScript types by graphql-codegen's "typescript" plugin (what an
// SDK such as @linear/sdk ships instead of SDL): `type Issue = Node & { __typename?: "Issue";
// … }` is an object type, `type QueryIssuesArgs = { … }` holds the arguments of `Query.issues`,
// `type Scalars = { … }` names the scalars and `enum X { … }` the enums. One forward pass over the
// lines, no recursion beyond a type's bounded nesting; members are cited by their line.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "extract/detail/graphql_model.h"
#include "extract/detail/string_literals.h"

namespace om::extract::detail {
namespace {

constexpr std::size_t kMaxDescriptionBytes = std::size_t{64} << 10;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

/// The identifier `s` starts with ("" when it starts with something else).
std::string_view ident_at(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && ident_char(s[n])) {
    ++n;
  }
  return n == 0 || (s[0] >= '0' && s[0] <= '9') ? std::string_view() : s.substr(0, n);
}

bool is_ident(std::string_view s) {
  return !s.empty() && ident_at(s).size() == s.size();
}

/// "export declare type X" -> "type X"; "export" -> "".
std::string_view drop_modifiers(std::string_view s) {
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (std::string_view word : {"export", "declare"}) {
      if (starts_with(s, word) && (s.size() == word.size() || s[word.size()] == ' ')) {
        s = trim(s.substr(word.size()));
        dropped = true;
      }
    }
  }
  return s;
}

/// The text of a string literal `"X"` or `'X'` that is all of `s`; nullopt otherwise.
std::optional<std::string_view> string_literal(std::string_view s) {
  if (s.size() < 2 || (s[0] != '"' && s[0] != '\'') || s.back() != s[0]) {
    return std::nullopt;
  }
  std::string_view inner = s.substr(1, s.size() - 2);
  if (inner.find(s[0]) != std::string_view::npos) {
    return std::nullopt;
  }
  return inner;
}

/// Braces opened minus braces closed on one line, outside string literals and `//` comments.
long brace_delta(std::string_view line) {
  long delta = 0;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (in_string_literal(line, i, quote)) {
      continue;
    }
    const char c = line[i];
    if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
      break;
    } else if (c == '{') {
      ++delta;
    } else if (c == '}') {
      --delta;
    }
  }
  return delta;
}

/// `Scalars["X"]`, `Scalars['X']` or `Scalars["X"]["input"]` -> "X" ("" when not one).
std::string_view scalar_ref(std::string_view s) {
  if (!starts_with(s, "Scalars[")) {
    return {};
  }
  s.remove_prefix(8);
  const std::size_t close = s.find(']');
  if (close == std::string_view::npos) {
    return {};
  }
  auto name = string_literal(s.substr(0, close));
  std::string_view rest = s.substr(close + 1);
  if (!rest.empty()) {
    auto side = rest.size() >= 2 && rest.back() == ']' && rest[0] == '['
                    ? string_literal(rest.substr(1, rest.size() - 2))
                    : std::nullopt;
    if (!side || (*side != "input" && *side != "output")) {
      return {};
    }
  }
  return name && is_ident(*name) ? *name : std::string_view();
}

/// `s` without the wrapper `open…>` ("" when `s` is not wrapped so).
std::optional<std::string_view> unwrap(std::string_view s, std::string_view open) {
  if (!starts_with(s, open) || s.size() <= open.size() || s.back() != '>') {
    return std::nullopt;
  }
  return trim(s.substr(open.size(), s.size() - open.size() - 1));
}

/// A TypeScript type as codegen writes it, as a GraphQL type reference without the outer `!`:
/// `Maybe<Array<Maybe<Scalars["String"]>>>` -> "[String]", nullable. False for other types.
/// Recursion bounded by `max_depth`. NOLINTNEXTLINE(misc-no-recursion)
bool gql_type_of(std::string_view s, std::size_t depth, std::size_t max_depth, std::string& out,
                 bool& nullable) {
  if (depth > max_depth) {
    return false;
  }
  s = trim(s);
  nullable = false;
  for (std::string_view tail : {" | null", " | undefined"}) {
    while (s.size() > tail.size() && s.substr(s.size() - tail.size()) == tail) {
      s = trim(s.substr(0, s.size() - tail.size()));
      nullable = true;
    }
  }
  if (s.size() > 2 && s.front() == '(' && s.back() == ')') {
    bool inner_null = false;
    const bool ok = gql_type_of(s.substr(1, s.size() - 2), depth + 1, max_depth, out, inner_null);
    nullable = nullable || inner_null;
    return ok;
  }
  for (std::string_view wrapper : {"Maybe<", "InputMaybe<"}) {
    if (auto inner = unwrap(s, wrapper)) {
      bool ignored = false;
      nullable = true;
      return gql_type_of(*inner, depth + 1, max_depth, out, ignored);
    }
  }
  std::optional<std::string_view> item = unwrap(s, "Array<");
  if (!item) {
    item = unwrap(s, "ReadonlyArray<");
  }
  if (!item && s.size() > 2 && s.substr(s.size() - 2) == "[]") {
    item = s.substr(0, s.size() - 2);
  }
  if (item) {
    std::string inner;
    bool inner_null = false;
    if (!gql_type_of(*item, depth + 1, max_depth, inner, inner_null)) {
      return false;
    }
    out = "[" + inner + (inner_null ? "" : "!") + "]";
    return true;
  }
  if (std::string_view scalar = scalar_ref(s); !scalar.empty()) {
    out = std::string(scalar);
    return true;
  }
  if (is_ident(s)) {
    out = std::string(s);
    return true;
  }
  return false;
}

/// One member line of a type literal: `name?: Type;`.
struct Member {
  std::string name;
  bool optional = false;
  std::string type;  // the TypeScript text
  std::string description;
  std::string directives;
  GqlSource source;
};

enum class BlockKind { kUndecided, kObject, kPlain, kEnum, kUnion, kDead };

/// A top-level `type X = {…}`, `type X = A | B;` or `enum X {…}`.
struct Block {
  BlockKind kind = BlockKind::kUndecided;
  std::string name;
  std::string description;
  std::vector<Member> members;
  GqlSource source;
};

class CodegenReader {
 public:
  CodegenReader(std::string_view text, std::string_view name, const GqlLimits& limits)
      : text_(text), name_(name), limits_(limits) {}

  Result<GqlSchema> parse();

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  void comment_line(std::string_view t);
  Status header(std::string_view line, std::size_t line_no);
  void member(std::string_view line, std::size_t line_no);
  [[nodiscard]] GqlSource source(std::string_view line, std::size_t line_no) const {
    return {std::string(name_) + ":" + std::to_string(line_no), clip_quote(line)};
  }
  [[nodiscard]] std::string gql_type(const Member& m) const;
  GqlSchema build();
  void add_objects(GqlSchema& schema, std::vector<bool>& used);
  void add_others(GqlSchema& schema, const std::vector<bool>& used);
  /// Adds `t` unless a type of that name was declared before (the first declaration wins).
  static void add_type(GqlSchema& schema, GqlType t) {
    if (schema.index.emplace(t.name, schema.types.size()).second) {
      schema.types.push_back(std::move(t));
    }
  }

  std::string_view text_;
  std::string_view name_;
  GqlLimits limits_;
  std::vector<Block> blocks_;
  std::size_t open_ = kNone;  // the block whose members are being read
  std::string doc_;           // the doc comment just read, for the next declaration
  std::string deprecated_;    // its `@deprecated` reason
  bool has_deprecated_ = false;
};

void CodegenReader::comment_line(std::string_view t) {
  if (const std::size_t end = t.find("*/"); end != std::string_view::npos) {
    t = t.substr(0, end);
  }
  t = trim(t);
  while (!t.empty() && (t[0] == '*' || t[0] == '/')) {
    t = trim(t.substr(1));
  }
  if (starts_with(t, "@deprecated")) {
    has_deprecated_ = true;
    deprecated_ = std::string(trim(t.substr(11)));
  } else if (!t.empty() && doc_.size() < kMaxDescriptionBytes) {
    doc_ += (doc_.empty() ? "" : "\n") + std::string(t);
  }
}

/// What the value of `type X = <value>` declares: a type literal to read (kUndecided until its
/// first member), a union of type names, an enum of string literals; nullopt for anything else.
std::optional<BlockKind> type_value_kind(std::string_view s) {
  if (!s.empty() && s.back() == '{') {
    // `{` or `Node & Base & {`: the bases add no fields of their own.
    std::string_view bases = trim(s.substr(0, s.size() - 1));
    while (!bases.empty()) {
      if (bases.back() != '&') {
        return std::nullopt;
      }
      bases = trim(bases.substr(0, bases.size() - 1));
      const std::size_t cut = bases.find_last_of(" &");
      const std::string_view base = bases.substr(cut == std::string_view::npos ? 0 : cut + 1);
      if (!is_ident(base)) {
        return std::nullopt;
      }
      bases = trim(bases.substr(0, bases.size() - base.size()));
    }
    return BlockKind::kUndecided;
  }
  if (s.empty() || s.back() != ';') {
    return std::nullopt;
  }
  bool names = true;
  bool literals = true;
  for (std::string_view part : split(s.substr(0, s.size() - 1), '|')) {
    part = trim(part);
    names = names && is_ident(part);
    literals = literals && string_literal(part).has_value();
  }
  if (!names && !literals) {
    return std::nullopt;
  }
  return names ? BlockKind::kUnion : BlockKind::kEnum;
}

Status CodegenReader::header(std::string_view line, std::size_t line_no) {
  std::string_view s = drop_modifiers(line);
  BlockKind kind = BlockKind::kEnum;
  std::string_view name;
  if (starts_with(s, "type ")) {
    s = trim(s.substr(5));
    name = ident_at(s);
    s = trim(s.substr(name.size()));
    if (name.empty() || !starts_with(s, "=")) {
      return Ok{};  // a generic helper (`type Maybe<T> = …`) or not a declaration
    }
    auto value = type_value_kind(trim(s.substr(1)));
    if (!value) {
      return Ok{};
    }
    kind = *value;
  } else {
    s = starts_with(s, "const ") ? trim(s.substr(6)) : s;
    if (!starts_with(s, "enum ")) {
      return Ok{};
    }
    name = ident_at(trim(s.substr(5)));
    if (name.empty()) {
      return Ok{};
    }
  }
  if (blocks_.size() >= limits_.max_types) {
    return Error{ErrorCode::kParse, std::string(name_) + ":" + std::to_string(line_no) +
                                        ": more than " + std::to_string(limits_.max_types) +
                                        " types: refused"};
  }
  Block b;
  b.kind = kind;
  b.name = std::string(name);
  b.description = std::move(doc_);
  b.source = source(line, line_no);
  blocks_.push_back(std::move(b));
  open_ = kind == BlockKind::kUndecided ? blocks_.size() - 1 : kNone;
  return Ok{};
}

void CodegenReader::member(std::string_view line, std::size_t line_no) {
  Block& b = blocks_[open_];
  std::string_view s = line;
  std::string_view name = ident_at(s);
  if (name.empty() && (s[0] == '"' || s[0] == '\'')) {  // a quoted member name
    const std::size_t close = s.find(s[0], 1);
    if (close == std::string_view::npos) {
      return;
    }
    name = s.substr(1, close - 1);
    s.remove_prefix(close + 1);
  } else if (name.empty()) {
    return;
  } else {
    s.remove_prefix(name.size());
  }
  const bool optional = starts_with(s, "?");
  s = trim(s.substr(optional ? 1 : 0));
  if (!starts_with(s, ":")) {
    return;
  }
  s = trim(s.substr(1));
  if (!s.empty() && (s.back() == ';' || s.back() == ',')) {
    s = trim(s.substr(0, s.size() - 1));
  }
  if (b.kind == BlockKind::kUndecided) {
    // Codegen opens an object type with `__typename?: "Name"`; a required `__typename` or
    // another name is an operation's result type (`IssueQuery`), not part of the schema.
    if (name == "__typename") {
      auto literal = string_literal(s);
      b.kind = optional && literal && *literal == b.name ? BlockKind::kObject : BlockKind::kDead;
      if (b.kind == BlockKind::kDead) {
        open_ = kNone;
      }
      return;
    }
    b.kind = BlockKind::kPlain;
  }
  Member m;
  m.name = std::string(name);
  m.optional = optional;
  m.type = std::string(s);
  m.description = std::move(doc_);
  if (has_deprecated_) {
    std::string reason;
    for (char c : deprecated_) {
      reason += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    }
    m.directives = "@deprecated(reason: \"" + reason + "\")";
  }
  m.source = source(line, line_no);
  b.members.push_back(std::move(m));
}

Result<GqlSchema> CodegenReader::parse() {
  if (text_.size() > limits_.max_bytes) {
    return Error{ErrorCode::kLimit, std::string(name_) + " is over the " +
                                        std::to_string(limits_.max_bytes >> 20) +
                                        " MiB schema limit"};
  }
  long depth = 0;
  bool in_comment = false;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text_.size();) {
    std::size_t end = text_.find('\n', pos);
    end = end == std::string_view::npos ? text_.size() : end;
    const std::string_view t = trim(text_.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (in_comment || starts_with(t, "/*")) {
      if (!in_comment) {
        doc_.clear();
        has_deprecated_ = false;
      }
      in_comment = t.find("*/", in_comment ? 0 : 2) == std::string_view::npos;
      comment_line(t);
      continue;
    }
    if (t.empty() || starts_with(t, "//")) {
      continue;
    }
    const long at = depth;
    depth = std::max(0L, depth + brace_delta(t));
    if (at == 0) {
      open_ = kNone;
      if (Status s = header(t, line_no); !s.ok()) {
        return s.error();
      }
    } else if (open_ != kNone && at == 1) {
      if (t[0] == '}') {
        open_ = kNone;  // `} & {`: what follows is no member of this type
      } else {
        member(t, line_no);
      }
    }
    doc_.clear();
    has_deprecated_ = false;
    if (depth == 0) {
      open_ = kNone;
    }
  }
  return build();
}

std::string CodegenReader::gql_type(const Member& m) const {
  std::string out;
  bool nullable = false;
  if (!gql_type_of(m.type, 0, limits_.max_depth, out, nullable)) {
    return squash_space(clip_quote(m.type));  // kept as written: no GraphQL type is read from it
  }
  return nullable || m.optional ? out : out + "!";
}

void CodegenReader::add_objects(GqlSchema& schema, std::vector<bool>& used) {
  std::unordered_map<std::string, std::size_t> args;  // folded "<Parent><field>Args" -> block
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (blocks_[i].kind == BlockKind::kPlain && blocks_[i].name.ends_with("Args")) {
      args.emplace(fold_alnum(blocks_[i].name), i);
    }
  }
  for (Block& b : blocks_) {
    if (b.kind != BlockKind::kObject) {
      continue;
    }
    GqlType t{GqlKind::kObject, b.name, std::move(b.description), {}, b.source};
    for (Member& m : b.members) {
      GqlField f{m.name,
                 gql_type(m),
                 {},
                 std::move(m.description),
                 std::move(m.directives),
                 std::move(m.source)};
      if (auto it = args.find(fold_alnum(b.name + f.name + "Args")); it != args.end()) {
        used[it->second] = true;
        for (Member& a : blocks_[it->second].members) {
          f.args.push_back(GqlArgument{a.name, gql_type(a), "", std::move(a.description),
                                       std::move(a.directives), std::move(a.source)});
        }
      }
      t.fields.push_back(std::move(f));
    }
    b.members.clear();
    add_type(schema, std::move(t));
  }
}

void CodegenReader::add_others(GqlSchema& schema, const std::vector<bool>& used) {
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    Block& b = blocks_[i];
    if (b.name == "Scalars" && b.kind == BlockKind::kPlain) {
      for (Member& m : b.members) {
        add_type(schema, GqlType{GqlKind::kScalar, m.name, std::move(m.description), {}, m.source});
      }
      continue;
    }
    if (used[i] || b.kind == BlockKind::kObject || b.kind == BlockKind::kDead ||
        b.kind == BlockKind::kUndecided) {
      continue;
    }
    GqlKind kind = b.kind == BlockKind::kEnum    ? GqlKind::kEnum
                   : b.kind == BlockKind::kUnion ? GqlKind::kUnion
                                                 : GqlKind::kInterface;
    for (const Member& m : b.members) {
      if (starts_with(m.type, "InputMaybe<") || m.type.find("\"input\"]") != std::string::npos ||
          m.type.find("'input']") != std::string::npos) {
        kind = GqlKind::kInput;  // only inputs are written with InputMaybe / input scalars
        break;
      }
    }
    GqlType t{kind, b.name, std::move(b.description), {}, b.source};
    for (Member& m : b.members) {
      t.fields.push_back(GqlField{m.name,
                                  gql_type(m),
                                  {},
                                  std::move(m.description),
                                  std::move(m.directives),
                                  std::move(m.source)});
    }
    add_type(schema, std::move(t));
  }
}

GqlSchema CodegenReader::build() {
  GqlSchema schema;
  schema.format = "typescript";
  std::vector<bool> used(blocks_.size(), false);  // Args blocks read as a field's arguments
  // Object types first, so that each Args type finds its field whatever the order.
  add_objects(schema, used);
  add_others(schema, used);
  if (const GqlType* m = schema.find("Mutation"); m != nullptr && m->kind == GqlKind::kObject) {
    schema.mutation_type = "Mutation";
  }
  if (const GqlType* q = schema.find(schema.query_type); q != nullptr) {
    schema.schema_source = q->source;
  }
  return schema;
}

}  // namespace

bool is_typescript_path(std::string_view path) {
  const std::string lower = to_lower(path.substr(path.size() > 8 ? path.size() - 8 : 0));
  return lower.ends_with(".ts") || lower.ends_with(".mts") || lower.ends_with(".cts");
}

bool is_graphql_codegen_ts(std::string_view path, std::string_view text) {
  if (!is_typescript_path(path)) {
    return false;
  }
  constexpr std::string_view kQuery = "type Query = {";
  constexpr std::size_t kMaxLooks = 64;
  std::size_t pos = 0;
  for (std::size_t looks = 0; looks < kMaxLooks; ++looks, ++pos) {
    pos = text.find(kQuery, pos);
    if (pos == std::string_view::npos) {
      return false;
    }
    const std::size_t line_start = pos == 0 ? 0 : text.rfind('\n', pos - 1) + 1;
    if (!drop_modifiers(trim(text.substr(line_start, pos - line_start))).empty()) {
      continue;
    }
    std::size_t next = text.find('\n', pos);
    std::string_view first;
    while (next != std::string_view::npos && first.empty()) {
      const std::size_t end = text.find('\n', next + 1);
      first = trim(text.substr(next + 1, end == std::string_view::npos ? end : end - next - 1));
      next = end;
    }
    if (starts_with(first, "__typename?: \"Query\"") ||
        starts_with(first, "__typename?: 'Query'")) {
      return true;
    }
  }
  return false;
}

Result<GqlSchema> parse_graphql_codegen_ts(std::string_view text, std::string_view name,
                                           const GqlLimits& limits) {
  return CodegenReader(text, name, limits).parse();
}

}  // namespace om::extract::detail
