// Unit tests for the SSRF address guard.
#include "crawler/address.h"

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
  CHECK(is_refused(AddressClass::kDocumentation, false));
  CHECK_FALSE(is_refused(AddressClass::kDocumentation, true));
  CHECK(is_refused(AddressClass::kReserved, true));
  CHECK(cls("93.184.216.34") == AddressClass::kPublic);
  CHECK(cls("::1") == AddressClass::kLoopback);
  CHECK(cls("::") == AddressClass::kUnspecified);
  CHECK(cls("fe80::1") == AddressClass::kLinkLocal);
  CHECK(cls("fd00:ec2::254") == AddressClass::kPrivate);
  CHECK(cls("2606:4700::1111") == AddressClass::kPublic);
}

TEST_CASE("address: IPv4 embedded in IPv6 is classified by the IPv4 address") {
  CHECK(cls("::ffff:169.254.169.254") == AddressClass::kLinkLocal);
  CHECK(cls("::ffff:127.0.0.1") == AddressClass::kLoopback);
  CHECK(cls("64:ff9b::10.0.0.1") == AddressClass::kPrivate);
}

TEST_CASE("address: allow_private admits private and loopback but never metadata") {
  CHECK(is_refused(AddressClass::kLoopback, false));
  CHECK_FALSE(is_refused(AddressClass::kLoopback, true));
  CHECK_FALSE(is_refused(AddressClass::kPrivate, true));
  CHECK(is_refused(AddressClass::kLinkLocal, true));
  CHECK(is_refused(AddressClass::kUnspecified, true));
  CHECK_FALSE(is_refused(AddressClass::kPublic, false));
}
