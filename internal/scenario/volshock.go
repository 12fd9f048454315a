// Vol shocks: relative up and down moves of implied vol, larger for short
// expiries (Deribit's risk matrix and Derive's PMRM use the same rule).
package scenario

import "math"

// Vol is a scenario's vol column: options on the assets the scenario moves
// are revalued with shocked-up, unchanged or shocked-down vols.
type Vol int8

// The three vol columns.
const (
	VolDown Vol = -1
	VolNone Vol = 0
	VolUp   Vol = 1
)

// String returns "up", "none" or "down".
func (v Vol) String() string {
	switch v {
	case VolUp:
		return "up"
	case VolDown:
		return "down"
	}
	return "none"
}

// VolShock is the vol-shock rule: at pivot_days to expiry vol moves up by Up
// and down by Down (relative); at other expiries the move is scaled by
// (pivot/DTE)^p with p = ShortTermPower below the pivot and LongTermPower at
// or above it. DTE is floored at FloorDays; a shocked-up vol is at least
// MinUp and every shocked vol at least Min.
type VolShock struct {
	Up             float64 `json:"up"`
	Down           float64 `json:"down"`
	ShortTermPower float64 `json:"short_term_power"`
	LongTermPower  float64 `json:"long_term_power"`
	PivotDays      float64 `json:"pivot_days"`
	FloorDays      float64 `json:"dte_floor_days"`
	MinUp          float64 `json:"min_up"`
	Min            float64 `json:"min"`
}

// DefaultVolShock is Deribit's BTC parameter set (volatility_range_up 0.5,
// volatility_range_down 0.25, vega powers 0.30 and 0.13, 50% floor for the
// up shock) with Derive's one-day DTE floor and a 1% floor on every vol.
func DefaultVolShock() VolShock {
	return VolShock{
		Up: 0.5, Down: 0.25, ShortTermPower: 0.30, LongTermPower: 0.13,
		PivotDays: 30, FloorDays: 1, MinUp: 0.50, Min: 0.01,
	}
}

// Shocked returns vol shocked in direction dir for an option expiring in
// expiryYears (ACT/365). VolNone returns vol unchanged.
func (v *VolShock) Shocked(vol, expiryYears float64, dir Vol) float64 {
	if dir == VolNone {
		return vol
	}
	dte := math.Max(expiryYears*365, v.FloorDays)
	power := v.LongTermPower
	if dte < v.PivotDays {
		power = v.ShortTermPower
	}
	scale := math.Pow(v.PivotDays/dte, power)
	if dir == VolUp {
		return math.Max(vol*(1+v.Up*scale), math.Max(v.MinUp, v.Min))
	}
	return math.Max(vol*(1-v.Down*scale), v.Min)
}
