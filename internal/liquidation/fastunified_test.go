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
)

// exactBook is a FastBook over the exact engine's state (unifiedRun): its
// figures are margin.Prepare's on the book, a close is the exact engine's
// clip (tryWith, rounded down to clipDecimals), settling is its closeAll.
// Only the loop is FastUnified's.
type exactBook struct {
	t       *rapid.T
	r       *unifiedRun
	size    float64
	penalty float64
}

func (b *exactBook) Margin() margin.Unified { return b.r.u }
func (b *exactBook) Size() float64          { return b.size }
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
		if cl != nil {
			b.r.apply(cl)
		}
	}
	b.size *= 1 - f
	return b.r.soldUSD - sold
}

func (b *exactBook) Credit(usd float64) { b.penalty -= usd }

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
// a market without spread or depth (no liquidity cost: the simulator's
// impact model stands for it), no sale budget. Both runs clip 10% of the
// original position per step until equity ≥ min(initial, maintenance ×
// 1.1), or close it when equity ≤ 0.
//
// Tolerance: the exact clip is |q|·f rounded down to 8 decimals
// (clipDecimals), FastUnified's f is the float quotient ClipFraction/size
// (relative error ≤ a few ulp): each clip differs by ≤ 1e-8 BTC, i.e. ≤
// 1e-8 × 90,000 = $0.0009 of notional, and there are at most 11 clips;
// tol = 12 × 1e-8 × price + 1e-9 relative. Maintenance and initial are
// linear in |q| here, so the after-figures share the tolerance scaled by
// their per-unit rate; equity moves only by the exact engine's cash
// rounding, ≤ 1 USDC base unit ($1e-6) per clip (13e-6 over 12 clips).
// Penalty: run at rate 0 here (see below); the rules differ, stated: the
// exact engine charges each clip PenaltyRate of that clip's notional out of
// the equity above the target after it, which only the last clip has;
// FastUnified charges PenaltyRate of the whole notional once, out of the
// same excess (both never below the target).
func TestFastUnifiedMatchesExact(t *testing.T) {
	rp := margin.DefaultRiskParams()
	// no penalty in the comparison: the fast form charges it once on the
	// whole notional, the exact engine per clip (only the last clip, the
	// one that crosses the target, pays: min(rate × its notional, slack));
	// the penalty rule is TestFastUnifiedPenaltyAboveTarget's
	opt := DefaultOptions()
	opt.PenaltyRate = 0
	seen := 0
	defer func() { t.Logf("liquidatable books compared: %d", seen) }()
	rapid.Check(t, func(rt *rapid.T) {
		q := cents(rt, "q", 1, 2000)
		if rapid.Bool().Draw(rt, "short") {
			q = "-" + q
		}
		entry := rapid.IntRange(60000, 120000).Draw(rt, "entry")
		text := `asset BTC {"price": "90000", "vol": 0.55}` + "\n" +
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
		exact, err := liquidateUnified(context.Background(), b, m, rp, opt, math.Inf(1))
		if err != nil {
			rt.Fatal(err)
		}
		var out Unified
		r, err := newUnifiedRun(context.Background(), b, m, rp, opt, math.Inf(1), u, &out)
		if err != nil {
			rt.Fatal(err)
		}
		fb := &exactBook{t: rt, r: r, size: 1}
		sold, acted := FastUnified(fb, opt, rp.RebalanceBuffer)
		if !acted {
			rt.Fatal("liquidatable, FastUnified did not act")
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
			cash        float64 // USD of cash rounding: a clip's proceeds and the penalty move in USDC base units (1e-6)
		}{
			{"maintenance", after.Maintenance, exact.MaintenanceAfter, u.Maintenance / units, 0},
			{"initial", after.Initial, exact.InitialAfter, u.Initial / units, 0},
			// equity before the penalty: closes at the mark keep it
			{"equity", after.Equity, exact.EquityAfter + exact.PenaltyUSD, 0, 13 * 1e-6},
		} {
			if d := math.Abs(f.fast - f.exact); d > 12*1e-8*f.perUnit+f.cash+1e-9*math.Abs(f.exact)+1e-9 {
				rt.Fatalf("%s after: fast %v, exact %v (Δ %v)", f.name, f.fast, f.exact, d)
			}
		}
		above := after.Equity - UnifiedTarget(&after, rp.RebalanceBuffer)
		if above < -1e-9*math.Abs(after.Equity) && fb.size > fastDust {
			rt.Fatalf("stopped below the target: equity %v, above %v", after.Equity, above)
		}
		if fb.penalty != 0 || exact.PenaltyUSD != 0 {
			rt.Fatalf("penalty at rate 0: fast %v, exact %v", fb.penalty, exact.PenaltyUSD)
		}
	})
	if seen == 0 {
		t.Fatal("no liquidatable book drawn")
	}
}

// lineBook is a scripted FastBook whose maintenance, initial and notional
// are linear in its open share and whose closes keep equity (at the mark,
// no cost): the figures are worked by hand below.
type lineBook struct {
	equity, maint0, init0, notional0 float64
	size                             float64
	settled                          bool
}

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
// original book, penalty 1% of the notional, buffer 0.1; equity 950,
// maintenance 1,000 (liquidatable), so after k clips maintenance is
// 1000(1 − 0.1k) and the target min(initial, 1.1 × maintenance):
//
//   - initial 2,000 (target 1.1 × maintenance = 1100(1 − 0.1k)): k = 1
//     gives 990 > 950, k = 2 gives 880 ≤ 950 → 2 clips. Notional 100,000:
//     sold 20,000, penalty min(1% × 20,000 = 200, 950 − 880 = 70) = 70 (the
//     excess binds; equity ends at the target, 880);
//   - the same with notional 5,000: sold 1,000, penalty min(10, 70) = 10
//     (the rate binds; equity 940);
//   - initial 1,050 (target = initial = 1050(1 − 0.1k), below 1.1 ×
//     maintenance): k = 1 gives 945 ≤ 950 → 1 clip, sold 10,000, penalty
//     min(100, 950 − 945 = 5) = 5;
//   - equity −5: closed outright, sold the whole 100,000, no penalty.
func TestFastUnifiedPenaltyAboveTarget(t *testing.T) {
	opt := Options{PenaltyRate: 0.01, ClipFraction: 0.1}
	for _, c := range []struct {
		name                             string
		equity, init0, notional0         float64
		sold, penalty, equityAfter, size float64
		settled                          bool
	}{
		{"excess binds", 950, 2000, 100_000, 20_000, 70, 880, 0.8, false},
		{"rate binds", 950, 2000, 5_000, 1_000, 10, 940, 0.8, false},
		{"initial is the target", 950, 1050, 100_000, 10_000, 5, 945, 0.9, false},
		{"equity ≤ 0 closes", -5, 2000, 100_000, 100_000, 0, -5, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &lineBook{equity: c.equity, maint0: 1000, init0: c.init0, notional0: c.notional0, size: 1}
			sold, acted := FastUnified(b, opt, 0.1)
			if !acted {
				t.Fatal("liquidatable, did not act")
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
	b := &lineBook{equity: 1000, maint0: 1000, init0: 2000, notional0: 100_000, size: 1}
	if sold, acted := FastUnified(b, opt, 0.1); acted || sold != 0 || b.size != 1 {
		t.Fatalf("healthy book: sold %v acted %v size %v", sold, acted, b.size)
	}
}
