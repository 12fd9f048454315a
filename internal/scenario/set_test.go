package scenario

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/unimargin/unimargin/internal/market"
)

const testMarket = `{
  "as_of": "2026-11-25T00:00:00Z",
  "assets": {
    "BTC":    {"price": "90000", "vol": 0.5},
    "WBTC":   {"price": "89900", "backed_by": {"BTC": "1"}},
    "ETH":    {"price": "3000", "vol": 0.7},
    "stETH":  {"price": "2990", "backed_by": {"ETH": "1"}},
    "wstETH": {"price": "3550", "backed_by": {"stETH": "1.18"}},
    "USDC":   {"price": "1"},
    "LPT":    {"price": "180000", "backed_by": {"BTC": "1", "USDC": "90000"}},
    "PEPE":   {"price": "0.00001"}
  },
  "correlations": {"BTC/ETH": 0.8}
}`

func testSet(t *testing.T, assets []string, mutate func(*Params)) *Set {
	t.Helper()
	m, err := market.Load([]byte(testMarket), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ranges := map[string]float64{"BTC": 0.16, "ETH": 0.18, "PEPE": 0.4}
	p := &Params{
		Range: func(s string) float64 { return ranges[s] }, StepsPerSide: 4, StableDepeg: 0.05,
		WrapperDepeg: 0.05, TailMoves: []float64{-0.66, -0.33, 0.5, 1, 2}, TailFraction: 0.036,
	}
	if mutate != nil {
		mutate(p)
	}
	s, err := Build(m, assets, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func names(s *Set, kind Kind) []string {
	var out []string
	for i := range s.Scenarios {
		if s.Scenarios[i].Kind == kind {
			out = append(out, s.Name(i))
		}
	}
	return out
}

// The set's shape: per risk asset 27 grid scenarios and 5 tails, joint ones
// only with two risk assets or more, one depeg per stable root and wrapper,
// 6 historical episodes; the order is grid, joint, depeg, tail, tail joint,
// historical.
func TestBuildShape(t *testing.T) {
	one := testSet(t, []string{"BTC"}, nil)
	if got, want := len(one.Scenarios), 27+5+6; got != want {
		t.Fatalf("BTC alone: %d scenarios, want %d", got, want)
	}
	if j := names(one, KindJoint); len(j) != 0 {
		t.Fatalf("joint scenarios with one risk asset: %v", j)
	}
	s := testSet(t, []string{"wstETH", "WBTC", "USDC"}, nil)
	// Closure: BTC, ETH, USDC, WBTC, stETH, wstETH. Risk roots BTC, ETH.
	if got := strings.Join(s.Assets, " "); got != "BTC ETH USDC WBTC stETH wstETH" {
		t.Fatalf("assets %q", got)
	}
	// 2 risk assets × 27 grid, 27 joint, 4 depegs, 2 × 5 tails, 5 joint
	// tails, 2 × 2 correlated (BTC/ETH 0.8), 6 historical.
	want := 2*27 + 27 + 4 + 2*5 + 5 + 4 + 6
	if len(s.Scenarios) != want {
		t.Fatalf("%d scenarios, want %d", len(s.Scenarios), want)
	}
	order := []Kind{KindGrid, KindJoint, KindDepeg, KindTail, KindTailJoint, KindCorrelated, KindHistorical}
	k := 0
	for i := range s.Scenarios {
		for s.Scenarios[i].Kind != order[k] {
			k++
			if k == len(order) {
				t.Fatalf("scenario %d (%s) out of order", i, s.Name(i))
			}
		}
	}
	if got := strings.Join(names(s, KindDepeg), ", "); got != "USDC depeg -5%, WBTC depeg -5%, stETH depeg -5%, wstETH depeg -5%" {
		t.Fatalf("depegs: %s", got)
	}
}

func TestNames(t *testing.T) {
	s := testSet(t, []string{"BTC", "ETH", "USDC"}, nil)
	grid := names(s, KindGrid)
	for _, want := range []string{"BTC -16% vol up", "BTC -16%", "BTC -16% vol down", "BTC -4%", "BTC 0% vol up",
		"BTC +12% vol down", "ETH -4.5%", "ETH +13.5% vol up"} {
		if !contains(grid, want) {
			t.Errorf("grid lacks %q: %v", want, grid)
		}
	}
	joint := names(s, KindJoint)
	if joint[0] != "all -range vol up" || joint[4] != "all -3/4 range" || joint[7] != "all -1/2 range" ||
		joint[12] != "all 0 vol up" || joint[26] != "all +range vol down" {
		t.Errorf("joint names: %v", joint)
	}
	if got := strings.Join(names(s, KindTailJoint), ", "); got != "all -66% vol up, all -33% vol up, all +50% vol up, all +100% vol up, all +200% vol up" {
		t.Errorf("tail joint: %s", got)
	}
	if got := names(s, KindHistorical); len(got) != 6 || got[0] != "2020-03-12 Black Thursday" ||
		got[4] != "2022-11 FTX collapse" || got[5] != "2025-10-10 tariff liquidation cascade" {
		t.Errorf("historical: %v", got)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// Look-through: a wrapper moves with its backing by value share,
// recursively, and with its own depeg; its options see the vol column of
// the scenarios that move it.
func TestLookThrough(t *testing.T) {
	s := testSet(t, []string{"wstETH", "LPT"}, nil)
	ret := func(asset, scenario string) (float64, Vol, bool) {
		i, _ := s.Index(asset)
		for k := range s.Scenarios {
			if s.Name(k) == scenario {
				mv, ok := s.MoveOf(i, k)
				return mv.Return, mv.Vol, ok
			}
		}
		t.Fatalf("no scenario %q", scenario)
		return 0, 0, false
	}
	cases := []struct {
		asset, scenario string
		want            float64
		vol             Vol
	}{
		{"wstETH", "ETH -18% vol up", -0.18, VolUp}, // through stETH, one backing each: Beta 1
		{"stETH", "ETH +9% vol down", 0.09, VolDown},
		{"wstETH", "stETH depeg -5%", -0.05, VolNone}, // the inner wrapper's depeg passes through
		{"wstETH", "wstETH depeg -5%", -0.05, VolNone},
		{"LPT", "BTC -16%", -0.08, VolNone}, // half BTC, half USDC by value
		{"LPT", "USDC depeg -5%", -0.025, VolNone},
		{"LPT", "all -66% vol up", -0.33, VolUp},
	}
	for _, c := range cases {
		got, vol, ok := ret(c.asset, c.scenario)
		if !ok || math.Abs(got-c.want) > 1e-15 || vol != c.vol {
			t.Errorf("%s in %q: return %v vol %v (moved %v), want %v vol %v", c.asset, c.scenario, got, vol, ok, c.want, c.vol)
		}
	}
	if _, _, ok := ret("stETH", "wstETH depeg -5%"); ok {
		t.Error("a wrapper's depeg moved its backing")
	}
	lpt, _ := s.Index("LPT")
	var sum float64
	for _, b := range s.Roots(lpt) {
		sum += b.Beta
		if math.Abs(b.Beta-0.5) > 1e-15 {
			t.Errorf("LPT Beta to %s = %v, want 0.5", s.Assets[b.Asset], b.Beta)
		}
	}
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("LPT Betas to its roots sum to %v", sum)
	}
}

// Moves are sorted by scenario; RequirementMoves stops before the
// historical episodes unless they are enabled.
func TestMovesAndRequirement(t *testing.T) {
	for _, historical := range []bool{false, true} {
		s := testSet(t, []string{"WBTC", "ETH"}, func(p *Params) { p.Historical = historical })
		for a := range s.Assets {
			moves := s.Moves[a]
			for k := 1; k < len(moves); k++ {
				if moves[k].Scenario <= moves[k-1].Scenario {
					t.Fatalf("%s: moves out of order at %d", s.Assets[a], k)
				}
			}
			req := s.RequirementMoves(a)
			for _, mv := range req {
				if !s.Scenarios[mv.Scenario].InRequirement {
					t.Fatalf("%s: RequirementMoves holds %s", s.Assets[a], s.Name(int(mv.Scenario)))
				}
			}
			for _, mv := range moves[len(req):] {
				if s.Scenarios[mv.Scenario].InRequirement {
					t.Fatalf("%s: RequirementMoves misses %s", s.Assets[a], s.Name(int(mv.Scenario)))
				}
			}
			if historical && len(req) != len(moves) {
				t.Fatalf("%s: historical enabled but %d of %d moves in the requirement", s.Assets[a], len(req), len(moves))
			}
		}
	}
}

// A correlated move: the anchor by its range, each correlated asset by
// ρ × its own range, the same way, vol up; outside the requirement unless
// the stress families are enabled.
func TestCorrelated(t *testing.T) {
	s := testSet(t, []string{"BTC", "wstETH", "PEPE"}, nil)
	spots := s.Spots()
	got := map[string]string{}
	for i := range s.Scenarios {
		if s.Scenarios[i].Kind == KindCorrelated {
			got[s.Name(i)] = fmt.Sprint(spots[i])
			if s.Scenarios[i].InRequirement || s.Scenarios[i].Vol != VolUp {
				t.Errorf("%s: in requirement %v, vol %v", s.Name(i), s.Scenarios[i].InRequirement, s.Scenarios[i].Vol)
			}
		}
	}
	down := fmt.Sprint(map[string]float64{"BTC": -0.16, "ETH": -0.8 * 0.18, "stETH": -0.8 * 0.18, "wstETH": -0.8 * 0.18})
	up := fmt.Sprint(map[string]float64{"BTC": 0.8 * 0.16, "ETH": 0.18, "stETH": 0.18, "wstETH": 0.18})
	if len(got) != 4 || got["BTC -16% correlated vol up"] != down || got["ETH +18% correlated vol up"] != up {
		t.Fatalf("correlated scenarios: %v", got)
	}
}

// A tail move counts 0.036/|move| of its P&L, at most all of it.
func TestTailFraction(t *testing.T) {
	s := testSet(t, []string{"BTC"}, func(p *Params) { p.TailMoves = []float64{-0.66, 2, 0.02} })
	want := map[string]float64{"BTC -66% vol up": 0.036 / 0.66, "BTC +200% vol up": 0.018, "BTC +2% vol up": 1}
	for i := range s.Scenarios {
		if f, ok := want[s.Name(i)]; ok && s.Scenarios[i].Kind == KindTail {
			if math.Abs(s.Scenarios[i].Fraction-f) > 1e-15 {
				t.Errorf("%s: fraction %v, want %v", s.Name(i), s.Scenarios[i].Fraction, f)
			}
			delete(want, s.Name(i))
		}
	}
	if len(want) != 0 {
		t.Errorf("missing tails: %v", want)
	}
}

// Historical episodes move the BTC and ETH families by the measured moves
// and other non-stable roots by ETH's move scaled by their range.
func TestHistorical(t *testing.T) {
	s := testSet(t, []string{"WBTC", "ETH", "PEPE", "USDC"}, nil)
	spots := s.Spots()
	for i := range s.Scenarios {
		if s.Name(i) != "2022-11 FTX collapse" {
			continue
		}
		got := fmt.Sprint(spots[i])
		if want := fmt.Sprint(map[string]float64{"BTC": -0.2526, "WBTC": -0.2526, "ETH": -0.3197,
			"PEPE": -0.3197 * 0.4 / 0.18}); got != want {
			t.Fatalf("FTX moves %s, want %s", got, want)
		}
		if s.Scenarios[i].InRequirement {
			t.Fatal("historical episode in the requirement by default")
		}
		return
	}
	t.Fatal("no FTX episode")
}

// June 2022 carries the stETH discount next to the price moves (issue 14):
// stETH at 0.94 ETH. In the test market stETH is backed by ETH and wstETH by
// stETH, so stETH moves −50.08% − 6% and wstETH inherits it (no second
// discount); in a market that backs wstETH by WETH directly (the demo's),
// wstETH takes the discount itself. Every other episode leaves stETH with ETH.
func TestHistoricalStETHDiscount(t *testing.T) {
	s := testSet(t, []string{"wstETH", "BTC"}, nil)
	spots := s.Spots()
	for i := range s.Scenarios {
		if s.Scenarios[i].Kind != KindHistorical {
			continue
		}
		eth, want := spots[i]["ETH"], spots[i]["ETH"]
		if s.Name(i) == "2022-06 3AC and Celsius" {
			want = -0.5008 - 0.06
		}
		if math.Abs(spots[i]["stETH"]-want) > 1e-12 || math.Abs(spots[i]["wstETH"]-want) > 1e-12 {
			t.Errorf("%s: ETH %v, stETH %v, wstETH %v; want stETH and wstETH at %v", s.Name(i), eth,
				spots[i]["stETH"], spots[i]["wstETH"], want)
		}
	}
	m, err := market.Load([]byte(`{"as_of": "2026-11-25T00:00:00Z", "assets": {"ETH": {"price": "3000"},
	  "WETH": {"price": "3000", "backed_by": {"ETH": "1"}}, "wstETH": {"price": "3550", "backed_by": {"WETH": "1.18"}}}}`),
		market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(m, []string{"wstETH"}, &Params{Range: func(string) float64 { return 0.18 }, StepsPerSide: 4})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, sp := range d.Spots() {
		if d.Name(i) == "2022-06 3AC and Celsius" {
			found = true
			if math.Abs(sp["wstETH"]-(sp["WETH"]-0.06)) > 1e-12 || sp["WETH"] != -0.5008 {
				t.Errorf("wstETH backed by WETH: %v, want WETH %v − 6%%", sp["wstETH"], sp["WETH"])
			}
		}
	}
	if !found {
		t.Fatal("no June 2022 episode")
	}
}

// A market with more risk assets than MaxScenarios allows is refused.
func TestMaxScenarios(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"as_of": "2026-11-25T00:00:00Z", "assets": {`)
	// 3,200 risk assets × (3 × 101 grid + 32 tails) = 1,072,000 > 2^20.
	const n = 3200
	var syms []string
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		sym := fmt.Sprintf("T%04d", i)
		syms = append(syms, sym)
		fmt.Fprintf(&b, `"%s": {"price": "1"}`, sym)
	}
	b.WriteString("}}")
	m, err := market.Load([]byte(b.String()), market.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tails := make([]float64, 32)
	for i := range tails {
		tails[i] = float64(i+1) / 10
	}
	p := &Params{Range: func(string) float64 { return 0.4 }, StepsPerSide: 50, TailMoves: tails, TailFraction: 0.036}
	if _, err := Build(m, syms, p); err == nil || !strings.Contains(err.Error(), "more than the limit") {
		t.Fatalf("Build with %d risk assets: %v", n, err)
	}
}

// The documented episodes: Black Thursday and the 2025-10-10 wick move BTC
// and ETH by their documented figures; the wick's altcoin move applies to
// every other non-stable root, while Black Thursday scales ETH's by range.
func TestDocumentedEpisodes(t *testing.T) {
	byName := map[string]Episode{}
	for _, e := range Episodes() {
		if e.Source == "" {
			t.Errorf("%s: an episode must cite its source", e.Name)
		}
		byName[e.Name] = e
	}
	bt, wick := byName["2020-03-12 Black Thursday"], byName["2025-10-10 tariff liquidation cascade"]
	for _, c := range []struct {
		e        Episode
		sym      string
		rng, out float64
	}{
		{bt, "BTC", 0.16, -0.466}, {bt, "WETH", 0.18, -0.54}, {bt, "SOL", 0.25, -0.75},
		{wick, "BTC", 0.16, -0.169}, {wick, "ETH", 0.18, -0.178}, {wick, "SOL", 0.25, -0.40},
	} {
		if got := c.e.EpisodeMove(c.sym, c.rng); math.Abs(got-c.out) > 1e-12 {
			t.Errorf("%s %s: move %v, want %v", c.e.Name, c.sym, got, c.out)
		}
	}
}
