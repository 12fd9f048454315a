package liquidation

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
	"github.com/unimargin/unimargin/internal/venue/aave"
)

// Tolerances of TestFastMatchesExact, from what the exact executors round
// and the fast forms do not:
//   - tolFastAbs, 0.01 USD: amounts credited or paid in USDC round to its 6
//     decimals against the account, once per close, fee and credit (≤ ~50
//     roundings in a reduction of 200 clips: 5e-5 USD), Aave's percentMul
//     and percentDiv round half-up to one base unit, bad debt is reported
//     in cents (usdText floors to 0.01 USD);
//   - tolFastRel, 1e-6 of the figure: Aave's oracle prices are
//     floored to 8 decimals (≤ 1e-8 relative above 1 USD), quantities
//     written back as 12-decimal strings (≤ 1e-12 units), float64 (1e-15);
//   - and for Derive's auction 10^−fraction_decimals of the book's notional:
//     the exact fraction is rounded up to the rule's 6 decimals.
const (
	tolFastAbs = 0.01
	tolFastRel = 1e-6
)

// TestFastMatchesExact: each mechanism's fast form (Fast on a float64 leg)
// does what its exact executor does on the same venue at the same prices —
// the notional sold, the bad debt and the rule's own quantities (Aave's
// seized units net of the protocol fee and its repaid debt, the units a
// close or a reduction takes, a close's fees) agree within tolFastAbs +
// tolFastRel·|figure|. Method: rapid draws a liquidatable venue of every
// model that liquidates (Aave v3 call, with one collateral or two — the
// pair's choice, compared by the seized asset's name; Comet absorb;
// Hyperliquid, dYdX v4 and GMX v2 close; Deribit standard and portfolio-
// margin reduce, on one perp or two, where the order of the clips is the
// reduction's choice, reduceChoice; Derive auction) with random sizes,
// leverage and price moves over ETH and BTC; the fast leg is the same book (fastLegOf), its
// maintenance the venue model's own on its current state, so what is
// compared is the mechanics alone. Not drawn: custody and option vaults
// (MechNone: neither form acts), SPAN (the test leg writes perps, SPAN
// margins futures). Books within 1e-6 of a decision boundary (Aave's
// full-close health and, of two collaterals of one bonus, equal values:
// the pair; Hyperliquid's partial threshold and backstop, dYdX's stop)
// are skipped: float64 and integer arithmetic may fall on either side
// there.
func TestFastMatchesExact(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		m, v := drawVenue(rt)
		rule, err := venue.LiquidationOf(v, m)
		if err != nil {
			rt.Fatal(err)
		}
		out := Venue{}
		if err := executors[rule.Mechanism](v, m, rule, &out); err != nil {
			rt.Fatal(err)
		}
		if !out.Liquidatable {
			rt.Skip("not liquidatable")
		}
		l := fastLegOf(rt, v, m, &rule)
		if l.Equity() >= l.Maintenance() {
			rt.Fatalf("the exact executor liquidates, the leg is not below maintenance: equity %v maintenance %v",
				l.Equity(), l.Maintenance())
		}
		if l.nearBoundary(&rule) {
			rt.Skip("on a decision boundary")
		}
		sold, acted, err := Fast(l, &rule)
		if err != nil || !acted {
			rt.Fatalf("fast: acted %v, %v", acted, err)
		}
		full := 0.0 // the book's notional: Derive's fraction rounds up by ≤ 1e-6 of it
		for a := range l.units {
			full += l.Notional(a)
		}
		near := func(what string, got, want float64) {
			tol := tolFastAbs + tolFastRel*math.Abs(want)
			if rule.Mechanism == venue.MechAuction {
				tol += math.Pow10(-rule.Auction.FractionDecimals) * full
			}
			if math.Abs(got-want) > tol {
				rt.Errorf("%s %s: fast %.6f, exact %.6f\nactions %+v", v.Model, what, got, want, out.Actions)
			}
		}
		near("sold USD", sold, out.SoldUSD)
		if out.BadDebtUSD == 0 {
			near("bad debt USD", l.bad, 0)
		}
		switch rule.Mechanism {
		case venue.MechCall, venue.MechAbsorb, venue.MechAuction:
			near("bad debt USD", l.bad, out.BadDebtUSD)
		}
		switch rule.Mechanism {
		case venue.MechCall:
			sym := actionAsset(&out, KindSeize)
			if l.seized != sym {
				rt.Fatalf("%s: fast seized %s, exact %s\nactions %+v", v.Model, l.seized, sym, out.Actions)
			}
			px := l.price[slices.Index(l.syms, sym)]
			seized := actionUnits(&out, KindSeize) - actionUnits(&out, KindProtocolFee)
			near("seized units net of the fee (USD)", l.soldUSD(), seized*px)
			near("protocol fee (USD)", l.feeUSD, actionUnits(&out, KindProtocolFee)*px)
		case venue.MechClose, venue.MechReduce:
			if actionUnits(&out, KindBackstop) == 0 {
				near("units closed (USD at the mark)", l.closedUSD, actionUSD(&out, KindClose, l))
				if out.BadDebtUSD == 0 {
					near("fees (USD)", l.fees, actionUnits(&out, KindFee))
				} else {
					// a close whose loss exceeds the collateral books the
					// shortfall at once (exact) and may charge later closes'
					// fees out of the other positions' gains; the fast form
					// nets them: the insurance fund's net, bad debt less
					// fees, is the same
					near("bad debt less fees (USD)", l.bad-l.fees, out.BadDebtUSD-actionUnits(&out, KindFee))
				}
			}
		}
	})
}

// drawVenue draws one liquidatable-looking venue of a random mechanism on a
// market of ETH, BTC, their wrapped tokens and USDC.
func drawVenue(rt *rapid.T) (*market.Snapshot, *portfolio.Venue) {
	eth := rapid.Float64Range(800, 5000).Draw(rt, "eth")
	btc := rapid.Float64Range(20000, 150000).Draw(rt, "btc")
	mkt := fmt.Sprintf(`asset ETH {"price": "%.2f", "vol": 0.7}
asset BTC {"price": "%.2f", "vol": 0.55}
asset WETH {"price": "%.2f", "backed_by": {"ETH": "1"}}
asset WBTC {"price": "%.2f", "backed_by": {"BTC": "1"}}
asset wstETH {"price": "%.2f", "backed_by": {"WETH": "1.14512"}}
asset USDC {"price": "1"}
`, eth, btc, eth, btc, eth*1.14512)
	prices := map[string]float64{"ETH": eth, "BTC": btc, "WETH": eth, "WBTC": btc, "wstETH": eth * 1.14512}
	var venueLine string
	switch kind := rapid.SampledFrom([]string{"aave-v3", "compound-v3", "hyperliquid", "dydx-v4", "gmx-v2",
		"deribit-standard", "deribit-pm", "derive-pm"}).Draw(rt, "model"); kind {
	case "aave-v3", "compound-v3":
		coll := rapid.SampledFrom([]string{"WETH", "WBTC"}).Draw(rt, "collateral")
		amount := rapid.Float64Range(0.1, 500).Draw(rt, "amount")
		ratio := rapid.Float64Range(0.9, 1.4).Draw(rt, "debt/collateral") // above every LT: liquidatable
		debt, debtSym := ratio*amount*prices[coll], "USDC"
		if kind == "aave-v3" && coll == "WBTC" && rapid.Bool().Draw(rt, "WETH debt") {
			debt, debtSym = debt/eth, "WETH"
		}
		colls := fmt.Sprintf(`{"asset": %q, "amount": "%.6f"}`, coll, amount)
		if kind == "aave-v3" && rapid.Bool().Draw(rt, "second collateral") {
			// a second reserve, larger or smaller, of an equal (WETH or
			// WBTC: 5%) or higher (wstETH: 6%) bonus: the pair's choice
			second := "wstETH"
			if debtSym != "WETH" && rapid.Bool().Draw(rt, "equal bonus") { // the leg nets a debt and a collateral of one asset
				second = map[string]string{"WETH": "WBTC", "WBTC": "WETH"}[coll]
			}
			usd := rapid.Float64Range(0.2, 5).Draw(rt, "second/first") * amount * prices[coll]
			colls += fmt.Sprintf(`, {"asset": %q, "amount": "%.6f"}`, second, usd/prices[second])
			debt *= 1 + usd/(amount*prices[coll])
		}
		venueLine = fmt.Sprintf(`{"id": "v", "model": %q, "chain": "ethereum", "collateral": [%s], `+
			`"positions": [{"kind": "borrow", "asset": %q, "amount": "%.6f"}]}`, kind, colls, debtSym, debt)
	default:
		n := rapid.IntRange(1, 2).Draw(rt, "perps")
		if kind == "derive-pm" || kind == "gmx-v2" {
			// a Derive sub-account margins one underlying, a GMX position
			// is a venue; Deribit's reduction chooses between the two
			n = 1
		}
		var pos []string
		notional := 0.0
		for i, u := range []string{"ETH", "BTC"}[:n] {
			usd := math.Exp(rapid.Float64Range(math.Log(1e3), math.Log(3e6)).Draw(rt, "notional"+u))
			if i == 0 && rapid.Bool().Draw(rt, "at the partial threshold") {
				usd = 100_000 * rapid.SampledFrom([]float64{0.999, 1.001, 4.9, 5.1}).Draw(rt, "x")
			}
			side := rapid.SampledFrom([]float64{1, -1}).Draw(rt, "side"+u)
			move := rapid.Float64Range(0, 0.03).Draw(rt, "loss"+u) // the entry the mark has moved against
			q := side * usd / prices[u]
			entry := prices[u] * (1 + side*move)
			pos = append(pos, fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%.8f", "entry_price": "%.4f"}`,
				u, q, entry))
			notional += usd
		}
		margin := notional * rapid.Float64Range(0.0005, 0.04).Draw(rt, "margin/notional")
		venueLine = fmt.Sprintf(`{"id": "v", "model": %q, "chain": "offchain", "collateral": [{"asset": "USDC", "amount": "%.6f"}], `+
			`"positions": [%s]}`, kind, margin, strings.Join(pos, ", "))
	}
	m, book := buildCase(rt, mkt+"venue "+venueLine)
	return m, &book.Venues[0]
}

// testLeg is a FastLeg holding one venue's book in float64: assets are the
// venue's symbols by index, its maintenance the venue model's own on the
// book it holds now (a derivative venue), or Σ collateral·(1 − LT) (a
// lending venue: below it exactly when health < 1). It records what the
// fast form did.
type testLeg struct {
	tmpl    *portfolio.Venue
	m       *market.Snapshot
	syms    []string
	price   []float64
	units   []float64
	lt      []float64
	cash    float64
	size    float64
	orig    []float64 // the units each asset started with
	lending bool
	bonus   []float64 // the rule's bonus per asset
	health  float64
	// what the fast form did
	sold      []float64 // units sold into the market (net of a treasury fee)
	seized    string    // the asset Aave's call seized
	feeUSD    float64   // Aave's protocol fee (USD)
	closedUSD float64   // |units| closed × the mark (derivatives)
	fees      float64   // USD charged (negative credits)
	bad       float64
}

// fastLegOf writes venue v (one collateral and one borrow, or USDC
// collateral and perps) as a testLeg at m's prices.
func fastLegOf(rt *rapid.T, v *portfolio.Venue, m *market.Snapshot, rule *venue.Liquidation) *testLeg {
	l := &testLeg{tmpl: v, m: m, size: 1}
	index := func(sym string) int {
		for i, s := range l.syms {
			if s == sym {
				return i
			}
		}
		l.syms = append(l.syms, sym)
		b, ok := rule.PenaltyByAsset[sym]
		if !ok {
			b = rule.Penalty
		}
		l.bonus = append(l.bonus, b)
		l.price = append(l.price, m.VenueSpot(v.ID, sym))
		l.units, l.lt, l.sold = append(l.units, 0), append(l.lt, 0), append(l.sold, 0)
		return len(l.syms) - 1
	}
	l.lending = v.Model == "aave-v3" || v.Model == "compound-v3"
	for _, c := range v.Collateral {
		if !l.lending {
			l.cash += c.AmountF // USDC
			continue
		}
		l.units[index(c.Asset)] += c.AmountF
	}
	for _, p := range v.Positions {
		switch {
		case p.Kind == portfolio.KindBorrow && p.Asset == "USDC":
			l.cash -= p.AmountF
		case p.Kind == portfolio.KindBorrow:
			l.units[index(p.Asset)] -= p.AmountF
		default: // a perp: equity = collateral + q·(mark − entry)
			a := index(p.Underlying)
			l.units[a] += p.QuantityF
			l.cash -= p.QuantityF * p.EntryF
		}
	}
	l.orig = append([]float64(nil), l.units...)
	if v.Model == "aave-v3" { // Aave's own oracle prices and average threshold
		st, err := aave.ReserveParams(v, m)
		if err != nil {
			rt.Fatal(err)
		}
		for _, r := range st.Reserves {
			l.price[index(r.Symbol)] = r.PriceE8.Float64() / 1e8
		}
		for a := range l.units {
			if l.units[a] > 0 { // Σ collateral·AvgLT = Aave's weighted threshold
				l.lt[a] = st.Data.AvgLT.Float64() / 1e4
			}
		}
		l.health = st.Data.HealthFactor.Float64() / 1e18
	}
	return l
}

func (l *testLeg) Assets() int             { return len(l.syms) }
func (l *testLeg) Price(a int) float64     { return l.price[a] }
func (l *testLeg) Units(a int) float64     { return l.units[a] }
func (l *testLeg) Cash() float64           { return l.cash }
func (l *testLeg) Threshold(a int) float64 { return l.lt[a] }
func (l *testLeg) Bonus(a int) float64     { return l.bonus[a] }
func (l *testLeg) Holds(a int) bool        { return l.units[a] != 0 }
func (l *testLeg) Notional(a int) float64  { return math.Abs(l.units[a]) * l.price[a] }
func (l *testLeg) OrderAllowed() bool      { return true }

func (l *testLeg) Equity() float64 {
	e := l.cash
	for a := range l.units {
		e += l.units[a] * l.price[a]
	}
	return e
}

func (l *testLeg) Share(a int) float64 {
	if l.orig[a] == 0 {
		return 0
	}
	return l.units[a] / l.orig[a]
}

// MaintenanceAfter is Maintenance on the book with share f of a closed at
// the mark (its value moved to cash).
func (l *testLeg) MaintenanceAfter(a int, f float64) float64 {
	units, cash := l.units[a], l.cash
	q := units * math.Min(f, 1)
	l.units[a], l.cash = units-q, cash+q*l.price[a]
	defer func() { l.units[a], l.cash = units, cash }()
	return l.Maintenance()
}

func (l *testLeg) Maintenance() float64 {
	if l.lending {
		mm := 0.0
		for a := range l.units {
			if l.units[a] > 0 {
				mm += l.units[a] * l.price[a] * (1 - l.lt[a])
			}
		}
		if l.tmpl.Model == "compound-v3" {
			r, _ := modelMargin(l.tmpl, l.m)
			return r.Maintenance
		}
		return mm
	}
	// the venue's own model on the book held now: the positions at the
	// mark, the equity as USDC collateral
	v := *l.tmpl
	v.Positions = nil
	for a, sym := range l.syms {
		if l.units[a] == 0 {
			continue
		}
		q := money.MustDecimal(strconv.FormatFloat(l.units[a], 'f', 12, 64))
		e := money.MustDecimal(strconv.FormatFloat(l.price[a], 'f', 8, 64))
		v.Positions = append(v.Positions, portfolio.Position{Kind: portfolio.KindPerp, Underlying: sym,
			Quantity: q, QuantityF: q.Float64(), EntryPrice: e, EntryF: e.Float64(), HasEntry: true})
	}
	c := money.MustDecimal(strconv.FormatFloat(math.Max(0, l.Equity()), 'f', 6, 64))
	v.Collateral = []portfolio.Collateral{{Asset: "USDC", Amount: c, AmountF: c.Float64()}}
	r, err := modelMargin(&v, l.m)
	if err != nil {
		panic(err)
	}
	return r.Maintenance
}

func (l *testLeg) Seize(a int, units, feeUnits float64) float64 {
	l.units[a] -= units
	l.sold[a] += units - feeUnits
	l.feeUSD += feeUnits * l.price[a]
	l.seized = l.syms[a]
	return units * l.price[a]
}

func (l *testLeg) Repay(debt, _ int, usd float64) {
	if debt < 0 {
		l.cash += usd
		return
	}
	l.units[debt] += usd / l.price[debt]
}

func (l *testLeg) Credit(usd float64) {
	l.cash += usd
	if usd < 0 {
		l.fees -= usd
	}
}

func (l *testLeg) Close(a int, f float64) float64 {
	q := f * l.units[a]
	if f >= 1 {
		q = l.units[a]
	}
	l.units[a] -= q
	l.cash += q * l.price[a]
	l.sold[a] += q
	n := math.Abs(q) * l.price[a]
	if !l.lending {
		l.closedUSD += n
	}
	return n
}

func (l *testLeg) CloseAll(f float64) float64 {
	n := 0.0
	for a := range l.units {
		n += l.Close(a, f)
	}
	l.size *= 1 - f
	return n
}

func (l *testLeg) Settle() float64 {
	if l.lending {
		for a := range l.units {
			if l.units[a] < 0 {
				l.cash += l.units[a] * l.price[a]
				l.units[a] = 0
			}
		}
	}
	n := l.CloseAll(1)
	if l.cash < 0 {
		l.bad, l.cash = -l.cash, 0
	}
	return n
}

// soldUSD is the collateral units sold into the market at their prices.
func (l *testLeg) soldUSD() float64 {
	x := 0.0
	for a := range l.units {
		if l.sold[a] > 0 {
			x += l.sold[a] * l.price[a]
		}
	}
	return x
}

// nearBoundary says whether a decision of rule sits within 1e-6 of its
// threshold on this leg.
func (l *testLeg) nearBoundary(rule *venue.Liquidation) bool {
	close := func(x, edge float64) bool { return math.Abs(x-edge) <= 1e-6*math.Max(1, math.Abs(edge)) }
	if l.lending {
		if rule.Mechanism != venue.MechCall {
			return false
		}
		// the pair: two collaterals of one bonus and equal value (the
		// contract compares base values floored to 1e-8 USD)
		for a := range l.units {
			for b := range a {
				if l.units[a] > 0 && l.units[b] > 0 && l.bonus[a] == l.bonus[b] &&
					close(l.units[a]*l.price[a], l.units[b]*l.price[b]) {
					return true
				}
			}
		}
		return close(l.health, rule.FullCloseBelowHealth)
	}
	e, mm := l.Equity(), l.Maintenance()
	if rule.Backstop != nil && close(e, rule.Backstop.BelowMaintenance*mm) {
		return true
	}
	for a := range l.units {
		if close(l.Notional(a), rule.PartialAboveUSD) {
			return true
		}
	}
	return false
}

// actionAsset is the asset of out's first action of kind.
func actionAsset(out *Venue, kind string) string {
	for _, a := range out.Actions {
		if a.Kind == kind {
			return a.Asset
		}
	}
	return ""
}

// actionUnits sums the amounts of out's actions of kind.
func actionUnits(out *Venue, kind string) float64 {
	x := 0.0
	for _, a := range out.Actions {
		if a.Kind == kind {
			f, _ := strconv.ParseFloat(a.Amount, 64)
			x += f
		}
	}
	return x
}

// actionUSD values out's actions of kind on perps at the leg's marks.
func actionUSD(out *Venue, kind string, l *testLeg) float64 {
	x := 0.0
	for _, a := range out.Actions {
		if a.Kind != kind {
			continue
		}
		f, _ := strconv.ParseFloat(a.Amount, 64)
		for i, sym := range l.syms {
			if a.Asset == sym+"-PERP" {
				x += f * l.price[i]
			}
		}
	}
	return x
}

// TestCloseFeeOnlyWhatCollateralPays: a dYdX close whose loss exceeds the
// collateral leaves the collateral at 0 with equity still positive in the
// other position's gain; the fee cap (min(0.5% × notional, equity)) then
// allows a fee the collateral cannot pay. Only what is taken is a fee.
// Hand arithmetic: USDC 5,000; BTC long 10 @ 21,000 at 20,000 (−10,000);
// ETH long 100 @ 795 at 800 (+500). Largest notional first: BTC closes,
// 10,000 of loss against 5,000 of collateral: 5,000 of shortfall, collateral
// 0, equity 500 (ETH's gain): a fee of min(1,000, 500) has nothing to come
// from. ETH's maintenance (the dated set's 2% IMF × 60% = 1.2% of 80,000 =
// 960) is above 500: ETH closes, its gain is paid in (collateral 500), fee
// min(0.5% × 80,000, 500) = 400. Fees 400 (the old code also recorded the
// unpaid 500). The 100 left pays the shortfall down (the fund covers the
// account's net deficit): bad debt 5,000 − 100 = 4,900, and the fund's net,
// 4,900 − 400 of fees = 4,500, is the account's deficit 5,000 − 10,000 + 500
// (the old code booked 5,000 and left the account 100).
func TestCloseFeeOnlyWhatCollateralPays(t *testing.T) {
	m, book := buildCase(t, `asset ETH {"price": "800", "vol": 0.7}
asset BTC {"price": "20000", "vol": 0.55}
asset USDC {"price": "1"}
venue {"id": "v", "model": "dydx-v4", "chain": "dydx", "collateral": [{"asset": "USDC", "amount": "5000"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "10", "entry_price": "21000"}, {"kind": "perp", "underlying": "ETH", "quantity": "100", "entry_price": "795"}]}`)
	v := &book.Venues[0]
	rule, err := venue.LiquidationOf(v, m)
	if err != nil {
		t.Fatal(err)
	}
	out := Venue{}
	if err := liquidateClose(v, m, rule, &out); err != nil {
		t.Fatal(err)
	}
	if fees := actionUnits(&out, KindFee); math.Abs(fees-400) > 1e-6 {
		t.Errorf("fees %v USDC, want 400 (actions %+v)", fees, out.Actions)
	}
	if math.Abs(out.BadDebtUSD-4900) > 0.01 {
		t.Errorf("bad debt %v, want 4,900", out.BadDebtUSD)
	}
}
