// Digests for document identity (sha256) and package integrity (sha1, sha512), and base64.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace om {

/// SHA-256 of data given in parts: update() with each in order, then finish() once.
class Sha256 {
 public:
  /// `portable`: the portable compression function even where the x86 SHA extensions exist.
  explicit Sha256(bool portable = false);
  void update(std::string_view data);
  [[nodiscard]] std::array<unsigned char, 32> finish();
  /// finish() in lower-case hex.
  [[nodiscard]] std::string finish_hex();

 private:
  void compress_blocks(const unsigned char* data, std::size_t blocks);
  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> pending_{};  // the start of a block not yet complete
  std::size_t pending_size_ = 0;
  std::uint64_t total_ = 0;
  bool portable_;
};

/// SHA-256 of `data` (sha256.cpp: our own, with the x86 SHA extensions when the CPU has them).
[[nodiscard]] std::array<unsigned char, 32> sha256(std::string_view data);
/// Lower-case hex SHA-256 of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);
/// Lower-case hex SHA-1 of `data` (npm `shasum`); "" if libcrypto cannot be loaded
/// (digest_library_error() says why).
[[nodiscard]] std::string sha1_hex(std::string_view data);
/// Raw SHA-512 digest bytes (npm `integrity: sha512-<base64>`); "" as for sha1_hex().
[[nodiscard]] std::string sha512_raw(std::string_view data);
/// Why libcrypto (opened on first use, for SHA-1 and SHA-512) cannot be loaded; "" when it can.
[[nodiscard]] std::string digest_library_error();
[[nodiscard]] std::string base64_encode(std::string_view data);

namespace detail {
/// sha256() with the portable compression function forced (tests compare both paths).
[[nodiscard]] std::array<unsigned char, 32> sha256_portable(std::string_view data);
}  // namespace detail

}  // namespace om
