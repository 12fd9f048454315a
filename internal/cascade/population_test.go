package cascade

import (
	"math"
	"sort"
	"testing"

	"github.com/unimargin/unimargin/internal/margin"
)

// TestSyntheticCalibration: the generated population has the stated mix
// (books, assets), size and health-factor distribution, the ten real whale
// accounts, and every account starts above maintenance on every venue.
func TestSyntheticCalibration(t *testing.T) {
	p0 := defaultStart
	pop := testPop(t, 50_000, p0, 9)
	books := map[string]int{}
	var hfs, sizes []float64
	weth := 0
	for _, acc := range pop.Accounts {
		books[acc.Book]++
		eq := 0.0
		for _, l := range acc.Legs {
			eq += legEquity(&l, &p0)
			gap := legEquity(&l, &p0) - l.M0
			for a := range NumAssets {
				gap -= (l.MRate[a]*math.Abs(l.Units[a]) + l.Extra[a]) * p0[a]
			}
			if gap < 0 {
				t.Fatalf("%s at %s starts below maintenance", acc.ID, l.Venue)
			}
		}
		if acc.Book == "whale" {
			continue
		}
		sizes = append(sizes, eq)
		if acc.Legs[0].Units[aWETH] != 0 && acc.Book != "steth-loop" {
			weth++
		}
		if acc.Book == "lender" {
			l := acc.Legs[0]
			a := 0
			if l.Units[1] != 0 {
				a = 1
			}
			hfs = append(hfs, (1-l.MRate[a])*l.Units[a]*p0[a]/-l.Cash)
		}
	}
	if books["whale"] != 10 {
		t.Errorf("%d whale accounts, want the 10 usable ones", books["whale"])
	}
	n := float64(len(pop.Accounts) - books["whale"])
	want := map[string]float64{"lender": 0.36, "lender-compound": 0.05, "steth-loop": 0.04, "lender-perp": 0.10, "basis": 0.10, "market-maker": 0.08,
		"option-writer": 0.07, "perp-trader": 0.20}
	for b, f := range want {
		if got := float64(books[b]) / n; math.Abs(got-f) > 0.01 {
			t.Errorf("%s: %.3f of accounts, want %.2f", b, got, f)
		}
	}
	if got := float64(weth) / (n - float64(books["steth-loop"])); math.Abs(got-0.65) > 0.01 {
		t.Errorf("WETH share %.3f, want 0.65", got)
	}
	if m := median(sizes); m < 22_000 || m > 28_000 {
		t.Errorf("median equity %.0f, want about 25,000", m)
	}
	if m := median(hfs); m < 1.5 || m > 1.6 {
		t.Errorf("median lender health %.3f, want about 1.55", m)
	}
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// TestUCTWithoutFrictionIsHub: with no bridge haircut and no settlement
// delay, UCT margins exactly as the hub does (only trust differs); with
// them, the haircut liquidates earlier.
func TestUCTWithoutFrictionIsHub(t *testing.T) {
	path := mustPath(t, "2021-05-19", 100)
	pop := testPop(t, 4000, path.Prices[0], 5)
	cfg := DefaultConfig()
	cfg.BridgeHaircut, cfg.SettlementDelayHours = 0, 0
	hub := simulateT(pop, path, Hub, &cfg).Metrics
	uct := simulateT(pop, path, UCT, &cfg).Metrics
	if hub.LiquidatedUSD != uct.LiquidatedUSD || hub.BadDebtUSD != uct.BadDebtUSD ||
		hub.Liquidations != uct.Liquidations || hub.CollateralLockedUSD != uct.CollateralLockedUSD {
		t.Fatalf("hub %+v\nuct %+v", hub, uct)
	}
}

// TestSettlementDelayNeverVanishes: a 15-minute delay on a path of one-hour
// steps still holds UCT liquidations off the home chain for a whole step
// (rounded up, so the assumption is never silently dropped), which changes
// the outcome against the hub on an instant crash.
func TestSettlementDelayNeverVanishes(t *testing.T) {
	path := Shock(aWETH, -0.3, 4)
	pop := testPop(t, 4000, path.Prices[0], 5)
	cfg := DefaultConfig()
	cfg.BridgeHaircut, cfg.SettlementDelayHours = 0, 0.25
	hub := simulateT(pop, path, Hub, &cfg).Metrics
	uct := simulateT(pop, path, UCT, &cfg).Metrics
	if uct.BadDebtUSD <= hub.BadDebtUSD {
		t.Fatalf("uct bad debt %.0f, hub %.0f: the delay did not hold anything", uct.BadDebtUSD, hub.BadDebtUSD)
	}
}

// TestGovernedParametersReachTheUnifiedModel: hub and uct margin under
// Config.RiskParams (a governance preview runs one population under two
// versions): the defaults give the same run as no parameters; wider spot
// ranges lock more collateral; the population's compiled books follow the
// parameters they are asked for.
func TestGovernedParametersReachTheUnifiedModel(t *testing.T) {
	path := mustPath(t, "shock:WETH:-0.3", 24)
	pop := testPop(t, 400, path.Prices[0], 3)
	base := DefaultConfig()
	none := simulateT(pop, path, UCT, &base).Metrics
	withDefaults := base
	withDefaults.RiskParams = margin.DefaultRiskParams()
	if got := simulateT(pop, path, UCT, &withDefaults).Metrics; got.CollateralLockedUSD != none.CollateralLockedUSD ||
		got.LiquidatedUSD != none.LiquidatedUSD {
		t.Fatalf("the default parameters differ from none: %+v vs %+v", got, none)
	}
	wide := base
	wide.RiskParams = margin.DefaultRiskParams()
	for _, fam := range families { // the engine's scenarios move the roots (ETH, BTC) and the wrappers with them
		for _, sym := range fam {
			wide.RiskParams.RangesBySymbol[sym] = 0.3
		}
	}
	got := simulateT(pop, path, UCT, &wide).Metrics
	if got.CollateralLockedUSD <= none.CollateralLockedUSD {
		t.Fatalf("wider ranges locked %v, defaults %v", got.CollateralLockedUSD, none.CollateralLockedUSD)
	}
	if again := simulateT(pop, path, UCT, &base).Metrics; again.CollateralLockedUSD != none.CollateralLockedUSD {
		t.Fatalf("the compiled books kept the wide parameters: %v", again.CollateralLockedUSD)
	}
}
