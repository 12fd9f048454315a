package liquidation

// Goal: FastUnified, the unified engine's policy in float64 (the cascade's
// unified liquidation), takes the exact engine's decisions — target, stop,
// close-out, penalty only above the target — and sells what it sells.
// Method: on one-underlying books (one perp against USDC, where the exact
// engine's greedy choice and FastUnified's pro-rata clips are the same
// clip), run both on the same book and compare; and a scripted book whose
// figures are linear in its size, worked by hand.

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
)

// exactBook is a FastBook over the exact engine's state (unifiedRun): its
// figures are margin.Prepare's on the book, a close is the exact engine's
// clip (tryWith, rounded down to clipDecimals, its liquidity cost given
// back: FastUnified charges it), a credit is the exact engine's settle of
// that USD, settling is its closeAll. Only the loop is FastUnified's.
type exactBook struct {
	t       *rapid.T
	r       *unifiedRun
	size    float64
	budget  float64
	debited float64 // USD Credit took out: the fast form's cost and penalty
}

func (b *exactBook) Margin() margin.Unified   { return b.r.u }
func (b *exactBook) Market() *market.Snapshot { return b.r.m }
func (b *exactBook) Holdings() int            { return len(b.r.candList) }
func (b *exactBook) Budget() float64          { return b.budget }
func (b *exactBook) Size() float64            { return b.size }

func (b *exactBook) Holding(h int) (string, float64) {
	c := b.r.candList[h]
	v := &b.r.cur.Venues[c.venue]
	if c.collateral {
		e := &v.Collateral[c.index]
		return e.Asset, e.AmountF * b.r.m.Spot(e.Asset)
	}
	p := &v.Positions[c.index]
	return p.Underlying, math.Abs(p.QuantityF) * b.r.m.Spot(p.Underlying)
}

func (b *exactBook) Open() bool {
	for _, c := range b.r.candList {
		if b.r.clipFractionAll(c).Sign() != 0 {
			return true
		}
	}
	return false
}

func (b *exactBook) CloseAll(f float64) float64 {
	sold := b.r.soldUSD
	for _, c := range b.r.candList {
		cl, err := b.r.tryWith(c, new(big.Rat).SetFloat64(f), 0)
		if err != nil {
			b.t.Fatal(err)
		}
		if cl == nil {
			continue
		}
		b.r.settle(cl, &cl.book.Venues[c.venue], cl.cost) // the cost is FastUnified's to charge
		cl.cost = 0
		if cl.u, err = unifiedOf(withoutEmpty(cl.book), b.r.m, b.r.rp); err != nil {
			b.t.Fatal(err)
		}
		b.r.apply(cl)
		b.r.steps-- // a pro-rata clip of the book, not one of the engine's
	}
	b.size *= 1 - f
	return b.r.soldUSD - sold
}

func (b *exactBook) Credit(usd float64) {
	cl := &clip{book: cloneBook(b.r.cur)}
	b.r.settle(cl, &cl.book.Venues[0], usd)
	u, err := unifiedOf(withoutEmpty(cl.book), b.r.m, b.r.rp)
	if err != nil {
		b.t.Fatal(err)
	}
	b.r.cur, b.r.u = cl.book, u
	b.debited -= usd
}

func (b *exactBook) Settle() float64 {
	sold := b.r.soldUSD
	if err := b.r.closeAll(); err != nil {
		b.t.Fatal(err)
	}
	b.size = 0
	return b.r.soldUSD - sold
}

// TestFastUnifiedMatchesExact (rapid): one Hyperliquid BTC perp (long or
// short) against USDC, marked so that the account is below maintenance, on
// a market with or without BTC's spread and depth (the liquidity law's
// cost), the penalty at 1% or 0, capped or not by what Hyperliquid itself
// would sell now (Run's sale budget: 20% of a position above $100k per
// order, the backstop below 2/3 of maintenance). Both runs clip 10% of the
// original position per step until equity ≥ min(initial, maintenance ×
// 1.1) or the budget is spent (the last clip shrunk to it), or close it
// when equity ≤ 0; each clip pays its liquidity cost, and the clip that
// reaches the target pays the penalty out of the equity above it.
//
// Tolerance: the exact clip is |q|·f rounded down to 8 decimals
// (clipDecimals), FastUnified's f is the float quotient ClipFraction/size
// (relative error ≤ a few ulp): each clip differs by ≤ 1e-8 BTC, i.e. ≤
// 1e-8 × 90,000 = $0.0009 of notional, and there are at most 11 clips;
// tol = 12 × 1e-8 × price + 1e-9 relative. Maintenance and initial are
// linear in |q| here, so the after-figures share the tolerance scaled by
// their per-unit rate; equity moves by the clips' cost (a clip's cost moves
// with its size: ≤ 1e-8 BTC × the cost's rate, under 1e-9 relative here)
// and the exact engine's cash rounding, ≤ 1 USDC base unit ($1e-6) per
// settle (a clip, its cost given back, a credit: 3 per clip, 40e-6 over
// 12 clips), and the penalty by the exact engine's rounding of it to a
// base unit ($1e-6).
func TestFastUnifiedMatchesExact(t *testing.T) {
	rp := margin.DefaultRiskParams()
	seen, bound := 0, 0
	defer func() { t.Logf("liquidatable books compared: %d (budget bound: %d)", seen, bound) }()
	rapid.Check(t, func(rt *rapid.T) {
		opt := DefaultOptions()
		if !rapid.Bool().Draw(rt, "penalty") {
			opt.PenaltyRate = 0
		}
		q := cents(rt, "q", 1, 2000)
		if rapid.Bool().Draw(rt, "short") {
			q = "-" + q
		}
		liquidity := ""
		if rapid.Bool().Draw(rt, "liquidity") {
			liquidity = `, "depth_usd": "250000000", "spread_bps": 1`
		}
		entry := rapid.IntRange(60000, 120000).Draw(rt, "entry")
		text := `asset BTC {"price": "90000", "vol": 0.55` + liquidity + `}` + "\n" +
			`asset USDC {"price": "1"}` + "\n" +
			fmt.Sprintf(`venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", `+
				`"collateral": [{"asset": "USDC", "amount": "%s"}], "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "%s", "entry_price": "%d"}]}`,
				cents(rt, "c", 100, 5_000_000), q, entry)
		m, b := buildCase(rt, text)
		u, err := unifiedOf(b, m, rp)
		if err != nil {
			rt.Fatal(err)
		}
		if !u.Liquidatable {
			rt.Skip("not below maintenance")
		}
		seen++
		budget := math.Inf(1)
		if rapid.Bool().Draw(rt, "budget") {
			rep, err := Run(b, m, rp, opt)
			if err != nil {
				rt.Fatal(err)
			}
			budget = rep.Unified.SaleBudgetUSD
		}
		exact, err := liquidateUnified(context.Background(), b, m, rp, opt, budget)
		if err != nil {
			rt.Fatal(err)
		}
		if exact.BudgetBound {
			bound++
		}
		var out Unified
		r, err := newUnifiedRun(context.Background(), b, m, rp, opt, budget, u, &out)
		if err != nil {
			rt.Fatal(err)
		}
		fb := &exactBook{t: rt, r: r, size: 1, budget: budget}
		sold, acted, bound := FastUnified(fb, opt, rp.RebalanceBuffer)
		if !acted && exact.SoldUSD > 0 {
			rt.Fatal("liquidatable, FastUnified did not act")
		}
		if bound != exact.BudgetBound {
			rt.Fatalf("budget bound: fast %v, exact %v", bound, exact.BudgetBound)
		}
		price := m.Spot("BTC")
		tol := func(x float64) float64 { return 12*1e-8*price + 1e-9*math.Abs(x) }
		if d := math.Abs(sold - exact.SoldUSD); d > tol(exact.SoldUSD) {
			rt.Fatalf("sold %v, exact %v (Δ %v)", sold, exact.SoldUSD, d)
		}
		after := fb.Margin()
		if exact.Closed {
			if fb.size > fastDust && fb.Open() {
				rt.Fatalf("exact closed the account; fast left size %v, equity %v", fb.size, after.Equity)
			}
			return
		}
		if fb.size <= fastDust {
			// clipped to the end: FastUnified settles; the exact engine's
			// last clips leave at most their rounding (the sold notional,
			// checked above, is the same)
			return
		}
		units := math.Abs(b.Venues[0].Positions[0].QuantityF)
		for _, f := range []struct {
			name        string
			fast, exact float64
			perUnit     float64
			cash        float64 // USD of cash rounding: settles move USDC in base units (1e-6)
		}{
			{"maintenance", after.Maintenance, exact.MaintenanceAfter, u.Maintenance / units, 0},
			{"initial", after.Initial, exact.InitialAfter, u.Initial / units, 0},
			{"equity", after.Equity, exact.EquityAfter, 0, 41 * 1e-6},
			{"cost and penalty", fb.debited, exact.CostUSD + exact.PenaltyUSD, 0, 2e-6},
		} {
			if d := math.Abs(f.fast - f.exact); d > 12*1e-8*f.perUnit+f.cash+1e-9*math.Abs(f.exact)+1e-9 {
				rt.Fatalf("%s after: fast %v, exact %v (Δ %v)", f.name, f.fast, f.exact, d)
			}
		}
		above := after.Equity - UnifiedTarget(&after, rp.RebalanceBuffer)
		if above < -1e-9*math.Abs(after.Equity) && !exact.BudgetBound {
			rt.Fatalf("stopped below the target: equity %v, above %v", after.Equity, above)
		}
	})
	if seen == 0 {
		t.Fatal("no liquidatable book drawn")
	}
}

// lineBook is a scripted FastBook whose maintenance, initial and notional
// are linear in its open share and whose closes keep equity (at the mark,
// on a market without the holding's asset: no liquidity cost): the figures
// are worked by hand below.
type lineBook struct {
	equity, maint0, init0, notional0 float64
	size, budget                     float64
	settled                          bool
}

func (b *lineBook) Market() *market.Snapshot { return &market.Snapshot{} }
func (b *lineBook) Holdings() int            { return 1 }
func (b *lineBook) Holding(int) (string, float64) {
	return "X", b.notional0 * b.size
}
func (b *lineBook) Budget() float64 { return b.budget }

func (b *lineBook) Margin() margin.Unified {
	u := margin.Unified{Equity: b.equity, Maintenance: b.maint0 * b.size, Initial: b.init0 * b.size}
	u.Liquidatable = u.Equity < u.Maintenance
	return u
}
func (b *lineBook) Size() float64      { return b.size }
func (b *lineBook) Open() bool         { return b.size > 0 }
func (b *lineBook) Credit(usd float64) { b.equity += usd }
func (b *lineBook) CloseAll(f float64) float64 {
	n := b.notional0 * b.size * f
	b.size *= 1 - f
	return n
}
func (b *lineBook) Settle() float64 {
	n := b.notional0 * b.size
	b.size, b.settled = 0, true
	return n
}

// TestFastUnifiedPenaltyAboveTarget: hand-derived. Clips of 10% of the
// original book, penalty 1% of a clip's notional, buffer 0.1; equity 950,
// maintenance 1,000 (liquidatable), so after k clips maintenance is
// 1000(1 − 0.1k) and the target min(initial, 1.1 × maintenance). A clip
// pays its penalty only out of the equity above the target after it
// (clipPenalty), so only the clip that reaches the target pays:
//
//   - initial 2,000 (target 1.1 × maintenance = 1100(1 − 0.1k)): k = 1
//     gives 990 > 950, k = 2 gives 880 ≤ 950 → 2 clips. Notional 100,000:
//     sold 20,000, the second clip's penalty min(1% × 10,000 = 100,
//     950 − 880 = 70) = 70 (the excess binds; equity ends at the target,
//     880);
//   - the same with notional 5,000: sold 1,000, penalty min(1% × 500 = 5,
//     70) = 5 (the rate binds; equity 945);
//   - initial 1,050 (target = initial = 1050(1 − 0.1k), below 1.1 ×
//     maintenance): k = 1 gives 945 ≤ 950 → 1 clip, sold 10,000, penalty
//     min(100, 950 − 945 = 5) = 5;
//   - initial 2,000, budget 5,000 (what the isolated venues would sell):
//     the first clip, 10,000, shrinks to 5,000 (f = 0.05, size 0.95,
//     maintenance 950, target 1,045 > 950) and the budget is spent: sold
//     5,000, no penalty (below the target), equity 950;
//   - equity −5: closed outright, sold the whole 100,000, no penalty.
func TestFastUnifiedPenaltyAboveTarget(t *testing.T) {
	opt := Options{PenaltyRate: 0.01, ClipFraction: 0.1}
	inf := math.Inf(1)
	for _, c := range []struct {
		name                             string
		equity, init0, notional0, budget float64
		sold, penalty, equityAfter, size float64
		settled                          bool
	}{
		{"excess binds", 950, 2000, 100_000, inf, 20_000, 70, 880, 0.8, false},
		{"rate binds", 950, 2000, 5_000, inf, 1_000, 5, 945, 0.8, false},
		{"initial is the target", 950, 1050, 100_000, inf, 10_000, 5, 945, 0.9, false},
		{"budget binds", 950, 2000, 100_000, 5_000, 5_000, 0, 950, 0.95, false},
		{"equity ≤ 0 closes", -5, 2000, 100_000, inf, 100_000, 0, -5, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &lineBook{equity: c.equity, maint0: 1000, init0: c.init0, notional0: c.notional0, size: 1, budget: c.budget}
			sold, acted, bound := FastUnified(b, opt, 0.1)
			if !acted || bound != (c.budget < inf) {
				t.Fatalf("liquidatable: acted %v, budget bound %v", acted, bound)
			}
			near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }
			if !near(sold, c.sold) || !near(c.equity-b.equity, c.penalty) || !near(b.equity, c.equityAfter) ||
				!near(b.size, c.size) || b.settled != c.settled {
				t.Fatalf("sold %v penalty %v equity %v size %v settled %v; want %v %v %v %v %v", sold, c.equity-b.equity,
					b.equity, b.size, b.settled, c.sold, c.penalty, c.equityAfter, c.size, c.settled)
			}
		})
	}
	// not liquidatable: nothing
	b := &lineBook{equity: 1000, maint0: 1000, init0: 2000, notional0: 100_000, size: 1, budget: inf}
	if sold, acted, _ := FastUnified(b, opt, 0.1); acted || sold != 0 || b.size != 1 {
		t.Fatalf("healthy book: sold %v acted %v size %v", sold, acted, b.size)
	}
}
