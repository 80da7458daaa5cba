// Errors as values: boundary functions return om::Result<T>; nothing throws across a module
// boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace om {

enum class ErrorCode {
  kNetwork,
  kDns,      // a host name that does not resolve
  kTimeout,  // no complete answer in time
  kHttpStatus,
  kParse,
  kStorage,
  kConfig,
  kNotFound,
  kRefused,
  kLimit
};

/// A failure with a message that names its input (URL, file, JSON pointer or SQL step).
struct Error {
  ErrorCode code = ErrorCode::kParse;
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  T& operator*() & { return std::get<0>(state_); }
  [[nodiscard]] const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation that yields nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace om

#define OM_ASSERT(cond, why)                                                        \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      ::om::detail_assert_fail(#cond, why, __FILE__, __LINE__); /* never returns */ \
    }                                                                               \
  } while (false)

namespace om {
[[noreturn]] void detail_assert_fail(const char* cond, const char* why, const char* file, int line);
}
