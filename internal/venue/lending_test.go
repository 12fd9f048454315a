package venue

import (
	"math"
	"testing"

	"github.com/holiman/uint256"
	"pgregory.net/rapid"
)

// The lending rule's cases (DESIGN.md "Every requirement is in equity
// terms"), by hand in base units of 1e-8 USD (UnitsPerUSD 1e8):
func TestLendingRule(t *testing.T) {
	u := func(x uint64) uint256.Int { return *uint256.NewInt(x) }
	cases := []struct {
		name                         string
		l                            Lending
		equity, initial, maintenance float64
		liquidatable                 bool
	}{
		// C = 10,000, D = 6,000, LTV_w = 75%, LT_w = 80%:
		// initial = 6000·0.25/0.75 = 2000, maintenance = 6000·0.2/0.8 = 1500.
		{"borrower", Lending{Collateral: u(10_000e8), Debt: u(6_000e8), BorrowPower: u(7_500e8),
			Threshold: u(8_000e8)}, 4000, 2000, 1500, false},
		// Idle collateral and supply: nothing is required.
		{"no debt", Lending{Collateral: u(10_000e8), Supply: u(500e8), BorrowPower: u(7_500e8),
			Threshold: u(8_000e8)}, 10_500, 0, 0, false},
		// Supply S = 5,000 backs nothing: it is in equity (9,000) but not in
		// the test, equity − S = 4,000 ≥ 1,500; the requirements are the
		// borrower's.
		{"idle supply beside debt", Lending{Collateral: u(10_000e8), Supply: u(5_000e8), Debt: u(6_000e8),
			BorrowPower: u(7_500e8), Threshold: u(8_000e8)}, 9000, 2000, 1500, false},
		// With S = 5,000 and Σc·LT = 5,000 < D = 6,000: liquidatable although
		// equity 9,000 exceeds maintenance 6000·5000/5000 = 6000: the supply does
		// not count (equity − S = 4,000 < 6,000).
		{"supply does not save a liquidation", Lending{Collateral: u(10_000e8), Supply: u(5_000e8),
			Debt: u(6_000e8), BorrowPower: u(4_000e8), Threshold: u(5_000e8), Liquidatable: true},
			9000, 9000, 6000, true},
		// Only LTV-0 collateral: no borrowing allowed, initial = max(equity,
		// maintenance) = max(4000, 6000·0.2/0.8 = 1500) = 4000.
		{"LTV_w = 0", Lending{Collateral: u(10_000e8), Debt: u(6_000e8), Threshold: u(8_000e8)},
			4000, 4000, 1500, false},
		// No collateral the venue counts: maintenance = initial = holdings
		// C + S = 300; equity 300 − 100 = 200, and equity − S = −100 < 300:
		// liquidatable.
		{"LT_w = 0", Lending{Supply: u(300e8), Debt: u(100e8), Liquidatable: true}, 200, 300, 300, true},
		// Rounding up: D·(C − T)/T = 1·2/3 base units → 1 base unit.
		{"rounds up", Lending{Collateral: u(5), Debt: u(1), BorrowPower: u(3), Threshold: u(3)},
			4e-8, 1e-8, 1e-8, false},
	}
	for _, c := range cases {
		c.l.UnitsPerUSD = 1e8
		r := c.l.Result()
		if r.Equity != c.equity || r.Initial != c.initial || r.Maintenance != c.maintenance ||
			r.Liquidatable() != c.liquidatable {
			t.Errorf("%s: equity %v initial %v maintenance %v liquidatable %v; want %v %v %v %v", c.name,
				r.Equity, r.Initial, r.Maintenance, r.Liquidatable(), c.equity, c.initial, c.maintenance, c.liquidatable)
		}
	}
}

// The maintenance is exact: on random integer accounts (C, D, S and Σc·LT ≤
// C, boundaries included), C − D < ⌈D·(C − T)/T⌉ exactly when Σc·LT < D, the
// venue's own rule, with no fix-up (checked on the requirement itself below
// 2^50 base units, where float64 holds every integer); up to 2^100 the result
// agrees with the venue's flag; and initial ≥ maintenance ≥ 0.
func TestPropertyLendingMaintenanceIsTheVenueRule(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		big := func(label string) uint256.Int {
			hi := rapid.Uint64Range(0, 1<<36).Draw(t, label+"_hi")
			lo := rapid.Uint64().Draw(t, label+"_lo")
			var z uint256.Int
			z.Lsh(uint256.NewInt(hi), 64)
			return *z.Or(&z, uint256.NewInt(lo))
		}
		if rapid.Bool().Draw(t, "small") {
			big = func(label string) uint256.Int { return *uint256.NewInt(rapid.Uint64Range(0, 1<<50).Draw(t, label)) }
		}
		var l Lending
		l.Collateral, l.Supply = big("collateral"), big("supply")
		frac := rapid.Uint64Range(0, 10_000).Draw(t, "lt_bps")
		l.Threshold.MulDivOverflow(&l.Collateral, uint256.NewInt(frac), uint256.NewInt(10_000))
		l.BorrowPower.MulDivOverflow(&l.Threshold, uint256.NewInt(rapid.Uint64Range(0, 10_000).Draw(t, "ltv_of_lt")),
			uint256.NewInt(10_000))
		switch rapid.IntRange(0, 2).Draw(t, "debt") {
		case 0:
			l.Debt = big("debt")
		case 1: // on the boundary, or a few units either side
			l.Debt.Set(&l.Threshold)
			if d := rapid.Int64Range(-3, 3).Draw(t, "delta"); d >= 0 {
				l.Debt.AddUint64(&l.Debt, uint64(d))
			} else if !l.Debt.LtUint64(uint64(-d)) {
				l.Debt.SubUint64(&l.Debt, uint64(-d))
			}
		}
		l.Liquidatable = !l.Debt.IsZero() && l.Threshold.Lt(&l.Debt)
		l.UnitsPerUSD = 1 // base units: float64 is exact below 2^53 and monotone above
		r := l.Result()
		if !l.Debt.IsZero() && !l.Threshold.IsZero() && l.Collateral.LtUint64(1<<50) && l.Debt.LtUint64(1<<50) {
			counted := l.usd(&l.Collateral) - l.usd(&l.Debt) // exact: both below 2^50
			if need := l.debtNeed(&l.Threshold); (counted < need) != l.Liquidatable {
				t.Fatalf("C − D = %v, ⌈D·(C − T)/T⌉ = %v, but Σc·LT < D is %v", counted, need, l.Liquidatable)
			}
		}
		if r.Liquidatable() != l.Liquidatable {
			t.Fatalf("liquidatable %v, Σc·LT < D %v: %+v", r.Liquidatable(), l.Liquidatable, r)
		}
		if r.Initial < r.Maintenance || r.Maintenance < 0 || math.IsNaN(r.Initial) {
			t.Fatalf("initial %v, maintenance %v", r.Initial, r.Maintenance)
		}
		if l.Debt.IsZero() && (r.Initial != 0 || r.Maintenance != 0) {
			t.Fatalf("no debt but initial %v, maintenance %v", r.Initial, r.Maintenance)
		}
	})
}
