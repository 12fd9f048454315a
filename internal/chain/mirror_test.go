package chain

import "testing"

// Goal: exactUnits reads what Amount.Units prints, past money.Decimal's 18
// places (shares carry 24), and nothing else.
func TestExactUnits(t *testing.T) {
	for _, c := range []struct {
		in   string
		dec  uint8
		want string // base units; "" = refused
	}{
		{"0", 24, "0"}, {"10", 24, "10000000000000000000000000"},
		{"0.000000000000000006914946", 24, "6914946"}, {"2500.5", 6, "2500500000"},
		{"0.0000001", 6, ""}, {"1.", 6, ""}, {".5", 6, ""}, {"1e3", 6, ""}, {"-1", 6, ""}, {"", 6, ""}, {"1.2.3", 6, ""},
	} {
		got, err := exactUnits(c.in, c.dec)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%q: accepted as %s", c.in, got.Big())
		case c.want != "" && (err != nil || got.Big().String() != c.want):
			t.Errorf("%q: %v %v, want %s", c.in, got.Big(), err, c.want)
		}
	}
}
