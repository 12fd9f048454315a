// Population: accounts as legs at venues, the venue rules the simulator
// applies, the synthetic generator and the real Aave v3 whale accounts.
package cascade

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// LegKind says which liquidation mechanics a venue applies.
type LegKind uint8

// Leg kinds.
const (
	KindLending LegKind = iota // close factor + bonus on seized collateral (Aave v3)
	KindPerp                   // full close at a penalty (perp and options venues)
)

// Leg is one account's book at one venue, linear in prices: equity =
// Cash + Σ Units[a]·p[a]; maintenance = M0 + Σ MRate[a]·|Units[a]|·p[a];
// initial likewise with I0 and IRate.
type Leg struct {
	Venue string
	Chain string
	Kind  LegKind
	Units [NumAssets]float64
	Cash  float64
	MRate [NumAssets]float64
	IRate [NumAssets]float64
	M0    float64
	I0    float64
	// Bonus is the liquidation bonus (lending: seized = repaid × (1+Bonus))
	// or penalty rate on the closed notional (perp).
	Bonus float64
	// Gross is the USD notional counted for capital efficiency (debt and
	// derivative notional at the start; collateral excluded).
	Gross float64
}

// Account is one owner's book across venues.
type Account struct {
	ID   string
	Book string // lender, lender-perp, basis, market-maker, option-writer, perp-trader, whale, file
	Legs []Leg
}

// Population is the accounts at the path's start prices.
type Population struct {
	Accounts []Account
	Start    [NumAssets]float64
}

// venueRule is an isolated venue's margin for one asset, as rates on the
// position's notional, read off the venue models' default parameter sets:
// aave-v3-ethereum-2023-10-31 (WETH LTV 80.5%, LT 83%, bonus 5%; WBTC LTV
// 73%, LT 78%, bonus 5%), Hyperliquid margin tables (ETH 25×, BTC 40×:
// maintenance = half the initial at max leverage; the model's initial is
// 10% of notional; liquidation fee taken as 1%), dYdX v4 large-cap tier
// (IMF 2%, MMF 60% of it; fee 1.5%), Deribit
// (options carried at delta: 15% initial, 10% maintenance of the delta
// notional; 0.5% fee). TestVenueRulesMatchModels checks the Aave,
// Hyperliquid and dYdX rates against the venue models themselves.
type venueRule struct {
	kind        LegKind
	chain       string
	init, maint [NumAssets]float64
	bonus       float64
}

var venueRules = map[string]venueRule{
	"aave-v3@ethereum": {kind: KindLending, chain: "ethereum", init: [2]float64{1 - 0.805, 1 - 0.73},
		maint: [2]float64{1 - 0.83, 1 - 0.78}, bonus: 0.05},
	"aave-v3@arbitrum": {kind: KindLending, chain: "arbitrum", init: [2]float64{1 - 0.805, 1 - 0.73},
		maint: [2]float64{1 - 0.83, 1 - 0.78}, bonus: 0.05},
	"hyperliquid": {kind: KindPerp, chain: "hyperliquid", init: [2]float64{0.10, 0.10},
		maint: [2]float64{0.5 / 25, 0.5 / 40}, bonus: 0.01},
	"dydx-v4": {kind: KindPerp, chain: "dydx", init: [2]float64{0.02, 0.02},
		maint: [2]float64{0.012, 0.012}, bonus: 0.015},
	"deribit": {kind: KindPerp, chain: "offchain", init: [2]float64{0.15, 0.15},
		maint: [2]float64{0.10, 0.10}, bonus: 0.005},
}

// newLeg builds a leg at venue holding units of asset a and cash.
func newLeg(venue string, a int, units, cash float64, p0 [NumAssets]float64) Leg {
	r := venueRules[venue]
	l := Leg{Venue: venue, Chain: r.chain, Kind: r.kind, Cash: cash, Bonus: r.bonus}
	l.Units[a] = units
	l.MRate[a], l.IRate[a] = r.maint[a], r.init[a]
	if r.kind == KindLending {
		l.Gross = math.Max(0, -cash)
	} else {
		l.Gross = math.Abs(units) * p0[a]
	}
	return l
}

// Calibration of the synthetic generator (measured from the shared data
// where it says so; the rest are our assumptions, stated):
//   - size: lognormal equity, median 25,000 USD, σ 1.7 (the ten Aave v2
//     account histories span 10^4–10^7 USD of collateral; the 2025 whales
//     10^7–10^9, which the whale accounts cover);
//   - lender health factor: 1 + lognormal(median 0.55, σ 0.6), floored at
//     1.03 (the whale file's health factors are 1.2–2.6; Aave v2 histories
//     mostly 1.1–3);
//   - asset mix: 65% WETH, 35% WBTC (the whale file's collateral: ETH-family
//     rows hold most of the USD);
//   - books: 45% lenders (70% Ethereum, 30% Arbitrum), 10% lenders with a
//     perp hedge, 10% basis traders, 8% market makers, 7% option writers,
//     20% directional perp traders; venue mix Hyperliquid 60% / dYdX 40%.
var bookMix = []struct {
	name string
	cum  float64
}{
	{"lender", 0.45}, {"lender-perp", 0.55}, {"basis", 0.65}, {"market-maker", 0.73},
	{"option-writer", 0.80}, {"perp-trader", 1.0},
}

// Synthetic generates n accounts at start prices p0, deterministic for seed.
// The real whale accounts (Aave v3, December 2025) are the first accounts,
// one per thousand (all ten from 10,000 accounts up); their USD collateral-to-debt ratios and liquidation
// thresholds are kept and units restated at p0.
func Synthetic(n int, p0 [NumAssets]float64, seed uint64) (*Population, error) {
	if n <= 0 {
		return nil, fmt.Errorf("synthetic population size must be > 0, got %d", n)
	}
	pop := &Population{Start: p0, Accounts: make([]Account, 0, n)}
	whales, err := Whales(p0)
	if err != nil {
		return nil, err
	}
	for _, w := range whales {
		if len(pop.Accounts) < n/1000 {
			pop.Accounts = append(pop.Accounts, w)
		}
	}
	r := rand.New(rand.NewPCG(seed, 0x706f70))
	for i := len(pop.Accounts); i < n; i++ {
		pop.Accounts = append(pop.Accounts, synth(r, i, p0))
	}
	return pop, nil
}

func synth(r *rand.Rand, i int, p0 [NumAssets]float64) Account {
	equity := 25_000 * math.Exp(1.7*r.NormFloat64())
	a := 0
	if r.Float64() >= 0.65 {
		a = 1
	}
	u := r.Float64()
	book := bookMix[len(bookMix)-1].name
	for _, b := range bookMix {
		if u < b.cum {
			book = b.name
			break
		}
	}
	perpVenue := "hyperliquid"
	if r.Float64() < 0.4 {
		perpVenue = "dydx-v4"
	}
	otherPerp := map[string]string{"hyperliquid": "dydx-v4", "dydx-v4": "hyperliquid"}[perpVenue]
	lendVenue := "aave-v3@ethereum"
	if r.Float64() < 0.3 {
		lendVenue = "aave-v3@arbitrum"
	}
	lev := math.Min(25, math.Max(1.5, 4*math.Exp(0.6*r.NormFloat64())))
	acc := Account{ID: fmt.Sprintf("synthetic-%06d", i), Book: book}
	switch book {
	case "lender", "lender-perp":
		hf := math.Max(1.03, 1+0.55*math.Exp(0.6*r.NormFloat64()))
		lt := 1 - venueRules[lendVenue].maint[a]
		// equity = C − D, HF = lt·C/D → C = equity/(1 − lt/HF)
		c := equity / (1 - lt/hf)
		acc.Legs = append(acc.Legs, newLeg(lendVenue, a, c/p0[a], -(c-equity), p0))
		if book == "lender-perp" {
			// short perp hedging 30–80% of the collateral, 5× margin in USDC
			h := (0.3 + 0.5*r.Float64()) * c
			acc.Legs = append(acc.Legs, newLeg(perpVenue, a, -h/p0[a], h/5+h, p0))
		}
	case "basis":
		// spot long as Aave collateral with a small stable borrow, short perp elsewhere
		c := equity * 0.8
		acc.Legs = append(acc.Legs, newLeg(lendVenue, a, c/p0[a], -0.2*c, p0))
		m := c / lev
		acc.Legs = append(acc.Legs, newLeg(perpVenue, a, -c/p0[a], m+c, p0))
	case "market-maker":
		// delta-neutral across two perp venues, each leg levered
		n := equity * lev / 2
		acc.Legs = append(acc.Legs, newLeg(perpVenue, a, n/p0[a], equity/2-n, p0))
		acc.Legs = append(acc.Legs, newLeg(otherPerp, a, -n/p0[a], equity/2+n, p0))
	case "option-writer":
		// short puts at Deribit (delta 0.3 of 3× equity notional), hedged by a
		// short perp elsewhere of 70% of that delta
		d := 0.3 * 3 * equity
		acc.Legs = append(acc.Legs, newLeg("deribit", a, d/p0[a], equity*0.7-d, p0))
		h := 0.7 * d
		acc.Legs = append(acc.Legs, newLeg(perpVenue, a, -h/p0[a], equity*0.3+h, p0))
	default: // perp-trader: directional, 70% long
		n := equity * lev
		if r.Float64() < 0.3 {
			n = -n
		}
		acc.Legs = append(acc.Legs, newLeg(perpVenue, a, n/p0[a], equity-n, p0))
	}
	return acc
}

// whaleMaxCollateralUSD drops rows whose collateral is implausible for one
// address (the file holds a 13.2M WETH row, over a tenth of all ETH, and a
// 3.5M weETH row, about all weETH in existence: aggregation artefacts).
const whaleMaxCollateralUSD = 2e9

// Whales reads the embedded Aave v3 whale file (06_final_whale_solvency_
// parameters.csv): rows whose collateral is ETH-family (carried as WETH)
// or WBTC, grouped by address into one Aave v3 Ethereum lending leg each.
// The file repeats an address's USDT debt on each of its rows, so debt is
// taken once per address; the liquidation thresholds are the file's.
// Amounts are restated at p0 from their USD values.
func Whales(p0 [NumAssets]float64) ([]Account, error) {
	data, err := dataFS.ReadFile("data/aave_v3_whales_2025_12.csv")
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("embedded whale file: %w", err)
	}
	asset := map[string]int{"WETH": 0, "wstETH": 0, "weETH": 0, "WBTC": 1}
	byAddr := map[string]*Leg{}
	var order []string
	for i, rec := range rows[1:] {
		a, ok := asset[rec[1]]
		if !ok {
			continue
		}
		lt, err1 := strconv.ParseFloat(rec[2], 64)
		usd, err2 := strconv.ParseFloat(rec[4], 64)
		debt, err3 := strconv.ParseFloat(rec[5], 64)
		if err1 != nil || err2 != nil || err3 != nil || usd <= 0 {
			return nil, fmt.Errorf("embedded whale file: row %d: bad number", i+2)
		}
		if usd > whaleMaxCollateralUSD {
			continue
		}
		addr := strings.ToLower(rec[6])
		l := byAddr[addr]
		if l == nil {
			nl := newLeg("aave-v3@ethereum", a, 0, 0, p0)
			l = &nl
			byAddr[addr] = l
			order = append(order, addr)
		}
		// value-weighted liquidation threshold per asset
		u := usd / p0[a]
		l.MRate[a] = (l.MRate[a]*l.Units[a] + (1-lt)*u) / (l.Units[a] + u)
		l.IRate[a] = venueRules["aave-v3@ethereum"].init[a]
		l.Units[a] += u
		l.Cash = math.Min(l.Cash, -debt)
		l.Gross = -l.Cash
	}
	out := make([]Account, 0, len(order))
	for _, addr := range order {
		out = append(out, Account{ID: "aave-v3-whale-" + addr[:10], Book: "whale", Legs: []Leg{*byAddr[addr]}})
	}
	return out, nil
}
