// Properties of the unified model (DESIGN.md "Methods"), checked with rapid on
// random books over a fixed market of BTC, WETH, two wrappers and USDC with
// depth, spreads, a BTC vol surface and a 4% rate. Each property states what
// exactly holds; tolerances are relative to the figures compared.
package margin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/pricing"
)

// tolRel is the relative tolerance of identities that hold exactly in real
// arithmetic and differ only by float64 summation order.
const tolRel = 1e-9

const propMarketJSON = `{
  "as_of": "2026-11-25T00:00:00Z",
  "assets": {
    "BTC":    {"price": "90000", "vol": 0.55, "depth_usd": "250000000", "spread_bps": 1},
    "WBTC":   {"price": "89900", "backed_by": {"BTC": "1"}, "depth_usd": "30000000", "spread_bps": 4},
    "WETH":   {"price": "3000", "vol": 0.7, "depth_usd": "80000000", "spread_bps": 2},
    "wstETH": {"price": "3550", "backed_by": {"WETH": "1.18"}},
    "USDC":   {"price": "1", "depth_usd": "500000000", "spread_bps": 1}
  },
  "vol_surfaces": {"BTC": [
    {"expiry": "2026-12-25T08:00:00Z", "strikes": ["70000", "90000", "110000"], "vols": [0.62, 0.55, 0.53]},
    {"expiry": "2027-06-25T08:00:00Z", "strikes": ["70000", "90000", "110000"], "vols": [0.60, 0.56, 0.55]}]},
  "rates": {"USD": 0.04}
}`

// tb is what both *testing.T and *rapid.T provide.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func propMarket(t tb) *market.Snapshot {
	m, err := market.Load([]byte(propMarketJSON), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var (
	propAsOf     = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	propExpiries = []time.Time{
		propAsOf.Add(3 * 24 * time.Hour), propAsOf.Add(30 * 24 * time.Hour),
		time.Date(2026, 12, 25, 8, 0, 0, 0, time.UTC), time.Date(2027, 3, 26, 8, 0, 0, 0, time.UTC),
		time.Date(2027, 11, 25, 0, 0, 0, 0, time.UTC),
	}
	propCollateral = []string{"BTC", "WBTC", "WETH", "wstETH", "USDC"}
	propSpot       = map[string]float64{"BTC": 90000, "WBTC": 89900, "WETH": 3000, "wstETH": 3550, "USDC": 1}
)

// dec is the decimal the float fields are built from; the unified model
// reads the float fields, Check reads the decimal's scale.
func dec(x float64) money.Decimal {
	return money.MustDecimal(strconv.FormatFloat(x, 'f', 6, 64))
}

func collateral(asset string, amount float64) portfolio.Collateral {
	return portfolio.Collateral{Asset: asset, Amount: dec(amount), AmountF: amount}
}

func holding(kind portfolio.Kind, asset string, amount float64) portfolio.Position {
	return portfolio.Position{Kind: kind, Asset: asset, Amount: dec(amount), AmountF: amount}
}

func derivative(kind portfolio.Kind, underlying string, q float64) portfolio.Position {
	return portfolio.Position{Kind: kind, Underlying: underlying, Quantity: dec(q), QuantityF: q}
}

func option(underlying string, right pricing.Right, strike float64, expiry time.Time, q float64) portfolio.Position {
	p := derivative(portfolio.KindOption, underlying, q)
	p.Right, p.Strike, p.StrikeF, p.Expiry = right, dec(strike), strike, expiry
	return p
}

// genPosition draws one position of any kind.
func genPosition(t *rapid.T) portfolio.Position {
	underlying := rapid.SampledFrom([]string{"BTC", "WETH"}).Draw(t, "underlying")
	spot := propSpot[underlying]
	q := math.Round(rapid.Float64Range(-20, 20).Draw(t, "q")*100) / 100
	if q == 0 {
		q = 1
	}
	switch rapid.IntRange(0, 5).Draw(t, "kind") {
	case 0:
		p := derivative(portfolio.KindPerp, underlying, q)
		if rapid.Bool().Draw(t, "entry") {
			p.EntryF = math.Round(spot * rapid.Float64Range(0.8, 1.2).Draw(t, "entryPrice"))
			p.EntryPrice, p.HasEntry = dec(p.EntryF), true
		}
		if rapid.Bool().Draw(t, "funding") {
			p.FundingF = math.Round(rapid.Float64Range(-5000, 5000).Draw(t, "fundingUSD"))
			p.Funding = dec(p.FundingF)
		}
		return p
	case 1:
		p := derivative(portfolio.KindFuture, underlying, q)
		p.Expiry = rapid.SampledFrom(propExpiries).Draw(t, "expiry")
		return p
	case 2:
		asset := rapid.SampledFrom(propCollateral).Draw(t, "asset")
		kind := rapid.SampledFrom([]portfolio.Kind{portfolio.KindSpot, portfolio.KindSupply, portfolio.KindBorrow}).Draw(t, "holding")
		return holding(kind, asset, amountOf(t, asset))
	default:
		right := rapid.SampledFrom([]pricing.Right{pricing.Call, pricing.Put}).Draw(t, "right")
		strike := math.Round(spot * rapid.Float64Range(0.6, 1.5).Draw(t, "moneyness"))
		return option(underlying, right, strike, rapid.SampledFrom(propExpiries).Draw(t, "expiry"), q)
	}
}

// amountOf draws an amount of about 0–1,000,000 USD of asset.
func amountOf(t *rapid.T, asset string) float64 {
	usd := rapid.Float64Range(0, 1_000_000).Draw(t, "usd")
	return math.Round(usd/propSpot[asset]*1e4) / 1e4
}

// genBook draws 1–3 venues with collateral and positions.
func genBook(t *rapid.T) *portfolio.Portfolio {
	b := &portfolio.Portfolio{Account: "prop"}
	nVenues := rapid.IntRange(1, 3).Draw(t, "venues")
	for vi := 0; vi < nVenues; vi++ {
		v := portfolio.Venue{ID: fmt.Sprintf("v%d", vi), Model: "test-flat", Settlement: "USDC",
			Chain: rapid.SampledFrom([]string{"ethereum", "offchain"}).Draw(t, "chain")}
		for range rapid.IntRange(0, 2).Draw(t, "collateral") {
			asset := rapid.SampledFrom(propCollateral).Draw(t, "asset")
			v.Collateral = append(v.Collateral, collateral(asset, amountOf(t, asset)))
		}
		for range rapid.IntRange(0, 5).Draw(t, "positions") {
			v.Positions = append(v.Positions, genPosition(t))
		}
		b.Venues = append(b.Venues, v)
	}
	return b
}

func unifiedOf(t tb, b *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams) *unifiedResult {
	if err := portfolio.Check(b, m); err != nil {
		t.Fatalf("generated book fails Check: %v", err)
	}
	c, err := Compile(m, rp)
	if err != nil {
		t.Fatal(err)
	}
	_, r := computeUnified(b, c)
	return r
}

// close reports whether a and b agree within tolRel of the larger magnitude
// (and an absolute floor of tolRel·scale for figures near 0).
func close(a, b, scale float64) bool {
	return math.Abs(a-b) <= tolRel*math.Max(math.Max(math.Abs(a), math.Abs(b)), scale)
}

// hedgeOf returns, on a new venue, −λ times every position of b and a borrow
// of λ times every collateral entry: a position whose profit and loss is −λ
// times b's in every scenario.
func hedgeOf(b *portfolio.Portfolio, lambda float64) portfolio.Venue {
	h := portfolio.Venue{ID: "hedge", Model: "test-flat", Settlement: "USDC", Chain: "offchain"}
	for _, v := range b.Venues {
		for _, c := range v.Collateral {
			h.Positions = append(h.Positions, holding(portfolio.KindBorrow, c.Asset, lambda*c.AmountF))
		}
		for _, p := range v.Positions {
			switch p.Kind {
			case portfolio.KindSpot, portfolio.KindSupply:
				h.Positions = append(h.Positions, holding(portfolio.KindBorrow, p.Asset, lambda*p.AmountF))
			case portfolio.KindBorrow:
				h.Positions = append(h.Positions, holding(portfolio.KindSupply, p.Asset, lambda*p.AmountF))
			default:
				p.QuantityF = -lambda * p.QuantityF
				p.Quantity = dec(p.QuantityF)
				p.HasEntry = false
				h.Positions = append(h.Positions, p)
			}
		}
	}
	return h
}

// A hedge on another venue never raises the requirement, beyond the basis
// contingency that charges delta-1 hedges across venues for exactly that
// (roll and basis risk). Precisely: for any book B and λ ∈ [0, 1], adding
// H = −λ·B on a new venue scales the scenario component and the net
// short-option contingency by (1 − λ), never raises the liquidity add-on,
// and so initial − basis never rises.
func TestPropertyHedgeOnAnotherVenue(t *testing.T) {
	m := propMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		lambda := rapid.Float64Range(0, 1).Draw(t, "lambda")
		before := unifiedOf(t, b, m, DefaultRiskParams())
		after := unifiedOf(t, withVenue(b, hedgeOf(b, lambda)), m, DefaultRiskParams())
		cb, ca := before.unified.Components, after.unified.Components
		scale := before.unified.Initial + 1
		if !close(ca.Scenario, (1-lambda)*cb.Scenario, scale) {
			t.Fatalf("scenario %v after hedge λ=%v, want (1−λ)·%v = %v", ca.Scenario, lambda, cb.Scenario, (1-lambda)*cb.Scenario)
		}
		if !close(after.shortOption, (1-lambda)*before.shortOption, scale) {
			t.Fatalf("short-option contingency %v, want (1−λ)·%v", after.shortOption, before.shortOption)
		}
		if ca.Liquidity > cb.Liquidity*(1+tolRel)+tolRel {
			t.Fatalf("liquidity rose from %v to %v", cb.Liquidity, ca.Liquidity)
		}
		if a, b := after.unified.Initial-after.basis, before.unified.Initial-before.basis; a > b+tolRel*scale {
			t.Fatalf("initial − basis rose from %v to %v", b, a)
		}
	})
}

// The example the property generalises: a long perp hedged by the exact
// opposite perp on another venue. The requirement falls from 16% of the
// notional (plus liquidity) to the 1% basis charge.
func TestHedgeExactOppositePerp(t *testing.T) {
	m := propMarket(t)
	one := &portfolio.Portfolio{Account: "a", Venues: []portfolio.Venue{
		{ID: "a", Model: "test-flat", Settlement: "USDC", Chain: "offchain", Positions: []portfolio.Position{derivative(portfolio.KindPerp, "BTC", 10)}}}}
	two := withVenue(one, portfolio.Venue{ID: "b", Model: "test-flat", Settlement: "USDC", Chain: "offchain",
		Positions: []portfolio.Position{derivative(portfolio.KindPerp, "BTC", -10)}})
	before, after := unifiedOf(t, one, m, DefaultRiskParams()), unifiedOf(t, two, m, DefaultRiskParams())
	if before.unified.Components.Scenario != 144000 {
		t.Fatalf("unhedged scenario %v, want 0.16 × 900,000", before.unified.Components.Scenario)
	}
	if after.unified.Components.Scenario != 0 || after.unified.Components.Liquidity != 0 || after.basis != 9000 {
		t.Fatalf("hedged: %+v basis %v; want scenario 0, liquidity 0, basis 10 × 90,000 × 1%%", after.unified.Components, after.basis)
	}
	if after.unified.Initial >= before.unified.Initial {
		t.Fatalf("hedge raised initial: %v → %v", before.unified.Initial, after.unified.Initial)
	}
}

// cloneBook deep-copies b's venues, collateral and positions.
func cloneBook(b *portfolio.Portfolio) *portfolio.Portfolio {
	out := &portfolio.Portfolio{Account: b.Account, Venues: make([]portfolio.Venue, len(b.Venues))}
	for i, v := range b.Venues {
		v.Collateral = append([]portfolio.Collateral{}, v.Collateral...)
		v.Positions = append([]portfolio.Position{}, v.Positions...)
		out.Venues[i] = v
	}
	return out
}

// withVenue returns a copy of b with one more venue.
func withVenue(b *portfolio.Portfolio, v portfolio.Venue) *portfolio.Portfolio {
	out := cloneBook(b)
	out.Venues = append(out.Venues, v)
	return out
}

// scaled returns b with every amount and quantity multiplied by k.
func scaled(b *portfolio.Portfolio, k float64) *portfolio.Portfolio {
	out := cloneBook(b)
	for vi := range out.Venues {
		v := &out.Venues[vi]
		for i := range v.Collateral {
			v.Collateral[i].AmountF *= k
		}
		for i := range v.Positions {
			v.Positions[i].AmountF *= k
			v.Positions[i].QuantityF *= k
		}
	}
	return out
}

// Scaling the book by k > 0 scales the scenario component by k: every risk
// array is linear in the amounts and quantities, and the worst scenario
// stays the same.
func TestPropertyScaling(t *testing.T) {
	m := propMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		k := rapid.Float64Range(0.01, 100).Draw(t, "k")
		base := unifiedOf(t, b, m, DefaultRiskParams())
		big := unifiedOf(t, scaled(b, k), m, DefaultRiskParams())
		want := k * base.unified.Components.Scenario
		if !close(big.unified.Components.Scenario, want, 1e-6) {
			t.Fatalf("scenario of k·book = %v, want %v · %v = %v", big.unified.Components.Scenario, k, base.unified.Components.Scenario, want)
		}
	})
}

// A synthetic long (long call + short put, same strike and expiry) margins
// like the forward: its value is e^{−rT}·(F − K) in every scenario (put-call
// parity holds for any vol, so the vol columns do not matter), so any book
// plus q synthetics has the scenario component of the book plus a future of
// q·e^{−rT} on that expiry (a future is undiscounted: marked daily).
func TestPropertySyntheticForward(t *testing.T) {
	m := propMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		underlying := rapid.SampledFrom([]string{"BTC", "WETH"}).Draw(t, "underlying")
		strike := math.Round(propSpot[underlying] * rapid.Float64Range(0.5, 1.5).Draw(t, "moneyness"))
		expiry := rapid.SampledFrom(propExpiries).Draw(t, "expiry")
		q := rapid.Float64Range(0.1, 50).Draw(t, "q")
		df := math.Exp(-m.RateUSD() * m.YearsTo(expiry))
		future := derivative(portfolio.KindFuture, underlying, q*df)
		future.Expiry = expiry
		withSynthetic := withVenue(b, portfolio.Venue{ID: "syn", Model: "test-flat", Settlement: "USDC", Chain: "offchain",
			Positions: []portfolio.Position{
				option(underlying, pricing.Call, strike, expiry, q), option(underlying, pricing.Put, strike, expiry, -q)}})
		withFuture := withVenue(b, portfolio.Venue{ID: "syn", Model: "test-flat", Settlement: "USDC", Chain: "offchain",
			Positions: []portfolio.Position{future}})
		s := unifiedOf(t, withSynthetic, m, DefaultRiskParams()).unified.Components.Scenario
		f := unifiedOf(t, withFuture, m, DefaultRiskParams()).unified.Components.Scenario
		if !close(s, f, q*propSpot[underlying]) {
			t.Fatalf("synthetic long: scenario %v, forward %v (diff %g)", s, f, s-f)
		}
	})
}

// Splitting a book across venues changes only the basis contingency: the
// scenario set, the liquidity add-on and the short-option contingency see
// the account's net risk whatever venue holds it, while the basis charge
// counts delta-1 positions that offset across venues. So for any book B in
// one venue and any split S of its items over several venues,
// initial(S) − basis(S) = initial(B) (basis(B) = 0 in one venue), and for a
// book without perps and futures initial(S) = initial(B).
func TestPropertySplitAcrossVenues(t *testing.T) {
	m := propMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		merged := &portfolio.Portfolio{Account: b.Account, Venues: []portfolio.Venue{{ID: "one", Model: "test-flat", Settlement: "USDC", Chain: "offchain"}}}
		split := &portfolio.Portfolio{Account: b.Account}
		n := rapid.IntRange(2, 4).Draw(t, "venues")
		for i := 0; i < n; i++ {
			split.Venues = append(split.Venues, portfolio.Venue{ID: fmt.Sprintf("s%d", i), Model: "test-flat", Settlement: "USDC", Chain: "offchain"})
		}
		deltaOne := false
		for _, v := range b.Venues {
			for _, c := range v.Collateral {
				merged.Venues[0].Collateral = append(merged.Venues[0].Collateral, c)
				to := &split.Venues[rapid.IntRange(0, n-1).Draw(t, "to")]
				to.Collateral = append(to.Collateral, c)
			}
			for _, p := range v.Positions {
				deltaOne = deltaOne || p.Kind == portfolio.KindPerp || p.Kind == portfolio.KindFuture
				merged.Venues[0].Positions = append(merged.Venues[0].Positions, p)
				to := &split.Venues[rapid.IntRange(0, n-1).Draw(t, "to")]
				to.Positions = append(to.Positions, p)
			}
		}
		one, many := unifiedOf(t, merged, m, DefaultRiskParams()), unifiedOf(t, split, m, DefaultRiskParams())
		if one.basis != 0 {
			t.Fatalf("basis %v in a single venue", one.basis)
		}
		if !close(many.unified.Initial-many.basis, one.unified.Initial, 1) {
			t.Fatalf("split: initial %v − basis %v ≠ merged initial %v", many.unified.Initial, many.basis, one.unified.Initial)
		}
		if !deltaOne && !close(many.unified.Initial, one.unified.Initial, 1) {
			t.Fatalf("split without delta-1: initial %v ≠ merged %v", many.unified.Initial, one.unified.Initial)
		}
	})
}

// Merging two books never costs more than the sum of their scenario parts
// and short-option contingencies (a max of sums is at most the sum of maxes;
// max(−x, 0) is subadditive). The liquidity add-on (superlinear in size) and
// the basis charge (which two one-sided books on different venues create
// when merged) are the parts outside this property.
func TestPropertyMergeSubadditive(t *testing.T) {
	m := propMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		a, b := genBook(t), genBook(t)
		for i := range b.Venues {
			b.Venues[i].ID = "b-" + b.Venues[i].ID
		}
		both := &portfolio.Portfolio{Account: "ab", Venues: append(append([]portfolio.Venue{}, a.Venues...), b.Venues...)}
		ra, rb, rab := unifiedOf(t, a, m, DefaultRiskParams()), unifiedOf(t, b, m, DefaultRiskParams()), unifiedOf(t, both, m, DefaultRiskParams())
		sum := ra.unified.Components.Scenario + rb.unified.Components.Scenario
		if rab.unified.Components.Scenario > sum+tolRel*(sum+1) {
			t.Fatalf("merged scenario %v > %v + %v", rab.unified.Components.Scenario, ra.unified.Components.Scenario, rb.unified.Components.Scenario)
		}
		if so := ra.shortOption + rb.shortOption; rab.shortOption > so+tolRel*(so+1) {
			t.Fatalf("merged short-option contingency %v > %v", rab.shortOption, so)
		}
	})
}

// The report's identities: attribution sums to unified initial (Euler
// allocation, every component divided by its degree of homogeneity); the
// components sum to initial; maintenance is its fraction; excess and
// liquidatable follow from equity; equity is haircut collateral plus every
// position's value, which without haircuts and venue prices is what the test
// venue model (same valuation) sums to.
func TestPropertyReportIdentities(t *testing.T) {
	m := propMarket(t)
	rp := DefaultRiskParams()
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		rep, err := Compute(b, m, rp)
		if err != nil {
			t.Fatal(err)
		}
		u := &rep.Unified
		scale := u.Initial + 1
		var sum float64
		for _, a := range rep.Attribution {
			sum += a.Initial
		}
		if !close(sum, u.Initial, scale) {
			t.Fatalf("attribution sums to %v, initial %v", sum, u.Initial)
		}
		c := u.Components
		if !close(c.Scenario+c.Liquidity+c.Contingency, u.Initial, scale) || u.Maintenance != rp.MaintenanceFraction*u.Initial {
			t.Fatalf("components %+v, initial %v, maintenance %v", c, u.Initial, u.Maintenance)
		}
		if u.Excess != u.Equity-u.Initial || u.Liquidatable != (u.Equity < u.Maintenance) {
			t.Fatalf("excess %v / liquidatable %v inconsistent with equity %v", u.Excess, u.Liquidatable, u.Equity)
		}
		if !close(u.Equity, rep.Fragmented.Equity, math.Abs(u.Equity)+1) || !close(u.CollateralValue, rep.Fragmented.CollateralValue, 1) {
			t.Fatalf("unified equity %v / collateral %v, venue sums %v / %v", u.Equity, u.CollateralValue, rep.Fragmented.Equity, rep.Fragmented.CollateralValue)
		}
		if len(rep.Attribution) != countItems(b) {
			t.Fatalf("%d attribution entries for %d items", len(rep.Attribution), countItems(b))
		}
	})
}

func countItems(b *portfolio.Portfolio) int {
	n := 0
	for _, v := range b.Venues {
		n += len(v.Collateral) + len(v.Positions)
	}
	return n
}

// Determinism: the same inputs give byte-identical JSON, run after run
// (map iteration order differs between runs of Compute).
func TestPropertyDeterminism(t *testing.T) {
	m := propMarket(t)
	rapid.Check(t, func(t *rapid.T) {
		b := genBook(t)
		var first []byte
		for range 4 {
			rep, err := Compute(b, m, DefaultRiskParams())
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = out
			} else if !bytes.Equal(first, out) {
				t.Fatalf("two runs differ:\n%s\n%s", first, out)
			}
		}
	})
}
