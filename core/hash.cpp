// Digests: SHA-256 is ours (sha256.cpp); SHA-1 and SHA-512, needed only to check npm
// tarballs, come from libcrypto opened on first use, so that no run maps it at start.
#include "core/hash.h"

#include <openssl/evp.h>

#include "core/shared_library.h"

#ifndef OM_CRYPTO_SONAME
#error "OM_CRYPTO_SONAME (e.g. \"libcrypto.so.3\") is set by core/CMakeLists.txt"
#endif

namespace om {
namespace {

SharedLibrary& crypto() {
  static SharedLibrary library(OM_CRYPTO_SONAME,
                               "checking npm package integrity (Debian package libssl3)");
  return library;
}

/// EVP_Digest with the message digest `md_name` ("EVP_sha1", "EVP_sha512"); "" if unavailable.
std::string digest(const char* md_name, std::string_view data) {
  using MdFn = const EVP_MD* (*)();
  using DigestFn =
      int (*)(const void*, size_t, unsigned char*, unsigned int*, const EVP_MD*, ENGINE*);
  auto md = crypto().function<MdFn>(md_name);
  static const auto run = crypto().function<DigestFn>("EVP_Digest");
  if (md == nullptr || run == nullptr) {
    return {};
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (run(data.data(), data.size(), out, &len, md(), nullptr) != 1) {
    return {};
  }
  return {reinterpret_cast<const char*>(out), len};
}

std::string hex(std::string_view raw) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace

std::string Sha256::finish_hex() {
  const std::array<unsigned char, 32> raw = finish();
  return hex(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

std::string sha256_hex(std::string_view data) {
  Sha256 hash;
  hash.update(data);
  return hash.finish_hex();
}
std::string sha1_hex(std::string_view data) {
  return hex(digest("EVP_sha1", data));
}
std::string sha512_raw(std::string_view data) {
  return digest("EVP_sha512", data);
}
std::string digest_library_error() {
  return crypto().load_error();
}

std::string base64_encode(std::string_view data) {
  static const char* kTable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(data[i]) << 16) |
                 (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += kTable[(n >> 6) & 63];
    out += kTable[n & 63];
  }
  if (i < data.size()) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) {
      n |= static_cast<unsigned char>(data[i + 1]) << 8;
    }
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += i + 1 < data.size() ? kTable[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace om
