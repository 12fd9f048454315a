package margin

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// perpMarket is BTC at 100,000 (vol 0.5, no depth: no liquidity add-on)
// and USDC at 1.
const perpMarket = `{"as_of": "2026-11-25T00:00:00Z", "assets": {
  "BTC": {"price": "100000", "vol": 0.5},
  "USDC": {"price": "1", "class": "stable"}}}`

// perpBook is one dYdX v4 venue (genesis set: BTC is tier 0, IMF 5%,
// maintenance fraction 60%, so MMF 3%) with collateral USDC and a long
// 10 BTC perpetual opened at 100,000.
func perpBook(t *testing.T, collateral string) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	return perpBookSized(t, collateral, "10")
}

// perpBookSized is perpBook with quantity BTC (signed).
func perpBookSized(t *testing.T, collateral, quantity string) (*portfolio.Portfolio, *market.Snapshot) {
	t.Helper()
	return loadBook(t, perpMarket, `{"account": "perp", "venues": [{"id": "dydx", "model": "dydx-v4",
	  "chain": "dydx", "params": "dydx-v4-genesis-2023-10-26",
	  "collateral": [{"asset": "USDC", "amount": "`+collateral+`"}],
	  "positions": [{"kind": "perp", "underlying": "BTC", "quantity": "`+quantity+`", "entry_price": "100000"}]}]}`)
}

// Goal: reverse stress on a book whose boundaries are derivable by hand.
// A long 10 BTC perpetual at entry E = 100,000 with collateral C USDC, BTC
// at P after the move:
//
//	dYdX:    equity C + 10(P − E) < maintenance 0.03·10·P
//	         ⇔ P < (10E − C) / 9.7
//	unified: the worst requirement scenario is BTC −16% (the tail moves
//	         count at 0.036/|move|, less): initial 0.16·10·P (no depth, no
//	         options, one venue: no add-on or contingency), maintenance
//	         0.8 of it = 1.28·P; liquidatable ⇔ C + 10(P − E) < 1.28·P
//	         ⇔ P < (10E − C) / 8.72
//
// C = 300,000: unified breaks first at P = 700,000/8.72 = 80,275.229…
// (move −19.7248%), dYdX at 700,000/9.7 = 72,164.948… (−27.8351%), which is
// also the venue model's own liquidation price (venue.LiquidationPrices).
// C = 100,000: unified is liquidatable before any move (1.28·100,000 >
// 100,000), and dYdX breaks at 900,000/9.7 = 92,783.505… (−7.2165%).
func TestReverseStressSinglePerpHandDerived(t *testing.T) {
	const tol = 1e-6
	for _, tc := range []struct {
		collateral     string
		dydx, unified  float64 // hand-derived break prices (0: already liquidatable)
		already, first string
	}{
		{"300000", 700000 / 9.7, 700000 / 8.72, "", UnifiedLabel},
		{"100000", 900000 / 9.7, 0, UnifiedLabel, "dydx"},
	} {
		book, m := perpBook(t, tc.collateral)
		res, err := ReverseStress(context.Background(), book, m, DefaultRiskParams(), ReverseOptions{Tolerance: tol, VolMoves: []float64{0}})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.AlreadyLiquidatable; (tc.already == "") != (len(got) == 0) || len(got) > 0 && got[0] != tc.already {
			t.Errorf("C=%s: already liquidatable %v, want %q", tc.collateral, got, tc.already)
		}
		down := findMove(t, res, "BTC down")
		wantDydx := tc.dydx/100000 - 1
		if got := down.ByTarget["dydx"]; got == nil || *got > wantDydx || *got < wantDydx-2*tol {
			t.Errorf("C=%s: dydx breaks at %v, want %v (just past, within %g)", tc.collateral, deref(got), wantDydx, tol)
		}
		liq, err := venue.LiquidationPrices(&book.Venues[0], m)
		if err != nil {
			t.Fatal(err)
		}
		if lp := liq["BTC"]; lp == nil || math.Abs(*lp/100000-1-wantDydx) > 2*tol {
			t.Errorf("C=%s: venue liquidation price %v, want %v", tc.collateral, deref(lp), tc.dydx)
		}
		if tc.unified > 0 {
			want := tc.unified/100000 - 1
			if got := down.ByTarget[UnifiedLabel]; got == nil || *got > want || *got < want-2*tol {
				t.Errorf("C=%s: unified breaks at %v, want %v", tc.collateral, deref(got), want)
			}
		}
		if len(down.Breaks) != 1 || down.Breaks[0] != tc.first {
			t.Errorf("C=%s: breaks first %v, want %s", tc.collateral, down.Breaks, tc.first)
		}
		if up := findMove(t, res, "BTC up"); up.ByTarget["dydx"] != nil {
			t.Errorf("C=%s: a long perp broke on a rise: %v", tc.collateral, *up.ByTarget["dydx"])
		}
		if res.Smallest == nil || res.Smallest.Name != "BTC down" {
			t.Errorf("C=%s: smallest %+v, want BTC down", tc.collateral, res.Smallest)
		}
		// at the reported point the first target is liquidatable, and
		// tolerance before it is not
		at := *down.Move
		if !slices.Contains(down.At.Liquidatable, tc.first) {
			t.Errorf("C=%s: %s not liquidatable at the reported move", tc.collateral, tc.first)
		}
		before, err := figuresAt(book, stateAt{m: m.WithPriceScaled("BTC", 1+at+2*tol), rp: DefaultRiskParams()})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(before.Liquidatable, tc.first) {
			t.Errorf("C=%s: %s already liquidatable %g before the reported move", tc.collateral, tc.first, 2*tol)
		}
	}
}

func findMove(t *testing.T, res *ReverseResult, name string) *ReverseMove {
	t.Helper()
	for i := range res.Moves {
		if res.Moves[i].Name == name {
			return &res.Moves[i]
		}
	}
	t.Fatalf("no direction %q", name)
	return nil
}

func deref(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// Goal: a book that nothing breaks reports no move (null), not a made-up
// one: 1 BTC in custody, unlevered, is never liquidatable in any direction.
func TestReverseStressNothingBreaks(t *testing.T) {
	m, err := market.Load([]byte(perpMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book, err := portfolio.Parse([]byte(`{"account": "cash", "venues": [{"id": "w", "model": "custody",
	  "chain": "ethereum", "collateral": [{"asset": "BTC", "amount": "1"}], "positions": []}]}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReverseStress(context.Background(), book, m, DefaultRiskParams(), DefaultReverseOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Smallest != nil {
		t.Errorf("smallest %+v, want none: unlevered BTC never becomes liquidatable", *res.Smallest)
	}
	for _, mv := range res.Moves {
		if mv.Move != nil {
			t.Errorf("%s: move %v, want null", mv.Name, *mv.Move)
		}
	}
}

// Property (rapid): on a single dYdX perpetual of q BTC (long or short) at
// entry E = 100,000 with collateral C, reverse stress finds dYdX's break
// where the hand formula puts it (MMF 3%, the perp's mark = spot):
//
//	long q > 0:  C + q(P − E) < 0.03·q·P   ⇔ P < (qE − C) / (0.97q)  (none when qE ≤ C)
//	short q < 0: C + q(P − E) < 0.03·|q|·P ⇔ P > (C + |q|E) / (1.03|q|)
//
// within the tolerance, on the liquidatable side; and no break in the
// other direction. Moves beyond the scan (−99%, +1000%) are not found.
func TestPropertyReverseStressPerpBreakIsTheHandFormula(t *testing.T) {
	const tol = 1e-6
	rapid.Check(t, func(rt *rapid.T) {
		c := rapid.IntRange(1, 200).Draw(rt, "collateral_k") * 5000
		q := rapid.IntRange(1, 20).Draw(rt, "size")
		if rapid.Bool().Draw(rt, "short") {
			q = -q
		}
		book, m := perpBookSized(t, strconv.Itoa(c), strconv.Itoa(q))
		res, err := ReverseStress(context.Background(), book, m, DefaultRiskParams(), ReverseOptions{Tolerance: tol, VolMoves: []float64{0}})
		if err != nil {
			rt.Fatal(err)
		}
		qf, cf, e := float64(q), float64(c), 100000.0
		// the hand break as a signed return, clipped to the direction's side
		// (a boundary at the current price is broken by any move past it);
		// exists: the break price lies inside the scan (−99%, +1000%)
		var breakAt float64
		var exists bool
		down, up := findMove(t, res, "BTC down"), findMove(t, res, "BTC up")
		hit, other := down, up
		if q > 0 {
			p := (qf*e - cf) / (0.97 * qf)
			exists = p > 0.01*e
			breakAt = math.Min(p/e-1, 0)
		} else {
			hit, other = up, down
			p := (cf - qf*e) / (1.03 * -qf)
			exists = p < 11*e
			breakAt = math.Max(p/e-1, 0)
		}
		if slices.Contains(res.AlreadyLiquidatable, "dydx") {
			if math.Abs(breakAt) > 2*tol {
				rt.Fatalf("dydx already liquidatable, the hand break is at %v", breakAt)
			}
			return
		}
		got := hit.ByTarget["dydx"]
		switch {
		case !exists && got != nil:
			rt.Fatalf("q=%d C=%d: break at %v, none by hand within the scan", q, c, *got)
		case exists && got == nil:
			rt.Fatalf("q=%d C=%d: no break, by hand at %v", q, c, breakAt)
		case got != nil && (math.Abs(*got-breakAt) > 2*tol || math.Abs(*got) < math.Abs(breakAt)):
			rt.Fatalf("q=%d C=%d: break at %v, by hand %v (want it just past, within %g)", q, c, *got, breakAt, tol)
		}
		if other.ByTarget["dydx"] != nil {
			rt.Fatalf("q=%d C=%d: dydx also breaks the other way at %v", q, c, *other.ByTarget["dydx"])
		}
	})
}

// Goal: reverse stress refuses a book beyond MaxReverseAssets risk assets
// with an input error (the search is some 150 margin runs per asset), and
// accepts one at the limit.
func TestReverseStressLimitsRiskAssets(t *testing.T) {
	for _, n := range []int{MaxReverseAssets, MaxReverseAssets + 1} {
		var assets, coll []string
		for i := range n {
			sym := "T" + strconv.Itoa(i)
			assets = append(assets, `"`+sym+`": {"price": "10"}`)
			coll = append(coll, `{"asset": "`+sym+`", "amount": "1"}`)
		}
		m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {`+strings.Join(assets, ",")+`}}`), market.Options{})
		if err != nil {
			t.Fatal(err)
		}
		book, err := portfolio.Parse([]byte(`{"account": "many", "venues": [{"id": "w", "model": "custody",
		  "chain": "ethereum", "collateral": [` + strings.Join(coll, ",") + `], "positions": []}]}`))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ReverseStress(context.Background(), book, m, DefaultRiskParams(), ReverseOptions{Tolerance: 1e-3})
		var ie *input.Error
		if over := n > MaxReverseAssets; over != errors.As(err, &ie) || !over && err != nil {
			t.Errorf("%d risk assets: error %v", n, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	book, m := perpBook(t, "300000")
	if _, err := ReverseStress(ctx, book, m, DefaultRiskParams(), DefaultReverseOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}

// Goal: reverse stress searches a held stablecoin's depeg (issue 17), with
// boundaries derivable by hand. perpBook: a long 10 BTC perpetual at entry
// E = 100,000 on dYdX with C USDC of collateral; BTC stays at E, USDC
// loses the fraction d (price u = 1 − d). A linear venue's figures are in
// USD, its collateral at the USDC price:
//
//	dYdX:    equity C·u + 10(E − E) < maintenance 0.03·10·E = 30,000
//	         ⇔ u < 30,000 / C
//	unified: initial stays the BTC −16% scenario, 0.16·10·E = 160,000 (the
//	         USDC −5% scenario loses 0.05·C·u ≤ 15,000, less), maintenance
//	         0.8 of it = 128,000; liquidatable ⇔ C·u < 128,000
//
// C = 300,000: unified breaks at d = 1 − 128/300 = 0.573333… (move
// −57.3333%), dYdX at d = 1 − 30/300 = 0.9 (−90%).
// C = 100,000: unified is liquidatable before any move; dYdX breaks at
// d = 1 − 30/100 = 0.7.
// The depeg is not a spot direction: smallest stays BTC down.
func TestReverseStressDepegHandDerived(t *testing.T) {
	const tol = 1e-6
	for _, tc := range []struct {
		collateral    string
		dydx, unified float64 // hand-derived discounts (0: already liquidatable)
		first         string
	}{
		{"300000", 0.9, 1 - 128000.0/300000, UnifiedLabel},
		{"100000", 0.7, 0, "dydx"},
	} {
		book, m := perpBook(t, tc.collateral)
		res, err := ReverseStress(context.Background(), book, m, DefaultRiskParams(), ReverseOptions{Tolerance: tol, VolMoves: []float64{0}})
		if err != nil {
			t.Fatal(err)
		}
		dp := findMove(t, res, "USDC depeg")
		if dp.Kind != "depeg" || len(dp.Assets) != 1 || dp.Assets[0] != "USDC" {
			t.Errorf("C=%s: depeg direction %+v", tc.collateral, dp)
		}
		if got := dp.ByTarget["dydx"]; got == nil || *got > -tc.dydx || *got < -tc.dydx-2*tol {
			t.Errorf("C=%s: dydx breaks at %v, want %v (just past, within %g)", tc.collateral, deref(got), -tc.dydx, tol)
		}
		if tc.unified > 0 {
			if got := dp.ByTarget[UnifiedLabel]; got == nil || *got > -tc.unified || *got < -tc.unified-2*tol {
				t.Errorf("C=%s: unified breaks at %v, want %v", tc.collateral, deref(got), -tc.unified)
			}
		}
		if len(dp.Breaks) != 1 || dp.Breaks[0] != tc.first {
			t.Errorf("C=%s: breaks first %v, want %s", tc.collateral, dp.Breaks, tc.first)
		}
		if res.Smallest == nil || res.Smallest.Name != "BTC down" {
			t.Errorf("C=%s: smallest %+v, want BTC down (a depeg is not a spot direction)", tc.collateral, res.Smallest)
		}
	}
	// BTC is a root and not a stablecoin: it has no depeg direction
	book, m := perpBook(t, "300000")
	res, err := ReverseStress(context.Background(), book, m, DefaultRiskParams(), ReverseOptions{Tolerance: tol, VolMoves: []float64{0}})
	if err != nil {
		t.Fatal(err)
	}
	for _, mv := range res.Moves {
		if mv.Kind == "depeg" && mv.Name != "USDC depeg" {
			t.Errorf("unexpected depeg direction %q", mv.Name)
		}
	}
}

// Goal: a tolerance finer than float64 can resolve (the API accepts any
// tolerance in (0, 0.01], e.g. 1e-300) ends the bisection at adjacent
// floats instead of looping forever: once lo and hi are neighbours their
// midpoint is one of them and the width never shrinks again. Method:
// bisect a step at 0.15 over [0.1, 0.2] with tol 1e-300 and count
// evaluations; from width 0.1 to the spacing of floats near 0.15 (2^-55)
// takes about 52 halvings, so 200 is a generous bound that an endless loop
// passes at once (the test then stops it rather than hang).
func TestBisectBreakEndsAtFloatResolution(t *testing.T) {
	const edge, maxEvals = 0.15, 200
	evals := 0
	eval := func(x float64) (FiguresAt, error) {
		evals++
		if evals > maxEvals {
			t.Fatalf("bisection still running after %d evaluations (tol below float resolution)", maxEvals)
		}
		if x >= edge {
			return FiguresAt{Liquidatable: []string{"v"}}, nil
		}
		return FiguresAt{}, nil
	}
	got := bisectBreak(context.Background(), eval, "v", 0.1, 0.2, 1e-300)
	if got != edge {
		t.Errorf("break at %v, want %v (the smallest liquidatable float)", got, edge)
	}
}

// Goal: a request's deadline ends the bisection too (the search is the
// costly part of reverse stress). Method: a context already cancelled
// stops bisectBreak after no evaluation.
func TestBisectBreakStopsOnContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	evals := 0
	eval := func(float64) (FiguresAt, error) { evals++; return FiguresAt{}, nil }
	bisectBreak(ctx, eval, "v", 0, 1, 1e-6)
	if evals != 0 {
		t.Errorf("%d evaluations after the context ended, want 0", evals)
	}
}
