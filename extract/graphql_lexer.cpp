// The GraphQL SDL lexer (detail/graphql_lexer.h): one forward pass over the text, counting lines.
#include "extract/detail/graphql_lexer.h"

#include <vector>

#include "core/text.h"

namespace om::extract::detail {
namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

std::string printable(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) {
    constexpr std::string_view kHex = "0123456789abcdef";
    return std::string(R"(\x)") + kHex[u >> 4] + kHex[u & 15];
  }
  std::string one(1, c);
  return one;
}

}  // namespace

std::string gql_block_string_value(std::string_view raw) {
  std::string out;
  for (std::string_view rest = raw;;) {
    const auto nl = rest.find('\n');
    std::string_view t = trim(rest.substr(0, nl));
    if (!t.empty() || !out.empty()) {
      out += t;
      out += '\n';
    }
    if (nl == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(nl + 1);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

Result<bool> GqlLexer::next(Token& tok) {
  skip_ignored();
  tok = Token{};
  tok.offset = pos_;
  tok.line = line_;
  if (pos_ >= text_.size()) {
    return true;
  }
  const char c = text_[pos_];
  if (is_name_start(c)) {
    std::size_t end = pos_ + 1;
    while (end < text_.size() && is_name_char(text_[end])) {
      ++end;
    }
    return emit(tok, Tok::kName, end);
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    std::size_t end = pos_ + 1;
    while (end < text_.size() && (is_name_char(text_[end]) || text_[end] == '.' ||
                                  text_[end] == '+' || text_[end] == '-')) {
      ++end;
    }
    return emit(tok, Tok::kNumber, end);
  }
  if (c == '"') {
    return string(tok);
  }
  if (text_.substr(pos_, 3) == "...") {
    return emit(tok, Tok::kPunct, pos_ + 3);
  }
  if (std::string_view("!$&()=:@[]{}|").find(c) != std::string_view::npos) {
    return emit(tok, Tok::kPunct, pos_ + 1);
  }
  return error("unexpected character '" + printable(c) + "'");
}

void GqlLexer::skip_ignored() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '\n') {
      ++line_;
      ++pos_;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
      ++pos_;
    } else if (c == '#') {
      auto nl = text_.find('\n', pos_);
      pos_ = nl == std::string_view::npos ? text_.size() : nl;
    } else if (text_.substr(pos_, 3) == "\xEF\xBB\xBF") {
      pos_ += 3;
    } else {
      return;
    }
  }
}

bool GqlLexer::emit(Token& tok, Tok kind, std::size_t end) {
  tok.kind = kind;
  tok.text = text_.substr(pos_, end - pos_);
  pos_ = end;
  return true;
}

Result<bool> GqlLexer::string(Token& tok) {
  const std::size_t start = pos_;
  const std::size_t start_line = line_;
  tok.kind = Tok::kString;
  constexpr std::string_view kTripleQuote = R"(""")";
  if (text_.substr(pos_, 3) == kTripleQuote) {
    std::size_t i = pos_ + 3;
    for (; i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line_;
      } else if (text_[i] == '\\' && text_.substr(i, 4) == R"(\""")") {
        i += 3;
      } else if (text_.substr(i, 3) == kTripleQuote) {
        break;
      }
    }
    if (i >= text_.size()) {
      return error_at(start_line, "unterminated block string");
    }
    tok.value = gql_block_string_value(text_.substr(pos_ + 3, i - pos_ - 3));
    pos_ = i + 3;
    tok.text = text_.substr(start, pos_ - start);
    return true;
  }
  for (std::size_t i = pos_ + 1; i < text_.size(); ++i) {
    const char c = text_[i];
    if (c == '\n') {
      return error_at(start_line, "unterminated string");
    }
    if (c == '\\' && i + 1 < text_.size()) {
      const char e = text_[++i];
      tok.value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      continue;
    }
    if (c == '"') {
      pos_ = i + 1;
      tok.text = text_.substr(start, pos_ - start);
      return true;
    }
    tok.value += c;
  }
  return error_at(start_line, "unterminated string");
}

}  // namespace om::extract::detail
