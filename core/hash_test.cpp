// Tests for the digests: SHA-256 (whole and in parts) against the FIPS 180-4 examples and
// OpenSSL's one-shot SHA256() around the block boundaries; SHA-1/SHA-512; base64.
#include "core/hash.h"

#include <random>
#include <string>

#include <doctest/doctest.h>
#include <openssl/sha.h>

namespace {

std::string hex_of(const unsigned char* raw, std::size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[raw[i] >> 4];
    out += kDigits[raw[i] & 15];
  }
  return out;
}

std::string openssl_sha256(const std::string& data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return hex_of(out, sizeof out);
}

std::string parts_hex(const std::string& data) {
  const auto raw = om::sha256(data);
  return hex_of(raw.data(), raw.size());
}

}  // namespace

TEST_CASE("sha256: the FIPS 180-4 examples") {
  const std::string million_a(1000000, 'a');
  const std::pair<std::string, const char*> cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {million_a, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const auto& [input, expected] : cases) {
    CHECK(om::sha256_hex(input) == expected);
    CHECK(parts_hex(input) == expected);
  }
}

TEST_CASE("sha256: every length from 0 to 300 and random large inputs match OpenSSL") {
  std::mt19937 rng(7);
  std::string data;
  for (std::size_t n = 0; n <= 300; ++n) {
    const std::string expected = openssl_sha256(data);
    CHECK_MESSAGE(om::sha256_hex(data) == expected, n);
    CHECK_MESSAGE(parts_hex(data) == expected, n);
    data.push_back(static_cast<char>(rng()));
  }
  for (std::size_t n : {4095u, 65536u, 1000003u}) {
    std::string big(n, '\0');
    for (char& c : big) {
      c = static_cast<char>(rng());
    }
    CHECK_MESSAGE(om::sha256_hex(big) == openssl_sha256(big), n);
  }
}

TEST_CASE("sha1 and sha512 of npm's integrity fields") {
  CHECK(om::sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  const std::string raw = om::sha512_raw("abc");
  CHECK(hex_of(reinterpret_cast<const unsigned char*>(raw.data()), raw.size()) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CHECK(om::base64_encode("abc") == "YWJj");
}

TEST_CASE("sha256: a digest over parts equals the digest of the whole, wherever the cuts fall") {
  std::mt19937 rng(11);
  std::string data(5000, '\0');
  for (char& c : data) {
    c = static_cast<char>(rng());
  }
  const std::string expected = openssl_sha256(data);
  for (std::size_t step : {1u, 7u, 63u, 64u, 65u, 1000u, 4999u}) {
    om::Sha256 hash;
    for (std::size_t at = 0; at < data.size(); at += step) {
      hash.update(std::string_view(data).substr(at, step));
    }
    const auto raw = hash.finish();
    CHECK_MESSAGE(hex_of(raw.data(), raw.size()) == expected, step);
  }
}
