// Character sets of HTML pages: the one a page declares, and its bytes decoded to UTF-8 (gumbo
// and the detectors read UTF-8 only).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace om::extract::detail {

/// The charset an HTML page declares, lower-cased: the Content-Type header's `charset`, else a
/// `<meta charset>` or `<meta http-equiv="Content-Type" content="...; charset=...">` in its first
/// 1024 bytes (HTML's prescan); "" when neither says.
[[nodiscard]] std::string declared_charset(std::string_view content_type, std::string_view page);

/// `page` as UTF-8: as it is for UTF-8 (declared, or undeclared and valid), else decoded from the
/// declared charset, or from windows-1252 when none is declared (HTML's default for legacy
/// pages). Errors name `where` and the charset.
[[nodiscard]] Result<std::string> html_as_utf8(std::string_view page, std::string_view content_type,
                                               std::string_view where);

}  // namespace om::extract::detail
