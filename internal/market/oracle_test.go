// DecimalUnitsFloor against an independent big.Int truncation, on random
// plain decimals of every length (the uint64 fast path and the uint256
// parser alike), and OraclePriceFloor on shifted prices.
package market

import (
	"math/big"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// unitsFloorRef is floor(text × 10^decimals) by big.Int on the digits.
func unitsFloorRef(text string, decimals int) *big.Int {
	intPart, frac, _ := strings.Cut(text, ".")
	n, _ := new(big.Int).SetString("0"+intPart+frac, 10)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
	n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil))
	return n.Quo(n, scale)
}

func TestDecimalUnitsFloorProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		intPart := rapid.StringMatching(`0|[1-9][0-9]{0,30}`).Draw(t, "int")
		text := intPart
		if frac := rapid.StringMatching(`[0-9]{0,20}`).Draw(t, "frac"); frac != "" {
			text += "." + frac
		}
		decimals := rapid.IntRange(0, 18).Draw(t, "decimals")
		want := unitsFloorRef(text, decimals)
		got := DecimalUnitsFloor(text, decimals)
		if got.ToBig().Cmp(want) != 0 {
			t.Fatalf("DecimalUnitsFloor(%q, %d) = %s, want %s", text, decimals, got.Dec(), want)
		}
		if b := DecimalUnitsFloor([]byte(text), decimals); !b.Eq(&got) {
			t.Fatalf("bytes %q: %s, string: %s", text, b.Dec(), got.Dec())
		}
	})
}

func TestOraclePriceFloorShifted(t *testing.T) {
	s, err := Load(doc(`"BTC": {"price": "34830.12345678"}, "WBTC": {"price": "0.1"}`, ``), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sym    string
		factor float64
		want   string
	}{
		{"BTC", 1, "3483012345678"}, // the exact text
		{"BTC", 2, "6966024691356"},
		{"BTC", 0.5, "1741506172839"}, // 17415.06172839 exactly
		{"WBTC", 3, "30000000"},       // 0.1 × 3 = 0.30000000000000004, floored
	} {
		got, ok := s.PriceShift(c.sym).At(c.factor).OraclePriceFloor("dex", c.sym, 8)
		if !ok || got.Dec() != c.want {
			t.Errorf("%s × %g: %s, want %s", c.sym, c.factor, got.Dec(), c.want)
		}
	}
}

// FuzzDecimalUnitsFloor holds DecimalUnitsFloor to the big.Int truncation
// on any plain decimal the fuzzer finds (other text is skipped: callers
// pass only money.Decimal or strconv spellings).
func FuzzDecimalUnitsFloor(f *testing.F) {
	for _, s := range []string{"0", "0.1", "1816.85499606", "34830", "99999999999.99999999", "1000000000000000000000000000000"} {
		f.Add(s, 8)
	}
	f.Fuzz(func(t *testing.T, text string, decimals int) {
		if decimals < 0 || decimals > 30 || !plainDecimal.MatchString(text) {
			t.Skip()
		}
		got := DecimalUnitsFloor(text, decimals)
		if want := unitsFloorRef(text, decimals); want.BitLen() <= 256 && got.ToBig().Cmp(want) != 0 {
			t.Fatalf("DecimalUnitsFloor(%q, %d) = %s, want %s", text, decimals, got.Dec(), want)
		}
	})
}

var plainDecimal = regexp.MustCompile(`^[0-9]{1,31}(\.[0-9]{1,30})?$`)

// A PriceShift reused over factors gives at each one what a fresh copy
// would (prices, venue prices and forwards scaled from the original, not
// from the previous factor), moves every named asset and nothing else, and
// leaves the original alone.
func TestPriceShiftReused(t *testing.T) {
	s, err := Load(doc(`"BTC": {"price": "100"}, "WBTC": {"price": "99", "backed_by": {"BTC": "1"}}, "ETH": {"price": "10"}`,
		`, "forwards": {"BTC": [{"expiry": "2027-11-25T00:00:00Z", "price": "110"}]}, "venue_prices": {"dex": {"BTC": "101", "ETH": "11"}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps := s.PriceShift("BTC", "WBTC", "BTC", "nope")
	for _, f := range []float64{2, 0.5, 3, 1} {
		m := ps.At(f)
		if m.Spot("BTC") != 100*f || m.Spot("WBTC") != 99*f || m.VenueSpot("dex", "BTC") != 101*f ||
			m.Spot("ETH") != 10 || m.VenueSpot("dex", "ETH") != 11 || m.ForwardAt("BTC", 1) != s.WithPriceScaled("BTC", f).ForwardAt("BTC", 1) {
			t.Fatalf("× %g: BTC %v WBTC %v dex %v/%v ETH %v forward %v", f, m.Spot("BTC"), m.Spot("WBTC"),
				m.VenueSpot("dex", "BTC"), m.VenueSpot("dex", "ETH"), m.Spot("ETH"), m.ForwardAt("BTC", 1))
		}
	}
	if s.Spot("BTC") != 100 || s.Spot("WBTC") != 99 || s.VenueSpot("dex", "BTC") != 101 || s.ForwardAt("BTC", 1) != 110 {
		t.Fatal("original snapshot changed")
	}
}
