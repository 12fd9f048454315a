package money

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

func TestAmountExact(t *testing.T) {
	a, err := AmountExact(MustDecimal("1.5"), 6)
	if err != nil || a.Big().String() != "1500000" || a.Units(6) != "1.5" {
		t.Fatalf("AmountExact(1.5, 6) = %v, %v", a.Big(), err)
	}
	if _, err := AmountExact(MustDecimal("0.0000001"), 6); !errors.Is(err, ErrAmountPrecision) {
		t.Fatalf("7 decimals into a 6-decimal asset: got %v, want ErrAmountPrecision", err)
	}
	if _, err := AmountExact(MustDecimal("-1"), 6); !errors.Is(err, ErrAmountNegative) {
		t.Fatalf("negative amount: got %v", err)
	}
}

func TestAmountArithmeticOverflow(t *testing.T) {
	big1, _ := new(big.Int).SetString("115792089237316195423570985008687907853269984665640564039457584007913129639935", 10)
	max, err := AmountFromBig(big1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := max.Add(AmountFromUint64(1)); !errors.Is(err, ErrAmountOverflow) {
		t.Fatalf("max+1: got %v, want ErrAmountOverflow", err)
	}
	if _, err := AmountFromUint64(1).Sub(AmountFromUint64(2)); !errors.Is(err, ErrAmountNegative) {
		t.Fatalf("1-2: got %v, want ErrAmountNegative", err)
	}
	if _, err := AmountFromBig(new(big.Int).Lsh(big.NewInt(1), 256)); !errors.Is(err, ErrAmountOverflow) {
		t.Fatalf("2^256: got %v", err)
	}
}

// Requirements round up and collateral rounds down, each by less than one
// base unit: the one float-to-money conversion point is conservative.
func TestFromFloatRoundingDirectionProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		units := rapid.Float64Range(0, 1e12).Draw(t, "units")
		decimals := uint8(rapid.IntRange(0, 18).Draw(t, "decimals"))
		exact := new(big.Rat).SetFloat64(units)
		exact.Mul(exact, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)))
		up, err := FromFloatCeil(units, decimals)
		if err != nil {
			t.Fatal(err)
		}
		down, err := FromFloatFloor(units, decimals)
		if err != nil {
			t.Fatal(err)
		}
		upR, downR := new(big.Rat).SetInt(up.Big()), new(big.Rat).SetInt(down.Big())
		if upR.Cmp(exact) < 0 || downR.Cmp(exact) > 0 {
			t.Fatalf("units %v dec %d: ceil %s floor %s exact %s", units, decimals, up.Big(), down.Big(), exact.FloatString(4))
		}
		diff := new(big.Int).Sub(up.Big(), down.Big())
		if diff.Cmp(big.NewInt(1)) > 0 {
			t.Fatalf("ceil and floor differ by %s base units", diff)
		}
	})
}

func TestFromFloatRejects(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := FromFloatCeil(x, 6); !errors.Is(err, ErrNotFinite) {
			t.Errorf("FromFloatCeil(%v): %v", x, err)
		}
	}
	if _, err := FromFloatFloor(-0.5, 6); !errors.Is(err, ErrAmountNegative) {
		t.Errorf("negative: %v", err)
	}
	if _, err := FromFloatCeil(1e80, 0); !errors.Is(err, ErrAmountOverflow) {
		t.Errorf("1e80: %v", err)
	}
}
