// The embedded hourly WETH and WBTC prices (2021-01-01 to 2023-02-25) as a
// whole series, for callers outside the simulator (the margin backtest):
// the binary embeds the data once, here (data/README.md).
package cascade

import "fmt"

// PricePoint is one observation: Unix milliseconds and USD per unit.
type PricePoint struct {
	Ms    int64
	Price float64
}

// HourlyPrices returns the embedded series of sym ("WETH" or "WBTC", or the
// aliases ETH and BTC), in time order. Errors: an unknown symbol (naming
// the known ones), or a malformed embedded file.
func HourlyPrices(sym string) ([]PricePoint, error) {
	a := AssetIndex(sym)
	if a < 0 || backing[a] >= 0 {
		return nil, fmt.Errorf("no price history for %q (want WETH or WBTC, or ETH, BTC)", sym)
	}
	data, err := dataFS.ReadFile("data/" + Assets[a] + "_usd.csv")
	if err != nil {
		return nil, err
	}
	pts, err := readHourly(data, -1<<62, 1<<62)
	if err != nil {
		return nil, fmt.Errorf("embedded %s prices: %w", Assets[a], err)
	}
	return pts, nil
}

// PriceAt interpolates pts (time order) linearly in time at ms; outside
// their range it is the nearest end's price.
func PriceAt(pts []PricePoint, ms int64) float64 { return interpolate(pts, float64(ms)) }
