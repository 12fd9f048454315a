package liquidation

// Goal: FastUnified, the unified engine's policy in float64 (the cascade's
// unified liquidation), takes the exact engine's decisions — target, stop,
// choice of clip, budget, cost, close-out, penalty only above the target —
// and sells what it sells. Method: on books of one or two perps (BTC, ETH)
// against USDC, run both on the same book and compare; and a scripted book
// whose figures are linear in its size, worked by hand.

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
// holdings are the run's candidates, its figures margin.Prepare's on the
// book; a close is the exact engine's clip (tryWith, rounded down to
// clipDecimals, its liquidity cost given back: FastUnified charges it), a
// credit is the exact engine's settle of that USD, settling its closeAll.
// Only the loop is FastUnified's.
type exactBook struct {
	t       interface{ Fatal(args ...any) } // *rapid.T or *testing.T
	r       *unifiedRun
	budget  float64
	debited float64 // USD Credit took out: the fast form's cost and penalty
}

func (b *exactBook) Margin() margin.Unified   { return b.r.u }
func (b *exactBook) Market() *market.Snapshot { return b.r.m }
func (b *exactBook) Holdings() int            { return len(b.r.candList) }
func (b *exactBook) Budget() float64          { return b.budget }

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

func (b *exactBook) Share(h int) float64 {
	c := b.r.candList[h]
	if c.collateral {
		return b.r.cur.Venues[c.venue].Collateral[c.index].AmountF / b.r.orig.Venues[c.venue].Collateral[c.index].AmountF
	}
	return b.r.cur.Venues[c.venue].Positions[c.index].QuantityF / b.r.orig.Venues[c.venue].Positions[c.index].QuantityF
}

func (b *exactBook) Open() bool {
	for _, c := range b.r.candList {
		if b.r.clipFractionAll(c).Sign() != 0 {
			return true
		}
	}
	return false
}

// clip is candidate h's clip of share f with usd credited: the exact
// engine's tryWith with its liquidity cost given back. A share within
// 1e-9 of the exact engine's clip (clipFraction, a rational: the float
// quotient differs in the last bits, and rounded down to clipDecimals it
// would leave dust the exact engine does not) is that clip.
func (b *exactBook) clip(h int, f, usd float64) *clip {
	c := b.r.candList[h]
	fr := new(big.Rat).SetFloat64(math.Min(f, 1))
	if std := b.r.clipFraction(c); math.Abs(ratFloat(std)-f) <= 1e-9 {
		fr = std
	}
	cl, err := b.r.tryWith(c, fr, 0)
	if err != nil {
		b.t.Fatal(err)
	}
	if cl == nil {
		return nil
	}
	b.r.settle(cl, &cl.book.Venues[c.venue], cl.cost+usd)
	cl.cost = 0
	if cl.u, err = unifiedOf(withoutEmpty(cl.book), b.r.m, b.r.rp); err != nil {
		b.t.Fatal(err)
	}
	return cl
}

func (b *exactBook) MarginAfter(h int, f, usd float64) margin.Unified {
	if cl := b.clip(h, f, usd); cl != nil {
		return cl.u
	}
	return b.r.u
}

func (b *exactBook) Close(h int, f float64) float64 {
	cl := b.clip(h, f, 0)
	if cl == nil {
		return 0
	}
	b.r.apply(cl)
	return cl.sold
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
	return b.r.soldUSD - sold
}

// TestFastUnifiedMatchesExact (rapid): a Hyperliquid account of one or two
// perps (BTC, and ETH: long or short each) against USDC, marked so that
// the account is below maintenance, on a market with or without spread and
// depth (the liquidity law's cost), the penalty at 1% or 0, capped or not
// by what Hyperliquid itself would sell now (Run's sale budget: 20% of a
// position above $100k per order, the backstop below 2/3 of maintenance).
// Both runs take clips of 10% of one position's original size, the one
// with the most relief per USD of cost (clipScore), until equity ≥
// min(initial, maintenance × 1.1) or the budget is spent (the last clip
// shrunk to it), or close the account when equity ≤ 0 or no clip helps;
// each clip pays its liquidity cost, and the clip that reaches the target
// pays the penalty out of the equity above it.
//
// Tolerance: the exact clip is |q|·f rounded down to 8 decimals
// (clipDecimals), FastUnified's f is the float quotient ClipFraction/share
// (relative error ≤ a few ulp): each clip differs by ≤ 1e-8 of a unit, ≤
// 1e-8 × 90,000 = $0.0009 of notional, and there are at most 21 clips: tol
// = 22 × 1e-8 × 90,000 + 1e-9 relative on the notional sold and on
// maintenance and initial (each moves by at most the notional closed).
// Equity moves by the clips' cost (a clip's cost moves with its size, under
// 1e-9 relative here) and the exact engine's cash rounding, ≤ 1 USDC base
// unit ($1e-6) per settle (a clip, its cost given back, a credit: 3 per
// clip, 70e-6 over 22 clips); cost plus penalty by the penalty's rounding
// to a base unit (2e-6) and the penalty rate on the notional's tolerance
// (the penalty is 1% of the clip's notional), both also in equity.
func TestFastUnifiedMatchesExact(t *testing.T) {
	rp := margin.DefaultRiskParams()
	seen, bound, two := 0, 0, 0
	defer func() {
		t.Logf("liquidatable books compared: %d (two perps: %d, budget bound: %d)", seen, two, bound)
	}()
	rapid.Check(t, func(rt *rapid.T) {
		opt := DefaultOptions()
		if !rapid.Bool().Draw(rt, "penalty") {
			opt.PenaltyRate = 0
		}
		liquidity := map[bool]string{false: "", true: `, "depth_usd": "250000000", "spread_bps": 1`}
		liq := rapid.Bool().Draw(rt, "liquidity")
		perp := func(u string, lo, hi int, price int) string {
			q := cents(rt, "q"+u, lo, hi)
			if rapid.Bool().Draw(rt, "short"+u) {
				q = "-" + q
			}
			entry := rapid.IntRange(price*19/20, price*21/20).Draw(rt, "entry"+u)
			return fmt.Sprintf(`{"kind": "perp", "underlying": %q, "quantity": "%s", "entry_price": "%d"}`, u, q, entry)
		}
		positions := perp("BTC", 1, 2000, 90000)
		n := rapid.IntRange(1, 2).Draw(rt, "perps")
		if n == 2 {
			positions += ", " + perp("ETH", 10, 60000, 3000)
		}
		text := `asset BTC {"price": "90000", "vol": 0.55` + liquidity[liq] + `}` + "\n" +
			`asset ETH {"price": "3000", "vol": 0.7` + liquidity[liq] + `}` + "\n" +
			`asset USDC {"price": "1"}` + "\n" +
			fmt.Sprintf(`venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", `+
				`"collateral": [{"asset": "USDC", "amount": "%s"}], "positions": [%s]}`,
				cents(rt, "c", 100, 5_000_000), positions)
		m, b := buildCase(rt, text)
		u, err := unifiedOf(b, m, rp)
		if err != nil {
			rt.Fatal(err)
		}
		if !u.Liquidatable {
			rt.Skip("not below maintenance")
		}
		seen++
		if n == 2 {
			two++
		}
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
		fb := &exactBook{t: rt, r: r, budget: budget}
		sold, acted, bound := FastUnified(fb, opt, rp.RebalanceBuffer)
		if !acted && exact.SoldUSD > 0 {
			rt.Fatal("liquidatable, FastUnified did not act")
		}
		if bound != exact.BudgetBound {
			rt.Fatalf("budget bound: fast %v, exact %v", bound, exact.BudgetBound)
		}
		tol := 22*1e-8*90000 + 1e-9*exact.SoldUSD
		if d := math.Abs(sold - exact.SoldUSD); d > tol {
			rt.Fatalf("sold %v, exact %v (Δ %v)\nexact actions %v", sold, exact.SoldUSD, d, exact.Actions)
		}
		after := fb.Margin()
		if exact.Closed || !fb.Open() {
			// closed out (the sold notional, checked above, is the same)
			return
		}
		for _, f := range []struct {
			name        string
			fast, exact float64
			tol         float64
		}{
			{"maintenance", after.Maintenance, exact.MaintenanceAfter, tol},
			{"initial", after.Initial, exact.InitialAfter, tol},
			{"equity", after.Equity, exact.EquityAfter, 70e-6 + opt.PenaltyRate*tol},
			{"cost and penalty", fb.debited, exact.CostUSD + exact.PenaltyUSD, 2e-6 + opt.PenaltyRate*tol},
		} {
			if d := math.Abs(f.fast - f.exact); d > f.tol+1e-9*math.Abs(f.exact)+1e-9 {
				rt.Fatalf("%s after: fast %v, exact %v (Δ %v)", f.name, f.fast, f.exact, d)
			}
		}
		// the penalty leaves equity at the target, less the settle's
		// rounding up of what it takes to a USDC base unit ($1e-6)
		above := after.Equity - UnifiedTarget(&after, rp.RebalanceBuffer)
		if above < -1e-6-1e-9*math.Abs(after.Equity) && !exact.BudgetBound {
			rt.Fatalf("stopped below the target: equity %v, above %v", after.Equity, above)
		}
	})
	if seen == 0 || two == 0 {
		t.Fatalf("books drawn below maintenance: %d, of two perps %d", seen, two)
	}
}

// TestFastUnifiedPenaltyAtTargetHand: issue 13, rapid seed
// 11990815330455432247 (fast equity 126,720, exact 126,720.1). Hand-derived,
// default risk parameters and options (clips of 10%, penalty 1%, buffer
// 0.1): a Hyperliquid account long 20 BTC entered at 85,500, BTC at 90,000
// (no spread or depth: no liquidity cost), 36,720.10 USDC.
//
//   - equity 36,720.10 + 20 × (90,000 − 85,500) = 126,720.10; initial the
//     BTC −16% scenario, 20 × 90,000 × 0.16 = 288,000; maintenance 0.8 ×
//     288,000 = 230,400: liquidatable.
//   - clips of 2 BTC close at the mark (equity unchanged); after k of them
//     the target is min(288,000, 1.1 × 230,400 = 253,440) × (1 − 0.1k):
//     k = 4 gives 152,064 > 126,720.10, k = 5 gives 126,720 ≤ 126,720.10 →
//     5 clips, sold 10 BTC = 900,000.
//   - the 5th clip pays min(1% × 180,000 = 1,800, equity − max(target
//     126,720, h0 × maintenance = 126,720.10 / 138,240 × 115,200 =
//     105,600.08)) = 0.10: equity ends at the target, 126,720.00 (health
//     1.1).
//   - the exact engine credits the clip's net, 9,000 − 0.10, in USDC base
//     units rounded down (settle): the float 8,999.9 is 8,999.89999999999…,
//     credited 8,999.899999, one unit below the target; so it pays one unit
//     less, 0.099999, and equity is 126,720.000000 (penaltyUnits).
//
// Before the fix the exact engine waived the penalty (0, equity 126,720.10):
// it compared 126,720.000000 with the float target 1.1 × 115,200 =
// 126,720.00000000001, a few ulp above the decimal it stands for, and
// found it below (reaches). FastUnified paid 0.10 throughout.
func TestFastUnifiedPenaltyAtTargetHand(t *testing.T) {
	rp, opt := margin.DefaultRiskParams(), DefaultOptions()
	m, b := buildCase(t, `asset BTC {"price": "90000", "vol": 0.55}`+"\n"+`asset USDC {"price": "1"}`+"\n"+
		`venue {"id": "hl", "model": "hyperliquid", "chain": "hyperliquid", "collateral": [{"asset": "USDC", "amount": "36720.10"}], `+
		`"positions": [{"kind": "perp", "underlying": "BTC", "quantity": "20", "entry_price": "85500"}]}`)
	near := func(got, want, tol float64) bool { return math.Abs(got-want) <= tol }
	exact, err := liquidateUnified(context.Background(), b, m, rp, opt, math.Inf(1))
	if err != nil {
		t.Fatal(err)
	}
	if !exact.Liquidatable || exact.Closed || exact.Steps != 5 || !near(exact.SoldUSD, 900_000, 1e-6) ||
		!near(exact.PenaltyUSD, 0.099999, 1e-9) || !near(exact.EquityAfter, 126_720, 1e-9) ||
		!near(exact.MaintenanceAfter, 115_200, 1e-6) || exact.HealthAfter == nil || !near(*exact.HealthAfter, 1.1, 1e-12) {
		t.Fatalf("exact: steps %d sold %v penalty %v equity %v maintenance %v; want 5, 900,000, 0.099999, 126,720, 115,200",
			exact.Steps, exact.SoldUSD, exact.PenaltyUSD, exact.EquityAfter, exact.MaintenanceAfter)
	}
	u, err := unifiedOf(b, m, rp)
	if err != nil {
		t.Fatal(err)
	}
	var out Unified
	r, err := newUnifiedRun(context.Background(), b, m, rp, opt, math.Inf(1), u, &out)
	if err != nil {
		t.Fatal(err)
	}
	fb := &exactBook{t: t, r: r, budget: math.Inf(1)}
	sold, acted, bound := FastUnified(fb, opt, rp.RebalanceBuffer)
	// the fast form pays the float slack, 0.10 less float noise, credited
	// rounded up to a base unit (settle): equity within 1e-6 of 126,720
	if after := fb.Margin(); !acted || bound || !near(sold, 900_000, 1e-6) || !near(fb.debited, 0.10, 1e-6) ||
		!near(after.Equity, 126_720, 1e-6) {
		t.Fatalf("fast: acted %v bound %v sold %v penalty %v equity %v; want 900,000, 0.10, 126,720",
			acted, bound, sold, fb.debited, after.Equity)
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
func (b *lineBook) Budget() float64   { return b.budget }
func (b *lineBook) Share(int) float64 { return b.size }
func (b *lineBook) MarginAfter(_ int, f, usd float64) margin.Unified {
	size, equity := b.size, b.equity
	b.size, b.equity = size*(1-f), equity+usd
	defer func() { b.size, b.equity = size, equity }()
	return b.Margin()
}
func (b *lineBook) Close(_ int, f float64) float64 {
	n := b.notional0 * b.size * f
	b.size *= 1 - f
	return n
}

func (b *lineBook) Margin() margin.Unified {
	u := margin.Unified{Equity: b.equity, Maintenance: b.maint0 * b.size, Initial: b.init0 * b.size}
	u.Liquidatable = u.Equity < u.Maintenance
	return u
}
func (b *lineBook) Open() bool         { return b.size > 0 }
func (b *lineBook) Credit(usd float64) { b.equity += usd }
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
	opt := Options{PenaltyRate: 0.01, ClipFraction: 0.1, MaxSteps: 1000}
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

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}
