// libcurl is loaded on first use (curl_library.cpp), so a run that never fetches never maps it.
#pragma once

#include "core/result.h"

namespace om::crawler::detail {

/// Loads libcurl once per process; the error names the library and why it could not be loaded.
/// Call before any curl_* function (CurlMultiLoop::create() does).
Status load_curl();

}  // namespace om::crawler::detail
