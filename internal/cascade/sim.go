// The simulation: margin domains per architecture, threshold heaps, rounds
// of liquidation and impact per step.
package cascade

import (
	"fmt"
	"math"
	"strings"
)

// Arch is a margin architecture.
type Arch uint8

// Architectures.
const (
	Isolated Arch = iota
	Hub
	UCT
)

// ArchNames are the architectures' names, in Arch order.
var ArchNames = []string{"isolated", "hub", "uct"}

func (a Arch) String() string { return ArchNames[a] }

// ParseArchs parses a comma-separated list of architectures.
func ParseArchs(s string) ([]Arch, error) {
	var out []Arch
	seen := map[Arch]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		found := false
		for i, n := range ArchNames {
			if n == name {
				if !seen[Arch(i)] {
					out = append(out, Arch(i))
				}
				seen[Arch(i)], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown architecture %q (want isolated, hub, uct)", name)
		}
	}
	return out, nil
}

// Config holds the model parameters of one simulation.
type Config struct {
	Impact      Impact
	ImpactScale float64 // multiplies every sale's size in the impact model; 0 = no impact
	Liquidity   [NumAssets]Liquidity
	// ResiliencePerHour is the fraction of accumulated impact that decays
	// each hour (Lehar–Parlour: part of the impact is temporary).
	ResiliencePerHour float64
	// TargetHealth is the equity/maintenance the unified engine restores.
	TargetHealth float64
	// HedgeAddOn is the unified model's maintenance on hedged notional
	// (basis risk across venues), as a rate.
	HedgeAddOn float64
	// HomeChain is where the UCT master vault lives; collateral elsewhere
	// takes BridgeHaircut and its liquidations settle SettlementDelayHours
	// later.
	HomeChain            string
	BridgeHaircut        float64
	SettlementDelayHours float64
	// HubFailureProb and HubFailureLoss model the hub operator failing in
	// the episode: the probability and the fraction of the collateral it
	// holds that users lose. BridgeFailureProb/Loss likewise for UCT's bridges.
	HubFailureProb, HubFailureLoss       float64
	BridgeFailureProb, BridgeFailureLoss float64
	MaxRounds                            int
	// bruteForce re-checks every domain every round (tests compare it
	// with the threshold heaps).
	bruteForce bool
}

// DefaultConfig is the baseline: square-root impact, 10% of impact decaying
// an hour, unified target health 1.1, a 2% hedge add-on, UCT home chain
// Ethereum with a 2% bridge haircut and a 15-minute settlement delay
// (Ethereum finality, two epochs, is about 13 minutes), hub failure 2%
// with 30% loss, bridge failure 1% with 50% loss (probabilities per
// episode; our assumptions).
//
// The settlement delay is read conservatively: a venue off the home chain
// acts on a UCT account's liquidation only once the lien draw has settled,
// so the account's positions stay open (and keep losing) meanwhile.
func DefaultConfig() Config {
	return Config{Impact: ImpactSqrt, ImpactScale: 1, Liquidity: DefaultLiquidity, ResiliencePerHour: 0.1,
		TargetHealth: 1.1, HedgeAddOn: 0.02, HomeChain: "ethereum", BridgeHaircut: 0.02,
		SettlementDelayHours: 0.25, HubFailureProb: 0.02, HubFailureLoss: 0.3,
		BridgeFailureProb: 0.01, BridgeFailureLoss: 0.5, MaxRounds: 100}
}

// domain is one margin domain: gap = Cash + Σ (Units·p − MRate·|Units|·p −
// Extra·p) − M0, where Extra carries unified add-ons (hedged notional,
// bridge haircuts), all scaling with the domain's size.
type domain struct {
	units   [NumAssets]float64
	mRate   [NumAssets]float64
	extra   [NumAssets]float64
	cash    float64
	m0      float64
	bonus   float64
	acct    int32
	kind    LegKind
	unified bool
	delayed bool // UCT: liquidations settle after the settlement delay
	pending bool
	dead    bool
}

// gap is equity − maintenance at prices p.
func (d *domain) gap(p *[NumAssets]float64) float64 {
	g := d.cash - d.m0
	for a := range NumAssets {
		g += (d.units[a] - d.mRate[a]*math.Abs(d.units[a]) - d.extra[a]) * p[a]
	}
	return g
}

func (d *domain) equity(p *[NumAssets]float64) float64 {
	e := d.cash
	for a := range NumAssets {
		e += d.units[a] * p[a]
	}
	return e
}

func (d *domain) maintenance(p *[NumAssets]float64) float64 {
	m := d.m0
	for a := range NumAssets {
		m += (d.mRate[a]*math.Abs(d.units[a]) + d.extra[a]) * p[a]
	}
	return m
}

// slope is ∂gap/∂p_a.
func (d *domain) slope(a int) float64 {
	return d.units[a] - d.mRate[a]*math.Abs(d.units[a]) - d.extra[a]
}

// build makes the domains of pop under arch and the initial requirement
// the architecture imposes (collateral_locked_usd), gross notional and
// trust exposure at the start.
func build(pop *Population, arch Arch, cfg *Config) (ds []domain, locked, gross, trust float64) {
	p0 := pop.Start
	venueTotals := map[string]float64{}
	for ai := range pop.Accounts {
		acc := &pop.Accounts[ai]
		if arch == Isolated {
			for li := range acc.Legs {
				l := &acc.Legs[li]
				d := domain{acct: int32(ai), kind: l.Kind, cash: l.Cash, m0: l.M0, bonus: l.Bonus,
					units: l.Units, mRate: l.MRate}
				ds = append(ds, d)
				locked += l.I0
				for a := range NumAssets {
					locked += l.IRate[a] * math.Abs(l.Units[a]) * p0[a]
				}
				gross += l.Gross
				venueTotals[l.Venue] += math.Max(0, d.equity(&p0))
			}
			continue
		}
		d := domain{acct: int32(ai), kind: KindPerp, unified: true}
		var grossUnits, mWeighted, iWeighted [NumAssets]float64
		offHome := 0.0 // equity backing legs off the home chain: bridged under UCT
		offHomeLegs := 0
		bonusW, bonusN := 0.0, 0.0
		for li := range acc.Legs {
			l := &acc.Legs[li]
			d.cash += l.Cash
			d.m0 += l.M0
			locked += l.I0
			gross += l.Gross
			if l.Chain != cfg.HomeChain {
				offHome += math.Max(0, legEquity(l, &p0))
				offHomeLegs++
			}
			for a := range NumAssets {
				u := math.Abs(l.Units[a])
				d.units[a] += l.Units[a]
				grossUnits[a] += u
				mWeighted[a] += l.MRate[a] * u
				iWeighted[a] += l.IRate[a] * u
				bonusW += l.Bonus * u * p0[a]
				bonusN += u * p0[a]
			}
		}
		if bonusN > 0 {
			d.bonus = bonusW / bonusN
		}
		eq := d.equity(&p0)
		for a := range NumAssets {
			if grossUnits[a] == 0 {
				continue
			}
			// the same rates as the venues (gross-weighted), on the net exposure:
			// differences between architectures come from netting only
			net := math.Abs(d.units[a])
			d.mRate[a] = mWeighted[a] / grossUnits[a]
			hedged := (grossUnits[a] - net) / 2 // the notional of matched long/short pairs
			d.extra[a] = cfg.HedgeAddOn * hedged
			locked += (iWeighted[a]/grossUnits[a]*net + 1.5*cfg.HedgeAddOn*hedged) * p0[a]
		}
		if arch == UCT {
			// bridge haircut on the collateral bridged to other chains, as a
			// maintenance (and initial) add-on that shrinks with the position
			d.m0 += cfg.BridgeHaircut * offHome
			locked += cfg.BridgeHaircut * offHome
			trust += offHome
			// the collateral sits in the master vault on the home chain: a
			// liquidation at a venue elsewhere settles across chains
			d.delayed = offHomeLegs > 0
		}
		if arch == Hub {
			trust += math.Max(0, eq)
		}
		ds = append(ds, d)
	}
	if arch == Isolated {
		for _, v := range venueTotals { // one venue failing: the largest venue's equity
			trust = math.Max(trust, v)
		}
	}
	return ds, locked, gross, trust
}

func legEquity(l *Leg, p *[NumAssets]float64) float64 {
	e := l.Cash
	for a := range NumAssets {
		e += l.Units[a] * p[a]
	}
	return e
}
