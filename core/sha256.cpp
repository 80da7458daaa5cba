// SHA-256 (FIPS 180-4), written here so that no run needs libcrypto at start: every document's
// identity is its SHA-256, and linking libcrypto for it cost every process 1.5 MiB of resident
// memory and ~5 ms of start-up (an empty program with and without -lcrypto, measured). On x86-64
// CPUs with the SHA extensions (Intel SHA-NI, AMD Zen) the compression function uses them, as
// OpenSSL does; elsewhere the portable one runs. SHA-1 and SHA-512 (npm integrity only) stay
// with libcrypto, opened on first use (hash.cpp).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define OM_SHA256_X86 1
#endif

#include "core/hash.h"

namespace om {
namespace {

using State = std::array<std::uint32_t, 8>;

// First 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<std::uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr State kInitial = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

std::uint32_t load_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

/// The compression function over `blocks` 64-byte blocks, FIPS 180-4 section 6.2.2.
void compress_portable(State& h, const unsigned char* data, std::size_t blocks) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t b = 0; b < blocks; ++b, data += 64) {
    for (std::size_t t = 0; t < 16; ++t) {
      w[t] = load_be32(data + 4 * t);
    }
    for (std::size_t t = 16; t < 64; ++t) {
      const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    State v = h;
    for (std::size_t t = 0; t < 64; ++t) {
      const std::uint32_t e = v[4];
      const std::uint32_t a = v[0];
      const std::uint32_t t1 = v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
                               ((e & v[5]) ^ (~e & v[6])) + kRound[t] + w[t];
      const std::uint32_t t2 =
          (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
      v = {t1 + t2, a, v[1], v[2], v[3] + t1, e, v[5], v[6]};
    }
    for (int i = 0; i < 8; ++i) {
      h[i] += v[i];
    }
  }
}

#ifdef OM_SHA256_X86
bool has_sha_extensions() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & bit_SSSE3) == 0 || (c & bit_SSE4_1) == 0) {
    return false;
  }
  return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 && (b & bit_SHA) != 0;
}

/// The same compression with the SHA extensions: sha256rnds2 does two rounds on the state kept
/// as ABEF/CDGH halves; sha256msg1/msg2 extend the message schedule four words at a time
/// (W[t] = msg2(msg1(W[t-16..], W[t-12..]) + W[t-7..], W[t-4..]) for t = 16, 20, ..., 60).
__attribute__((target("sha,sse4.1,ssse3"))) void compress_sha_ni(State& h,
                                                                 const unsigned char* data,
                                                                 std::size_t blocks) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h.data()));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h.data() + 4));
  dcba = _mm_shuffle_epi32(dcba, 0xB1);              // c d a b
  hgfe = _mm_shuffle_epi32(hgfe, 0x1B);              // e f g h
  __m128i abef = _mm_alignr_epi8(dcba, hgfe, 8);     // a b e f
  __m128i cdgh = _mm_blend_epi16(hgfe, dcba, 0xF0);  // c d g h
  for (std::size_t b = 0; b < blocks; ++b, data += 64) {
    const __m128i abef_in = abef;
    const __m128i cdgh_in = cdgh;
    __m128i m[4];  // NOLINT(*-avoid-c-arrays): std::array drops __m128i's alignment attribute
    for (std::size_t g = 0; g < 16; ++g) {
      __m128i& cur = m[g % 4];  // W[4g..4g+3]; before the update it holds W[4g-16..]
      if (g < 4) {
        cur = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)),
                               byte_swap);
      } else {
        __m128i next = _mm_sha256msg1_epu32(cur, m[(g - 3) % 4]);
        next = _mm_add_epi32(next, _mm_alignr_epi8(m[(g - 1) % 4], m[(g - 2) % 4], 4));
        cur = _mm_sha256msg2_epu32(next, m[(g - 1) % 4]);
      }
      __m128i msg = _mm_add_epi32(
          cur, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kRound.data() + 4 * g)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, msg);
    }
    abef = _mm_add_epi32(abef, abef_in);
    cdgh = _mm_add_epi32(cdgh, cdgh_in);
  }
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h.data()), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h.data() + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

void compress(State& h, const unsigned char* data, std::size_t blocks) {
#ifdef OM_SHA256_X86
  static const bool sha_ni = has_sha_extensions();
  if (sha_ni) {
    compress_sha_ni(h, data, blocks);
    return;
  }
#endif
  compress_portable(h, data, blocks);
}

}  // namespace

Sha256::Sha256(bool portable) : state_(kInitial), portable_(portable) {}

void Sha256::compress_blocks(const unsigned char* data, std::size_t blocks) {
  if (portable_) {
    compress_portable(state_, data, blocks);
  } else {
    compress(state_, data, blocks);
  }
}

void Sha256::update(std::string_view data) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t size = data.size();
  total_ += size;
  if (pending_size_ > 0) {  // complete the block started by an earlier part
    const std::size_t take = std::min(size, pending_.size() - pending_size_);
    std::memcpy(pending_.data() + pending_size_, bytes, take);
    pending_size_ += take;
    bytes += take;
    size -= take;
    if (pending_size_ < pending_.size()) {
      return;
    }
    compress_blocks(pending_.data(), 1);
    pending_size_ = 0;
  }
  const std::size_t full = size / 64;
  compress_blocks(bytes, full);
  pending_size_ = size % 64;
  if (pending_size_ > 0) {
    std::memcpy(pending_.data(), bytes + full * 64, pending_size_);
  }
}

std::array<unsigned char, 32> Sha256::finish() {
  // The tail, 0x80, zeros and the length in bits (big-endian) fill one or two last blocks.
  std::array<unsigned char, 128> last{};
  if (pending_size_ > 0) {
    std::memcpy(last.data(), pending_.data(), pending_size_);
  }
  last[pending_size_] = 0x80;
  const std::size_t tail_blocks = pending_size_ < 56 ? 1 : 2;
  const std::uint64_t bits = total_ * 8;
  for (std::size_t i = 0; i < 8; ++i) {
    last[tail_blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  }
  compress_blocks(last.data(), tail_blocks);
  std::array<unsigned char, 32> out{};
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      out[4 * i + j] = static_cast<unsigned char>(state_[i] >> (24 - 8 * j));
    }
  }
  return out;
}

std::array<unsigned char, 32> sha256(std::string_view data) {
  Sha256 hash;
  hash.update(data);
  return hash.finish();
}

namespace detail {
std::array<unsigned char, 32> sha256_portable(std::string_view data) {
  Sha256 hash(true);
  hash.update(data);
  return hash.finish();
}
}  // namespace detail

}  // namespace om
