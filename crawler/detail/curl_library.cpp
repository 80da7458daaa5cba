// libcurl, loaded when the first crawl starts, not when the process does. An offline run
// (--spec FILE, --offline, the cache commands) never maps libcurl and the ~20 libraries it
// pulls in (TLS, Kerberos, LDAP, SSH, IDN), their resident memory and start-up time
// (bench/RESULTS.md).
//
// Each curl_* function the crawler calls is defined here with C linkage, as <curl/curl.h>
// declares it, and forwards to the real one, resolved once from OM_CURL_SONAME (the soname CMake
// found). Nothing here runs before load_curl() succeeded (CurlMultiLoop::create()); if it did,
// it would fail as libcurl does when out of memory (nullptr, CURLE_FAILED_INIT, ...).
#include "crawler/detail/curl_library.h"

#include <cstdarg>

#include <curl/curl.h>

#include "core/shared_library.h"

#ifndef OM_CURL_SONAME
#error "OM_CURL_SONAME (e.g. \"libcurl.so.4\") is set by crawler/CMakeLists.txt"
#endif

namespace om::crawler::detail {
namespace {

SharedLibrary& library() {
  static SharedLibrary curl(OM_CURL_SONAME, "fetching over HTTP (Debian package libcurl4)");
  return curl;
}

/// The one argument of a setopt call, read as the type its option's number range declares
/// (curl.h: each option is CURLOPTTYPE_<type> + n). A function pointer travels as the pointer
/// it is stored as: on the ABIs Debian builds for, both are passed in the same integer register.
struct OptionArg {
  enum class Kind { kLong, kOffT, kPointer } kind = Kind::kPointer;
  long number = 0;
  curl_off_t offset = 0;
  void* pointer = nullptr;
};

// clang-analyzer's valist checker reports the va_args here and below as reading an uninitialised
// va_list, right after the caller's va_start (a false positive on these forwarding functions).
// NOLINTBEGIN(clang-analyzer-valist.Uninitialized)

/// Reads the one argument after `option` from `args` (started by the caller, advanced here).
OptionArg read_option_arg(long option, va_list& args) {
  OptionArg arg;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    arg.kind = OptionArg::Kind::kLong;
    arg.number = va_arg(args, long);
  } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
    arg.kind = OptionArg::Kind::kOffT;
    arg.offset = va_arg(args, curl_off_t);
  } else {
    arg.pointer = va_arg(args, void*);
  }
  return arg;
}

template <class Handle, class Option, class Code>
Code forward_option(Code (*setopt)(Handle*, Option, ...), Handle* handle, Option option,
                    const OptionArg& arg) {
  switch (arg.kind) {
    case OptionArg::Kind::kLong:
      return setopt(handle, option, arg.number);
    case OptionArg::Kind::kOffT:
      return setopt(handle, option, arg.offset);
    case OptionArg::Kind::kPointer:
      break;
  }
  return setopt(handle, option, arg.pointer);  // object, string, slist, function, blob
}

}  // namespace

Status load_curl() {
  if (Status loaded = library().load(); !loaded) {
    return Error{ErrorCode::kNetwork, loaded.error().message};
  }
  return Ok{};
}

}  // namespace om::crawler::detail

using om::crawler::detail::forward_option;
using om::crawler::detail::library;
using om::crawler::detail::OptionArg;
using om::crawler::detail::read_option_arg;

extern "C" {

CURLcode curl_global_init(long flags) {
  static const auto fn = library().function<CURLcode (*)(long)>("curl_global_init");
  return fn != nullptr ? fn(flags) : CURLE_FAILED_INIT;
}

const char* curl_easy_strerror(CURLcode code) {
  static const auto fn = library().function<const char* (*)(CURLcode)>("curl_easy_strerror");
  return fn != nullptr ? fn(code) : "libcurl is not loaded";
}

CURL* curl_easy_init() {
  static const auto fn = library().function<CURL* (*)()>("curl_easy_init");
  return fn != nullptr ? fn() : nullptr;
}

void curl_easy_cleanup(CURL* handle) {
  static const auto fn = library().function<void (*)(CURL*)>("curl_easy_cleanup");
  if (fn != nullptr) {
    fn(handle);
  }
}

void curl_easy_reset(CURL* handle) {
  static const auto fn = library().function<void (*)(CURL*)>("curl_easy_reset");
  if (fn != nullptr) {
    fn(handle);
  }
}

CURLcode curl_easy_setopt(CURL* handle, CURLoption option, ...) {
  static const auto fn =
      library().function<CURLcode (*)(CURL*, CURLoption, ...)>("curl_easy_setopt");
  if (fn == nullptr) {
    return CURLE_FAILED_INIT;
  }
  va_list args;
  va_start(args, option);
  const OptionArg arg = read_option_arg(option, args);
  va_end(args);
  return forward_option(fn, handle, option, arg);
}

CURLcode curl_easy_getinfo(CURL* handle, CURLINFO info, ...) {
  static const auto fn =
      library().function<CURLcode (*)(CURL*, CURLINFO, ...)>("curl_easy_getinfo");
  if (fn == nullptr) {
    return CURLE_FAILED_INIT;
  }
  va_list args;
  va_start(args, info);
  void* out = va_arg(args, void*);  // every CURLINFO takes a pointer to its result
  va_end(args);
  return fn(handle, info, out);
}

CURLHcode curl_easy_header(CURL* easy, const char* name, size_t index, unsigned int origin,
                           int request, curl_header** hout) {
  static const auto fn =
      library()
          .function<CURLHcode (*)(CURL*, const char*, size_t, unsigned int, int, curl_header**)>(
              "curl_easy_header");
  return fn != nullptr ? fn(easy, name, index, origin, request, hout) : CURLHE_NOT_BUILT_IN;
}

curl_slist* curl_slist_append(curl_slist* list, const char* data) {
  static const auto fn =
      library().function<curl_slist* (*)(curl_slist*, const char*)>("curl_slist_append");
  return fn != nullptr ? fn(list, data) : nullptr;
}

void curl_slist_free_all(curl_slist* list) {
  static const auto fn = library().function<void (*)(curl_slist*)>("curl_slist_free_all");
  if (fn != nullptr) {
    fn(list);
  }
}

CURLM* curl_multi_init() {
  static const auto fn = library().function<CURLM* (*)()>("curl_multi_init");
  return fn != nullptr ? fn() : nullptr;
}

CURLMcode curl_multi_cleanup(CURLM* multi) {
  static const auto fn = library().function<CURLMcode (*)(CURLM*)>("curl_multi_cleanup");
  return fn != nullptr ? fn(multi) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_setopt(CURLM* multi, CURLMoption option, ...) {
  static const auto fn =
      library().function<CURLMcode (*)(CURLM*, CURLMoption, ...)>("curl_multi_setopt");
  if (fn == nullptr) {
    return CURLM_INTERNAL_ERROR;
  }
  va_list args;
  va_start(args, option);
  const OptionArg arg = read_option_arg(option, args);
  va_end(args);
  return forward_option(fn, multi, option, arg);
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* easy) {
  static const auto fn = library().function<CURLMcode (*)(CURLM*, CURL*)>("curl_multi_add_handle");
  return fn != nullptr ? fn(multi, easy) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* easy) {
  static const auto fn =
      library().function<CURLMcode (*)(CURLM*, CURL*)>("curl_multi_remove_handle");
  return fn != nullptr ? fn(multi, easy) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_socket_action(CURLM* multi, curl_socket_t s, int ev_bitmask,
                                   int* running_handles) {
  static const auto fn = library().function<CURLMcode (*)(CURLM*, curl_socket_t, int, int*)>(
      "curl_multi_socket_action");
  return fn != nullptr ? fn(multi, s, ev_bitmask, running_handles) : CURLM_INTERNAL_ERROR;
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* msgs_in_queue) {
  static const auto fn = library().function<CURLMsg* (*)(CURLM*, int*)>("curl_multi_info_read");
  return fn != nullptr ? fn(multi, msgs_in_queue) : nullptr;
}

}  // extern "C"
// NOLINTEND(clang-analyzer-valist.Uninitialized)
