package money

import (
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

// floor ≤ r < floor + 10^−scale, and ceil is floor or one unit above.
func TestDecimalFromRatBrackets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := big.NewRat(rapid.Int64().Draw(t, "num"), rapid.Int64Range(1, 1e12).Draw(t, "den"))
		scale := rapid.IntRange(0, 18).Draw(t, "scale")
		lo, err := DecimalFromRatFloor(r, scale)
		if err != nil {
			t.Fatal(err)
		}
		hi, err := DecimalFromRatCeil(r, scale)
		if err != nil {
			t.Fatal(err)
		}
		unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
		if lo.Rat().Cmp(r) > 0 || new(big.Rat).Add(lo.Rat(), unit).Cmp(r) <= 0 {
			t.Fatalf("floor(%s, %d) = %s", r.RatString(), scale, lo)
		}
		if d := new(big.Rat).Sub(hi.Rat(), lo.Rat()); d.Sign() != 0 && d.Cmp(unit) != 0 || hi.Rat().Cmp(r) < 0 {
			t.Fatalf("ceil(%s, %d) = %s, floor %s", r.RatString(), scale, hi, lo)
		}
	})
}

func TestDecimalFromRatExamples(t *testing.T) {
	for _, c := range []struct {
		num, den int64
		scale    int
		floor    string
		ceil     string
	}{{1, 2, 0, "0", "1"}, {-1, 2, 0, "-1", "0"}, {-1, 3, 2, "-0.34", "-0.33"}, {12, 1, 6, "12", "12"}, {0, 1, 4, "0", "0"}} {
		r := big.NewRat(c.num, c.den)
		f, _ := DecimalFromRatFloor(r, c.scale)
		u, _ := DecimalFromRatCeil(r, c.scale)
		if f.String() != c.floor || u.String() != c.ceil {
			t.Errorf("%d/%d at %d: floor %s ceil %s, want %s %s", c.num, c.den, c.scale, f, u, c.floor, c.ceil)
		}
	}
	if _, err := DecimalFromRatFloor(big.NewRat(1, 3), 19); err == nil {
		t.Error("scale 19 accepted")
	}
}
