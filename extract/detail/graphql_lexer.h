// The GraphQL SDL lexer (GraphQL spec, October 2021, section 2 "Language": punctuators, names,
// numbers, strings and block strings; whitespace, commas and comments ignored), used by
// graphql_sdl.cpp. Tokens view the source text, which must outlive them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace om::extract::detail {

enum class Tok : std::uint8_t { kEnd, kName, kNumber, kString, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;  // the token's source text (a string's, quotes included)
  std::string value;      // strings: the decoded value
  std::size_t offset = 0;
  std::size_t line = 1;
};

/// Reads tokens one at a time; errors name the file and line ("schema.graphql:3: …").
class GqlLexer {
 public:
  GqlLexer(std::string_view text, std::string_view name) : text_(text), name_(name) {}

  /// Reads the next token into `tok` (kEnd at the end); an error for a character no token
  /// starts with, or an unterminated string.
  Result<bool> next(Token& tok);

  [[nodiscard]] Error error(const std::string& what) const { return error_at(line_, what); }
  [[nodiscard]] Error error_at(std::size_t line, const std::string& what) const {
    return Error{ErrorCode::kParse, std::string(name_) + ":" + std::to_string(line) + ": " + what};
  }

 private:
  void skip_ignored();
  bool emit(Token& tok, Tok kind, std::size_t end);
  Result<bool> string(Token& tok);

  std::string_view text_;
  std::string_view name_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

/// A block string's text for matching: each line trimmed (a simplification of the spec's
/// common-indentation rule, 2.9.4, enough for reading descriptions), blank leading and trailing
/// lines dropped.
[[nodiscard]] std::string gql_block_string_value(std::string_view raw);

}  // namespace om::extract::detail
