// ParseUnits is the inverse of money.Amount.Units for every amount the
// contract allows, at every scale the collateral layer renders: asset
// decimals (0–18) and vault share decimals (asset decimals + the 6-digit
// decimals offset, up to 24). A share balance the service prints must be
// accepted back verbatim by redeem, or the last share dust of an account
// could never be redeemed.
package ledger

import (
	"errors"
	"strings"
	"testing"

	"github.com/holiman/uint256"
	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/money"
)

func TestParseUnitsInvertsUnits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		decimals := uint8(rapid.IntRange(0, 24).Draw(t, "decimals"))
		// Up to 1e30 whole units: coef < 1e30·10^decimals.
		limit := new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(uint64(30+int(decimals))))
		raw := rapid.SliceOfN(rapid.Uint64(), 4, 4).Draw(t, "words")
		v := new(uint256.Int).SetBytes32(words32(raw))
		v.Mod(v, limit)
		if v.IsZero() {
			v.SetOne()
		}
		a, err := money.AmountFromBig(v.ToBig())
		if err != nil {
			t.Fatal(err)
		}
		text := a.Units(decimals)
		got, err := ParseUnits(text, decimals)
		if err != nil {
			t.Fatalf("ParseUnits(%q, %d): %v", text, decimals, err)
		}
		if got.Cmp(a) != 0 {
			t.Fatalf("ParseUnits(%q, %d) = %s, want %s", text, decimals, got.Units(decimals), text)
		}
	})
}

func words32(w []uint64) []byte {
	b := make([]byte, 32)
	for i, x := range w {
		for j := 0; j < 8; j++ {
			b[i*8+j] = byte(x >> (8 * j))
		}
	}
	return b
}

// The smallest share of a 6-decimal asset's vault (24 decimals) parses; one
// digit more than the scale is refused, naming the decimals.
func TestParseUnitsShareDust(t *testing.T) {
	dust := "0." + strings.Repeat("0", 23) + "1"
	a, err := ParseUnits(dust, 24)
	if err != nil {
		t.Fatalf("ParseUnits(%q, 24): %v", dust, err)
	}
	if a.Cmp(money.AmountFromUint64(1)) != 0 {
		t.Fatalf("ParseUnits(%q, 24) = %s base units, want 1", dust, a.Units(0))
	}
	_, err = ParseUnits(dust+"0", 24)
	if err == nil || !errors.Is(err, money.ErrAmountPrecision) || !strings.Contains(err.Error(), "more than 24 decimal places") {
		t.Fatalf("ParseUnits with 25 decimals: err = %v, want the precision refusal naming 24", err)
	}
}
