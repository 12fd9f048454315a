// Package alert holds the rules of per-account limits and their alerts:
// the limit kinds and what each compares, validation of limits and webhook
// URLs (naming the offending field), edge-triggered evaluation (an alert
// when a limit becomes breached, another when it clears) and the webhook
// signature. It does no I/O: the server stores limits, publishes alerts on
// its event stream and delivers webhooks.
//
// Figures (from the account's unified margin report, USD):
//
//	health                 equity / maintenance (none when maintenance is 0); breached below the threshold
//	excess                 equity − initial (USD); breached below the threshold
//	liquidation_distance   the smallest |liquidation price / spot − 1| over the
//	                       venues' liquidation prices (none when no price
//	                       liquidates); breached below the threshold
//	concentration          the largest |delta_usd| of one root asset / equity
//	                       (none when equity ≤ 0); breached above the threshold
//
// A figure that does not exist never breaches.
package alert

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"sort"
	"strings"
)

// Kind is a limit kind.
type Kind string

// The limit kinds.
const (
	Health              Kind = "health"
	Excess              Kind = "excess"
	LiquidationDistance Kind = "liquidation_distance"
	Concentration       Kind = "concentration"
)

// Kinds lists every kind, in the order limits are evaluated and listed.
var Kinds = []Kind{Health, Excess, LiquidationDistance, Concentration}

// above says whether a kind is breached above its threshold (else below).
func (k Kind) above() bool { return k == Concentration }

// Limit is one threshold on one figure of an account.
type Limit struct {
	Kind      Kind    `json:"kind"`
	Threshold float64 `json:"threshold"`
}

// MaxLimits caps the limits of one account (one per kind).
const MaxLimits = 4

// ErrInvalid marks every validation error; *FieldError says which field.
var ErrInvalid = errors.New("invalid")

// FieldError is a refused input naming its JSON path.
type FieldError struct {
	Field  string
	Value  string
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %q %s", e.Field, e.Value, e.Reason) }

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// CheckLimits validates a set of limits: known kinds, each at most once,
// finite thresholds (health, distance and concentration ≥ 0). The first
// offending entry is named (limits[i].kind or limits[i].threshold).
func CheckLimits(ls []Limit) error {
	if len(ls) > MaxLimits {
		return &FieldError{Field: "limits", Value: fmt.Sprint(len(ls)), Reason: fmt.Sprintf("entries: at most %d (one per kind)", MaxLimits)}
	}
	seen := map[Kind]bool{}
	for i, l := range ls {
		at := fmt.Sprintf("limits[%d]", i)
		known := false
		for _, k := range Kinds {
			known = known || l.Kind == k
		}
		if !known {
			return &FieldError{Field: at + ".kind", Value: string(l.Kind), Reason: "is not a limit kind (health, excess, liquidation_distance, concentration)"}
		}
		if seen[l.Kind] {
			return &FieldError{Field: at + ".kind", Value: string(l.Kind), Reason: "is set twice"}
		}
		seen[l.Kind] = true
		if math.IsNaN(l.Threshold) || math.IsInf(l.Threshold, 0) {
			return &FieldError{Field: at + ".threshold", Value: fmt.Sprint(l.Threshold), Reason: "must be a finite number"}
		}
		if l.Kind != Excess && l.Threshold < 0 {
			return &FieldError{Field: at + ".threshold", Value: fmt.Sprint(l.Threshold), Reason: "must be ≥ 0"}
		}
		if math.Abs(l.Threshold) > 1e15 {
			return &FieldError{Field: at + ".threshold", Value: fmt.Sprint(l.Threshold), Reason: "must be within ±1e15"}
		}
	}
	return nil
}

// Figures are an account's figures the limits compare; nil: does not exist.
type Figures struct {
	Health              *float64 `json:"health"`
	Excess              *float64 `json:"excess"`
	LiquidationDistance *float64 `json:"liquidation_distance"`
	Concentration       *float64 `json:"concentration"`
}

// Of returns the figure a kind compares.
func (f Figures) Of(k Kind) *float64 {
	switch k {
	case Health:
		return f.Health
	case Excess:
		return f.Excess
	case LiquidationDistance:
		return f.LiquidationDistance
	default:
		return f.Concentration
	}
}

// Breached says whether value breaches l (a missing value never does).
func (l Limit) Breached(value *float64) bool {
	if value == nil || math.IsNaN(*value) {
		return false
	}
	if l.Kind.above() {
		return *value > l.Threshold
	}
	return *value < l.Threshold
}

// Crossing is a limit whose state changed: it became breached, or cleared.
type Crossing struct {
	Limit
	Value    *float64 `json:"value"`
	Breached bool     `json:"breached"`
}

// Evaluate compares f with each limit and returns the limits whose state
// differs from was (kind → breached before; absent: not breached), in
// Kinds order, and the new states.
func Evaluate(ls []Limit, was map[Kind]bool, f Figures) ([]Crossing, map[Kind]bool) {
	sorted := append([]Limit(nil), ls...)
	sort.Slice(sorted, func(i, j int) bool { return kindIndex(sorted[i].Kind) < kindIndex(sorted[j].Kind) })
	now := map[Kind]bool{}
	var out []Crossing
	for _, l := range sorted {
		v := f.Of(l.Kind)
		b := l.Breached(v)
		now[l.Kind] = b
		if b != was[l.Kind] {
			out = append(out, Crossing{Limit: l, Value: v, Breached: b})
		}
	}
	return out, now
}

func kindIndex(k Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// Sign is the webhook signature: hex HMAC-SHA256 of the body under the
// subscription's secret. The body carries its own timestamp (also sent in
// a header), so a replayed delivery is recognisable by the receiver.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature made by Sign in constant time.
func Verify(secret, body []byte, sig string) bool {
	return hmac.Equal([]byte(sig), []byte(Sign(secret, body)))
}

// MinSecret and MaxSecret bound a webhook secret's length (bytes).
const (
	MinSecret = 16
	MaxSecret = 256
	MaxURL    = 2048
)

// CheckSecret validates a webhook secret (field "secret").
func CheckSecret(s string) error {
	if len(s) < MinSecret || len(s) > MaxSecret {
		return &FieldError{Field: "secret", Value: "…", Reason: fmt.Sprintf("must be %d to %d bytes", MinSecret, MaxSecret)}
	}
	return nil
}

// CheckURL validates a webhook URL (field "url"): http or https, a host,
// no user info, no fragment. When the host is an IP literal it must be
// public unless allowPrivate; host names are checked when dialled
// (PublicAddr), since what they resolve to can change.
func CheckURL(raw string, allowPrivate bool) (*url.URL, error) {
	bad := func(reason string) error { return &FieldError{Field: "url", Value: raw, Reason: reason} }
	if raw == "" || len(raw) > MaxURL {
		return nil, bad(fmt.Sprintf("must be 1 to %d bytes", MaxURL))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, bad("is not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, bad("must be an http or https URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, bad("has no host")
	}
	if u.User != nil {
		return nil, bad("must not carry user info")
	}
	if u.Fragment != "" {
		return nil, bad("must not carry a fragment")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if !allowPrivate && (host == "localhost" || strings.HasSuffix(host, ".localhost")) {
		return nil, bad("names a loopback host (serve --webhook-allow-private allows it)")
	}
	if ip, err := netip.ParseAddr(host); err == nil && !allowPrivate && !PublicAddr(ip) {
		return nil, bad("is not a public address: loopback, private, link-local or special-purpose (serve --webhook-allow-private allows it)")
	}
	return u, nil
}

// PublicAddr says whether ip is a globally reachable unicast address, one a
// webhook may be delivered to: in no range of notPublic (IANA's IPv4 and
// IPv6 special-purpose address registries, the ranges not globally
// reachable, plus multicast and the reserved space); IPv6 only in global
// unicast (2000::/3) or NAT64's 64:ff9b::/96; and, for an address that
// wraps an IPv4 address (IPv4-mapped, NAT64, 6to4), only when the wrapped
// address is public too, since a translator or relay delivers to it.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.Zone() != "" {
		return false
	}
	for _, r := range notPublic {
		if r.prefix.Contains(ip) {
			return false
		}
	}
	if ip.Is4() {
		return true
	}
	for _, w := range wrapsV4 {
		if w.prefix.Contains(ip) {
			b := ip.As16()
			return PublicAddr(netip.AddrFrom4([4]byte(b[w.at : w.at+4])))
		}
	}
	return globalUnicast.Contains(ip)
}

// specialRange is one range of an IANA special-purpose address registry.
type specialRange struct {
	prefix netip.Prefix
	rfc    string // the RFC that assigns it
}

// notPublic lists the ranges never dialled. From IANA's
// iana-ipv4-special-registry and iana-ipv6-special-registry, every range
// whose "Globally Reachable" is False (or N/A), the deprecated ranges, and
// multicast; the few globally reachable anycast assignments inside them
// (AS112, AMT) are not webhook receivers and are refused with their block.
var notPublic = []specialRange{
	{netip.MustParsePrefix("0.0.0.0/8"), "RFC 791: this network"},
	{netip.MustParsePrefix("10.0.0.0/8"), "RFC 1918: private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "RFC 6598: shared address space (CGNAT)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "RFC 1122: loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "RFC 3927: link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "RFC 1918: private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "RFC 6890: IETF protocol assignments"},
	{netip.MustParsePrefix("192.0.2.0/24"), "RFC 5737: documentation (TEST-NET-1)"},
	{netip.MustParsePrefix("192.88.99.0/24"), "RFC 7526: deprecated 6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "RFC 1918: private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "RFC 2544: benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "RFC 5737: documentation (TEST-NET-2)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "RFC 5737: documentation (TEST-NET-3)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "RFC 5771: multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "RFC 1112: reserved (and RFC 919's limited broadcast)"},
	{netip.MustParsePrefix("::/96"), "RFC 4291: unspecified, loopback, deprecated IPv4-compatible"},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "RFC 2765: IPv4-translated"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "RFC 8215: local-use IPv4/IPv6 translation"},
	{netip.MustParsePrefix("100::/64"), "RFC 6666: discard-only"},
	{netip.MustParsePrefix("100:0:0:1::/64"), "RFC 9780: dummy IPv6 prefix"},
	{netip.MustParsePrefix("2001::/23"), "RFC 2928: IETF protocol assignments (Teredo, benchmarking, ORCHID)"},
	{netip.MustParsePrefix("2001:db8::/32"), "RFC 3849: documentation"},
	{netip.MustParsePrefix("3fff::/20"), "RFC 9637: documentation"},
	{netip.MustParsePrefix("5f00::/16"), "RFC 9602: segment routing (SRv6) SIDs"},
	{netip.MustParsePrefix("fc00::/7"), "RFC 4193: unique local"},
	{netip.MustParsePrefix("fe80::/10"), "RFC 4291: link-local"},
	{netip.MustParsePrefix("fec0::/10"), "RFC 3879: deprecated site-local"},
	{netip.MustParsePrefix("ff00::/8"), "RFC 4291: multicast"},
}

// wrapsV4 lists the IPv6 ranges that carry an IPv4 address a translator or
// relay delivers to, and the byte offset of that address.
var wrapsV4 = []struct {
	prefix netip.Prefix
	at     int
	rfc    string
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12, "RFC 6052: NAT64 well-known prefix"},
	{netip.MustParsePrefix("2002::/16"), 2, "RFC 3056: 6to4"},
}

// globalUnicast is IPv6's global unicast space (RFC 4291 §2.4); the rest is
// unassigned or special.
var globalUnicast = netip.MustParsePrefix("2000::/3")
