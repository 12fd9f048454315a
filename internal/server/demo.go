// The demo of `serve --demo`: SeedDemo fills a store with the demo market,
// risk parameters, deposit caps, nine accounts cut from the demo book (internal/demo) and
// vault deposits and liens, idempotently; StartReplay then plays the 19 May
// 2021 crash (hourly WETH and WBTC, the cascade's embedded copy of
// ../shared/data) on the demo market, one hour per interval, looping.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/cascade"
	"github.com/unimargin/unimargin/internal/demo"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/store"
	"github.com/unimargin/unimargin/internal/vault"
)

// DemoAccount is one seeded account: its id, what it is, and the demo
// book's venues it holds (all of them when Venues is empty). Collateral
// replaces the amount of a venue's first collateral entry (venue id →
// amount), to make an account thinner than the demo book's venue.
type DemoAccount struct {
	ID          string
	Description string
	Venues      []string
	Collateral  map[string]string
}

// DemoAccounts are the seeded accounts, spread over venues and chains.
var DemoAccounts = []DemoAccount{
	{"fund-a", "the whole demo book: eleven venues on six chains (= margin --demo)", nil, nil},
	{"basis-trader", "long ETH perp on dYdX, short on Hyperliquid: each venue margins its leg alone", []string{"dydx", "hyperliquid"}, nil},
	{"option-writer", "short BTC puts and calls on Deribit PM, hedged with a long BTC perp on GMX (Arbitrum)", []string{"deribit-pm", "gmx-btc"}, nil},
	{"vol-buyer", "long BTC calls and puts and a future on Deribit, USDC parked on Base", []string{"deribit-std", "base-wallet"}, nil},
	{"steth-looper", "wstETH/WETH e-mode loop on Aave and WETH borrowing USDC on Compound", []string{"aave-eth", "compound"}, nil},
	{"btc-borrower", "WBTC borrowing USDC on Aave Ethereum and Arbitrum, a cold wallet to rebalance from", []string{"aave-btc", "aave-arb", "cold-wallet"}, nil},
	{"lender-perps", "WETH on Compound borrowing USDC, perps on a thin dYdX account: liquidatable near the 19 May low",
		[]string{"compound", "dydx"}, map[string]string{"dydx": "60000"}},
	{"market-maker", "perps on dYdX, Hyperliquid and GMX with USDC on Base", []string{"dydx", "hyperliquid", "gmx-btc", "base-wallet"}, nil},
	{"treasury", "custody only: a cold wallet and Base USDC, vault collateral with liens to venues", []string{"cold-wallet", "base-wallet"}, nil},
}

// demoDeposits put collateral in the master vault; demoLiens pledge it.
var demoDeposits = []struct{ account, asset, amount string }{
	{"treasury", "USDC", "2000000"},
	{"treasury", "WETH", "400"},
	{"basis-trader", "USDC", "250000"},
	{"option-writer", "WBTC", "5"},
	{"steth-looper", "WETH", "60"},
	{"market-maker", "USDC", "150000"},
}

var demoLiens = []struct{ account, venue, amountUSD string }{
	{"treasury", "hyperliquid", "500000"},
	{"treasury", "deribit-pm", "250000"},
	{"basis-trader", "hyperliquid", "100000"},
	{"option-writer", "deribit-pm", "60000"},
}

// SeedDemo stores what the demo needs, keeping whatever is already stored:
// the market and risk parameters only when none are, each account's book
// only when it has none, deposits and liens under fixed idempotency ids (a
// second run replays them). It returns the demo account ids.
func SeedDemo(ctx context.Context, db *store.DB) ([]string, error) {
	books, err := demoBooks()
	if err != nil {
		return nil, err
	}
	err = db.Update(ctx, func(tx vault.Tx) error {
		if err := seedDocuments(tx); err != nil {
			return err
		}
		for _, a := range DemoAccounts {
			if _, ok, err := tx.Portfolio(a.ID); err != nil {
				return err
			} else if !ok {
				if err := vault.SetPortfolio(tx, a.ID, books[a.ID]); err != nil {
					return fmt.Errorf("demo account %s: %w", a.ID, err)
				}
			}
		}
		if err := seedVault(tx); err != nil {
			return err
		}
		return seedSettlement(tx, governNow())
	})
	if err != nil {
		return nil, fmt.Errorf("seeding the demo: %w", err)
	}
	ids := make([]string, len(DemoAccounts))
	for i, a := range DemoAccounts {
		ids[i] = a.ID
	}
	return ids, nil
}

// seedDocuments stores the demo market, risk parameters and deposit caps
// when absent.
func seedDocuments(tx vault.Tx) error {
	if _, ok, err := tx.Market(); err != nil {
		return err
	} else if !ok {
		if err := vault.SetMarket(tx, demo.MarketJSON); err != nil {
			return err
		}
	}
	if _, ok, err := tx.Caps(); err != nil {
		return err
	} else if !ok {
		if err := vault.SetCaps(tx, demo.CapsJSON); err != nil {
			return err
		}
	}
	if _, ok, err := tx.RiskParams(); err != nil || ok {
		return err
	}
	return tx.PutRiskParams(demo.RiskParamsJSON)
}

// seedVault makes the demo deposits and liens (idempotent by id).
func seedVault(tx vault.Tx) error {
	m, err := market.Load(demo.MarketJSON, marketOptions(true))
	if err != nil {
		return err
	}
	rp, err := margin.LoadRiskParams(demo.RiskParamsJSON, m)
	if err != nil {
		return err
	}
	for _, d := range demoDeposits {
		if _, err := vault.Deposit(tx, "demo-deposit-"+d.account+"-"+d.asset, d.account, d.asset, d.amount); err != nil {
			return fmt.Errorf("demo deposit %s %s: %w", d.account, d.asset, err)
		}
	}
	for _, l := range demoLiens {
		if _, err := vault.GrantLien(tx, vault.Config{RiskParams: rp}, "demo-lien-"+l.account+"-"+l.venue, l.account, l.venue, l.amountUSD); err != nil {
			return fmt.Errorf("demo lien %s → %s: %w", l.account, l.venue, err)
		}
	}
	return nil
}

// demoBooks cuts each account's portfolio.json out of the demo book.
func demoBooks() (map[string][]byte, error) {
	var book struct {
		Venues []json.RawMessage `json:"venues"`
	}
	if err := json.Unmarshal(demo.PortfolioJSON, &book); err != nil {
		return nil, err
	}
	byID := map[string]json.RawMessage{}
	for _, v := range book.Venues {
		var head struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(v, &head); err != nil {
			return nil, err
		}
		byID[head.ID] = v
	}
	out := map[string][]byte{}
	for _, a := range DemoAccounts {
		venues := book.Venues
		if len(a.Venues) > 0 {
			venues = nil
			for _, id := range a.Venues {
				v, ok := byID[id]
				if !ok {
					return nil, fmt.Errorf("demo account %s: no venue %s in the demo book", a.ID, id)
				}
				if amount, ok := a.Collateral[id]; ok {
					var err error
					if v, err = withCollateral(v, amount); err != nil {
						return nil, fmt.Errorf("demo account %s venue %s: %w", a.ID, id, err)
					}
				}
				venues = append(venues, v)
			}
		}
		doc, err := json.Marshal(map[string]any{"account": a.ID, "venues": venues})
		if err != nil {
			return nil, err
		}
		out[a.ID] = doc
	}
	return out, nil
}

// withCollateral sets the amount of the venue's first collateral entry.
func withCollateral(venue json.RawMessage, amount string) (json.RawMessage, error) {
	var v map[string]json.RawMessage
	if err := json.Unmarshal(venue, &v); err != nil {
		return nil, err
	}
	var coll []map[string]json.RawMessage
	if err := json.Unmarshal(v["collateral"], &coll); err != nil || len(coll) == 0 {
		return nil, fmt.Errorf("no collateral to resize")
	}
	coll[0]["amount"] = mustJSON(amount)
	v["collateral"] = mustJSON(coll)
	return json.Marshal(v)
}

// ReplayPath is the demo's price path: hourly 18–21 May 2021 (the 19 May
// crash), WETH and WBTC as factors of their first price.
type ReplayPath struct {
	Name     string
	ETH, BTC []float64 // factor of each hour's price to the first hour's
}

// LoadReplayPath reads the 19 May 2021 path from the cascade's embedded
// hourly data (72 hours, 73 points).
func LoadReplayPath() (*ReplayPath, error) {
	p, err := cascade.LoadPath("2021-05-19", 72, 0, nil)
	if err != nil {
		return nil, err
	}
	out := &ReplayPath{Name: p.Name}
	eth, btc := cascade.AssetIndex("WETH"), cascade.AssetIndex("WBTC")
	for _, px := range p.Prices {
		out.ETH = append(out.ETH, px[eth]/p.Prices[0][eth])
		out.BTC = append(out.BTC, px[btc]/p.Prices[0][btc])
	}
	return out, nil
}

// scaleMarket returns the market document doc with every asset whose root
// is ETH scaled by eth and every asset whose root is BTC by btc (wrappers
// follow their backing: WETH, wstETH; WBTC), and as_of and the oracle times
// moved forward by shift, so oracle ages, and staleness, stay as they were.
func scaleMarket(doc []byte, eth, btc float64, shift time.Duration) ([]byte, error) {
	snap, err := market.Load(doc, marketOptions(true))
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, err
	}
	var assets map[string]map[string]json.RawMessage
	if err := json.Unmarshal(top["assets"], &assets); err != nil {
		return nil, err
	}
	for sym, a := range assets {
		f := 1.0
		switch rootOf(snap, sym) {
		case "ETH":
			f = eth
		case "BTC":
			f = btc
		}
		a["price"] = mustJSON(strconv.FormatFloat(snap.Spot(sym)*f, 'f', 8, 64))
		if t, ok := shiftTime(a["oracle_time"], shift); ok {
			a["oracle_time"] = t
		}
	}
	top["assets"] = mustJSON(assets)
	if t, ok := shiftTime(top["as_of"], shift); ok {
		top["as_of"] = t
	}
	return json.MarshalIndent(top, "", "  ")
}

// rootOf is the asset's heaviest root risk factor (itself when it is one).
func rootOf(m *market.Snapshot, sym string) string {
	best, w := sym, 0.0
	for r, rw := range m.RootWeights(sym) {
		if rw > w || (rw == w && r < best) {
			best, w = r, rw
		}
	}
	return best
}

func shiftTime(raw json.RawMessage, d time.Duration) (json.RawMessage, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, false
	}
	return mustJSON(t.Add(d).UTC().Format(time.RFC3339)), true
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings and maps of raw JSON always encode
	}
	return b
}

// StartReplay replays the path on the demo market until the server closes:
// step t stores the demo market scaled by the path's hour t with as_of t
// hours later, then signals the market change (re-margin, events). After
// the last hour it starts over. The first step is stored at once.
func (s *Server) StartReplay(path *ReplayPath, interval time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.onClose(func() { cancel(); <-done })
	go func() {
		defer close(done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for t := 0; ; t = (t + 1) % len(path.ETH) {
			if err := s.replayStep(ctx, path, t); err != nil && ctx.Err() == nil {
				s.log.Error("demo replay", "hour", t, "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

// replayStep stores hour t of the path and signals the change.
func (s *Server) replayStep(ctx context.Context, path *ReplayPath, t int) error {
	doc, err := scaleMarket(demo.MarketJSON, path.ETH[t], path.BTC[t], time.Duration(t)*time.Hour)
	if err != nil {
		return err
	}
	if err := s.db.Update(ctx, func(tx vault.Tx) error { return vault.SetMarket(tx, doc) }); err != nil {
		return err
	}
	s.log.Debug("demo replay", "hour", t, "eth", path.ETH[t], "btc", path.BTC[t])
	s.marketChanged(ctx)
	return nil
}
