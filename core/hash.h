// Digests for document identity (sha256) and package integrity (sha1, sha512), and base64.
// All three digests are OpenSSL's (libcrypto's SHA functions).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

struct SHA256state_st;  // OpenSSL's SHA256_CTX, kept out of this header

namespace om {

/// SHA-256 of data given in parts: update() with each in order, then finish() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256(Sha256&&) = delete;
  Sha256& operator=(Sha256&&) = delete;
  void update(std::string_view data);
  [[nodiscard]] std::array<unsigned char, 32> finish();
  /// finish() in lower-case hex.
  [[nodiscard]] std::string finish_hex();

 private:
  std::unique_ptr<SHA256state_st> state_;
};

/// SHA-256 of `data`.
[[nodiscard]] std::array<unsigned char, 32> sha256(std::string_view data);
/// Lower-case hex SHA-256 of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);
/// Lower-case hex SHA-1 of `data` (npm `shasum`).
[[nodiscard]] std::string sha1_hex(std::string_view data);
/// Raw SHA-512 digest bytes (npm `integrity: sha512-<base64>`).
[[nodiscard]] std::string sha512_raw(std::string_view data);
[[nodiscard]] std::string base64_encode(std::string_view data);

}  // namespace om
