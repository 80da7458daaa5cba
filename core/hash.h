// Digests for document identity (sha256) and package integrity (sha1, sha512), and base64.
#pragma once

#include <string>
#include <string_view>

namespace om {

/// Lower-case hex SHA-256 of `data`.
[[nodiscard]] std::string sha256_hex(std::string_view data);
/// Lower-case hex SHA-1 of `data` (npm `shasum`).
[[nodiscard]] std::string sha1_hex(std::string_view data);
/// Raw SHA-512 digest bytes (npm `integrity: sha512-<base64>`).
[[nodiscard]] std::string sha512_raw(std::string_view data);
[[nodiscard]] std::string base64_encode(std::string_view data);

}  // namespace om
