// The engine's pieces against hand values and the case files' per-option
// diagnostics: SVI vols (MarkVol), skew multipliers (k, k_star, caps,
// linear/abs multipliers), naked shorts, vol shocks, static discounts.
package derive

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/pricing"
)

// caseDiagnostics are the per-option figures the files carry beside the
// inputs (the driver does not read them; the model recomputes them).
type caseDiagnostics struct {
	Scenario struct {
		Options []struct {
			MarkVol          float64 `json:"MarkVol"`
			K                float64 `json:"k"`
			KStar            float64 `json:"k_star"`
			LinearMultCap    float64 `json:"linear_mult_cap"`
			AbsMultCap       float64 `json:"abs_mult_cap"`
			LinearMultiplier float64 `json:"linear_multiplier"`
			AbsMultiplier    float64 `json:"abs_multiplier"`
		} `json:"Options"`
	} `json:"Scenario"`
}

// Every option's SVI vol is the file's MarkVol, except where the total
// variance exceeds 20 (the Python reference's cap; lyra-utils caps at 144).
// Every option's skew multipliers are the file's (for unexpired options).
func TestSVIAndSkewAgainstCaseDiagnostics(t *testing.T) {
	var vols, skews, capped int
	for _, file := range caseFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ParseCase(data)
		if err != nil {
			continue // test_67: refused
		}
		var d caseDiagnostics
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatal(err)
		}
		a := c.acct
		a.expiries = append([]expiry(nil), c.acct.expiries...)
		evaluate(&a, &c.params)
		for i, ref := range c.optionRef {
			x, o, want := &a.expiries[ref.expiry], x0(a.expiries[ref.expiry].options, ref.index), d.Scenario.Options[i]
			feed := &c.feeds[ref.expiry]
			if w := want.MarkVol * want.MarkVol * feed.svi.Tau; w > 20-1e-9 {
				capped++
			} else if !Agree(o.vol, want.MarkVol) {
				t.Errorf("%s option %d: SVI vol %.15g, MarkVol %.15g", caseName(file), i, o.vol, want.MarkVol)
			} else {
				vols++
			}
			if x.secToExpiry == 0 {
				continue // the files report 0 diagnostics once expired
			}
			if !Agree(x.skewMult[skewLinear][ref.index], want.LinearMultiplier) ||
				!Agree(x.skewMult[skewAbs][ref.index], want.AbsMultiplier) {
				t.Errorf("%s option %d: skew multipliers %.15g %.15g, file %.15g %.15g", caseName(file), i,
					x.skewMult[skewLinear][ref.index], x.skewMult[skewAbs][ref.index], want.LinearMultiplier, want.AbsMultiplier)
			} else {
				skews++
			}
		}
	}
	t.Logf("SVI vols checked: %d (total variance above 20, capped differently: %d); skew multipliers checked: %d",
		vols, capped, skews)
}

func x0(options []option, i int) option { return options[i] }

// SVI by hand: at the money of a flat smile (b = 0) the vol is √(a/τ); the
// log-moneyness bound clamps far strikes; negative variance is an error.
func TestSVIFormula(t *testing.T) {
	flat := SVI{A: 0.04, B: 0, Rho: 0, M: 0, Sigma: 0.1, Forward: 100, Tau: 0.25}
	if v, err := flat.Vol(150); err != nil || math.Abs(v-0.4) > 1e-15 {
		t.Errorf("flat smile vol %g %v, want 0.4", v, err)
	}
	s := SVI{A: 0.01, B: 0.1, Rho: -0.3, M: 0.05, Sigma: 0.2, Forward: 2000, Tau: 0.1}
	k := math.Log(2500.0 / 2000)
	w := 0.01 + 0.1*(-0.3*(k-0.05)+math.Sqrt((k-0.05)*(k-0.05)+0.04))
	if v, _ := s.Vol(2500); math.Abs(v-math.Sqrt(w/0.1)) > 1e-15 {
		t.Errorf("vol %g, want %g", v, math.Sqrt(w/0.1))
	}
	// Bound B = 4·√(a + b·σ) = 4·√0.03: a strike beyond it has the bound's vol.
	bound := 4 * math.Sqrt(0.03)
	atBound, _ := s.Vol(2000 * math.Exp(bound))
	beyond, _ := s.Vol(2000 * math.Exp(bound+1))
	if math.Abs(atBound-beyond) > 1e-15 {
		t.Errorf("vol beyond the bound %g, at it %g", beyond, atBound)
	}
	if _, err := (&SVI{A: -1, B: 0.1, Sigma: 0.1, Forward: 1, Tau: 1}).Vol(1); err == nil {
		t.Errorf("negative variance accepted")
	}
	if v, err := s.Vol(0); v != 0 || err != nil {
		t.Errorf("zero strike: %g %v", v, err)
	}
}

func TestNakedShorts(t *testing.T) {
	call := func(k, q float64) option { return option{strike: k, amount: q, right: pricing.Call} }
	put := func(k, q float64) option { return option{strike: k, amount: q, right: pricing.Put} }
	for _, tc := range []struct {
		name    string
		options []option
		want    float64
	}{
		{"single short", []option{call(100, -2)}, 2},
		{"single long", []option{call(100, 2)}, 0},
		{"call against put, short wins", []option{call(100, -3), put(100, 1)}, 2},
		{"call against put, long wins", []option{call(100, -1), put(100, 3)}, 0},
		{"both short", []option{call(100, -1), put(100, -2)}, 3},
		{"spread", []option{call(100, -1), call(110, 1)}, 1},
		{"strikes apart", []option{call(100, -1), put(90, -1), put(100, 0.5)}, 1.5},
	} {
		if got := nakedShorts(tc.options); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: %g, want %g", tc.name, got, tc.want)
		}
	}
}

// Vol shocks and static discounts by hand (defi-venues.md §4.2 formulas).
func TestVolShocksAndStaticDiscounts(t *testing.T) {
	p := paramSetNamed(setCases).params
	for _, tc := range []struct {
		name    string
		seconds float64
		power   float64
	}{
		{"9 days: short-term power", 9 * secondsPerDay, p.ShortTermPower},
		{"30 days exactly: short-term", 30 * secondsPerDay, p.ShortTermPower},
		{"90 days: long-term power", 90 * secondsPerDay, p.LongTermPower},
		{"1 hour: floored at 1 day", 3600, p.ShortTermPower},
	} {
		x := expiry{secToExpiry: tc.seconds, rate: 0.05}
		x.years = x.secToExpiry / secondsPerYear
		x.discount = math.Exp(-x.rate * x.years)
		x.volShocks(&p)
		x.staticDiscounts(&p)
		mult := math.Pow(30*secondsPerDay/math.Max(tc.seconds, secondsPerDay), tc.power)
		if math.Abs(x.volShockUp-(1+0.5*mult)) > 1e-15 || math.Abs(x.volShockDown-math.Max(0, 1-0.275*mult)) > 1e-15 {
			t.Errorf("%s: up %g down %g, want %g %g", tc.name, x.volShockUp, x.volShockDown, 1+0.5*mult, 1-0.275*mult)
		}
		pos := 0.95 * math.Exp(-x.years*(0.05*1+0.08))
		neg := math.Min(1/x.discount, 1.04/math.Exp(-x.years*(0.05*0.5+0.08)))
		if math.Abs(x.staticDiscountPos-pos) > 1e-15 || math.Abs(x.staticDiscountNeg-neg) > 1e-15 {
			t.Errorf("%s: static discounts %g %g, want %g %g", tc.name, x.staticDiscountPos, x.staticDiscountNeg, pos, neg)
		}
	}
}

func TestSkewMultiplier(t *testing.T) {
	for _, tc := range []struct{ k, kStar, cap, want float64 }{
		{0.1, 0.4, 0.15, 1 + 0.1*0.15/0.4},
		{1, 0.4, 0.15, 1.15},
		{-1, 0.4, 0.15, 0.85},
		{0.5, 0, 0.15, 1.15}, // k* = 0: the cap
		{-0.5, 0, 0.15, 0.85},
		{0, 0, 0.15, 1},
	} {
		if got := skewMultiplier(tc.k, tc.kStar, tc.cap); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("skewMultiplier(%g, %g, %g) = %g, want %g", tc.k, tc.kStar, tc.cap, got, tc.want)
		}
	}
}
