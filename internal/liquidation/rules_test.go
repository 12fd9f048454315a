package liquidation

// Goal: the isolated preview runs each venue's registry rule with the
// venue's own parameters. An override of a liquidation parameter in the
// book's params changes the preview exactly as the rule says; a rule the
// engine cannot run is an error naming the model, never a default.

import (
	"strings"
	"sync"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// isolated runs the preview on one venue line and returns its actions,
// one "kind asset amount" a line.
func isolated(t *testing.T, assets, venueJSON string) (string, Venue) {
	t.Helper()
	m, b := buildCase(t, assets+"\nvenue "+venueJSON)
	rep, err := Run(b, m, margin.DefaultRiskParams(), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	v := rep.Venues[0]
	var s strings.Builder
	for _, a := range v.Actions {
		s.WriteString(a.Kind + " " + a.Asset + " " + a.Amount + "\n")
	}
	return s.String(), v
}

func TestOverridesReachLiquidation(t *testing.T) {
	// testdata/venues.txt's partial case: 14000 USDC, 5 BTC long from 92000
	// at 90000: equity 4000 < MM 5625 (1.25% of 450000) and above 2/3 of it.
	const btc = "asset BTC {\"price\": \"90000\", \"vol\": 0.55, \"depth_usd\": \"250000000\", \"spread_bps\": 1}\n" +
		"asset USDC {\"price\": \"1\"}"
	hl := func(params string) string {
		return `{"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", "collateral": [{"asset": "USDC", ` +
			`"amount": "14000"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "5", ` +
			`"entry_price": "92000"}]` + params + `}`
	}
	const gmxAssets = "asset ETH {\"price\": \"1650\", \"vol\": 0.7}\nasset USDC {\"price\": \"1\"}"
	gmx := func(params string) string {
		return `{"id": "gmx", "model": "gmx-v2", "chain": "arbitrum", "collateral": [{"asset": "USDC", ` +
			`"amount": "1450"}], "positions": [{"kind": "perp", "underlying": "ETH", "quantity": "30", ` +
			`"entry_price": "1690"}]` + params + `}`
	}
	const weth = "asset WETH {\"price\": \"1650\"}\nasset USDC {\"price\": \"1\"}"
	aave := func(params string) string {
		return `{"id": "aave", "model": "aave-v3", "chain": "ethereum", "collateral": [{"asset": "WETH", ` +
			`"amount": "10"}], "positions": [{"kind": "borrow", "asset": "USDC", "amount": "14000"}]` + params + `}`
	}
	for _, tc := range []struct {
		name, assets, venue, want string
	}{
		// testdata/venues.txt's Aave case: 50% of 14000 repaid, base collateral
		// floor(7000·1e8·1e18 / (1650e8·1e6)) = 4.242424242424242424 WETH, seized
		// with the 5% bonus: 4.454545454545454545 …
		{"aave default", weth, aave(""),
			"repay USDC 7000\nseize WETH 4.454545454545454545\nprotocol_fee WETH 0.021212121212121212\n"},
		// … with an 8% bonus: percentMul(4.242424242424242424, 10800) =
		// 4.581818181818181818; the protocol's 10% of the bonus part
		// (4.581818181818181818 − percentDiv(·, 10800) = 0.339393939393939394)
		// is 0.033939393939393939.
		{"aave bonus", weth, aave(`, "params": {"WETH.liquidation_bonus": 10800}`),
			"repay USDC 7000\nseize WETH 4.581818181818181818\nprotocol_fee WETH 0.033939393939393939\n"},
		// Default: notional 450000 > 100000, one order sends 20%: 1 BTC.
		{"hl default", btc, hl(""), "close BTC-PERP 1\n"},
		// partial_liquidation_fraction 0.5: the order sends 2.5 BTC.
		{"hl fraction", btc, hl(`, "params": {"partial_liquidation_fraction": 0.5}`), "close BTC-PERP 2.5\n"},
		// The threshold above the notional: the position closes whole.
		{"hl threshold", btc, hl(`, "params": {"partial_liquidation_threshold_usd": 500000}`), "close BTC-PERP 5\n"},
		// backstop_liquidation_ratio 0.8: 4000 < 0.8 × 5625 = 4500, the backstop takes all.
		{"hl backstop", btc, hl(`, "params": {"backstop_liquidation_ratio": 0.8}`),
			"backstop BTC-PERP 5\nbackstop USDC 14000\n"},
		// GMX: 1500 USDC, 30 ETH long from 1690 at 1650: equity 1450 − 1200 = 250 < MM ≈ 284;
		// the close leaves 250 and the fee is 0.2% of 49500 = 99 USDC …
		{"gmx default", gmxAssets, gmx(""), "close ETH-PERP 30\nliquidation_fee USDC 99\n"},
		// … or 0.1% = 49.5 with the override.
		{"gmx fee", gmxAssets, gmx(`, "params": {"liquidation_fee_factor": 0.001}`),
			"close ETH-PERP 30\nliquidation_fee USDC 49.5\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, v := isolated(t, tc.assets, tc.venue)
			if !v.Liquidatable || got != tc.want {
				t.Errorf("liquidatable=%v actions:\n%swant:\n%s", v.Liquidatable, got, tc.want)
			}
		})
	}
}

// teleport is a model whose rule names a mechanism no executor runs.
type teleport struct{}

func (teleport) Name() string          { return "test-teleport" }
func (teleport) Source() string        { return "test" }
func (teleport) Params() []venue.Param { return nil }
func (teleport) Margin(*portfolio.Venue, *market.Snapshot) (venue.Result, error) {
	return venue.Result{Equity: -1, Maintenance: 1}, nil
}
func (teleport) Liquidation(*portfolio.Venue, *market.Snapshot) (venue.Liquidation, error) {
	return venue.Liquidation{Mechanism: "teleport"}, nil
}

// registerTeleport registers the test model once per process: Register
// panics on a second registration, so -count=2 would fail.
var registerTeleport sync.Once

func TestUnknownRuleIsAnError(t *testing.T) {
	registerTeleport.Do(func() { venue.Register(teleport{}) })
	m, b := buildCase(t, "asset USDC {\"price\": \"1\"}\nvenue "+
		`{"id": "w", "model": "custody", "chain": "ethereum", "collateral": [{"asset": "USDC", "amount": "1"}], "positions": []}`)
	b.Venues[0].Model = "test-teleport"
	_, err := Run(b, m, margin.DefaultRiskParams(), DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), "test-teleport") || !strings.Contains(err.Error(), "teleport") {
		t.Fatalf("Run = %v, want an error naming the model and its mechanism", err)
	}
	b.Venues[0].Model = "no-such-model"
	_, err = Run(b, m, margin.DefaultRiskParams(), DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), "no-such-model") {
		t.Fatalf("Run = %v, want an error naming the unknown model", err)
	}
}
