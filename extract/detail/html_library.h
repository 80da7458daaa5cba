// libxml2, the HTML parser (html.cpp), opened on first use: see html_library.cpp.
#pragma once

#include <string>

namespace om::extract::detail {

/// Why libxml2 cannot be loaded, naming the library and its Debian package; "" when it can.
[[nodiscard]] std::string html_library_error();

}  // namespace om::extract::detail
