// PMRM_2's parameters (PMRMLib_2's five parameter structs and PMRM_2's
// scenario list), their names, bounds and the built-in sets.
package derive

import (
	"fmt"
	"math"
	"strings"
)

// VolShock is a scenario's vol move (IPMRM_2.VolShockDirection).
type VolShock int8

// The vol moves of PMRM_2 scenarios.
const (
	VolNone   VolShock = iota // vols unchanged
	VolUp                     // vols × the expiry's up multiplier, floored at min_vol_up_shock
	VolDown                   // vols × the expiry's down multiplier
	VolLinear                 // skew rotated linearly in log-moneyness (spot unchanged)
	VolAbs                    // skew wings raised by |log-moneyness| (spot unchanged)
)

var volShockNames = [...]string{"None", "Up", "Down", "LINEAR", "ABS"}

func (v VolShock) String() string {
	if int(v) < len(volShockNames) {
		return volShockNames[v]
	}
	return fmt.Sprintf("VolShock(%d)", v)
}

// MarshalText writes the direction's name, so parameter reports read "Up".
func (v VolShock) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

func (v VolShock) isSkew() bool { return v == VolLinear || v == VolAbs }

// direction is the vol move as the case files write it in loss rows: 1 up,
// −1 down, 0 none.
func (v VolShock) direction() float64 {
	switch v {
	case VolUp:
		return 1
	case VolDown:
		return -1
	}
	return 0
}

// ParseVolShock reads a direction as the case files and the Solidity enum
// spell it ("Up", "Down", "None", "LINEAR", "ABS"; any letter case).
func ParseVolShock(s string) (VolShock, bool) {
	for i, name := range volShockNames {
		if strings.EqualFold(s, name) {
			return VolShock(i), true
		}
	}
	return 0, false
}

// Scenario is one PMRM_2 margin scenario.
type Scenario struct {
	SpotShock float64  `json:"spot_shock"`       // spot multiplier: 1.18 is +18%
	Vol       VolShock `json:"vol_shock"`        // vol move
	Dampening float64  `json:"dampening_factor"` // the fraction of the scenario's P&L counted
}

// Kind classifies a scenario the way the case files group their losses:
// "skew" (LINEAR, ABS), "tail" (a spot move beyond the regular grid's ±18%)
// or "regular". PMRM_2 itself treats every scenario alike; the grouping is
// only for reports. (Inferred from the files: their tail rows are exactly the
// scenarios moving spot by more than 18%, whatever their dampening.)
func (s Scenario) Kind() string {
	switch {
	case s.Vol.isSkew():
		return kindSkew
	case math.Abs(s.SpotShock-1) > regularMoveMax:
		return kindTail
	}
	return kindRegular
}

// regularMoveMax is the largest spot move of the regular grid (±18% in every
// case file and in config-mainnet.sol), with room for the decimal rounding
// of 0.82 and 1.18.
const regularMoveMax = 0.18 + 1e-9

const (
	kindRegular = "regular"
	kindTail    = "tail"
	kindSkew    = "skew"
)

// Params is one PMRM_2 parameter set. Field names follow PMRMLib_2; the
// override names (snake_case of those) are in paramSpecs. Fractions are
// plain numbers (0.8, not 0.8e18); the DTE floor is in days.
type Params struct {
	Scenarios []Scenario `json:"scenarios"`

	// VolShockParameters
	VolRangeUp     float64 `json:"vol_range_up"`
	VolRangeDown   float64 `json:"vol_range_down"`
	ShortTermPower float64 `json:"short_term_power"`
	LongTermPower  float64 `json:"long_term_power"`
	DTEFloorDays   float64 `json:"dte_floor"`
	MinVolUpShock  float64 `json:"min_vol_up_shock"`

	// MarginParameters
	IMFactor                float64 `json:"im_factor"`
	MMFactor                float64 `json:"mm_factor"`
	ShortRateMultScale      float64 `json:"short_rate_mult_scale"`
	LongRateMultScale       float64 `json:"long_rate_mult_scale"`
	ShortRateAddScale       float64 `json:"short_rate_add_scale"`
	LongRateAddScale        float64 `json:"long_rate_add_scale"`
	ShortBaseStaticDiscount float64 `json:"short_base_static_discount"`
	LongBaseStaticDiscount  float64 `json:"long_base_static_discount"`

	// BasisContingencyParameters
	ScenarioSpotUp      float64 `json:"scenario_spot_up"`
	ScenarioSpotDown    float64 `json:"scenario_spot_down"`
	BasisContAddFactor  float64 `json:"basis_cont_add_factor"`
	BasisContMultFactor float64 `json:"basis_cont_mult_factor"`

	// OtherContingencyParameters
	PegLossThreshold float64 `json:"peg_loss_threshold"`
	PegLossFactor    float64 `json:"peg_loss_factor"`
	ConfThreshold    float64 `json:"conf_threshold"`
	ConfMargin       float64 `json:"conf_margin"`
	MMPerpPercent    float64 `json:"mm_perp_percent"`
	IMPerpPercent    float64 `json:"im_perp_percent"`
	MMOptionPercent  float64 `json:"mm_option_percent"`
	IMOptionPercent  float64 `json:"im_option_percent"`

	// SkewShockParameters
	LinearBaseCap  float64 `json:"linear_base_cap"`
	AbsBaseCap     float64 `json:"abs_base_cap"`
	LinearCBase    float64 `json:"linear_c_base"`
	AbsCBase       float64 `json:"abs_c_base"`
	MinKStar       float64 `json:"min_k_star"`
	WidthScale     float64 `json:"width_scale"`
	VolParamStatic float64 `json:"vol_param_static"`
	VolParamScale  float64 `json:"vol_param_scale"`
}

// paramSpec is one scalar parameter: its canonical name (snake_case of the
// PMRMLib_2 field), the case files' name, and the bounds PMRMLib_2's setters
// enforce (setVolShockParams, setMarginParams, …).
type paramSpec struct {
	name     string // snake_case of the Solidity field
	caseName string // the name in the case files' Parameters
	group    string // the case files' Parameters group
	field    func(*Params) *float64
	min, max float64
}

var paramSpecs = []paramSpec{
	{"vol_range_up", "VOLRANGEUP", "VolShock", func(p *Params) *float64 { return &p.VolRangeUp }, 0, 10},
	{"vol_range_down", "VOLRANGEDOWN", "VolShock", func(p *Params) *float64 { return &p.VolRangeDown }, 0, 10},
	{"short_term_power", "SHORTTERMPOWER", "VolShock", func(p *Params) *float64 { return &p.ShortTermPower }, -1e3, 10},
	{"long_term_power", "LONGTERMPOWER", "VolShock", func(p *Params) *float64 { return &p.LongTermPower }, -1e3, 10},
	{"dte_floor", "DTE_FLOOR", "VolShock", func(p *Params) *float64 { return &p.DTEFloorDays }, 0, 400},
	{"min_vol_up_shock", "MIN_VOL_EVAL_SHOCKED", "VolShock", func(p *Params) *float64 { return &p.MinVolUpShock }, 0, 20},

	{"im_factor", "IM_LOSS_FACTOR", "Margin", func(p *Params) *float64 { return &p.IMFactor }, 0.5, 10},
	{"mm_factor", "MM_LOSS_FACTOR", "Margin", func(p *Params) *float64 { return &p.MMFactor }, 0.1, 10},
	{"short_rate_mult_scale", "SHORT_RATE_MULTSCALE", "Margin", func(p *Params) *float64 { return &p.ShortRateMultScale }, 0, 10},
	{"long_rate_mult_scale", "LONG_RATE_MULTSCALE", "Margin", func(p *Params) *float64 { return &p.LongRateMultScale }, 0, 10},
	{"short_rate_add_scale", "SHORT_RATE_ADDSCALE", "Margin", func(p *Params) *float64 { return &p.ShortRateAddScale }, 0, 10},
	{"long_rate_add_scale", "LONG_RATE_ADDSCALE", "Margin", func(p *Params) *float64 { return &p.LongRateAddScale }, 0, 10},
	{"short_base_static_discount", "BASE_STATIC_DISCOUNT_NEG", "Margin", func(p *Params) *float64 { return &p.ShortBaseStaticDiscount }, 0, 4},
	{"long_base_static_discount", "BASE_STATIC_DISCOUNT", "Margin", func(p *Params) *float64 { return &p.LongBaseStaticDiscount }, 0, 4},

	{"scenario_spot_up", "SCENARIO_SPOT_UP", "BasisContingency", func(p *Params) *float64 { return &p.ScenarioSpotUp }, 1, 3},
	{"scenario_spot_down", "SCENARIO_SPOT_DOWN", "BasisContingency", func(p *Params) *float64 { return &p.ScenarioSpotDown }, 0, 1},
	{"basis_cont_add_factor", "BASIS_CONT_ADD_FACTOR", "BasisContingency", func(p *Params) *float64 { return &p.BasisContAddFactor }, 0, 20},
	{"basis_cont_mult_factor", "BASIS_CONT_MULT_FACTOR", "BasisContingency", func(p *Params) *float64 { return &p.BasisContMultFactor }, 0, 20},

	{"peg_loss_threshold", "PEG_LOSS_THRESHOLD", "OtherContingency", func(p *Params) *float64 { return &p.PegLossThreshold }, 0, 100},
	{"peg_loss_factor", "PEG_LOSS_FACTOR", "OtherContingency", func(p *Params) *float64 { return &p.PegLossFactor }, 0, 10},
	{"conf_threshold", "CONF_THRESHOLD", "OtherContingency", func(p *Params) *float64 { return &p.ConfThreshold }, 0, 1},
	{"conf_margin", "CONF_MARGIN", "OtherContingency", func(p *Params) *float64 { return &p.ConfMargin }, 0, 20},
	{"mm_perp_percent", "MM_PERP_PERCENT", "OtherContingency", func(p *Params) *float64 { return &p.MMPerpPercent }, 0, 3},
	{"im_perp_percent", "IM_PERP_PERCENT", "OtherContingency", func(p *Params) *float64 { return &p.IMPerpPercent }, 0, 3},
	{"mm_option_percent", "MM_OPTION_PERCENT", "OtherContingency", func(p *Params) *float64 { return &p.MMOptionPercent }, 0, 2},
	{"im_option_percent", "IM_OPTION_PERCENT", "OtherContingency", func(p *Params) *float64 { return &p.IMOptionPercent }, 0, 2},

	{"linear_base_cap", "LINEAR_SCALE_CAP", "SkewShock", func(p *Params) *float64 { return &p.LinearBaseCap }, 0, 10},
	{"abs_base_cap", "ABS_SCALE_CAP", "SkewShock", func(p *Params) *float64 { return &p.AbsBaseCap }, 0, 10},
	{"linear_c_base", "LINEAR_CBASE", "SkewShock", func(p *Params) *float64 { return &p.LinearCBase }, -10, 10},
	{"abs_c_base", "ABS_CBASE", "SkewShock", func(p *Params) *float64 { return &p.AbsCBase }, -10, 10},
	{"min_k_star", "MIN_K_STAR", "SkewShock", func(p *Params) *float64 { return &p.MinKStar }, 0, 10},
	{"width_scale", "MIN_WIDTH_SCALE", "SkewShock", func(p *Params) *float64 { return &p.WidthScale }, 0, 10},
	{"vol_param_static", "VOL_PARAM_STATIC", "SkewShock", func(p *Params) *float64 { return &p.VolParamStatic }, 0, 10},
	{"vol_param_scale", "VOL_PARAM_SCALE", "SkewShock", func(p *Params) *float64 { return &p.VolParamScale }, -20, 20},
}

// maxScenarios is PMRM_2's limit on the scenario list (setScenarios).
const maxScenarios = 40

// checkScenarios applies PMRM_2.setScenarios' rules: 1 to 40 scenarios, at
// most one LINEAR and one ABS, each with spot shock 1 (a skew scenario moves
// no spot). It returns the index of the offending scenario and the reason,
// or −1 and "".
func checkScenarios(ss []Scenario) (int, string) {
	if len(ss) == 0 || len(ss) > maxScenarios {
		return len(ss), fmt.Sprintf("PMRM_2 takes 1 to %d scenarios, not %d", maxScenarios, len(ss))
	}
	seen := map[VolShock]bool{}
	for i, s := range ss {
		if !s.Vol.isSkew() {
			continue
		}
		if seen[s.Vol] {
			return i, fmt.Sprintf("a second %s scenario (PMRM_2 takes at most one)", s.Vol)
		}
		seen[s.Vol] = true
		if s.SpotShock != 1 {
			return i, fmt.Sprintf("a %s scenario must have spot shock 1, not %g (PMRM_2.setScenarios reverts)", s.Vol, s.SpotShock)
		}
	}
	return -1, ""
}
