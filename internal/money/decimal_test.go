package money

import (
	"math/big"
	"strconv"
	"testing"

	"github.com/holiman/uint256"
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

// Cmp in 256-bit integers agrees with the exact rational comparison on
// decimals of any coefficient (up to 256 bits), scale (normalised or not,
// past 77 digits too) and sign, and on equal values written at two scales.
func TestDecimalCmpProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		draw := func(name string) Decimal {
			var d Decimal
			words := rapid.SliceOfN(rapid.Uint64(), 4, 4).Draw(t, name+".coef")
			bits := rapid.IntRange(0, 256).Draw(t, name+".bits")
			d.coef.SetFromBig(new(big.Int).Rsh(new(uint256.Int).SetBytes32(wordBytes(words)).ToBig(), uint(256-bits)))
			d.scale = uint8(rapid.IntRange(0, 255).Draw(t, name+".scale"))
			d.neg = !d.coef.IsZero() && rapid.Bool().Draw(t, name+".neg")
			return d
		}
		d, e := draw("d"), draw("e")
		if got, want := d.Cmp(e), d.rat().Cmp(e.rat()); got != want {
			t.Fatalf("%v (scale %d) Cmp %v (scale %d) = %d, want %d", d, d.scale, e, e.scale, got, want)
		}
		// d again at a scale k digits larger: equal.
		k := rapid.IntRange(0, 30).Draw(t, "k")
		same := d
		if mulPow10(&same.coef, k) && int(same.scale)+k <= 255 {
			same.scale += uint8(k)
			if got := d.Cmp(same); got != 0 || same.Cmp(d) != 0 {
				t.Fatalf("%v Cmp itself ×10^%d / 10^%d = %d", d, k, k, got)
			}
		}
	})
}

func wordBytes(w []uint64) []byte {
	out := make([]byte, 0, 32)
	for _, x := range w {
		for i := 7; i >= 0; i-- {
			out = append(out, byte(x>>(8*i)))
		}
	}
	return out
}
