package margin

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Goal: a book that passes validation produces a report (issue 14): derived
// steps (rebalance suggestions, liquidation prices, look-through,
// attribution, reconciliation) never change a venue's settlement nor turn
// the book into an input error. Method: random books on the demo market of a
// Deribit venue (standard or PM; USDC, BTC or no collateral, from nothing to
// plenty, so that some are liquidatable and draw rebalance moves; USDC-linear
// BTC and ETH perps, or BTC inverse ones) beside custody wallets, Aave and
// Comet venues holding coins and stablecoins. A book counts as valid when
// each of its venues margins alone; then the whole book must margin. The
// case found: a USDC Deribit book with BTC and ETH perps and no USDC left
// drew BTC from a wallet, which made it "BTC-settled" and refused its ETH
// perp.
func TestPropertyValidBooksAlwaysMargin(t *testing.T) {
	m, err := market.Load(demo.MarketJSON, market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rp := DefaultRiskParams()
	check := func(t interface{ Fatalf(string, ...any) }, doc string, skip func(...any)) {
		b, err := portfolio.Parse([]byte(doc))
		if err == nil {
			err = portfolio.Check(b, m)
		}
		if err != nil {
			skip(err)
			return
		}
		for i := range b.Venues {
			if _, err := Compute(&portfolio.Portfolio{Account: "one", Venues: []portfolio.Venue{b.Venues[i]}}, m, rp); err != nil {
				skip("venue alone:", err)
				return
			}
		}
		if _, err := Compute(b, m, rp); err != nil {
			t.Fatalf("a valid book refused: %v\n%s", err, doc)
		}
	}
	found := `{"account": "x", "venues": [
	  {"id": "deribit-usdc", "model": "deribit-standard", "chain": "offchain",
	   "collateral": [{"asset": "USDC", "amount": "0"}],
	   "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "3", "entry_price": "34830"},
	                 {"kind": "perp", "underlying": "ETH", "quantity": "-40", "entry_price": "1816.85"}]},
	  {"id": "cold", "model": "custody", "chain": "offchain", "collateral": [{"asset": "BTC", "amount": "5"}], "positions": []}]}`
	check(t, found, func(a ...any) { t.Fatal(a...) })
	rapid.Check(t, func(t *rapid.T) {
		linear := rapid.Bool().Draw(t, "linear")
		coll, perps := "BTC", `{"kind": "perp", "underlying": "BTC", "quantity": "-2", "entry_price": "34000"}`
		if linear {
			coll = "USDC"
			perps = `{"kind": "perp", "underlying": "BTC", "quantity": "3", "entry_price": "34830"},
			  {"kind": "perp", "underlying": "ETH", "quantity": "-40", "entry_price": "1816.85"}`
		}
		var collateral []string
		if rapid.Bool().Draw(t, "deribit collateral") {
			amount := rapid.SampledFrom([]string{"0", "0.01", "1", "1500", "2500", "100000"}).Draw(t, "deribit amount")
			collateral = append(collateral, fmt.Sprintf(`{"asset": %q, "amount": %q}`, coll, amount))
		}
		settlement := ""
		if rapid.Bool().Draw(t, "explicit settlement") {
			settlement = fmt.Sprintf(`"settlement": %q,`, coll)
		}
		venues := []string{fmt.Sprintf(`{"id": "deribit", "model": %q, "chain": "offchain", %s
		  "collateral": [%s], "positions": [%s]}`,
			rapid.SampledFrom([]string{"deribit-standard", "deribit-pm"}).Draw(t, "model"), settlement,
			strings.Join(collateral, ", "), perps)}
		others := []string{
			`{"id": "cold-%d", "model": "custody", "chain": "%s", "collateral": [{"asset": "%s", "amount": "%s"}], "positions": []}`,
			`{"id": "aave-%d", "model": "aave-v3", "chain": "%s", "collateral": [{"asset": "%s", "amount": "%s"}],
			  "positions": [{"kind": "borrow", "asset": "USDC", "amount": "20000"}]}`,
			`{"id": "comet-%d", "model": "compound-v3", "chain": "%s", "collateral": [{"asset": "%s", "amount": "%s"}], "positions": []}`,
		}
		for i := range rapid.IntRange(1, 3).Draw(t, "others") {
			venues = append(venues, fmt.Sprintf(rapid.SampledFrom(others).Draw(t, "kind"), i,
				rapid.SampledFrom([]string{"offchain", "ethereum"}).Draw(t, "chain"),
				rapid.SampledFrom([]string{"BTC", "WBTC", "WETH", "USDC", "ETH"}).Draw(t, "asset"),
				rapid.SampledFrom([]string{"0", "1", "5", "30000"}).Draw(t, "amount")))
		}
		check(t, `{"account": "x", "venues": [`+strings.Join(venues, ", ")+`]}`, t.Skip)
	})
}
