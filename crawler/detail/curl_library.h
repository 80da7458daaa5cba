// libcurl is loaded on first use (curl_library.cpp), so a run that never fetches never maps it;
// its variadic option and info calls go through the typed functions below.
#pragma once

#include <type_traits>

#include <curl/curl.h>

#include "core/result.h"

namespace om::crawler::detail {

/// Loads libcurl once per process; the error names the library and why it could not be loaded.
/// Call before any curl_* function (the first CurlMultiLoop::start() does).
Status load_curl();

/// libcurl's own variadic entry points, as loaded (nullptr before load_curl() succeeded).
using EasySetoptFn = CURLcode (*)(CURL*, CURLoption, ...);
using MultiSetoptFn = CURLMcode (*)(CURLM*, CURLMoption, ...);
using EasyGetinfoFn = CURLcode (*)(CURL*, CURLINFO, ...);
EasySetoptFn easy_setopt_fn();
MultiSetoptFn multi_setopt_fn();
EasyGetinfoFn easy_getinfo_fn();

/// A value libcurl reads back with va_arg: a long (an int would be read as a long), a
/// curl_off_t, or a pointer (object, string, slist, callback).
template <class T>
inline constexpr bool kOptionValue = std::is_same_v<T, long> || std::is_same_v<T, curl_off_t> ||
                                     std::is_pointer_v<T> || std::is_null_pointer_v<T>;

/// curl_easy_setopt(easy, option, value), passing `value` as the type it has.
template <class T>
CURLcode set_option(CURL* easy, CURLoption option, T value) {
  static_assert(kOptionValue<T>, "libcurl options take a long, a curl_off_t or a pointer");
  const EasySetoptFn fn = easy_setopt_fn();
  return fn != nullptr ? fn(easy, option, value) : CURLE_FAILED_INIT;
}

/// curl_multi_setopt(multi, option, value), passing `value` as the type it has.
template <class T>
CURLMcode set_multi_option(CURLM* multi, CURLMoption option, T value) {
  static_assert(kOptionValue<T>, "libcurl options take a long, a curl_off_t or a pointer");
  const MultiSetoptFn fn = multi_setopt_fn();
  return fn != nullptr ? fn(multi, option, value) : CURLM_INTERNAL_ERROR;
}

/// curl_easy_getinfo(easy, info, out): every CURLINFO writes through a pointer.
template <class T>
CURLcode get_info(CURL* easy, CURLINFO info, T* out) {
  const EasyGetinfoFn fn = easy_getinfo_fn();
  return fn != nullptr ? fn(easy, info, out) : CURLE_FAILED_INIT;
}

}  // namespace om::crawler::detail
