// GraphQL SDL reader (GraphQL spec, October 2021: "Lexical Tokens" and "Type System"): one
// forward pass, no recursion, bounded nesting and size; errors name the file and the line.
// Executable definitions (queries) are refused: a schema file holds type-system definitions.
#include <array>
#include <cstdint>
#include <string>

#include "core/text.h"
#include "core/utf8.h"
#include "extract/detail/graphql_lexer.h"
#include "extract/detail/graphql_model.h"

namespace om::extract::detail {
namespace {

class SdlParser {
 public:
  SdlParser(std::string_view text, std::string_view name, const GqlLimits& limits)
      : text_(text), name_(name), limits_(limits), lexer_(text, name) {}

  Result<GqlSchema> parse() {
    schema_.format = "sdl";
    if (auto r = advance(); !r) {
      return r.error();
    }
    while (tok_.kind != Tok::kEnd) {
      if (auto r = definition(); !r) {
        return r.error();
      }
    }
    if (schema_.mutation_type.empty() && schema_.find("Mutation") != nullptr) {
      schema_.mutation_type = "Mutation";  // the default root name (spec 3.3.1)
    }
    if (schema_.schema_source.locator.empty()) {
      if (const GqlType* q = schema_.find(schema_.query_type); q != nullptr) {
        schema_.schema_source = q->source;
      }
    }
    return std::move(schema_);
  }

 private:
  using Step = Result<bool>;

  Step advance() {
    prev_end_ = tok_.offset + tok_.text.size();
    return lexer_.next(tok_);
  }
  [[nodiscard]] bool at(std::string_view punct) const {
    return tok_.kind == Tok::kPunct && tok_.text == punct;
  }
  [[nodiscard]] bool at_name(std::string_view word) const {
    return tok_.kind == Tok::kName && tok_.text == word;
  }
  Step expect(std::string_view punct) {
    if (!at(punct)) {
      return unexpected("'" + std::string(punct) + "'");
    }
    return advance();
  }
  [[nodiscard]] Error unexpected(const std::string& wanted) const {
    std::string got = tok_.kind == Tok::kEnd ? "end of file" : "'" + std::string(tok_.text) + "'";
    return lexer_.error_at(tok_.line, "expected " + wanted + ", found " + got);
  }
  Result<std::string> name() {
    if (tok_.kind != Tok::kName) {
      return unexpected("a name");
    }
    std::string n(tok_.text);
    if (auto r = advance(); !r) {
      return r.error();
    }
    return n;
  }
  /// An optional description: the string before a definition, field or argument.
  Result<std::string> description() {
    if (tok_.kind != Tok::kString) {
      return std::string();
    }
    std::string d = std::move(tok_.value);
    if (auto r = advance(); !r) {
      return r.error();
    }
    return d;
  }

  [[nodiscard]] GqlSource source_at(const Token& start) const {
    // From the declaration's first token to the end of the last one read: verbatim, cut at 240
    // bytes on a character boundary.
    std::string_view whole = text_.substr(start.offset, prev_end_ - start.offset);
    return {std::string(name_) + ":" + std::to_string(start.line),
            std::string(utf8_prefix(whole, 240))};
  }

  Step definition();
  Step schema_block();
  Step type_like(GqlKind kind, bool extend, std::string desc);
  Step skip_members_until(std::string_view close);
  Step union_members();
  Step bar_separated_names();
  Step directive_definition();
  Step fields(GqlType& type, bool input);
  Step arguments(std::vector<GqlArgument>& out);
  Result<std::string> type_ref();
  Result<std::string> value();
  Result<std::string> directives();
  GqlType& type_named(const std::string& type_name, GqlKind kind);

  std::string_view text_;
  std::string_view name_;
  GqlLimits limits_;
  GqlLexer lexer_;
  Token tok_;
  std::size_t prev_end_ = 0;
  GqlSchema schema_;
};

GqlType& SdlParser::type_named(const std::string& type_name, GqlKind kind) {
  auto [it, added] = schema_.index.emplace(type_name, schema_.types.size());
  if (added) {
    schema_.types.push_back(GqlType{kind, type_name, {}, {}, {}});
  }
  return schema_.types[it->second];
}

SdlParser::Step SdlParser::definition() {
  auto desc = description();
  if (!desc) {
    return desc.error();
  }
  bool extend = false;
  if (at_name("extend")) {
    extend = true;
    if (auto r = advance(); !r) {
      return r;
    }
  }
  if (tok_.kind != Tok::kName) {
    return unexpected("a type-system definition");
  }
  const std::string_view word = tok_.text;
  if (word == "schema") {
    return schema_block();
  }
  if (word == "directive") {
    return directive_definition();
  }
  using Keyword = std::pair<std::string_view, GqlKind>;
  static constexpr std::array kKinds{
      Keyword{"type", GqlKind::kObject}, Keyword{"interface", GqlKind::kInterface},
      Keyword{"input", GqlKind::kInput}, Keyword{"enum", GqlKind::kEnum},
      Keyword{"union", GqlKind::kUnion}, Keyword{"scalar", GqlKind::kScalar}};
  for (const auto& [keyword, kind] : kKinds) {
    if (word == keyword) {
      return type_like(kind, extend, std::move(desc.value()));
    }
  }
  return lexer_.error_at(tok_.line, "'" + std::string(word) +
                                        "' is not a type-system definition (a query or fragment "
                                        "is not a schema)");
}

SdlParser::Step SdlParser::schema_block() {
  const Token start = tok_;
  if (auto r = advance(); !r) {
    return r;
  }
  if (auto d = directives(); !d) {
    return d.error();
  }
  if (!at("{")) {
    return true;  // `extend schema @directive`
  }
  if (auto r = advance(); !r) {
    return r;
  }
  while (!at("}")) {
    auto op = name();
    if (!op) {
      return op.error();
    }
    if (auto r = expect(":"); !r) {
      return r;
    }
    auto type = name();
    if (!type) {
      return type.error();
    }
    if (*op == "query") {
      schema_.query_type = *type;
    } else if (*op == "mutation") {
      schema_.mutation_type = *type;
    }
  }
  if (auto r = advance(); !r) {
    return r;
  }
  schema_.schema_source = source_at(start);
  return true;
}

SdlParser::Step SdlParser::type_like(GqlKind kind, bool extend, std::string desc) {
  const Token start = tok_;  // the keyword: quotes start at the declaration, not its description
  if (auto r = advance(); !r) {  // the keyword
    return r;
  }
  const Token name_tok = tok_;
  auto type_name = name();
  if (!type_name) {
    return type_name.error();
  }
  if (!extend && schema_.find(*type_name) == nullptr && schema_.types.size() >= limits_.max_types) {
    return lexer_.error_at(name_tok.line,
                           "more than " + std::to_string(limits_.max_types) + " types: refused");
  }
  GqlType& type = type_named(*type_name, kind);
  const std::size_t position = schema_.index[*type_name];
  if (!desc.empty()) {
    type.description = std::move(desc);
  }
  if (at_name("implements")) {
    if (auto r = advance(); !r) {
      return r;
    }
    while (at("&") || tok_.kind == Tok::kName) {
      if (auto r = advance(); !r) {
        return r;
      }
    }
  }
  if (auto d = directives(); !d) {
    return d.error();
  }
  if (schema_.types[position].source.locator.empty() || !extend) {
    schema_.types[position].source = source_at(extend ? name_tok : start);
  }
  if (kind == GqlKind::kUnion) {
    return union_members();
  }
  if (!at("{")) {
    return true;
  }
  if (kind == GqlKind::kEnum) {
    return skip_members_until("}");
  }
  return fields(schema_.types[position], kind == GqlKind::kInput);
}

SdlParser::Step SdlParser::union_members() {
  if (!at("=")) {
    return true;
  }
  if (auto r = advance(); !r) {
    return r;
  }
  return bar_separated_names();
}

/// `[|] Name (| Name)*`: a union's members, a directive's locations.
SdlParser::Step SdlParser::bar_separated_names() {
  if (at("|")) {
    if (auto r = advance(); !r) {
      return r;
    }
  }
  for (;;) {
    if (auto n = name(); !n) {
      return n.error();
    }
    if (!at("|")) {
      return true;
    }
    if (auto r = advance(); !r) {
      return r;
    }
  }
}

/// Enum values: descriptions, names and directives up to the closing brace.
SdlParser::Step SdlParser::skip_members_until(std::string_view close) {
  if (auto r = advance(); !r) {
    return r;
  }
  while (!at(close)) {
    if (auto d = description(); !d) {
      return d.error();
    }
    if (auto n = name(); !n) {
      return n.error();
    }
    if (auto d = directives(); !d) {
      return d.error();
    }
  }
  return advance();
}

SdlParser::Step SdlParser::directive_definition() {
  if (auto r = advance(); !r) {
    return r;
  }
  if (auto r = expect("@"); !r) {
    return r;
  }
  if (auto n = name(); !n) {
    return n.error();
  }
  std::vector<GqlArgument> ignored;
  if (at("(")) {
    if (auto r = arguments(ignored); !r) {
      return r;
    }
  }
  if (at_name("repeatable")) {
    if (auto r = advance(); !r) {
      return r;
    }
  }
  if (!at_name("on")) {
    return unexpected("'on'");
  }
  if (auto r = advance(); !r) {
    return r;
  }
  return bar_separated_names();
}

SdlParser::Step SdlParser::fields(GqlType& type, bool input) {
  if (auto r = advance(); !r) {  // '{'
    return r;
  }
  while (!at("}")) {
    GqlField field;
    auto desc = description();
    if (!desc) {
      return desc.error();
    }
    field.description = std::move(desc.value());
    const Token start = tok_;
    auto field_name = name();
    if (!field_name) {
      return field_name.error();
    }
    field.name = std::move(field_name.value());
    if (!input && at("(")) {
      if (auto r = arguments(field.args); !r) {
        return r;
      }
    }
    if (auto r = expect(":"); !r) {
      return r;
    }
    auto type_text = type_ref();
    if (!type_text) {
      return type_text.error();
    }
    field.type = std::move(type_text.value());
    if (input && at("=")) {
      if (auto r = advance(); !r) {
        return r;
      }
      if (auto v = value(); !v) {
        return v.error();
      }
    }
    field.source = source_at(start);
    auto dirs = directives();
    if (!dirs) {
      return dirs.error();
    }
    field.directives = std::move(dirs.value());
    type.fields.push_back(std::move(field));
  }
  return advance();
}

SdlParser::Step SdlParser::arguments(std::vector<GqlArgument>& out) {
  if (auto r = advance(); !r) {  // '('
    return r;
  }
  while (!at(")")) {
    GqlArgument arg;
    auto desc = description();
    if (!desc) {
      return desc.error();
    }
    arg.description = std::move(desc.value());
    const Token start = tok_;
    auto arg_name = name();
    if (!arg_name) {
      return arg_name.error();
    }
    arg.name = std::move(arg_name.value());
    if (auto r = expect(":"); !r) {
      return r;
    }
    auto type_text = type_ref();
    if (!type_text) {
      return type_text.error();
    }
    arg.type = std::move(type_text.value());
    if (at("=")) {
      if (auto r = advance(); !r) {
        return r;
      }
      auto v = value();
      if (!v) {
        return v.error();
      }
      arg.default_value = std::move(v.value());
    }
    auto dirs = directives();
    if (!dirs) {
      return dirs.error();
    }
    arg.directives = std::move(dirs.value());
    arg.source = source_at(start);
    out.push_back(std::move(arg));
  }
  return advance();
}

/// A type reference, written back without spaces: "[ Issue ! ] !" -> "[Issue!]!".
Result<std::string> SdlParser::type_ref() {
  std::string out;
  std::size_t open = 0;
  while (at("[")) {
    if (++open > limits_.max_depth) {
      return lexer_.error_at(tok_.line, "list type nested deeper than " +
                                            std::to_string(limits_.max_depth) + ": refused");
    }
    out += '[';
    if (auto r = advance(); !r) {
      return r.error();
    }
  }
  auto n = name();
  if (!n) {
    return n.error();
  }
  out += *n;
  for (;;) {
    if (at("!")) {
      out += '!';
      if (auto r = advance(); !r) {
        return r.error();
      }
    }
    if (open == 0) {
      return out;
    }
    if (auto r = expect("]"); !r) {
      return r.error();
    }
    out += ']';
    --open;
  }
}

/// A value (a default or a directive argument), returned as its source text. Lists and input
/// objects are scanned with a bracket count bounded by max_depth, not by recursion.
Result<std::string> SdlParser::value() {
  const std::size_t start = tok_.offset;
  std::size_t depth = 0;
  do {
    if (tok_.kind == Tok::kEnd) {
      return unexpected("a value");
    }
    if (at("[") || at("{")) {
      if (++depth > limits_.max_depth) {
        return lexer_.error_at(tok_.line, "value nested deeper than " +
                                              std::to_string(limits_.max_depth) + ": refused");
      }
    } else if (at("]") || at("}")) {
      if (depth == 0) {
        return unexpected("a value");
      }
      --depth;
    }
    if (auto r = advance(); !r) {
      return r.error();
    }
  } while (depth > 0);
  return std::string(text_.substr(start, prev_end_ - start));
}

/// Zero or more `@name(args)`, returned as their source text.
Result<std::string> SdlParser::directives() {
  const std::size_t start = tok_.offset;
  bool any = false;
  while (at("@")) {
    any = true;
    if (auto r = advance(); !r) {
      return r.error();
    }
    if (auto n = name(); !n) {
      return n.error();
    }
    if (!at("(")) {
      continue;
    }
    if (auto r = advance(); !r) {
      return r.error();
    }
    while (!at(")")) {
      if (auto n = name(); !n) {
        return n.error();
      }
      if (auto r = expect(":"); !r) {
        return r.error();
      }
      if (auto v = value(); !v) {
        return v.error();
      }
    }
    if (auto r = advance(); !r) {
      return r.error();
    }
  }
  return any ? std::string(text_.substr(start, prev_end_ - start)) : std::string();
}

}  // namespace

Result<GqlSchema> parse_graphql_sdl(std::string_view text, std::string_view name,
                                    const GqlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{ErrorCode::kParse, std::string(name) + ":1: " + std::to_string(text.size()) +
                                        " bytes, over the " + std::to_string(limits.max_bytes) +
                                        "-byte limit for a GraphQL schema"};
  }
  return SdlParser(text, name, limits).parse();
}

}  // namespace om::extract::detail
