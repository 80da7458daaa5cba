// Digests through libcrypto's low-level SHA functions (SHA256_Init/Update/Final and the like).
// They are deprecated since OpenSSL 3.0 in favour of EVP, and used on purpose: EVP (and, since
// 3.0, the one-shot SHA256()) reaches the same block functions through the provider layer, whose
// first use loads openssl.cnf and builds the default provider's algorithm tables, and linking it
// brings that machinery into the binary. Three fixed digests need none of it (bench/RESULTS.md
// section 21).
#include "core/hash.h"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace om {
namespace {

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

std::string_view chars(const unsigned char* raw, std::size_t size) {
  return {reinterpret_cast<const char*>(raw), size};
}

}  // namespace

// The SHA functions cannot fail (no allocation, no provider): their 1 is not checked.
Sha256::Sha256() : state_(std::make_unique<SHA256state_st>()) {
  SHA256_Init(state_.get());
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) {
  SHA256_Update(state_.get(), data.data(), data.size());
}

std::array<unsigned char, 32> Sha256::finish() {
  std::array<unsigned char, 32> out{};
  SHA256_Final(out.data(), state_.get());
  return out;
}

std::string Sha256::finish_hex() {
  const std::array<unsigned char, 32> raw = finish();
  return hex(chars(raw.data(), raw.size()));
}

std::array<unsigned char, 32> sha256(std::string_view data) {
  SHA256_CTX state;
  SHA256_Init(&state);
  SHA256_Update(&state, data.data(), data.size());
  std::array<unsigned char, 32> out{};
  SHA256_Final(out.data(), &state);
  return out;
}

std::string sha256_hex(std::string_view data) {
  const std::array<unsigned char, 32> raw = sha256(data);
  return hex(chars(raw.data(), raw.size()));
}
std::string sha1_hex(std::string_view data) {
  SHA_CTX state;
  SHA1_Init(&state);
  SHA1_Update(&state, data.data(), data.size());
  std::array<unsigned char, SHA_DIGEST_LENGTH> out{};
  SHA1_Final(out.data(), &state);
  return hex(chars(out.data(), out.size()));
}
std::string sha512_raw(std::string_view data) {
  SHA512_CTX state;
  SHA512_Init(&state);
  SHA512_Update(&state, data.data(), data.size());
  std::array<unsigned char, SHA512_DIGEST_LENGTH> out{};
  SHA512_Final(out.data(), &state);
  return std::string(chars(out.data(), out.size()));
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
