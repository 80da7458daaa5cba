// libcurl, loaded when the first crawl starts, not when the process does. An offline run
// (--spec FILE, --offline, the cache commands) never maps libcurl and the ~20 libraries it
// pulls in (TLS, Kerberos, LDAP, SSH, IDN): measured on Debian 12, 8 MiB of resident memory and
// ~17 ms of start-up per process (perf stat of an empty program linked with -lcurl vs without).
//
// Each curl_* function the crawler calls is defined here with C linkage, as <curl/curl.h>
// declares it, and forwards to the real one, resolved once with dlsym() from OM_CURL_SONAME
// (the soname CMake found at configure time). Nothing here is called before load_curl()
// succeeded (CurlMultiLoop::create()); if it is, it fails as libcurl itself would on an
// allocation failure (nullptr, CURLE_FAILED_INIT, CURLM_INTERNAL_ERROR).
#include "crawler/detail/curl_library.h"

#include <cstdarg>
#include <mutex>
#include <string>

#include <curl/curl.h>
#include <dlfcn.h>

#ifndef OM_CURL_SONAME
#error "OM_CURL_SONAME (e.g. \"libcurl.so.4\") is set by crawler/CMakeLists.txt"
#endif

namespace om::crawler::detail {
namespace {

/// The real functions. The variadic setopt/getinfo are called with exactly one argument, of
/// the type the option's number range says (see forward_option()).
struct CurlApi {
  CURLcode (*global_init)(long) = nullptr;
  const char* (*easy_strerror)(CURLcode) = nullptr;
  CURL* (*easy_init)() = nullptr;
  void (*easy_cleanup)(CURL*) = nullptr;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
  CURLHcode (*easy_header)(CURL*, const char*, size_t, unsigned int, int, curl_header**) = nullptr;
  curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
  void (*slist_free_all)(curl_slist*) = nullptr;
  CURLM* (*multi_init)() = nullptr;
  CURLMcode (*multi_cleanup)(CURLM*) = nullptr;
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...) = nullptr;
  CURLMcode (*multi_add_handle)(CURLM*, CURL*) = nullptr;
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*) = nullptr;
  CURLMcode (*multi_socket_action)(CURLM*, curl_socket_t, int, int*) = nullptr;
  CURLMsg* (*multi_info_read)(CURLM*, int*) = nullptr;
};

struct Loaded {
  CurlApi api;
  std::string error;  // "" = every symbol resolved
};

template <class Fn>
bool resolve(void* library, const char* name, Fn& fn, std::string& error) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    error = std::string(OM_CURL_SONAME ": no symbol ") + name;
    return false;
  }
  fn = reinterpret_cast<Fn>(symbol);  // POSIX: a dlsym() result converts to a function pointer
  return true;
}

const Loaded& loaded() {
  static Loaded state;
  static std::once_flag once;
  std::call_once(once, [] {
    // Never unloaded: libcurl keeps global state (TLS library) for the process' lifetime.
    void* library = dlopen(OM_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      state.error = std::string("cannot load ") + OM_CURL_SONAME + " (" +
                    (why != nullptr ? why : "unknown error") +
                    "): the crawler needs libcurl (Debian package libcurl4)";
      return;
    }
    CurlApi& a = state.api;
    std::string& e = state.error;
    (void)(resolve(library, "curl_global_init", a.global_init, e) &&
           resolve(library, "curl_easy_strerror", a.easy_strerror, e) &&
           resolve(library, "curl_easy_init", a.easy_init, e) &&
           resolve(library, "curl_easy_cleanup", a.easy_cleanup, e) &&
           resolve(library, "curl_easy_setopt", a.easy_setopt, e) &&
           resolve(library, "curl_easy_getinfo", a.easy_getinfo, e) &&
           resolve(library, "curl_easy_header", a.easy_header, e) &&
           resolve(library, "curl_slist_append", a.slist_append, e) &&
           resolve(library, "curl_slist_free_all", a.slist_free_all, e) &&
           resolve(library, "curl_multi_init", a.multi_init, e) &&
           resolve(library, "curl_multi_cleanup", a.multi_cleanup, e) &&
           resolve(library, "curl_multi_setopt", a.multi_setopt, e) &&
           resolve(library, "curl_multi_add_handle", a.multi_add_handle, e) &&
           resolve(library, "curl_multi_remove_handle", a.multi_remove_handle, e) &&
           resolve(library, "curl_multi_socket_action", a.multi_socket_action, e) &&
           resolve(library, "curl_multi_info_read", a.multi_info_read, e));
  });
  return state;
}

/// The API when every symbol resolved, else nullptr.
const CurlApi* api() {
  const Loaded& state = loaded();
  return state.error.empty() ? &state.api : nullptr;
}

/// Forwards one option argument, read as the type its number range declares (curl.h: each
/// option is CURLOPTTYPE_<type> + n). A function pointer is passed on as the pointer it is
/// stored as; on the ABIs Debian builds for, both travel in the same integer register.
template <class Handle, class Option, class Code, class Fn>
Code forward_option(Fn setopt, Handle* handle, Option option, va_list args) {
  const long kind = static_cast<long>(option);
  if (kind < CURLOPTTYPE_OBJECTPOINT) {
    return setopt(handle, option, va_arg(args, long));
  }
  if (kind >= CURLOPTTYPE_OFF_T && kind < CURLOPTTYPE_BLOB) {
    return setopt(handle, option, va_arg(args, curl_off_t));
  }
  return setopt(handle, option, va_arg(args, void*));  // object, string, slist, function, blob
}

}  // namespace

Status load_curl() {
  const Loaded& state = loaded();
  if (!state.error.empty()) {
    return Error{ErrorCode::kNetwork, state.error};
  }
  return Ok{};
}

}  // namespace om::crawler::detail

using om::crawler::detail::api;

extern "C" {

CURLcode curl_global_init(long flags) {
  return api() ? api()->global_init(flags) : CURLE_FAILED_INIT;
}

const char* curl_easy_strerror(CURLcode code) {
  return api() ? api()->easy_strerror(code) : "libcurl is not loaded";
}

CURL* curl_easy_init() {
  return api() ? api()->easy_init() : nullptr;
}

void curl_easy_cleanup(CURL* handle) {
  if (api()) {
    api()->easy_cleanup(handle);
  }
}

CURLcode curl_easy_setopt(CURL* handle, CURLoption option, ...) {
  if (!api()) {
    return CURLE_FAILED_INIT;
  }
  va_list args;
  va_start(args, option);
  const CURLcode rc = om::crawler::detail::forward_option<CURL, CURLoption, CURLcode>(
      api()->easy_setopt, handle, option, args);
  va_end(args);
  return rc;
}

CURLcode curl_easy_getinfo(CURL* handle, CURLINFO info, ...) {
  if (!api()) {
    return CURLE_FAILED_INIT;
  }
  va_list args;
  va_start(args, info);
  void* out = va_arg(args, void*);  // every CURLINFO takes a pointer to its result
  va_end(args);
  return api()->easy_getinfo(handle, info, out);
}

CURLHcode curl_easy_header(CURL* easy, const char* name, size_t index, unsigned int origin,
                           int request, curl_header** hout) {
  return api() ? api()->easy_header(easy, name, index, origin, request, hout) : CURLHE_NOT_BUILT_IN;
}

curl_slist* curl_slist_append(curl_slist* list, const char* data) {
  return api() ? api()->slist_append(list, data) : nullptr;
}

void curl_slist_free_all(curl_slist* list) {
  if (api()) {
    api()->slist_free_all(list);
  }
}

CURLM* curl_multi_init() {
  return api() ? api()->multi_init() : nullptr;
}

CURLMcode curl_multi_cleanup(CURLM* multi) {
  return api() ? api()->multi_cleanup(multi) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_setopt(CURLM* multi, CURLMoption option, ...) {
  if (!api()) {
    return CURLM_INTERNAL_ERROR;
  }
  va_list args;
  va_start(args, option);
  const CURLMcode rc = om::crawler::detail::forward_option<CURLM, CURLMoption, CURLMcode>(
      api()->multi_setopt, multi, option, args);
  va_end(args);
  return rc;
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* easy) {
  return api() ? api()->multi_add_handle(multi, easy) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* easy) {
  return api() ? api()->multi_remove_handle(multi, easy) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_socket_action(CURLM* multi, curl_socket_t s, int ev_bitmask,
                                   int* running_handles) {
  return api() ? api()->multi_socket_action(multi, s, ev_bitmask, running_handles)
               : CURLM_INTERNAL_ERROR;
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* msgs_in_queue) {
  return api() ? api()->multi_info_read(multi, msgs_in_queue) : nullptr;
}

}  // extern "C"
