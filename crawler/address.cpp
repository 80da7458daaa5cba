// IP address classification for the SSRF guard (RFC 6890 special-purpose registries).
#include "crawler/address.h"

#include <array>

#include <arpa/inet.h>

namespace om::crawler {
namespace {

AddressClass classify_v4(std::uint8_t a, std::uint8_t b, std::uint8_t c) {
  if (a == 0) {
    return AddressClass::kUnspecified;
  }
  if (a == 127) {
    return AddressClass::kLoopback;
  }
  if (a == 169 && b == 254) {
    return AddressClass::kLinkLocal;
  }
  if (a == 10 || (a == 172 && (b & 0xF0) == 16) || (a == 192 && b == 168) ||
      (a == 100 && (b & 0xC0) == 64)) {
    return AddressClass::kPrivate;
  }
  if (a >= 224 || (a == 192 && b == 0 && c == 0)) {  // multicast, 240/4, broadcast, IETF
    return AddressClass::kReserved;
  }
  const bool documentation = (a == 192 && b == 0 && c == 2) ||  // TEST-NET-1
                             (a == 198 && (b & 0xFE) == 18) ||  // benchmarking
                             (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113);
  return documentation ? AddressClass::kDocumentation : AddressClass::kPublic;
}

bool all_zero(const std::array<std::uint8_t, 16>& bytes, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    if (bytes[i] != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

AddressClass classify(const IpAddress& addr) {
  const auto& b = addr.bytes;
  if (!addr.is_v6) {
    return classify_v4(b[0], b[1], b[2]);
  }
  const bool mapped = all_zero(b, 0, 10) && b[10] == 0xFF && b[11] == 0xFF;
  const bool nat64 =
      b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && all_zero(b, 4, 12);
  if (all_zero(b, 0, 16)) {
    return AddressClass::kUnspecified;
  }
  if (all_zero(b, 0, 15) && b[15] == 1) {
    return AddressClass::kLoopback;
  }
  if (mapped || nat64 || all_zero(b, 0, 12)) {  // last: deprecated IPv4-compatible ::a.b.c.d
    return classify_v4(b[12], b[13], b[14]);
  }
  if ((b[0] & 0xFE) == 0xFC) {
    return AddressClass::kPrivate;  // fc00::/7 unique local (incl. fd00:ec2::254 metadata)
  }
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) {
    return AddressClass::kLinkLocal;
  }
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) {
    return AddressClass::kPrivate;  // deprecated site-local fec0::/10
  }
  if (b[0] == 0xFF) {
    return AddressClass::kReserved;  // multicast
  }
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) {
    return AddressClass::kDocumentation;  // 2001:db8::/32
  }
  return AddressClass::kPublic;
}

bool is_refused(AddressClass cls, bool allow_private) {
  switch (cls) {
    case AddressClass::kPublic:
      return false;
    case AddressClass::kPrivate:
    case AddressClass::kLoopback:
    case AddressClass::kDocumentation:
      return !allow_private;
    case AddressClass::kLinkLocal:
    case AddressClass::kUnspecified:
    case AddressClass::kReserved:
      return true;
  }
  return true;
}

const char* to_string(AddressClass cls) {
  switch (cls) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kReserved:
      return "reserved";
    case AddressClass::kDocumentation:
      return "documentation-range";
  }
  return "unknown";
}

std::string to_string(const IpAddress& addr) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  inet_ntop(addr.is_v6 ? AF_INET6 : AF_INET, addr.bytes.data(), text.data(), text.size());
  return text.data();
}

bool parse_ip(std::string_view text, IpAddress& out) {
  const std::string s(text);
  out = IpAddress{};
  if (inet_pton(AF_INET, s.c_str(), out.bytes.data()) == 1) {
    return true;
  }
  out.is_v6 = true;
  return inet_pton(AF_INET6, s.c_str(), out.bytes.data()) == 1;
}

}  // namespace om::crawler
