package alert

import (
	"net/netip"
	"testing"
)

// Goal: a webhook target is dialled only when it is a globally reachable
// unicast address (IANA's IPv4 and IPv6 special-purpose address registries,
// "Globally Reachable" column), including through the forms that wrap an
// IPv4 address: IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96, RFC 6052)
// and 6to4 (2002::/16, RFC 3056), which reach the wrapped address through a
// translator or relay. Method: one address inside each special range is
// refused; public addresses, and the wrapping forms of a public IPv4
// address, are accepted.
func TestPublicAddrRefusesSpecialPurposeRanges(t *testing.T) {
	refused := []string{
		"0.1.2.3",            // 0.0.0.0/8 "this network", RFC 791
		"10.1.2.3",           // RFC 1918
		"100.64.0.1",         // CGNAT, RFC 6598
		"127.0.0.1",          // loopback, RFC 1122
		"169.254.169.254",    // link-local (cloud metadata), RFC 3927
		"172.16.0.1",         // RFC 1918
		"192.0.0.8",          // IETF protocol assignments, RFC 6890
		"192.0.2.1",          // TEST-NET-1, RFC 5737
		"192.88.99.1",        // deprecated 6to4 relay anycast, RFC 7526
		"192.168.1.1",        // RFC 1918
		"198.18.0.1",         // benchmarking, RFC 2544
		"198.19.255.254",     // benchmarking, RFC 2544
		"198.51.100.1",       // TEST-NET-2, RFC 5737
		"203.0.113.1",        // TEST-NET-3, RFC 5737
		"224.0.0.1",          // multicast, RFC 5771
		"240.0.0.1",          // reserved, RFC 1112
		"255.255.255.255",    // limited broadcast, RFC 919
		"::",                 // unspecified, RFC 4291
		"::1",                // loopback, RFC 4291
		"::7f00:1",           // IPv4-compatible (deprecated), RFC 4291
		"::ffff:127.0.0.1",   // IPv4-mapped loopback, RFC 4291
		"::ffff:198.18.0.1",  // IPv4-mapped benchmarking
		"::ffff:0:a00:1",     // IPv4-translated 10.0.0.1, RFC 2765
		"64:ff9b::7f00:1",    // NAT64 of 127.0.0.1, RFC 6052
		"64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
		"64:ff9b::c612:1",    // NAT64 of 198.18.0.1
		"64:ff9b:1::808:808", // local-use NAT64, RFC 8215
		"100::1",             // discard-only, RFC 6666
		"2001::1",            // Teredo, RFC 4380
		"2001:2::1",          // benchmarking, RFC 5180
		"2001:db8::1",        // documentation, RFC 3849
		"2002:7f00:1::1",     // 6to4 of 127.0.0.1, RFC 3056
		"2002:a00:1::1",      // 6to4 of 10.0.0.1
		"2002:c612:1::1",     // 6to4 of 198.18.0.1
		"3fff::1",            // documentation, RFC 9637
		"5f00::1",            // SRv6 SIDs, RFC 9602
		"fc00::1",            // unique local, RFC 4193
		"fd00::1",            // unique local, RFC 4193
		"fe80::1",            // link-local, RFC 4291
		"fec0::1",            // site-local (deprecated), RFC 3879
		"ff02::1",            // multicast, RFC 4291
		"4000::1",            // outside 2000::/3, unallocated
	}
	for _, s := range refused {
		if PublicAddr(netip.MustParseAddr(s)) {
			t.Errorf("PublicAddr(%s) = true, want false", s)
		}
	}
	accepted := []string{
		"8.8.8.8",
		"1.1.1.1",
		"198.17.255.255", // just below 198.18.0.0/15
		"198.20.0.1",     // just above it
		"::ffff:8.8.8.8",
		"64:ff9b::808:808",      // NAT64 of 8.8.8.8
		"2002:808:808::1",       // 6to4 of 8.8.8.8
		"2606:4700:4700::1111",  // a global unicast address
		"2a00:1450:4001:80e::1", // another
	}
	for _, s := range accepted {
		if !PublicAddr(netip.MustParseAddr(s)) {
			t.Errorf("PublicAddr(%s) = false, want true", s)
		}
	}
	if PublicAddr(netip.Addr{}) {
		t.Error("the zero Addr is public")
	}
}
