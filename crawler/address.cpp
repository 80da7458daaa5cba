// IP address classification for the SSRF guard: one table of ranges (RFC 6890 special-purpose
// registries, cloud metadata services) and the IPv4 addresses IPv6 transition formats embed.
#include "crawler/address.h"

#include <array>
#include <optional>

#include <arpa/inet.h>

namespace om::crawler {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

struct Range {
  Bytes prefix{};
  int bits = 0;  // prefix length over the 16 bytes (IPv4 as ::ffff:a.b.c.d, so 96 + its length)
  AddressClass cls = AddressClass::kPublic;
};

constexpr Range v4(std::array<std::uint8_t, 4> a, int bits, AddressClass cls) {
  return {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, a[0], a[1], a[2], a[3]}, 96 + bits, cls};
}

constexpr Range v6(std::array<std::uint16_t, 8> groups, int bits, AddressClass cls) {
  Range r{{}, bits, cls};
  for (std::size_t i = 0; i < 8; ++i) {
    r.prefix[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
    r.prefix[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xFF);
  }
  return r;
}

using C = AddressClass;

// The one table of address ranges (RFC 6890 special-purpose registries plus the clouds'
// metadata services); the first match wins, so single addresses come before their ranges.
// kMetadata, kLinkLocal, kUnspecified and kReserved are never opened; --allow-private opens
// loopback and private (RFC 1918, ULA) ones; a configured registry host, also shared (CGNAT,
// site-local) and documentation ranges.
// Metadata services, where not in 169.254/16 (AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack,
// Tencent 169.254.0.23 and AWS ECS 169.254.170.2 all are):
constexpr std::array kRanges{
    // Alibaba Cloud ECS: https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata
    v4({100, 100, 100, 200}, 32, C::kMetadata),
    // Oracle Cloud's legacy metadata address, as in PayloadsAllTheThings' "SSRF Cloud Instances"
    v4({192, 0, 0, 192}, 32, C::kMetadata),
    // Azure WireServer (host agent, DNS, health probes), reachable from every VM:
    // https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16
    v4({168, 63, 129, 16}, 32, C::kMetadata),
    // AWS IMDS over IPv6:
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
    v6({0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254}, 128, C::kMetadata),
    // AWS EKS Pod Identity Agent (credentials), IPv6 twin of 169.254.170.23:
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
    v6({0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0023}, 128, C::kMetadata),
    // Google Cloud metadata server on IPv6 VMs:
    // https://cloud.google.com/compute/docs/metadata/querying-metadata
    v6({0xfd20, 0x00ce, 0, 0, 0, 0, 0, 0x0254}, 128, C::kMetadata),
    v4({169, 254, 0, 0}, 16, C::kLinkLocal),
    v4({0, 0, 0, 0}, 8, C::kUnspecified),
    v4({127, 0, 0, 0}, 8, C::kLoopback),
    v4({10, 0, 0, 0}, 8, C::kPrivate),
    v4({172, 16, 0, 0}, 12, C::kPrivate),
    v4({192, 168, 0, 0}, 16, C::kPrivate),
    v4({100, 64, 0, 0}, 10, C::kShared),           // RFC 6598 shared address space (CGNAT)
    v4({224, 0, 0, 0}, 4, C::kReserved),           // multicast
    v4({240, 0, 0, 0}, 4, C::kReserved),           // reserved, and 255.255.255.255 broadcast
    v4({192, 0, 0, 0}, 24, C::kReserved),          // IETF protocol assignments
    v4({192, 0, 2, 0}, 24, C::kDocumentation),     // TEST-NET-1
    v4({198, 51, 100, 0}, 24, C::kDocumentation),  // TEST-NET-2
    v4({203, 0, 113, 0}, 24, C::kDocumentation),   // TEST-NET-3
    v4({198, 18, 0, 0}, 15, C::kDocumentation),    // benchmarking
    v6({0, 0, 0, 0, 0, 0, 0, 0}, 128, C::kUnspecified),
    v6({0, 0, 0, 0, 0, 0, 0, 1}, 128, C::kLoopback),
    v6({0xfe80, 0, 0, 0, 0, 0, 0, 0}, 10, C::kLinkLocal),
    v6({0xff00, 0, 0, 0, 0, 0, 0, 0}, 8, C::kReserved),  // multicast
    v6({0xfc00, 0, 0, 0, 0, 0, 0, 0}, 7, C::kPrivate),   // unique local
    v6({0xfec0, 0, 0, 0, 0, 0, 0, 0}, 10, C::kShared),   // deprecated site-local
    v6({0x2001, 0x0db8, 0, 0, 0, 0, 0, 0}, 32, C::kDocumentation),
};

bool in_range(const Bytes& b, const Range& r) {
  const auto whole = static_cast<std::size_t>(r.bits / 8);
  for (std::size_t i = 0; i < whole; ++i) {
    if (b[i] != r.prefix[i]) {
      return false;
    }
  }
  const int rest = r.bits % 8;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return rest == 0 || (b[whole] & mask) == (r.prefix[whole] & mask);
}

AddressClass lookup(const Bytes& b) {
  for (const Range& r : kRanges) {
    if (in_range(b, r)) {
      return r.cls;
    }
  }
  return AddressClass::kPublic;
}

bool all_zero(const Bytes& bytes, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    if (bytes[i] != 0) {
      return false;
    }
  }
  return true;
}

Bytes mapped(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, a, b, c, d};
}

// The IPv4 address an IPv6 address carries (as ::ffff:a.b.c.d), when it carries one: a filter
// that looked only at the IPv6 prefix would let 2002:a9fe:a9fe:: reach 169.254.169.254.
std::optional<Bytes> embedded_v4(const Bytes& b) {
  if (all_zero(b, 0, 10) && b[10] == 0xFF && b[11] == 0xFF) {
    return b;  // IPv4-mapped ::ffff:0:0/96
  }
  if (all_zero(b, 0, 15) && b[15] <= 1) {
    return std::nullopt;  // :: and ::1 are in the table
  }
  if (all_zero(b, 0, 12)) {  // deprecated IPv4-compatible ::/96
    return mapped(b[12], b[13], b[14], b[15]);
  }
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) {
    if (all_zero(b, 4, 12)) {  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
      return mapped(b[12], b[13], b[14], b[15]);
    }
    if (b[4] == 0x00 && b[5] == 0x01 && b[8] == 0) {  // local-use 64:ff9b:1::/48 (RFC 8215)
      return mapped(b[6], b[7], b[9], b[10]);         // RFC 6052 /48 layout: u octet skipped
    }
  }
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4 2002::/16 (RFC 3056)
    return mapped(b[2], b[3], b[4], b[5]);
  }
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) {
    // Teredo 2001::/32 (RFC 4380): the client's address, bit-inverted, in the last 32 bits.
    return mapped(static_cast<std::uint8_t>(~b[12]), static_cast<std::uint8_t>(~b[13]),
                  static_cast<std::uint8_t>(~b[14]), static_cast<std::uint8_t>(~b[15]));
  }
  return std::nullopt;
}

}  // namespace

AddressClass classify(const IpAddress& addr) {
  const auto& b = addr.bytes;
  if (!addr.is_v6) {
    return lookup(mapped(b[0], b[1], b[2], b[3]));
  }
  if (std::optional<Bytes> v4 = embedded_v4(b)) {
    return lookup(*v4);
  }
  return lookup(b);
}

bool is_refused(AddressClass cls, PrivateAccess access) {
  switch (cls) {
    case AddressClass::kPublic:
      return false;
    case AddressClass::kPrivate:
    case AddressClass::kLoopback:
      return access == PrivateAccess::kNone;
    case AddressClass::kShared:
    case AddressClass::kDocumentation:
      return access != PrivateAccess::kTrusted;
    case AddressClass::kLinkLocal:
    case AddressClass::kUnspecified:
    case AddressClass::kReserved:
    case AddressClass::kMetadata:
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
    case AddressClass::kShared:
      return "shared (CGNAT or site-local)";
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
    case AddressClass::kMetadata:
      return "cloud-metadata";
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
