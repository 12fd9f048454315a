package scenario

import (
	"math"
	"testing"
)

// The vol-shock rule against hand-computed values (Deribit's BTC parameter
// set): at 30 days up ×1.5 and down ×0.75; shorter expiries scale by
// (30/DTE)^0.30, longer by (30/DTE)^0.13; DTE floored at one day; shocked-up
// vol at least 50%, every shocked vol at least 1%.
func TestVolShock(t *testing.T) {
	const tol = 1e-12
	v := DefaultVolShock()
	day := 1.0 / 365
	cases := []struct {
		name       string
		vol, years float64
		dir        Vol
		want       float64
	}{
		{"30 days up", 0.6, 30 * day, VolUp, 0.9},
		{"30 days down", 0.6, 30 * day, VolDown, 0.45},
		{"none is unchanged", 0.6, 3 * day, VolNone, 0.6},
		// 15 days: (30/15)^0.30 = 1.231144413.
		{"15 days up", 0.6, 15 * day, VolUp, 0.6 * (1 + 0.5*math.Pow(2, 0.3))},
		{"15 days down", 0.6, 15 * day, VolDown, 0.6 * (1 - 0.25*math.Pow(2, 0.3))},
		// 120 days: (30/120)^0.13 = 0.8351.
		{"120 days up", 0.6, 120 * day, VolUp, 0.6 * (1 + 0.5*math.Pow(0.25, 0.13))},
		// An hour to expiry counts as one day: (30/1)^0.30.
		{"one hour floors at one day", 0.6, day / 24, VolUp, 0.6 * (1 + 0.5*math.Pow(30, 0.3))},
		// 0.2 × 1.5 = 0.3 < 0.5: the floor of the up shock.
		{"up floor 50%", 0.2, 30 * day, VolUp, 0.5},
		// 0.01 × 0.75 < 0.01: the floor of every shocked vol.
		{"down floor 1%", 0.01, 30 * day, VolDown, 0.01},
	}
	for _, c := range cases {
		if got := v.Shocked(c.vol, c.years, c.dir); math.Abs(got-c.want) > tol {
			t.Errorf("%s: Shocked(%v, %v, %v) = %.15g, want %.15g", c.name, c.vol, c.years, c.dir, got, c.want)
		}
	}
	// A down shock larger than 100% (possible with overrides at short
	// expiries) stops at the floor instead of turning negative.
	big := v
	big.Down = 0.9
	if got := big.Shocked(0.6, day, VolDown); got != 0.01 {
		t.Errorf("down shock past zero: %v, want the 1%% floor", got)
	}
}
