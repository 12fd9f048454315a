package liquidation

// Goal: the liquidation preview never panics on input the parsers accept
// (issue 15: a notional above ~1e40 panicked in the exact-decimal
// helpers). Method: a fuzz target over the preview's inputs — each model's
// amounts, quantities and prices across every magnitude the contracts
// admit (quantities ≤ 1e15, amounts and prices ≤ 1e30), the penalty and
// the insurance fund — builds a book; when the portfolio and market
// parsers accept it, Run must return a report or an error (never panic),
// and a report must encode as JSON.

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// decimalText is m × 10^e as a plain decimal string (e in [−18, 40]).
func decimalText(m uint32, e int8) string {
	e = max(min(e, 40), -18)
	s := fmt.Sprint(m)
	if e >= 0 {
		return s + strings.Repeat("0", int(e))
	}
	if n := int(-e); len(s) <= n {
		s = strings.Repeat("0", n-len(s)+1) + s
	}
	cut := len(s) + int(e)
	return s[:cut] + "." + s[cut:]
}

// fuzzBook is a book of one venue of the model (0 Aave, 1 Compound, 2
// Hyperliquid perp, 3 Deribit-style future, 4 custody) with the drawn
// sizes, against WETH, BTC and USDC at the drawn prices.
func fuzzBook(model uint8, coll, debt, qty, wethPx, btcPx, usdcPx string) string {
	lines := []string{
		fmt.Sprintf(`asset WETH {"price": %q, "vol": 0.7, "depth_usd": "80000000", "spread_bps": 2}`, wethPx),
		fmt.Sprintf(`asset BTC {"price": %q, "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1}`, btcPx),
		fmt.Sprintf(`asset USDC {"price": %q, "depth_usd": "500000000"}`, usdcPx),
	}
	switch model % 5 {
	case 0:
		lines = append(lines, fmt.Sprintf(`venue {"id": "aave", "model": "aave-v3", "chain": "ethereum", `+
			`"collateral": [{"asset": "WETH", "amount": %q}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": %q}]}`, coll, debt))
	case 1:
		lines = append(lines, fmt.Sprintf(`venue {"id": "comet", "model": "compound-v3", "chain": "ethereum", `+
			`"collateral": [{"asset": "WETH", "amount": %q}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": %q}]}`, coll, debt))
	case 2:
		lines = append(lines, fmt.Sprintf(`venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", `+
			`"collateral": [{"asset": "USDC", "amount": %q}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": %q, "entry_price": %q}]}`,
			coll, qty, btcPx))
	case 3:
		lines = append(lines, fmt.Sprintf(`venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", `+
			`"collateral": [{"asset": "WETH", "amount": %q}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": %q}, `+
			`{"kind": "perp", "underlying": "WETH", "quantity": %q}]}`, coll, qty, "-"+strings.TrimPrefix(qty, "-")))
	default:
		lines = append(lines, fmt.Sprintf(`venue {"id": "wallet", "model": "custody", "chain": "ethereum", `+
			`"collateral": [{"asset": "WETH", "amount": %q}], "positions": []}`, coll))
	}
	return strings.Join(lines, "\n")
}

// parseCase is buildCase without failing: nil when a parser refuses.
func parseCase(text string) (*market.Snapshot, *portfolio.Portfolio) {
	assets := map[string]json.RawMessage{}
	var venues []json.RawMessage
	for _, line := range strings.Split(text, "\n") {
		word, rest, _ := strings.Cut(line, " ")
		if word == "asset" {
			sym, obj, _ := strings.Cut(rest, " ")
			assets[sym] = json.RawMessage(obj)
		} else {
			venues = append(venues, json.RawMessage(rest))
		}
	}
	mdoc, _ := json.Marshal(map[string]any{"as_of": "2026-11-25T00:00:00Z", "assets": assets, "rates": map[string]any{"USD": 0.04}})
	m, err := market.Load(mdoc, market.Options{})
	if err != nil {
		return nil, nil
	}
	pdoc, _ := json.Marshal(map[string]any{"account": "test", "venues": venues})
	b, err := portfolio.Parse(pdoc)
	if err != nil || portfolio.Check(b, m) != nil {
		return nil, nil
	}
	return m, b
}

func FuzzPreview(f *testing.F) {
	f.Add(uint8(0), uint32(1), int8(41), uint32(9), int8(40), uint32(1), int8(3), uint32(2), int8(3), uint32(9), int8(4), uint32(1), int8(0), 0.01, 0.0)
	f.Add(uint8(1), uint32(1), int8(30), uint32(1), int8(30), uint32(1), int8(0), uint32(1), int8(30), uint32(1), int8(30), uint32(1), int8(0), 0.5, 1e15)
	f.Add(uint8(2), uint32(1), int8(30), uint32(0), int8(0), uint32(1), int8(15), uint32(1), int8(0), uint32(1), int8(30), uint32(1), int8(0), 0.01, 0.0)
	f.Add(uint8(3), uint32(1), int8(3), uint32(0), int8(0), uint32(1), int8(15), uint32(1), int8(30), uint32(1), int8(30), uint32(1), int8(0), 0.99, 0.0)
	f.Add(uint8(4), uint32(1), int8(30), uint32(0), int8(0), uint32(0), int8(0), uint32(1), int8(30), uint32(1), int8(0), uint32(1), int8(0), 0.0, 0.0)
	f.Add(uint8(0), uint32(1), int8(-18), uint32(1), int8(-6), uint32(1), int8(-18), uint32(1), int8(-18), uint32(1), int8(-18), uint32(1), int8(0), 0.01, 0.0)
	// The fuzzer's first find: a 1.3e26 USD perp settled in a USDC priced
	// 1.19e-16 is 1e42 units (under the USD bound alone it panicked).
	f.Add(uint8('%'), uint32(0), int8(45), uint32(35), int8(36), uint32(74), int8(3), uint32(87), int8(-123), uint32(172), int8(19), uint32(119), int8(-106), 0.002333333333333333, 0.0)
	f.Fuzz(func(t *testing.T, model uint8, cm uint32, ce int8, dm uint32, de int8, qm uint32, qe int8,
		wm uint32, we int8, bm uint32, be int8, um uint32, ue int8, penalty, fund float64) {
		if math.IsNaN(penalty) || penalty < 0 || penalty >= 1 || math.IsNaN(fund) || fund < 0 || fund > 1e15 {
			return // the route's bounds (server: LiquidationBody)
		}
		qty := decimalText(qm, qe)
		if qm%2 == 1 {
			qty = "-" + qty
		}
		text := fuzzBook(model, decimalText(cm, ce), decimalText(dm, de), qty, decimalText(wm, we), decimalText(bm, be), decimalText(um, ue))
		m, b := parseCase(text)
		if m == nil {
			return
		}
		opt := DefaultOptions()
		opt.PenaltyRate, opt.InsuranceFundUSD = penalty, fund
		rep, err := Run(b, m, margin.DefaultRiskParams(), opt)
		if err != nil {
			return
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatalf("report does not encode: %v\n%s", err, text)
		}
	})
}
