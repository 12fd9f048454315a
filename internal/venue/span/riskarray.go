// Risk arrays: the 16 SPAN scenarios and the loss of one position under each.
package span

import "math"

// Scenarios is the number of SPAN risk-array scenarios.
const Scenarios = 16

// RiskArray is a position's loss under each scenario, in USD; a gain is
// negative (SPAN's sign convention: losses positive).
type RiskArray [Scenarios]float64

// Scenario is one of SPAN's 16: a price move in units of the price scan
// range, a volatility move in units of the volatility scan range, and the
// fraction of the loss counted (CME "Components of SPAN"; margin-methods.md
// §2.1). Extreme scenarios move the price by the extreme move multiple
// (Price = ±1 here, scaled by the multiple) and count the coverage fraction.
type Scenario struct {
	Price   float64 // multiple of the price scan range
	Vol     float64 // +1 up, −1 down, 0 unchanged
	Extreme bool
}

// scenarios lists SPAN's 16 scenarios in the published order: price 0, +1/3,
// −1/3, +2/3, −2/3, +3/3, −3/3 each with vol up then down, then the two
// extreme moves (up, down) with vol unchanged.
var scenarios = [Scenarios]Scenario{
	{0, 1, false}, {0, -1, false},
	{1.0 / 3, 1, false}, {1.0 / 3, -1, false},
	{-1.0 / 3, 1, false}, {-1.0 / 3, -1, false},
	{2.0 / 3, 1, false}, {2.0 / 3, -1, false},
	{-2.0 / 3, 1, false}, {-2.0 / 3, -1, false},
	{1, 1, false}, {1, -1, false},
	{-1, 1, false}, {-1, -1, false},
	{1, 0, true}, {-1, 0, true},
}

// ScenarioList returns the 16 scenarios (copies).
func ScenarioList() [Scenarios]Scenario { return scenarios }

// priceMove returns scenario k's move of the underlying in USD per unit.
func priceMove(k int, scanUSD, extremeMultiple float64) float64 {
	s := scenarios[k]
	if s.Extreme {
		return s.Price * extremeMultiple * scanUSD
	}
	return s.Price * scanUSD
}

// coverage returns the fraction of scenario k's loss counted.
func coverage(k int, extremeCoverage float64) float64 {
	if scenarios[k].Extreme {
		return extremeCoverage
	}
	return 1
}

// DeltaOneArray is the risk array of one long unit of a future (or
// perpetual) whose price moves one for one with the underlying: the loss is
// minus the move; the extreme moves count their coverage fraction.
func DeltaOneArray(scanUSD, extremeMultiple, extremeCoverage float64) RiskArray {
	var a RiskArray
	for k := range a {
		a[k] = -priceMove(k, scanUSD, extremeMultiple) * coverage(k, extremeCoverage)
	}
	return a
}

// Scale returns a × q (q signed: a short position's losses are −q times the
// long's).
func (a RiskArray) Scale(q float64) RiskArray {
	for k := range a {
		a[k] *= q
	}
	return a
}

// Add returns a + b, scenario by scenario.
func (a RiskArray) Add(b RiskArray) RiskArray {
	for k := range a {
		a[k] += b[k]
	}
	return a
}

// ScanRisk is the largest loss over the 16 scenarios, floored at 0, and the
// 1-based number of the first scenario reaching it (0 when no scenario loses).
func (a RiskArray) ScanRisk() (loss float64, scenario int) {
	for k, x := range a {
		if x > loss {
			loss, scenario = x, k+1
		}
	}
	return loss, scenario
}

// TimeRisk is the average loss of scenarios 1 and 2 (no price move): the
// part of the scan risk not due to price or volatility.
func (a RiskArray) TimeRisk() float64 { return (a[0] + a[1]) / 2 }

// VolatilityRisk is half the difference between the two scenarios of the
// price move that gave the scan risk (the pair differs only in the
// volatility direction); 0 when the scan risk comes from an extreme move or
// no scenario loses.
func (a RiskArray) VolatilityRisk() float64 {
	_, s := a.ScanRisk()
	if s == 0 || scenarios[s-1].Extreme {
		return 0
	}
	i := (s - 1) &^ 1 // first scenario of the pair
	return math.Abs(a[i]-a[i+1]) / 2
}
