// Inverse and linear delta-one P&L: worked numbers and the exit-price identity.

package pricing

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestInversePnL checks worked numbers: 1 BTC of notional entered at 20,000.
func TestInversePnL(t *testing.T) {
	cases := []struct {
		name                         string
		quantity, entry, price, want float64
	}{
		// Long 1 BTC-worth (20,000 USD notional): at 25,000 the gain is
		// 20,000·(1/20,000 − 1/25,000) = 0.2 BTC, worth 5,000 USD at 25,000.
		{"long up", 1, 20000, 25000, 0.2},
		// The same move down loses more coin: 20,000·(1/20,000 − 1/16,000) = −0.25.
		{"long down", 1, 20000, 16000, -0.25},
		{"short up", -2, 20000, 25000, -0.4},
		{"flat", 3, 20000, 20000, 0},
	}
	for _, c := range cases {
		checkClose(t, c.name, InversePnLCoin(c.quantity, c.entry, c.price), c.want, 1e-15, 1)
	}
	checkClose(t, "linear", LinearPnLUSD(-2, 20000, 25000), -10000, 0, 1)
	checkClose(t, "ToCoin", ToCoin(5000, 25000), 0.2, 1e-16, 1)
	checkClose(t, "FromCoin", FromCoin(0.2, 25000), 5000, 1e-12, 1)
}

// TestInverseIsLinearAtExit: converted to USD at the exit price, inverse coin
// P&L is the linear USD P&L, and the coin conversions invert each other.
func TestInverseIsLinearAtExit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Quantities from 1e-8 to 1e4 units, long or short; subnormal ones
		// would lose the relative precision the check asks for.
		quantity := math.Exp(rapid.Float64Range(math.Log(1e-8), math.Log(1e4)).Draw(t, "lnQuantity"))
		quantity *= rapid.SampledFrom([]float64{1, -1}).Draw(t, "side")
		entry := rapid.Float64Range(1, 1e6).Draw(t, "entry")
		price := rapid.Float64Range(1, 1e6).Draw(t, "price")
		linear := LinearPnLUSD(quantity, entry, price)
		scale := math.Abs(quantity) * max(entry, price)
		checkClose(t, "inverse at exit", FromCoin(InversePnLCoin(quantity, entry, price), price), linear, 1e-14, scale)
		checkClose(t, "round trip", FromCoin(ToCoin(linear, price), price), linear, 1e-15, math.Abs(linear))
	})
}
