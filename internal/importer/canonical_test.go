package importer

import (
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/money"
)

// TestCanonicalDecimal pins the spellings an importer may meet in a venue's
// document or a spreadsheet: a negative zero is zero (decided for issue 17:
// "-0" is a valid spelling of 0 that venue APIs print, so it is normalised,
// not refused), trailing and leading zeros go, anything else is left for the
// contract's parser to refuse with its own message.
func TestCanonicalDecimal(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"-0", "0"}, {"-0.0", "0"}, {"0.000", "0"}, {"-000", "0"},
		{"3050.50", "3050.5"}, {"-0.5", "-0.5"}, {"007", "7"}, {"1", "1"},
		{"0.000000000000000000000001", "0.000000000000000000000001"}, // 24 places: vault shares
		{"abc", "abc"}, {"+1", "+1"}, {"1e3", "1e3"}, {"", ""}, {"-", "-"}, {"1.", "1."},
	} {
		if got := CanonicalDecimal(c.in); got != c.want {
			t.Errorf("CanonicalDecimal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCheckCanonicalNamesThePath: a document with "-0" (the csv-book
// importer wrote one before it canonicalised its cells) is refused with the
// field's path; decimal-looking strings outside decimal fields (an id "007")
// are not decimals.
func TestCheckCanonicalNamesThePath(t *testing.T) {
	bad := `{"account":"007","venues":[{"id":"01","collateral":[{"asset":"USDC","amount":"1"}],` +
		`"positions":[{"kind":"perp","quantity":"-0"}]}]}`
	err := checkCanonical([]byte(bad))
	if err == nil || !strings.Contains(err.Error(), `venues[0].positions[0].quantity: "-0"`) {
		t.Fatalf("checkCanonical = %v, want the quantity's path and value", err)
	}
	market := `{"as_of":"x","assets":{"ETH":{"price":"3000","backed_by":{"ETH":"1.0"}}}}`
	if err := checkCanonical([]byte(market)); err == nil || !strings.Contains(err.Error(), "assets.ETH.backed_by.ETH") {
		t.Fatalf("checkCanonical(market) = %v, want the backing ratio's path", err)
	}
	good := `{"account":"007","venues":[{"id":"01","collateral":[],"positions":[{"kind":"perp","quantity":"-0.5"}]}]}`
	if err := checkCanonical([]byte(good)); err != nil {
		t.Fatal(err)
	}
}

// FuzzCanonicalDecimal: the canonical form is a fixed point, denotes the
// same number, and is never a negative zero.
func FuzzCanonicalDecimal(f *testing.F) {
	for _, s := range []string{"-0", "-0.0", "0", "1.50", "-007.100", "abc", "-", "1e5", "0.000000000000000000000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CanonicalDecimal(s)
		if CanonicalDecimal(c) != c {
			t.Fatalf("not a fixed point: %q → %q → %q", s, c, CanonicalDecimal(c))
		}
		d, err := money.ParseDecimalUnits(s, money.MaxUnitScale)
		if err != nil {
			if c != s {
				t.Fatalf("unparseable %q rewritten to %q", s, c)
			}
			return
		}
		e, err := money.ParseDecimalUnits(c, money.MaxUnitScale)
		if err != nil || e.Cmp(d) != 0 {
			t.Fatalf("%q → %q changes the number (%v)", s, c, err)
		}
		if strings.HasPrefix(c, "-") && e.Sign() == 0 {
			t.Fatalf("%q → %q: a negative zero", s, c)
		}
	})
}
