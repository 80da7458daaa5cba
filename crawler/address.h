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
  kPrivate,      // RFC 1918 (10/8, 172.16/12, 192.168/16) and unique local (fc00::/7)
  kShared,       // 100.64/10 (CGNAT shared space), fec0::/10 (deprecated site-local)
  kLoopback,     // 127/8, ::1
  kLinkLocal,    // 169.254/16 (incl. cloud metadata 169.254.169.254), fe80::/10
  kUnspecified,  // 0.0.0.0/8, ::
  kReserved,     // multicast, broadcast, 240/4, 192.0.0/24
  // Documentation and benchmark ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 198.18/15,
  // 2001:db8::/32): not routed on the internet, so only sandboxes and test networks use them
  // (a package registry mirror, for one).
  kDocumentation,
  kMetadata,  // a cloud's instance-metadata or host service outside link-local (address.cpp)
};

/// A 16-byte IPv6 address or an IPv4 address (4 bytes used).
struct IpAddress {
  bool is_v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};

/// Classifies `addr` by one table of ranges (address.cpp). IPv6 addresses that embed an IPv4
/// address are classified by it: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64
/// (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32, client address).
[[nodiscard]] AddressClass classify(const IpAddress& addr);

/// Which non-public addresses a connection may reach.
enum class PrivateAccess {
  kNone,     // public addresses only (the default)
  kPrivate,  // --allow-private: also loopback, RFC 1918 and unique-local addresses
  /// A host the user configured (a package registry mirror): also shared (CGNAT) and
  /// documentation ranges, wherever a company or sandbox puts its mirror.
  kTrusted,
};

/// Whether a connection to an address of class `cls` is refused. Link-local, cloud metadata,
/// unspecified and reserved (multicast) addresses are refused whatever `access` says.
[[nodiscard]] bool is_refused(AddressClass cls, PrivateAccess access);

[[nodiscard]] const char* to_string(AddressClass cls);

/// Dotted or RFC 5952-ish text of `addr`, for error messages.
[[nodiscard]] std::string to_string(const IpAddress& addr);

/// Parses a literal IPv4 or IPv6 address (no brackets); false when it is not one.
[[nodiscard]] bool parse_ip(std::string_view text, IpAddress& out);

}  // namespace om::crawler
