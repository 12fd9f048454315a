package money

import (
	"math/big"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

func TestParseDecimalValid(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0", "0"}, {"-0", "0"}, {"000.000", "0"}, {"1", "1"}, {"-90000", "-90000"},
		{"1.250", "1.25"}, {"0.000000000000000001", "0.000000000000000001"},
		{"1000000000000000000000000000000", "1000000000000000000000000000000"},
		{"-12.5", "-12.5"}, {"007", "7"},
	}
	for _, c := range cases {
		d, err := ParseDecimal(c.in)
		if err != nil {
			t.Fatalf("ParseDecimal(%q): %v", c.in, err)
		}
		if got := d.String(); got != c.want {
			t.Errorf("ParseDecimal(%q).String() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseDecimalInvalid(t *testing.T) {
	for _, in := range []string{"", "-", ".", "1.", ".5", "+1", "1e5", "NaN", "Inf", "-Inf", " 1", "1 ",
		"0x10", "1,000", "1.2.3", "--1", "0.0000000000000000001", "12345678901234567890123456789012345678901"} {
		if _, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) succeeded, want an error", in)
		}
	}
}

// The canonical text of a parsed decimal parses back to the same value, and
// Float64 is the correctly rounded float of the exact value.
func TestDecimalRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		intPart := rapid.Uint64().Draw(t, "int")
		frac := rapid.StringMatching(`[0-9]{0,18}`).Draw(t, "frac")
		neg := rapid.Bool().Draw(t, "neg")
		s := strconv.FormatUint(intPart, 10)
		if frac != "" {
			s += "." + frac
		}
		if neg {
			s = "-" + s
		}
		d, err := ParseDecimal(s)
		if err != nil {
			t.Fatalf("ParseDecimal(%q): %v", s, err)
		}
		back, err := ParseDecimal(d.String())
		if err != nil || back.Cmp(d) != 0 {
			t.Fatalf("round trip of %q via %q failed: %v", s, d.String(), err)
		}
		r, _ := new(big.Rat).SetString(s)
		want, _ := r.Float64()
		if got := d.Float64(); got != want {
			t.Fatalf("Float64(%q) = %v, want %v", s, got, want)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "1e5", "000.100", "NaN", "99999999999999999999.999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		r, ok := new(big.Rat).SetString(s)
		if !ok || r.Cmp(d.Rat()) != 0 {
			t.Fatalf("ParseDecimal(%q) = %s, not the same value", s, d.String())
		}
		if d.Scale() > MaxScale {
			t.Fatalf("scale %d over the limit", d.Scale())
		}
	})
}
