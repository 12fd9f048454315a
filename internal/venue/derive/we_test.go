// The two Derive worked examples of shared/reference/margin-methods.md §6:
// WE-4 (ETH OTM call spread, test_18) and WE-5 (BTC covered call with BTC
// collateral, test_13). Each is checked twice: the case file through the
// conformance path against the reference's figures and its aggregation
// identities, and the same book written as portfolio.json and market.json
// through the derive-pm venue model, which must give the case's MM and IM.
package derive

import (
	"math"
	"os"
	"testing"
	"time"
)

// refTime is Derive's driver's block time (REF_TIME): case expiries are
// seconds after it.
var refTime = time.Unix(1630000000, 0).UTC()

// tolReference is the precision of the reference's quoted figures (10
// decimals in margin-methods.md).
const tolReference = 1e-9

func loadCase(t *testing.T, name string) (*Case, *Report) {
	t.Helper()
	data, err := os.ReadFile("testdata/pmrm2/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Conform(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Failed) > 0 {
		t.Errorf("figures off the published Result: %v", c.Failed)
	}
	return c.Case, c.Report
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

func TestWE4DeriveOTMCallSpread(t *testing.T) {
	c, r := loadCase(t, "test_18_structures_OTM_call_spread")
	// margin-methods.md WE-4, expected figures.
	near(t, "worst_reg_loss", r.WorstRegLoss, -22.1559603433, tolReference)
	near(t, "worst_tail_loss", r.WorstTailLoss, -6.0168064473, tolReference)
	near(t, "worst_skew_loss", r.WorstSkewLoss, -0.4256485073, tolReference)
	near(t, "OptionMTM", r.OptionMTM, -0.1944703409, tolReference)
	near(t, "MMOptionCont", r.MMOptionCont, -8.0448089553, tolReference)
	near(t, "IMOptionContNormal", r.IMOptionContNormal, -13.4080149255, tolReference)
	near(t, "MM", r.MM, -25.9640475708, tolReference)
	near(t, "IM", r.IM, -35.7584456097, tolReference)
	near(t, "VolShockUpMultiplier", r.VolShockUpMultiplier[0], 1.7128, 1e-4)
	near(t, "VolShockUpEvaluated[4000C]", r.VolShockUpEvaluated[0], 1.5065, 1e-4)
	near(t, "VolShockUpEvaluated[4200C]", r.VolShockUpEvaluated[1], 1.5130, 1e-4)
	if r.WorstAllScenarios != kindRegular || r.WorstRegScenario[0] != 0.18 || r.WorstRegScenario[1] != 1 {
		t.Errorf("worst scenario %s %v, want regular [+18%%, vol up]", r.WorstAllScenarios, r.WorstRegScenario)
	}
	// Aggregation: MM = MTM + 0.8 × worst + MM option contingency;
	// IM = MTM + 1.0 × worst + (MM + IM) option contingency.
	near(t, "MM identity", r.MM, r.PortfolioMTM+0.8*r.WorstRegLoss+r.MMOptionCont, 1e-12)
	near(t, "IM identity", r.IM, r.PortfolioMTM+1.0*r.WorstRegLoss+r.IMOptionContNormal, 1e-12)
	if why := checkReplica(t, c); why != "" {
		t.Errorf("no venue replica: %s", why)
	}
}

func TestWE5DeriveBTCCoveredCall(t *testing.T) {
	c, r := loadCase(t, "test_13_risk_cancelling_btc_covered_call")
	// margin-methods.md WE-5, expected figures.
	near(t, "CollateralMTM", r.CollateralMTM, 95645.2486761, tolReference)
	near(t, "OptionMTM", r.OptionMTM, -2372.8371389, tolReference)
	near(t, "PortfolioMTM", r.PortfolioMTM, 93272.4115372, tolReference)
	near(t, "worst_reg_loss", r.WorstRegLoss, -15050.7493733, tolReference)
	near(t, "MMBaseCont", r.MMBaseCont, -1912.9049735, tolReference)
	near(t, "IMBaseContNormal", r.IMBaseContNormal, -2869.3574603, tolReference)
	near(t, "MMOptionCont", r.MMOptionCont, -573.9810363, tolReference)
	near(t, "IMOptionContNormal", r.IMOptionContNormal, -956.6350605, tolReference)
	near(t, "MM", r.MM, 78744.9260287, tolReference)
	near(t, "IM", r.IM, 74395.6696431, tolReference)
	// defi-venues.md §4.2: volShockUp = 1 + 0.5·(2,592,000/794,852)^0.3.
	near(t, "VolShockUpMultiplier", r.VolShockUpMultiplier[0], 1+0.5*math.Pow(2592000.0/794852, 0.3), 1e-15)
	if r.WorstRegScenario[0] != -0.18 || r.WorstRegScenario[1] != 1 {
		t.Errorf("worst regular scenario %v, want [−18%%, vol up]", r.WorstRegScenario)
	}
	near(t, "MM identity", r.MM, r.PortfolioMTM+0.8*r.WorstRegLoss+r.MMBaseCont+r.MMOptionCont, 1e-12)
	near(t, "IM identity", r.IM, r.PortfolioMTM+r.WorstRegLoss+r.IMBaseContNormal+r.IMOptionContNormal, 1e-12)
	if why := checkReplica(t, c); why != "" {
		t.Errorf("no venue replica: %s", why)
	}
}
