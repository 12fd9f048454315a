// Fuzzing the case-file parser: any input either parses or fails with an
// *input.Error, never panics; a case that parses evaluates to finite IM and
// MM and survives a JSON round trip of its report.
//
//	go test ./internal/venue/derive -run '^$' -fuzz FuzzParseCase -fuzztime 60s
package derive

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/unimargin/unimargin/internal/input"
)

// fuzzSeeds are small corpus cases covering perps, collateral, skews, tails
// and settlement.
var fuzzSeeds = []string{
	"test_1_collateral_cash_only",
	"test_13_risk_cancelling_btc_covered_call",
	"test_29_perps_basic_perp",
	"test_60_settlement_near_expiry",
	"test_66_misc_post_expiry",
	"test_67_misc_skew_scenario_with_spot_move",
}

func FuzzParseCase(f *testing.F) {
	for _, name := range fuzzSeeds {
		data, err := os.ReadFile("testdata/pmrm2/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"Scenario": {}, "Parameters": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCase(data)
		if err != nil {
			var ie *input.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error is not an *input.Error: %T %v", err, err)
			}
			return
		}
		r := c.Evaluate()
		if math.IsNaN(r.IM) || math.IsInf(r.IM, 0) || math.IsNaN(r.MM) || math.IsInf(r.MM, 0) {
			t.Fatalf("non-finite margin: IM %g MM %g", r.IM, r.MM)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("report does not marshal: %v", err)
		}
	})
}

// FuzzCaseNumbers fuzzes the numbers of a one-option, one-perp, one-collateral
// case through the whole engine: whatever values pass the parser's range
// checks, IM and MM are finite.
func FuzzCaseNumbers(f *testing.F) {
	f.Add(2681.6, 2683.0, 4000.0, -1.0, 0.0075, 0.0567, 0.048, 0.0252, 1.18, 794852.0, 1.0002, 0.5, 0.8)
	f.Add(95663.5, 95776.7, 100000.0, -2.0, 0.0021, 0.0416, 0.0626, 0.0252, 0.34, 1.0, 0.5, 1.0, 0.1)
	f.Fuzz(func(t *testing.T, spot, forward, strike, amount, a, b, sigma, tau, shock, seconds, stable, perp, conf float64) {
		doc := fmt.Sprintf(caseTemplate, spot, conf, perp, spot, stable, seconds, strike, amount,
			seconds, forward, a, b, sigma, forward, tau, shock, shock)
		c, err := ParseCase([]byte(doc))
		if err != nil {
			return
		}
		r := c.Evaluate()
		for _, x := range []float64{r.IM, r.MM, r.WorstRegLoss, r.ForwardContingency} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("non-finite figure in %+v\n%s", r, doc)
			}
		}
	})
}

const caseTemplate = `{"Scenario": {"Cash": 0,
 "Collaterals": [{"Name": "ETH", "Amount": 1, "Price": 3000, "Confidence": 1, "IsRiskCancelling": true,
   "IMHaircut": 0.005, "MMHaircut": 0.015, "ConfidenceFactor": 0.55}],
 "SpotPrice": %g, "SpotConfidence": %g, "NumPerps": %g, "PerpPrice": %g, "PerpConfidence": 1,
 "UnrealisedPerpPNL": 0, "UnrealisedFunding": 0, "StablePrice": %g, "StableConfidence": 1,
 "Options": [{"Expiry": %g, "ExiryTs": 0, "Strike": %g, "IsCall": 1, "Amount": %g}],
 "OptionFeeds": [{"FeedExpiry": %g, "Forward": %g, "ForwardConfidence": 1, "Rate": 0.1, "RateConfidence": 1,
   "SVIparam": ["%g", "%g", "-0.3", "0", "%g", %g, "%g"], "OptionVolConfidences": 1}]},
 "Parameters": {"Scenarios": [{"SpotShock": %g, "VolShockDirection": "Up", "DampeningFactor": 1},
   {"SpotShock": %g, "VolShockDirection": "Down", "DampeningFactor": 0.5},
   {"SpotShock": 1, "VolShockDirection": "LINEAR", "DampeningFactor": 1}],
  "SkewShock": {"LINEAR_SCALE_CAP": 0.15, "LINEAR_CBASE": -0.05, "ABS_SCALE_CAP": 0.15, "ABS_CBASE": -0.05,
   "MIN_K_STAR": 0.01, "MIN_WIDTH_SCALE": 4, "VOL_PARAM_STATIC": 0.6, "VOL_PARAM_SCALE": -0.1},
  "VolShock": {"VOLRANGEUP": 0.5, "MIN_VOL_EVAL_SHOCKED": 0.45, "VOLRANGEDOWN": 0.275, "SHORTTERMPOWER": 0.3,
   "LONGTERMPOWER": 0.13, "DTE_FLOOR": 1},
  "Margin": {"MM_LOSS_FACTOR": 0.8, "IM_LOSS_FACTOR": 1, "SHORT_RATE_MULTSCALE": 0.5, "LONG_RATE_MULTSCALE": 1,
   "SHORT_RATE_ADDSCALE": 0.08, "LONG_RATE_ADDSCALE": 0.08, "BASE_STATIC_DISCOUNT": 0.95, "BASE_STATIC_DISCOUNT_NEG": 1.04},
  "BasisContingency": {"SCENARIO_SPOT_UP": 1.045, "SCENARIO_SPOT_DOWN": 0.955, "BASIS_CONT_ADD_FACTOR": 0.5,
   "BASIS_CONT_MULT_FACTOR": 2},
  "OtherContingency": {"PEG_LOSS_THRESHOLD": 0.98, "PEG_LOSS_FACTOR": 2, "CONF_THRESHOLD": 0.55, "CONF_MARGIN": 1,
   "MM_PERP_PERCENT": 0.015, "IM_PERP_PERCENT": 0.005, "MM_OPTION_PERCENT": 0.003, "IM_OPTION_PERCENT": 0.002}}}`
