// Unit tests for the SSRF address guard.
#include "crawler/address.h"

#include <vector>

#include <doctest/doctest.h>

using namespace om::crawler;

namespace {
AddressClass cls(const char* text) {
  IpAddress addr;
  REQUIRE(parse_ip(text, addr));
  return classify(addr);
}
}  // namespace

TEST_CASE("address: private, loopback and link-local ranges are recognised") {
  CHECK(cls("10.1.2.3") == AddressClass::kPrivate);
  CHECK(cls("172.16.0.1") == AddressClass::kPrivate);
  CHECK(cls("172.32.0.1") == AddressClass::kPublic);
  CHECK(cls("192.168.1.1") == AddressClass::kPrivate);
  CHECK(cls("127.0.0.1") == AddressClass::kLoopback);
  CHECK(cls("169.254.169.254") == AddressClass::kLinkLocal);
  CHECK(cls("0.0.0.0") == AddressClass::kUnspecified);
  CHECK(cls("255.255.255.255") == AddressClass::kReserved);
  CHECK(cls("203.0.113.80") == AddressClass::kDocumentation);
  CHECK(cls("198.18.0.1") == AddressClass::kDocumentation);
  CHECK(is_refused(AddressClass::kDocumentation, PrivateAccess::kNone));
  CHECK(is_refused(AddressClass::kDocumentation, PrivateAccess::kPrivate));
  CHECK_FALSE(is_refused(AddressClass::kDocumentation, PrivateAccess::kTrusted));
  CHECK(is_refused(AddressClass::kReserved, PrivateAccess::kTrusted));
  CHECK(cls("93.184.216.34") == AddressClass::kPublic);
  CHECK(cls("::1") == AddressClass::kLoopback);
  CHECK(cls("::") == AddressClass::kUnspecified);
  CHECK(cls("fe80::1") == AddressClass::kLinkLocal);
  CHECK(cls("fd00:ec2::1") == AddressClass::kPrivate);
  CHECK(cls("2606:4700::1111") == AddressClass::kPublic);
}

TEST_CASE("address: IPv4 embedded in IPv6 is classified by the IPv4 address") {
  CHECK(cls("::ffff:169.254.169.254") == AddressClass::kLinkLocal);
  CHECK(cls("::ffff:127.0.0.1") == AddressClass::kLoopback);
  CHECK(cls("64:ff9b::10.0.0.1") == AddressClass::kPrivate);
}

TEST_CASE("address: allow_private admits private and loopback but never metadata") {
  CHECK(is_refused(AddressClass::kLoopback, PrivateAccess::kNone));
  CHECK_FALSE(is_refused(AddressClass::kLoopback, PrivateAccess::kPrivate));
  CHECK_FALSE(is_refused(AddressClass::kPrivate, PrivateAccess::kPrivate));
  CHECK(is_refused(AddressClass::kLinkLocal, PrivateAccess::kTrusted));
  CHECK(is_refused(AddressClass::kUnspecified, PrivateAccess::kTrusted));
  CHECK_FALSE(is_refused(AddressClass::kPublic, PrivateAccess::kNone));
}

namespace {
struct Case {
  const char* address;
  AddressClass cls;
  bool refused;          // without --allow-private
  bool refused_allowed;  // with --allow-private
};

/// Metadata, link-local, unspecified and reserved addresses: refused even for a trusted host.
bool never_opens(AddressClass c) {
  return c == AddressClass::kMetadata || c == AddressClass::kLinkLocal ||
         c == AddressClass::kUnspecified || c == AddressClass::kReserved;
}

void check_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.address);
    CHECK(cls(c.address) == c.cls);
    CHECK(is_refused(cls(c.address), PrivateAccess::kNone) == c.refused);
    CHECK(is_refused(cls(c.address), PrivateAccess::kPrivate) == c.refused_allowed);
    CHECK(is_refused(cls(c.address), PrivateAccess::kTrusted) == never_opens(c.cls));
  }
}
}  // namespace

TEST_CASE("regression #19: cloud metadata outside link-local is refused even with allow_private") {
  check_cases({
      {"100.100.100.200", AddressClass::kMetadata, true, true},  // Alibaba
      {"100.100.100.201", AddressClass::kShared, true, true},    // the rest of CGNAT: trusted only
      {"192.0.0.192", AddressClass::kMetadata, true, true},      // Oracle
      {"168.63.129.16", AddressClass::kMetadata, true, true},    // Azure WireServer
      {"168.63.129.17", AddressClass::kPublic, false, false},
      {"169.254.169.254", AddressClass::kLinkLocal, true, true},  // AWS, GCP, Azure, OCI, ...
      {"169.254.170.2", AddressClass::kLinkLocal, true, true},    // AWS ECS
      {"fd00:ec2::254", AddressClass::kMetadata, true, true},     // AWS IMDS IPv6
      {"fd00:ec2::23", AddressClass::kMetadata, true, true},      // AWS EKS Pod Identity
      {"fd20:ce::254", AddressClass::kMetadata, true, true},      // Google Cloud IPv6
      {"fe80::a9fe:a9fe", AddressClass::kLinkLocal, true, true},  // OpenStack IPv6
  });
}

TEST_CASE("regression #19: --allow-private opens only loopback, RFC 1918 and ULA") {
  check_cases({
      {"127.0.0.1", AddressClass::kLoopback, true, false},
      {"::1", AddressClass::kLoopback, true, false},
      {"10.0.0.1", AddressClass::kPrivate, true, false},
      {"172.31.255.255", AddressClass::kPrivate, true, false},
      {"192.168.0.1", AddressClass::kPrivate, true, false},
      {"fd12:3456::1", AddressClass::kPrivate, true, false},
      {"fc00::1", AddressClass::kPrivate, true, false},
      {"203.0.113.80", AddressClass::kDocumentation, true, true},  // a configured mirror only
      {"2001:db8::1", AddressClass::kDocumentation, true, true},
      {"100.64.0.1", AddressClass::kShared, true, true},
      {"fec0::1", AddressClass::kShared, true, true},
      {"0.0.0.0", AddressClass::kUnspecified, true, true},
      {"0.1.2.3", AddressClass::kUnspecified, true, true},
      {"::", AddressClass::kUnspecified, true, true},
      {"224.0.0.1", AddressClass::kReserved, true, true},
      {"239.255.255.250", AddressClass::kReserved, true, true},
      {"ff02::1", AddressClass::kReserved, true, true},
      {"ff05::1:3", AddressClass::kReserved, true, true},
      {"255.255.255.255", AddressClass::kReserved, true, true},
      {"8.8.8.8", AddressClass::kPublic, false, false},
      {"2606:4700::1111", AddressClass::kPublic, false, false},
  });
}

TEST_CASE("regression #19: refused IPv4 addresses stay refused inside every IPv6 embedding") {
  check_cases({
      {"::ffff:169.254.169.254", AddressClass::kLinkLocal, true, true},  // v4-mapped
      {"::ffff:100.100.100.200", AddressClass::kMetadata, true, true},
      {"::169.254.169.254", AddressClass::kLinkLocal, true, true},  // v4-compatible
      {"::0.0.0.5", AddressClass::kUnspecified, true, true},
      {"64:ff9b::169.254.169.254", AddressClass::kLinkLocal, true, true},  // NAT64
      {"64:ff9b::100.100.100.200", AddressClass::kMetadata, true, true},
      {"64:ff9b:1:a9fe:a9:fea9:fe00::", AddressClass::kLinkLocal, true, true},  // NAT64 /48
      {"2002:a9fe:a9fe::", AddressClass::kLinkLocal, true, true},               // 6to4
      {"2002:6464:64c8::1", AddressClass::kMetadata, true, true},
      {"2002:a83f:8110::", AddressClass::kMetadata, true, true},
      {"2002:e000:0001::", AddressClass::kReserved, true, true},
      {"2002:0000:0000::", AddressClass::kUnspecified, true, true},
      {"2002:7f00:1::", AddressClass::kLoopback, true, false},
      {"2002:0a00:1::", AddressClass::kPrivate, true, false},
      {"2002:0808:0808::1", AddressClass::kPublic, false, false},
      // Teredo: server 65.54.227.120, client 169.254.169.254 stored bit-inverted (5601:5601)
      {"2001:0:4136:e378:8000:63bf:5601:5601", AddressClass::kLinkLocal, true, true},
      {"2001:0:4136:e378:8000:63bf:9b9b:9b37", AddressClass::kMetadata, true, true},
      {"2001:0:4136:e378:8000:63bf:f7f7:f7f7", AddressClass::kPublic, false, false},
  });
}
