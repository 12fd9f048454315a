// A day's market: the market.json contract filled from the day's closes,
// loaded by market.Load like any other market, so every model reads the
// same validated snapshot it reads in production.
package backtest

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/market"
)

// WstETHPerWETH is the wstETH wrapping ratio every day's market uses: the
// demo market's (2023-10-31). The real ratio rose from about 1.06 (2021) to
// 1.12 (2023) with staking rewards; a constant ratio moves wstETH exactly
// with ETH, so the backtest carries no staking yield and no peg risk.
const WstETHPerWETH = "1.14512"

// assetSpec is one asset of a day's market: its root (Roots index, −1 for a
// stablecoin at 1), backing and the liquidity fields.
type assetSpec struct {
	sym, backing, ratio string
	root                int
	depthUSD            string
	spreadBps           int
}

// dayAssets are the assets of every day's market. Depth and spread are the
// demo market's (internal/demo/market.json, 2023-10-31); stETH takes
// wstETH's, USDT and DAI take USDC's.
var dayAssets = []assetSpec{
	{sym: "ETH", root: 0, depthUSD: "150000000", spreadBps: 1},
	{sym: "WETH", backing: "ETH", ratio: "1", root: 0, depthUSD: "80000000", spreadBps: 2},
	{sym: "stETH", backing: "WETH", ratio: "1", root: 0, depthUSD: "30000000", spreadBps: 5},
	{sym: "wstETH", backing: "WETH", ratio: WstETHPerWETH, root: 0, depthUSD: "30000000", spreadBps: 5},
	{sym: "BTC", root: 1, depthUSD: "120000000", spreadBps: 1},
	{sym: "WBTC", backing: "BTC", ratio: "1", root: 1, depthUSD: "25000000", spreadBps: 5},
	{sym: "USDC", root: -1, depthUSD: "500000000", spreadBps: 1},
	{sym: "USDT", root: -1, depthUSD: "500000000", spreadBps: 1},
	{sym: "DAI", root: -1, depthUSD: "500000000", spreadBps: 1},
}

// DayMarket is the market of history day d (d ≥ volWindowDays): as_of and
// every oracle time at 00:00 UTC, prices from the closes, ETH's and BTC's
// flat vol their realised vol. Errors come from market.Load (a bug: the
// document is ours).
func (h *History) DayMarket(d int) (*market.Snapshot, error) {
	at := h.Days[d].Format(time.RFC3339)
	assets := make(map[string]any, len(dayAssets))
	for _, a := range dayAssets {
		price := 1.0
		if a.root >= 0 {
			price = h.Close[a.root][d]
		}
		if a.ratio != "" {
			f, _ := strconv.ParseFloat(a.ratio, 64)
			price *= f
		}
		doc := map[string]any{"price": strconv.FormatFloat(price, 'f', 8, 64), "oracle_time": at,
			"depth_usd": a.depthUSD, "spread_bps": a.spreadBps}
		if a.backing != "" {
			doc["backed_by"] = map[string]string{a.backing: a.ratio}
		} else if a.root >= 0 {
			doc["vol"] = h.RealisedVol(a.root, d)
		}
		assets[a.sym] = doc
	}
	data, err := json.Marshal(map[string]any{"as_of": at, "assets": assets})
	if err != nil {
		return nil, err
	}
	return market.Load(data, market.Options{})
}
