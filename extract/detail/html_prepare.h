// The bytes the HTML parser is given (html.cpp): a page made safe for libxml2 first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace om::extract::detail {

/// `html` with the tags nested deeper than 256 dropped (the parser matches an end tag by scanning
/// its open elements: depth costs quadratic time on hostile input; the text inside is kept), each
/// byte that starts no well-formed UTF-8 sequence as U+FFFD and each NUL as a space (libxml2
/// would read the rest of a page after a bad byte as Latin-1, and ends text at a NUL). nullopt
/// when nothing needs changing, so that a usual page is parsed without a copy.
[[nodiscard]] std::optional<std::string> prepared_for_parser(std::string_view html);

}  // namespace om::extract::detail
