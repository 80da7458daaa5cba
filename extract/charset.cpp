// Declared charsets and decoding to UTF-8 with iconv (glibc): see detail/charset.h.
#include "extract/detail/charset.h"

#include <cerrno>
#include <memory>

#include <iconv.h>

#include "core/text.h"

namespace om::extract::detail {
namespace {

/// The value after `charset=` in `text` (quotes and trailing parameters dropped), lower-cased.
std::string charset_param(std::string_view text) {
  const std::string lower = to_lower(text);
  const auto at = lower.find("charset");
  if (at == std::string::npos) {
    return "";
  }
  std::size_t i = at + 7;
  while (i < lower.size() && (lower[i] == ' ' || lower[i] == '=')) {
    ++i;
  }
  while (i < lower.size() && (lower[i] == '"' || lower[i] == '\'')) {
    ++i;
  }
  std::size_t end = i;
  while (end < lower.size() &&
         (std::isalnum(static_cast<unsigned char>(lower[end])) != 0 || lower[end] == '-' ||
          lower[end] == '_' || lower[end] == ':' || lower[end] == '.')) {
    ++end;
  }
  return lower.substr(i, end - i);
}

bool is_utf8_name(std::string_view charset) {
  return charset == "utf-8" || charset == "utf8" || charset == "unicode-1-1-utf-8";
}

struct IconvClose {
  void operator()(iconv_t cd) const noexcept { iconv_close(cd); }
};

}  // namespace

std::string declared_charset(std::string_view content_type, std::string_view page) {
  if (std::string from_header = charset_param(content_type); !from_header.empty()) {
    return from_header;
  }
  const std::string head = to_lower(page.substr(0, 1024));
  for (std::size_t at = head.find("<meta"); at != std::string::npos;
       at = head.find("<meta", at + 5)) {
    const auto end = head.find('>', at);
    std::string_view tag =
        std::string_view(head).substr(at, end == std::string::npos ? end : end - at);
    if (std::string found = charset_param(tag); !found.empty()) {
      return found;
    }
  }
  return "";
}

Result<std::string> html_as_utf8(std::string_view page, std::string_view content_type,
                                 std::string_view where) {
  std::string charset = declared_charset(content_type, page);
  if (is_utf8_name(charset) || (charset.empty() && is_valid_utf8(page))) {
    return std::string(page);  // gumbo replaces stray invalid bytes itself
  }
  // HTML maps the Latin-1 label to windows-1252 (its superset); undeclared legacy pages too.
  if (charset.empty() || charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii") {
    charset = "windows-1252";
  }
  iconv_t raw = iconv_open("UTF-8", charset.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) {
    return Error{ErrorCode::kParse, std::string(where) + ": declares charset '" + charset +
                                        "', which cannot be decoded"};
  }
  std::unique_ptr<void, IconvClose> cd(raw);
  std::string out(page.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(page.data());  // iconv's signature; it does not write the input
  std::size_t in_left = page.size();
  std::size_t done = 0;
  while (in_left > 0) {
    char* dst = out.data() + done;
    std::size_t out_left = out.size() - done;
    const std::size_t r = iconv(cd.get(), &in, &in_left, &dst, &out_left);
    done = out.size() - out_left;
    if (r != static_cast<std::size_t>(-1)) {
      break;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else if (errno == EILSEQ || errno == EINVAL) {
      ++in;  // a byte the charset does not define: dropped, the rest decoded
      --in_left;
    } else {
      return Error{ErrorCode::kParse,
                   std::string(where) + ": cannot decode charset '" + charset + "'"};
    }
  }
  out.resize(done);
  return out;
}

}  // namespace om::extract::detail
