// Report: PMRM_2's figures for one case under the case files' own names
// (Result block), computed by Evaluate or read from a file's Result.
//
// Signs follow the files: contingencies are negative (they reduce margin),
// scenario P&L is negative for a loss, IM and MM are margin headroom (≥ 0
// passes). Money is in the sub-account's cash unit (USDC).
package derive

import (
	"encoding/json"
	"fmt"
	"math"
)

// Loss is one scenario's P&L as the files list it: regular and tail losses
// as [spot move, vol direction, P&L] with the move as shock − 1 and the
// direction 1 up, −1 down, 0 none; skew losses as [name, P&L].
type Loss struct {
	Move      float64 // spot shock − 1
	Direction float64 // 1 up, −1 down, 0 none
	Skew      string  // "LINEAR" or "ABS" for skew losses, else ""
	PnL       float64
	Dampening float64 // not written: the files give it only for the worst tail
}

// MarshalJSON writes the files' row shape, every figure a JSON number.
func (l Loss) MarshalJSON() ([]byte, error) {
	if l.Skew != "" {
		return json.Marshal([]any{l.Skew, l.PnL})
	}
	return json.Marshal([]float64{l.Move, l.Direction, l.PnL})
}

// Report holds every figure the case files' Result carries.
type Report struct {
	IM     float64 `json:"IM"`
	MM     float64 `json:"MM"`
	IMHand float64 `json:"IMHand"` // the files' hand calculation; equal to IM
	MMHand float64 `json:"MMHand"`

	PortfolioMTM                 float64   `json:"PortfolioMTM"` // MTM + cash
	OptionMTM                    float64   `json:"OptionMTM"`
	OptionMTMPerExpiry           []float64 `json:"OptionMTMPerExpiry"`
	OptionMTMPerExpiryDiscounted []float64 `json:"OptionMTMPerExpiryDiscounted"`
	CollateralMTM                float64   `json:"CollateralMTM"`
	PerpMTM                      float64   `json:"PerpMTM"`
	Cash                         float64   `json:"Cash"`
	UnrealisedFunding            float64   `json:"UnrealisedFunding"`
	UnrealisedPerpPNL            float64   `json:"UnrealisedPerpPNL"`

	RegLosses         []Loss    `json:"reg_losses"`
	TailLosses        []Loss    `json:"tail_losses"`
	SkewLosses        []Loss    `json:"skew_losses"`
	WorstRegLoss      float64   `json:"worst_reg_loss"`
	WorstTailLoss     float64   `json:"worst_tail_loss"`
	WorstSkewLoss     float64   `json:"worst_skew_loss"`
	WorstRegScenario  []float64 `json:"worst_reg_scenario"`  // [move, direction]
	WorstTailScenario []float64 `json:"worst_tail_scenario"` // [move, direction, dampening]
	WorstSkewScenario string    `json:"worst_skew_scenario"`
	WorstAllScenarios string    `json:"worst_all_scenarios"` // regular, tail, skew or fwd_contingency

	ForwardContingency float64 `json:"ForwardContingency"`
	MMLossFactor       float64 `json:"MMLossFactor"`
	IMLossFactor       float64 `json:"IMLossFactor"` // im_factor + peg loss add-on
	ImLossFactor       float64 `json:"im_loss_factor"`
	MMPerpCont         float64 `json:"MMPerpCont"`
	IMPerpCont         float64 `json:"IMPerpCont"`
	IMPerpContNormal   float64 `json:"IMPerpContNormal"` // MM + IM parts: what IM charges
	MMBaseCont         float64 `json:"MMBaseCont"`
	IMBaseCont         float64 `json:"IMBaseCont"`
	IMBaseContNormal   float64 `json:"IMBaseContNormal"`
	MMOptionCont       float64 `json:"MMOptionCont"`
	IMOptionCont       float64 `json:"IMOptionCont"`
	IMOptionContNormal float64 `json:"IMOptionContNormal"`
	OracleCont         float64 `json:"OracleCont"`

	DiscountFactors        [][]float64 `json:"discount_factors"` // per expiry [pos, neg]
	VolShockUpMultiplier   []float64   `json:"VolShockUpMultiplier"`
	VolShockDownMultiplier []float64   `json:"VolShockDownMultiplier"`
	VolShockUpEvaluated    []float64   `json:"VolShockUpEvaluated"`
	VolShockDownEvaluated  []float64   `json:"VolShockDownEvaluated"`
}

// Evaluate runs PMRM_2 on the case and reports every figure. The case is not
// modified, so it can be evaluated again.
func (c *Case) Evaluate() *Report {
	a := c.acct
	a.expiries = append([]expiry(nil), c.acct.expiries...)
	e := evaluate(&a, &c.params)
	r := &Report{
		IM: e.im, MM: e.mm, IMHand: e.im, MMHand: e.mm,
		PortfolioMTM:       e.mtm + a.cash,
		OptionMTM:          e.optionMTM,
		CollateralMTM:      e.collateralMTM,
		Cash:               a.cash,
		ForwardContingency: e.basisCont,
		MMLossFactor:       e.mmFactor,
		IMLossFactor:       e.imFactor,
		ImLossFactor:       e.imFactor,
		MMPerpCont:         -e.perpMM,
		IMPerpCont:         -e.perpIM,
		IMPerpContNormal:   -(e.perpMM + e.perpIM),
		MMBaseCont:         -e.baseMM,
		IMBaseCont:         -e.baseIM,
		IMBaseContNormal:   -(e.baseMM + e.baseIM),
		MMOptionCont:       -e.optionMM,
		IMOptionCont:       -e.optionIM,
		IMOptionContNormal: -(e.optionMM + e.optionIM),
		OracleCont:         -e.oracle,
	}
	c.reportPerp(r)
	r.reportExpiries(a.expiries)
	c.reportOptions(r, a.expiries, &c.params)
	r.reportScenarios(&e)
	return r
}

func (c *Case) reportPerp(r *Report) {
	r.UnrealisedFunding, r.UnrealisedPerpPNL = c.funding, c.perpPnL
	if c.acct.perpPosition != 0 {
		r.PerpMTM = c.perpPnL
	}
}

func (r *Report) reportExpiries(xs []expiry) {
	r.OptionMTMPerExpiry = make([]float64, len(xs))
	r.OptionMTMPerExpiryDiscounted = make([]float64, len(xs))
	r.DiscountFactors = make([][]float64, len(xs))
	for i := range xs {
		x := &xs[i]
		r.OptionMTMPerExpiry[i] = x.mtm
		r.OptionMTMPerExpiryDiscounted[i] = x.mtm * x.staticDiscountNeg
		if x.mtm >= 0 {
			r.OptionMTMPerExpiryDiscounted[i] = x.mtm * x.staticDiscountPos
		}
		r.DiscountFactors[i] = []float64{x.staticDiscountPos, x.staticDiscountNeg}
	}
}

// reportOptions lists the vol-shock multipliers and shocked vols per option,
// in the file's option order.
func (c *Case) reportOptions(r *Report, xs []expiry, p *Params) {
	n := len(c.optionRef)
	r.VolShockUpMultiplier, r.VolShockDownMultiplier = make([]float64, n), make([]float64, n)
	r.VolShockUpEvaluated, r.VolShockDownEvaluated = make([]float64, n), make([]float64, n)
	for i, ref := range c.optionRef {
		x := &xs[ref.expiry]
		vol := x.options[ref.index].vol
		r.VolShockUpMultiplier[i] = x.volShockUp
		r.VolShockDownMultiplier[i] = x.volShockDown
		r.VolShockUpEvaluated[i] = math.Max(p.MinVolUpShock, vol*x.volShockUp)
		r.VolShockDownEvaluated[i] = vol * x.volShockDown
	}
}

// reportScenarios groups the scenario P&Ls as the files do and names the
// worst of each group and overall.
func (r *Report) reportScenarios(e *evaluation) {
	r.RegLosses, r.TailLosses, r.SkewLosses = []Loss{}, []Loss{}, []Loss{}
	worst := map[string]int{}
	for i, sp := range e.scenarios {
		s := sp.scenario
		l := Loss{Move: moveOf(s), Direction: s.Vol.direction(), PnL: sp.pnl, Dampening: s.Dampening}
		kind := s.Kind()
		switch kind {
		case kindSkew:
			l = Loss{Skew: s.Vol.String(), PnL: sp.pnl}
			r.SkewLosses = append(r.SkewLosses, l)
		case kindTail:
			r.TailLosses = append(r.TailLosses, l)
		default:
			r.RegLosses = append(r.RegLosses, l)
		}
		if w, ok := worst[kind]; !ok || sp.pnl < e.scenarios[w].pnl {
			worst[kind] = i
		}
	}
	if i, ok := worst[kindRegular]; ok {
		s := e.scenarios[i]
		r.WorstRegLoss = s.pnl
		r.WorstRegScenario = []float64{moveOf(s.scenario), s.scenario.Vol.direction()}
	}
	if i, ok := worst[kindTail]; ok {
		s := e.scenarios[i]
		r.WorstTailLoss = s.pnl
		r.WorstTailScenario = []float64{moveOf(s.scenario), s.scenario.Vol.direction(), s.scenario.Dampening}
	}
	if i, ok := worst[kindSkew]; ok {
		r.WorstSkewLoss, r.WorstSkewScenario = e.scenarios[i].pnl, e.scenarios[i].scenario.Vol.String()
	}
	r.WorstAllScenarios = worstGroup(r, e.basisCont, worst)
}

// moveOf is a scenario's spot move (shock − 1) rounded to 12 decimals, so
// that 0.82 reads −0.18 rather than −0.17999999999999994.
func moveOf(s Scenario) float64 {
	return math.Round((s.SpotShock-1)*1e12) / 1e12
}

// worstGroup names the group holding the worst loss, the forward contingency
// included; on a tie the first of regular, tail, skew, fwd_contingency (the
// files' convention; PMRM_2 itself keeps the basis contingency unless a
// scenario is strictly worse).
func worstGroup(r *Report, basisCont float64, present map[string]int) string {
	name, worst := "fwd_contingency", basisCont
	candidates := []struct {
		kind string
		loss float64
	}{{kindRegular, r.WorstRegLoss}, {kindTail, r.WorstTailLoss}, {kindSkew, r.WorstSkewLoss}}
	for i := len(candidates) - 1; i >= 0; i-- {
		c := candidates[i]
		if _, ok := present[c.kind]; ok && c.loss <= worst {
			name, worst = c.kind, c.loss
		}
	}
	return name
}

// String is a one-line summary for logs.
func (r *Report) String() string {
	return fmt.Sprintf("IM %g MM %g (worst %s)", r.IM, r.MM, r.WorstAllScenarios)
}
