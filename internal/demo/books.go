// Random realistic books on the demo market (Book), for measuring the
// margin path on books never seen before: `unimargin loadtest --distinct`
// sends one per request, and the margin and server benchmarks of distinct
// books run on them. Book i of seed s is the same on every run
// (math/rand/v2 PCG seeded with (s, i)), so a slow or failing request can
// be margined again from its number (`loadtest --print-book I`). A book
// holds two to eight of the demo's kinds of venue — Aave v3 loops and
// borrows (bridged collateral among them), Compound v3, Deribit portfolio
// and standard margin with options across the surface's strikes and
// expiries, dYdX, Hyperliquid and GMX perps, custody wallets — each sized
// at random around the demo's own positions, leverage kept where the
// venue's rules accept it (a venue may still end up liquidatable: that is a
// report, not an error).
package demo

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
)

// The demo market's prices (internal/demo/market.json) and its option grid.
const (
	loadBTC    = 34830.0
	loadETH    = 1816.85499606
	loadWstETH = 2080.52489524
)

var (
	loadStrikes  = []float64{21000, 24000, 28000, 31000, 35000, 38000, 42000, 49000, 56000}
	loadExpiries = []string{"2023-11-24T08:00:00Z", "2023-12-29T08:00:00Z", "2024-03-29T08:00:00Z"}
)

// The portfolio.json contract, as the generator writes it.
type (
	loadBook struct {
		Account string      `json:"account"`
		Venues  []loadVenue `json:"venues"`
	}
	loadVenue struct {
		ID         string           `json:"id"`
		Model      string           `json:"model"`
		Chain      string           `json:"chain"`
		Params     string           `json:"params,omitempty"`
		EMode      int              `json:"emode,omitempty"`
		Collateral []loadCollateral `json:"collateral"`
		Positions  []loadPosition   `json:"positions"`
	}
	loadCollateral struct {
		Asset  string `json:"asset"`
		Amount string `json:"amount"`
		Bridge string `json:"bridge,omitempty"`
	}
	loadPosition struct {
		Kind       string `json:"kind"`
		Asset      string `json:"asset,omitempty"`
		Amount     string `json:"amount,omitempty"`
		Underlying string `json:"underlying,omitempty"`
		Right      string `json:"right,omitempty"`
		Strike     string `json:"strike,omitempty"`
		Expiry     string `json:"expiry,omitempty"`
		Quantity   string `json:"quantity,omitempty"`
		EntryPrice string `json:"entry_price,omitempty"`
		Funding    string `json:"funding,omitempty"`
	}
)

// bookGen draws one book.
type bookGen struct{ r *rand.Rand }

// Book is book i of seed on the demo market (MarketJSON): a portfolio.json
// document. Every book margins without error there; no two are equal.
func Book(seed uint64, i int) []byte {
	g := bookGen{rand.New(rand.NewPCG(seed, uint64(i)))}
	kinds := []func() loadVenue{g.aaveLoop, g.aaveBorrow("aave-btc", "ethereum", ""),
		g.aaveBorrow("aave-arb", "arbitrum", "arbitrum-canonical"), g.compound, g.deribit("deribit-pm", "deribit-pm"),
		g.deribit("deribit-std", "deribit-standard"), g.perps("dydx", "dydx-v4", "dydx"),
		g.perps("hyperliquid", "hyperliquid", "hyperliquid"), g.perps("gmx", "gmx-v2", "arbitrum"), g.custody}
	g.r.Shuffle(len(kinds), func(a, b int) { kinds[a], kinds[b] = kinds[b], kinds[a] })
	book := loadBook{Account: "load-" + strconv.FormatUint(seed, 10) + "-" + strconv.Itoa(i)}
	for _, venue := range kinds[:2+g.r.IntN(7)] {
		book.Venues = append(book.Venues, venue())
	}
	out, _ := json.Marshal(book) // plain structs and strings: cannot fail
	return out
}

// between is uniform in [lo, hi).
func (g bookGen) between(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

// signed is ±between(lo, hi).
func (g bookGen) signed(lo, hi float64) float64 {
	if g.r.IntN(2) == 0 {
		return -g.between(lo, hi)
	}
	return g.between(lo, hi)
}

// dec writes x with at most places decimals (no exponent, no "-0").
func dec(x float64, places int) string {
	p := math.Pow10(places)
	x = math.Round(x*p) / p
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// aaveLoop is an e-mode wstETH/WETH loop at 50–90% of the collateral's value.
func (g bookGen) aaveLoop() loadVenue {
	c := g.between(20, 800)
	debt := c * loadWstETH / loadETH * g.between(0.5, 0.9)
	return loadVenue{ID: "aave-eth", Model: "aave-v3", Chain: "ethereum", Params: "aave-v3-ethereum-2023-10-31", EMode: 1,
		Collateral: []loadCollateral{{Asset: "wstETH", Amount: dec(c, 4)}},
		Positions:  []loadPosition{{Kind: "borrow", Asset: "WETH", Amount: dec(debt, 4)}}}
}

// aaveBorrow is WBTC collateral against a USDC borrow of 20–70% of its value.
func (g bookGen) aaveBorrow(id, chain, bridge string) func() loadVenue {
	return func() loadVenue {
		c := g.between(1, 50)
		return loadVenue{ID: id, Model: "aave-v3", Chain: chain, Params: "aave-v3-ethereum-2023-10-31",
			Collateral: []loadCollateral{{Asset: "WBTC", Amount: dec(c, 4), Bridge: bridge}},
			Positions:  []loadPosition{{Kind: "borrow", Asset: "USDC", Amount: dec(c*loadBTC*g.between(0.2, 0.7), 2)}}}
	}
}

// compound is WETH collateral against a USDC borrow of 20–70% of its value.
func (g bookGen) compound() loadVenue {
	c := g.between(10, 300)
	return loadVenue{ID: "compound", Model: "compound-v3", Chain: "ethereum", Params: "compound-v3-ethereum-usdc",
		Collateral: []loadCollateral{{Asset: "WETH", Amount: dec(c, 4)}},
		Positions:  []loadPosition{{Kind: "borrow", Asset: "USDC", Amount: dec(c*loadETH*g.between(0.2, 0.7), 2)}}}
}

// deribit is BTC collateral with one to six BTC options on the surface's
// grid, a perp or a future near spot.
func (g bookGen) deribit(id, model string) func() loadVenue {
	return func() loadVenue {
		v := loadVenue{ID: id, Model: model, Chain: "offchain",
			Collateral: []loadCollateral{{Asset: "BTC", Amount: dec(g.between(4, 40), 4)}}}
		if model == "deribit-pm" {
			v.Params = "deribit-pm-btc-2024-06"
		}
		for range 1 + g.r.IntN(6) {
			right := "call"
			if g.r.IntN(2) == 0 {
				right = "put"
			}
			v.Positions = append(v.Positions, loadPosition{Kind: "option", Underlying: "BTC", Right: right,
				Strike:   dec(loadStrikes[g.r.IntN(len(loadStrikes))], 0),
				Expiry:   loadExpiries[g.r.IntN(len(loadExpiries))],
				Quantity: dec(g.signed(1, 20), 1)})
		}
		switch g.r.IntN(3) {
		case 0:
			v.Positions = append(v.Positions, loadPosition{Kind: "perp", Underlying: "BTC",
				Quantity: dec(g.signed(0.5, 8), 3), EntryPrice: dec(loadBTC*g.between(0.97, 1.03), 1)})
		case 1:
			v.Positions = append(v.Positions, loadPosition{Kind: "future", Underlying: "BTC",
				Quantity: dec(g.signed(0.5, 8), 3), EntryPrice: dec(loadBTC*g.between(0.99, 1.05), 1),
				Expiry: loadExpiries[1+g.r.IntN(2)]})
		}
		return v
	}
}

// perps is USDC collateral with one or two perps (GMX: one) at 1–6×
// leverage.
func (g bookGen) perps(id, model, chain string) func() loadVenue {
	return func() loadVenue {
		usdc := g.between(10_000, 300_000)
		v := loadVenue{ID: id, Model: model, Chain: chain, Collateral: []loadCollateral{{Asset: "USDC", Amount: dec(usdc, 2)}}}
		n := 1 + g.r.IntN(2)
		if model == "gmx-v2" {
			n = 1 // a GMX position is isolated: one a venue
		}
		for k, u := range []struct {
			sym   string
			price float64
		}{{"BTC", loadBTC}, {"ETH", loadETH}}[:n] {
			if n == 1 && g.r.IntN(2) == 0 {
				u.sym, u.price = "ETH", loadETH
			}
			notional := usdc * g.between(1, 6) / float64(n)
			p := loadPosition{Kind: "perp", Underlying: u.sym, Quantity: dec(math.Copysign(notional/u.price, g.signed(1, 2)), 3),
				EntryPrice: dec(u.price*g.between(0.97, 1.03), 2)}
			if k == 0 && model == "dydx-v4" {
				p.Funding = dec(g.signed(0, 500), 2)
			}
			v.Positions = append(v.Positions, p)
		}
		return v
	}
}

// custody is a wallet of USDC and, half the time, custodied WBTC.
func (g bookGen) custody() loadVenue {
	v := loadVenue{ID: "cold-wallet", Model: "custody", Chain: "ethereum",
		Collateral: []loadCollateral{{Asset: "USDC", Amount: dec(g.between(1_000, 500_000), 2)}}, Positions: []loadPosition{}}
	if g.r.IntN(2) == 0 {
		v.Collateral = append(v.Collateral, loadCollateral{Asset: "WBTC", Amount: dec(g.between(0.1, 20), 4), Bridge: "wbtc-custodian"})
	}
	return v
}
