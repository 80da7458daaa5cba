// libcurl, loaded when a crawl starts its first transfer, not when the process does: a warm
// `lookup` and a run answered from the cache skip its loading, in time and memory
// (bench/RESULTS.md). An offline run (--spec FILE, --offline, the cache commands) never maps
// libcurl and the ~30 libraries it pulls in (TLS, Kerberos, LDAP, SSH, IDN).
//
// Each non-variadic curl_* function the crawler calls is defined here with C linkage, as
// <curl/curl.h> declares it, and forwards to the real one, resolved once from OM_CURL_SONAME (the
// soname CMake found). The variadic setopt/getinfo calls go through curl_library.h's typed
// functions instead, which pass each value as the type it has. Nothing here runs before
// load_curl() succeeded (the first CurlMultiLoop::start()); if it did, it would fail as libcurl
// does when out of memory (nullptr, CURLE_FAILED_INIT, ...).
#include "crawler/detail/curl_library.h"

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

}  // namespace

Status load_curl() {
  if (Status loaded = library().load(); !loaded) {
    return Error{ErrorCode::kNetwork, loaded.error().message};
  }
  return Ok{};
}

EasySetoptFn easy_setopt_fn() {
  static const auto fn = library().function<EasySetoptFn>("curl_easy_setopt");
  return fn;
}

MultiSetoptFn multi_setopt_fn() {
  static const auto fn = library().function<MultiSetoptFn>("curl_multi_setopt");
  return fn;
}

EasyGetinfoFn easy_getinfo_fn() {
  static const auto fn = library().function<EasyGetinfoFn>("curl_easy_getinfo");
  return fn;
}

}  // namespace om::crawler::detail

using om::crawler::detail::library;

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
