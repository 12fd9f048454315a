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
	"sync"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
	"github.com/unimargin/unimargin/internal/venue"
)

// LegKind says which venue's liquidation mechanics apply to a leg (the
// float64 restatement of internal/liquidation's rule for that venue).
type LegKind uint8

// Leg kinds.
const (
	KindAave        LegKind = iota // one liquidationCall: close factor 50% (100% below HF 0.95), bonus, protocol fee
	KindCompound                   // Comet absorb: all collateral, credited at liquidationFactor
	KindHyperliquid                // 20% clips above $100k notional, 30 s cooldown; backstop below 2/3 of maintenance
	KindDYDX                       // close whole, fee ≤ 0.5% of notional and never below zero equity
	KindReduce                     // Deribit and SPAN: 10% clips of the original size until equity ≥ maintenance
	KindClose                      // GMX v2: the position closes whole, liquidation fee 0.2%
	KindCustody                    // never liquidated
)

// kindNames are the kinds' names, in LegKind order.
var kindNames = kindNamesArr[:]

func (k LegKind) String() string { return kindNames[k] }

// lending says whether a kind repays debt with seized collateral.
func (k LegKind) lending() bool { return k == KindAave || k == KindCompound }

// Leg is one account's book at one venue, as a function of prices p:
//
//	equity      = Cash + Σ Units[a]·p[a] + ½·Gamma[a]·(p[a] − p0[a])²
//	maintenance = M0 + Σ (MRate[a]·|Δ[a]| + Extra[a])·p[a]
//
// with Δ[a] = Units[a] + Gamma[a]·(p[a] − p0[a]) the leg's delta and p0
// the population's start prices. Exact for spot, lending and perps; option
// books are carried to second order (delta and gamma at the start; vega and
// theta are left out of the simulation). Initial is I0 + Σ IRate·|Units|·p0,
// read at the start only (collateral_locked_usd); a lending leg's initial is
// DESIGN.md's D·(1 − LTV_w)/LTV_w, all in I0. At a lending leg MRate[a] is
// 1 − LT of the collateral (the liquidation weights of venues.go): its
// maintenance is C − Σc·LT, which crosses equity where D·(1 − LT_w)/LT_w
// does.
type Leg struct {
	Venue string
	Chain string
	Kind  LegKind
	Units [NumAssets]float64
	Gamma [NumAssets]float64
	// Contracts are net option contracts per underlying (short < 0): the
	// unified model's short-option contingency and the option repricing.
	Contracts [NumAssets]float64
	Options   []Option
	Cash      float64
	MRate     [NumAssets]float64
	IRate     [NumAssets]float64
	Extra     [NumAssets]float64
	M0        float64
	I0        float64
	// Bonus is the liquidation bonus (Aave: seized = repaid × (1+Bonus);
	// Comet: 1 − liquidationFactor) or the fee rate on closed notional
	// (dYdX, GMX). ProtocolFee is Aave's treasury share of the bonus.
	Bonus       float64
	ProtocolFee float64
	// RateOracle: the venue prices stETH at WETH × the wrapping exchange
	// rate, not at the stETH market (Aave v3 and Comet use such adapters
	// for wstETH), so a depeg alone does not move its health.
	RateOracle bool
	// Gross is the USD notional counted for capital efficiency (debt and
	// derivative notional at the start; collateral excluded).
	Gross float64
	// rule is a population file's venue's own liquidation rule (nil: the
	// kind's built-in rule with Bonus and ProtocolFee; liquidationRule).
	rule *venue.Liquidation
}

// Option is one option position of a leg, kept for the unified model's
// scenario repricing (Black-76 on spot with zero rates).
type Option struct {
	Asset       int
	Put         bool
	Strike      float64
	ExpiryYears float64
	Vol         float64
	Quantity    float64 // contracts, short < 0
	Spot        float64 // the underlying's price the Greeks were taken at
}

// Account is one owner's book across venues.
type Account struct {
	ID   string
	Book string // lender, lender-compound, steth-loop, lender-perp, basis, market-maker, option-writer, perp-trader, whale, file
	Legs []Leg
	doc  *portfolio.Portfolio // a population file's account: its own book (nil: written from Legs)
}

// Population is the accounts at the path's start prices.
type Population struct {
	Accounts []Account
	Start    [NumAssets]float64
	// kernels are the books compiled for the unified architectures, once
	// per architecture and parameters (unified.go); mu guards them.
	mu      sync.Mutex
	kernels map[kernelKey]*kernelOnce
}

// venueRule is an isolated venue's margin for one asset, as rates on the
// position's notional, read off the venue models' default parameter sets:
// aave-v3-ethereum-2023-10-31 (WETH LTV 80.5%, LT 83%; WBTC 73%, 78%;
// wstETH 78.5%, 81%, bonus 6%; e-mode 1 "ETH correlated" LTV 90%, LT 93%,
// bonus 1%; protocol fee 10% of the bonus), Compound v3 cUSDCv3 (WETH
// borrow CF 82.5%, liquidate CF 89.5%; WBTC 70%, 77%; liquidation factor
// 95%), Hyperliquid margin tables (ETH 25×, BTC 40×: maintenance = half
// the initial at max leverage; initial is notional / leverage, max by default),
// dYdX v4 large-cap tier of the genesis set, the one dated for the
// embedded market (IMF 5%, MMF 60% of it; fee ≤ 0.5%), Deribit
// standard (short puts: maintenance 7.5% of the underlying per contract,
// see Extra; initial 10% for a put 10% out of the money). At lending venues
// init is 1 − LTV and maint 1 − LT per unit of collateral value; the leg's
// initial is D·(1 − LTV_w)/LTV_w (lendingInitial).
// TestVenueRulesMatchModels checks the rates against the models.
type venueRule struct {
	kind        LegKind
	chain       string
	init, maint [NumAssets]float64
	bonus, fee  float64
	rateOracle  bool
}

var venueRules = map[string]venueRule{
	"aave-v3@ethereum": {kind: KindAave, chain: "ethereum", init: [NumAssets]float64{1 - 0.805, 1 - 0.73, 1 - 0.785},
		maint: [NumAssets]float64{1 - 0.83, 1 - 0.78, 1 - 0.81}, bonus: 0.05, fee: 0.1, rateOracle: true},
	"aave-v3@arbitrum": {kind: KindAave, chain: "arbitrum", init: [NumAssets]float64{1 - 0.805, 1 - 0.73, 1 - 0.785},
		maint: [NumAssets]float64{1 - 0.83, 1 - 0.78, 1 - 0.81}, bonus: 0.05, fee: 0.1, rateOracle: true},
	"aave-v3-emode@ethereum": {kind: KindAave, chain: "ethereum", init: [NumAssets]float64{0.10, 0, 0.10},
		maint: [NumAssets]float64{0.07, 0, 0.07}, bonus: 0.01, fee: 0.1, rateOracle: true},
	"compound-v3@ethereum": {kind: KindCompound, chain: "ethereum", init: [NumAssets]float64{1 - 0.825, 1 - 0.70, 0},
		maint: [NumAssets]float64{1 - 0.895, 1 - 0.77, 0}, bonus: 0.05, rateOracle: true},
	"hyperliquid": {kind: KindHyperliquid, chain: "hyperliquid", init: [NumAssets]float64{1.0 / 25, 1.0 / 40, 0},
		maint: [NumAssets]float64{0.5 / 25, 0.5 / 40, 0}},
	"dydx-v4": {kind: KindDYDX, chain: "dydx", init: [NumAssets]float64{0.05, 0.05, 0},
		maint: [NumAssets]float64{0.03, 0.03, 0}, bonus: builtinRule("dydx-v4").Penalty},
	"deribit": {kind: KindReduce, chain: "offchain"},
}

// newLeg builds a leg at venue holding units of asset a and cash.
func newLeg(venue string, a int, units, cash float64, p0 [NumAssets]float64) Leg {
	r := venueRules[venue]
	l := Leg{Venue: venue, Chain: r.chain, Kind: r.kind, Cash: cash, Bonus: r.bonus, ProtocolFee: r.fee,
		RateOracle: r.rateOracle}
	l.Units[a] = units
	l.MRate[a] = r.maint[a]
	if r.kind.lending() {
		l.Gross = math.Max(0, -cash)
		l.I0 = lendingInitial(r.init, &l, p0)
	} else {
		l.IRate[a] = r.init[a]
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
//     mostly 1.1–3); stETH loopers run e-mode at 1 + lognormal(median
//     0.06, σ 0.5), floored at 1.01;
//   - asset mix: 65% WETH, 35% WBTC (the whale file's collateral: ETH-family
//     rows hold most of the USD);
//   - books: 36% Aave lenders (70% Ethereum, 30% Arbitrum), 5% Compound v3
//     lenders, 4% wstETH/WETH e-mode loopers, 10% lenders with a perp
//     hedge, 10% basis traders, 8% market makers, 7% option writers, 20%
//     directional perp traders; venue mix Hyperliquid 60% / dYdX 40%.
var bookMix = []struct {
	name string
	cum  float64
}{
	{"lender", 0.36}, {"lender-compound", 0.41}, {"steth-loop", 0.45}, {"lender-perp", 0.55}, {"basis", 0.65},
	{"market-maker", 0.73}, {"option-writer", 0.80}, {"perp-trader", 1.0},
}

// Synthetic generates n accounts at start prices p0, deterministic for seed.
// The real whale accounts (Aave v3, December 2025) are the first accounts,
// one per thousand (all ten from 10,000 accounts up); their USD
// collateral-to-debt ratios and liquidation thresholds are kept and units
// restated at p0.
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
	writer, err := newWriterGreeks(p0)
	if err != nil {
		return nil, err
	}
	for i := len(pop.Accounts); i < n; i++ {
		pop.Accounts = append(pop.Accounts, synth(r, i, p0, &writer))
	}
	return pop, nil
}

// accountDraw is one synthetic account's random choices.
type accountDraw struct {
	equity, lev     float64
	a               int
	book            string
	perp, otherPerp string
	lend            string
}

func drawAccount(r *rand.Rand) accountDraw {
	d := accountDraw{equity: 25_000 * math.Exp(1.7*r.NormFloat64())}
	if r.Float64() >= 0.65 {
		d.a = aWBTC
	}
	u := r.Float64()
	d.book = bookMix[len(bookMix)-1].name
	for _, b := range bookMix {
		if u < b.cum {
			d.book = b.name
			break
		}
	}
	d.perp, d.otherPerp = "hyperliquid", "dydx-v4"
	if r.Float64() < 0.4 {
		d.perp, d.otherPerp = d.otherPerp, d.perp
	}
	d.lend = "aave-v3@ethereum"
	if r.Float64() < 0.3 {
		d.lend = "aave-v3@arbitrum"
	}
	d.lev = math.Min(25, math.Max(1.5, 4*math.Exp(0.6*r.NormFloat64())))
	return d
}

func synth(r *rand.Rand, i int, p0 [NumAssets]float64, w *writerGreeks) Account {
	d := drawAccount(r)
	a, equity := d.a, d.equity
	acc := Account{ID: fmt.Sprintf("synthetic-%06d", i), Book: d.book}
	switch d.book {
	case "lender", "lender-perp", "lender-compound":
		venue := d.lend
		if d.book == "lender-compound" {
			venue = "compound-v3@ethereum"
		}
		hf := math.Max(1.03, 1+0.55*math.Exp(0.6*r.NormFloat64()))
		lt := 1 - venueRules[venue].maint[a]
		// equity = C − D, HF = lt·C/D → C = equity/(1 − lt/HF)
		c := equity / (1 - lt/hf)
		acc.Legs = append(acc.Legs, newLeg(venue, a, c/p0[a], -(c-equity), p0))
		if d.book == "lender-perp" {
			// short perp hedging 30–80% of the collateral, 5× margin in USDC
			h := (0.3 + 0.5*r.Float64()) * c
			acc.Legs = append(acc.Legs, newLeg(d.perp, a, -h/p0[a], h/5+h, p0))
		}
	case "steth-loop":
		hf := math.Max(1.01, 1+0.06*math.Exp(0.5*r.NormFloat64()))
		acc.Legs = append(acc.Legs, loopLeg(equity, hf, p0))
	case "basis":
		// spot long as Aave collateral with a small stable borrow, short perp elsewhere
		c := equity * 0.8
		acc.Legs = append(acc.Legs, newLeg(d.lend, a, c/p0[a], -0.2*c, p0))
		m := c / d.lev
		acc.Legs = append(acc.Legs, newLeg(d.perp, a, -c/p0[a], m+c, p0))
	case "market-maker":
		// delta-neutral across two perp venues, each leg levered
		n := equity * d.lev / 2
		acc.Legs = append(acc.Legs, newLeg(d.perp, a, n/p0[a], equity/2-n, p0))
		acc.Legs = append(acc.Legs, newLeg(d.otherPerp, a, -n/p0[a], equity/2+n, p0))
	case "option-writer":
		acc.Legs = append(acc.Legs, w.legs(a, equity, d.perp, p0)...)
	default: // perp-trader: directional, 70% long
		n := equity * d.lev
		if r.Float64() < 0.3 {
			n = -n
		}
		acc.Legs = append(acc.Legs, newLeg(d.perp, a, n/p0[a], equity-n, p0))
	}
	return acc
}

// lendingInitial is DESIGN.md's lending initial requirement of leg l at p0:
// D·(1 − LTV_w)/LTV_w, with D the cash and asset debt and LTV_w the
// collateral-value-weighted 1 − init[a]; 0 without debt.
func lendingInitial(init [NumAssets]float64, l *Leg, p0 [NumAssets]float64) float64 {
	debt, c, borrowPower := math.Max(0, -l.Cash), 0.0, 0.0
	for a := range NumAssets {
		v := l.Units[a] * p0[a]
		if v < 0 {
			debt -= v
		} else {
			c += v
			borrowPower += (1 - init[a]) * v
		}
	}
	switch {
	case debt == 0:
		return 0
	case borrowPower == 0:
		return math.Max(c-debt, 0) // no borrowing power: at least all the equity
	}
	return debt * (c - borrowPower) / borrowPower
}

// loopLeg is a wstETH/WETH e-mode loop on Aave v3 Ethereum: wstETH
// collateral (carried as stETH units) against WETH debt at health hf.
func loopLeg(equity, hf float64, p0 [NumAssets]float64) Leg {
	r := venueRules["aave-v3-emode@ethereum"]
	lt := 1 - r.maint[aStETH]
	c := equity / (1 - lt/hf)
	l := newLeg("aave-v3-emode@ethereum", aStETH, c/p0[aStETH], 0, p0)
	l.Units[aWETH] = -(c - equity) / p0[aWETH] // debt: no maintenance rate
	l.Gross = c - equity
	l.I0 = lendingInitial(r.init, &l, p0)
	return l
}

// writerGreeks are the option writer's puts per contract at the start
// (Black-76 with zero rates: 30 days, strike 10% below spot, the embedded
// market's vol: WETH 95%, WBTC 80%).
// liq is the price where Deribit's own model liquidates the writer's puts
// as asset a falls alone (venue.LiquidationPrices on the leg written as its
// venue; 0: none below the start); every writer of a has it, a writer's
// book being proportional to its equity.
type writerGreeks struct {
	opt   [NumAssets]Option
	greek [NumAssets]pricing.Greeks
	liq   [NumAssets]float64
}

// writerProbeEquityUSD is the equity of the writer book whose liquidation
// price newWriterGreeks reads (any size: the book scales with equity).
const writerProbeEquityUSD = 100_000

func newWriterGreeks(p0 [NumAssets]float64) (writerGreeks, error) {
	var w writerGreeks
	vols := [NumAssets]float64{0.95, 0.80, 0.95}
	for a := range NumAssets {
		w.opt[a] = Option{Asset: a, Put: true, Strike: 0.9 * p0[a], ExpiryYears: 30.0 / 365, Vol: vols[a], Spot: p0[a]}
		w.greek[a] = pricing.Black76Greeks(pricing.Put, p0[a], w.opt[a].Strike, vols[a], w.opt[a].ExpiryYears, 0)
	}
	m, err := Market(p0)
	if err != nil {
		return w, err
	}
	for _, a := range []int{aWETH, aWBTC} { // writers sell ETH and BTC puts (Deribit lists no stETH)
		l := w.legs(a, writerProbeEquityUSD, "hyperliquid", p0)[0]
		b := &portfolio.Portfolio{Account: "writer", Venues: []portfolio.Venue{legVenue("deribit", &l, p0, m.AsOf)}}
		withDecimals(b)
		prices, err := venue.LiquidationPrices(&b.Venues[0], m)
		if err != nil {
			return w, fmt.Errorf("option writer on %s: %w", Assets[a], err)
		}
		w.liq[a] = fallingLiquidation(prices, a, p0)
	}
	return w, nil
}

// fallingLiquidation is the venue model's liquidation price of asset a
// (venue.LiquidationPrices' figure for a's underlying or the first of its
// family the model names) when it lies in (0, p0[a]): where the model
// liquidates as a falls alone; 0 otherwise.
func fallingLiquidation(prices map[string]*float64, a int, p0 [NumAssets]float64) float64 {
	for _, sym := range append([]string{underlying[a]}, families[a]...) {
		if p := prices[sym]; p != nil && *p > 0 && *p < p0[a] {
			return *p
		}
	}
	return 0
}

// crossAt tilts an isolated leg's maintenance so that, asset a falling
// alone, its gap crosses zero at liq, the venue model's own liquidation
// price, and not where the second-order form of its options would (late
// by up to 2.5% of the start price: the model reprices the puts and their
// maintenance, which rise faster as the price falls). The gap at p0 is
// kept: maintenance gains t·(p0 − p), t = gap(liq)/(p0 − liq), as a fixed
// part t·p0 and a rate −t per unit of price. The gap stays concave (short
// options) and positive at p0, so liq is its first crossing below p0. A
// leg below maintenance at p0, or with a price rate on |delta| (the gap is
// then not the quadratic), is left as it is.
func crossAt(l *Leg, a int, liq float64, p0 [NumAssets]float64) {
	if liq <= 0 || liq >= p0[a] || l.MRate[a] != 0 || l.Gamma[a] > 0 {
		return
	}
	gapAt := func(pa float64) float64 {
		x := pa - p0[a]
		g := l.Cash - l.M0 + 0.5*l.Gamma[a]*x*x
		for b := range NumAssets {
			p := p0[b]
			if b == a {
				p = pa
			}
			g += (l.Units[b] - l.MRate[b]*math.Abs(l.Units[b]) - l.Extra[b]) * p // engine.go's gap, delta b at p0
		}
		return g
	}
	if gapAt(p0[a]) <= 0 {
		return
	}
	t := gapAt(liq) / (p0[a] - liq)
	l.M0 += t * p0[a]
	l.Extra[a] -= t
}

// legs are an option writer's book: puts sold at Deribit on 3× equity of
// underlying notional, hedged by a short perp elsewhere of 70% of their
// delta. Deribit standard maintenance on a USDC book's short put is 7.5%
// of the underlying per contract (Extra), initial 10% (10% out of the
// money); the short put's delta and gamma carry its P&L.
func (w *writerGreeks) legs(a int, equity float64, perp string, p0 [NumAssets]float64) []Leg {
	q := 3 * equity / p0[a] // contracts sold
	g := w.greek[a]
	delta := -q * g.Delta // short puts: long delta
	opt := w.opt[a]
	opt.Quantity = -q
	l := Leg{Venue: "deribit", Chain: "offchain", Kind: KindReduce, Options: []Option{opt}}
	l.Units[a], l.Gamma[a], l.Contracts[a] = delta, -q*g.Gamma, -q
	l.Extra[a] = 0.075 * q
	l.I0 = 0.10 * q * p0[a]
	// 0.7·equity of USDC plus the premium received, less the puts' value:
	// the leg's equity at the start is 0.7·equity
	l.Cash = equity*0.7 - delta*p0[a]
	l.Gross = q * p0[a]
	crossAt(&l, a, w.liq[a], p0)
	h := 0.7 * delta
	return []Leg{l, newLeg(perp, a, -h, equity*0.3+h*p0[a], p0)}
}

// whaleMaxCollateralUSD drops rows whose collateral is implausible for one
// address (the file holds a 13.2M WETH row, over a tenth of all ETH, and a
// 3.5M weETH row, about all weETH in existence: aggregation artefacts).
const whaleMaxCollateralUSD = 2e9

// Whales reads the embedded Aave v3 whale file (06_final_whale_solvency_
// parameters.csv): rows whose collateral is WETH, an ETH liquid-staking
// token (carried as stETH) or WBTC, grouped by address into one Aave v3 Ethereum lending leg each.
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
	// liquid-staking tokens carried as stETH (wstETH at its value; weETH as
	// the nearest modelled wrapper)
	asset := map[string]int{"WETH": aWETH, "wstETH": aStETH, "weETH": aStETH, "WBTC": aWBTC}
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
		l.Units[a] += u
		l.Cash = math.Min(l.Cash, -debt)
		l.Gross = -l.Cash
	}
	out := make([]Account, 0, len(order))
	for _, addr := range order {
		byAddr[addr].I0 = lendingInitial(venueRules["aave-v3@ethereum"].init, byAddr[addr], p0)
		out = append(out, Account{ID: "aave-v3-whale-" + addr[:10], Book: "whale", Legs: []Leg{*byAddr[addr]}})
	}
	return out, nil
}
