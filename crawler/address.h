// Which resolved IP addresses the crawler may connect to (SSRF guard). Pure; the I/O shell
// calls it from curl's open-socket callback, before any byte is sent.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace om::crawler {

enum class AddressClass {
  kPublic,
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7
  kLoopback,     // 127/8, ::1
  kLinkLocal,    // 169.254/16 (incl. cloud metadata 169.254.169.254), fe80::/10
  kUnspecified,  // 0.0.0.0/8, ::
  kReserved,     // multicast, broadcast, 240/4
  // Documentation and benchmark ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 198.18/15,
  // 2001:db8::/32): not routed on the internet, so only sandboxes and test networks use them
  // (a package registry mirror, for one). Treated like private addresses.
  kDocumentation,
};

/// A 16-byte IPv6 address or an IPv4 address (4 bytes used).
struct IpAddress {
  bool is_v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};

/// Classifies `addr`; IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible and NAT64 (64:ff9b::/96)
/// IPv6 addresses are classified by their embedded IPv4 address.
[[nodiscard]] AddressClass classify(const IpAddress& addr);

/// Whether a connection to `addr` is refused. `allow_private` admits private, loopback and
/// documentation-range addresses only; link-local (metadata), unspecified and reserved ones
/// stay refused.
[[nodiscard]] bool is_refused(AddressClass cls, bool allow_private);

[[nodiscard]] const char* to_string(AddressClass cls);

/// Dotted or RFC 5952-ish text of `addr`, for error messages.
[[nodiscard]] std::string to_string(const IpAddress& addr);

/// Parses a literal IPv4 or IPv6 address (no brackets); false when it is not one.
[[nodiscard]] bool parse_ip(std::string_view text, IpAddress& out);

}  // namespace om::crawler
