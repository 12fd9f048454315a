// The simulation: margin domains per architecture, threshold heaps, rounds
// of liquidation and impact per step.
package cascade

import (
	"fmt"
	"math"
	"strings"

	"github.com/unimargin/unimargin/internal/margin"
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
	// PenaltyRate is the unified engine's penalty on the notional it sells
	// (to the insurance fund, only out of equity above the target);
	// ClipFraction its clip, a share of the original book.
	PenaltyRate, ClipFraction float64
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
	// RiskParams are the unified model's parameters hub and uct margin
	// under (nil: margin.DefaultRiskParams); a governance preview runs the
	// same population under two versions.
	RiskParams *margin.RiskParams
	// bruteForce re-checks every domain every round (tests compare it
	// with the threshold heaps).
	bruteForce bool
}

// DefaultConfig is the baseline: square-root impact, 10% of impact decaying
// an hour, unified target health 1.1 with a 1% penalty in 10% clips
// (internal/liquidation's defaults), UCT home chain
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
		TargetHealth: 1.1, PenaltyRate: 0.01, ClipFraction: 0.1, HomeChain: "ethereum", BridgeHaircut: 0.02,
		SettlementDelayHours: 0.25, HubFailureProb: 0.02, HubFailureLoss: 0.3,
		BridgeFailureProb: 0.01, BridgeFailureLoss: 0.5, MaxRounds: 100}
}

// domain is one margin domain (a venue leg, or a whole account under hub
// and uct). An isolated leg's equity and maintenance are as in Leg, with
// extra carrying the per-asset maintenance terms that scale with its size
// (Deribit's per-contract option maintenance). A unified domain keeps the
// same state as the flow of what its liquidations sell and the cash they
// leave; its margin is the kernel's on its book (unified.go).
type domain struct {
	units, gam, mRate, extra [NumAssets]float64
	// gross is the gross units behind the net (unified: both legs of a
	// hedge; an option's contracts), for the liquidated notional.
	gross [NumAssets]float64
	// down and up bound how fast a unified domain's gap falls per USD each
	// price falls or rises, at full size (unified.go, screenRates)
	down, up   [NumAssets]float64
	cash, m0   float64
	bonus, fee float64
	size       float64 // share of the original positions still open
	acct       int32
	orders     uint16 // Hyperliquid orders this step
	kind       LegKind
	unified    bool
	delayed    bool // UCT: liquidations settle after the settlement delay
	pending    bool
	dead       bool
	rateOracle bool
	curved     bool // has gamma: re-checked every round
}

func legDomain(acct int, l *Leg) domain {
	d := domain{acct: int32(acct), kind: l.Kind, cash: l.Cash, m0: l.M0, bonus: l.Bonus, fee: l.ProtocolFee,
		units: l.Units, gam: l.Gamma, mRate: l.MRate, extra: l.Extra, size: 1, rateOracle: l.RateOracle}
	for a := range NumAssets {
		// an option's notional is its contracts × spot, as venues count it
		d.gross[a] = math.Max(math.Abs(l.Units[a]), math.Abs(l.Contracts[a]))
		d.curved = d.curved || l.Gamma[a] != 0
	}
	return d
}

// build makes the domains of pop under arch and the initial requirement
// the architecture imposes (collateral_locked_usd), gross notional and
// trust exposure at the start; hub and uct also get their simulation's
// kernel (s.k). Errors: the unified books' (unified.go).
func (s *sim) build(pop *Population, arch Arch) (locked, gross, trust float64, resized int, resizedUSD float64, err error) {
	if arch == Isolated {
		s.ds, locked, gross, trust = buildIsolated(pop)
		return locked, gross, trust, 0, 0, nil
	}
	kb, err := pop.kernel(arch, s.cfg)
	if err != nil {
		return 0, 0, 0, 0, 0, err
	}
	if s.k, err = newUnifiedKernel(kb, pop.Start); err != nil {
		return 0, 0, 0, 0, 0, err
	}
	p0 := pop.Start
	s.ds = make([]domain, 0, len(pop.Accounts))
	for ai := range pop.Accounts {
		acc := &pop.Accounts[ai]
		d := unifiedDomain(ai, acc)
		d.down, d.up = kb.down[ai], kb.up[ai]
		u := *s.k.book(ai)
		if u.Initial > u.Equity && u.Initial > 0 {
			// the unified model would not have let the account open this
			// book: it starts at the largest share its equity allows,
			// the rest closed at the start prices at no cost
			f := 1 - math.Max(0, u.Equity)/u.Initial
			s.closeBook(ai, f)
			resized++
			resizedUSD += resize(&d, f, p0)
			u = *s.k.book(ai)
		}
		locked += u.Initial
		for li := range acc.Legs {
			gross += acc.Legs[li].Gross * d.size
		}
		if arch == UCT {
			// the collateral sits in the master vault on the home chain: a
			// liquidation at a venue elsewhere settles across chains
			offHome, legs := 0.0, 0
			for li := range acc.Legs {
				if l := &acc.Legs[li]; l.Chain != s.cfg.HomeChain {
					offHome += math.Max(0, legEquity(l, &p0))
					legs++
				}
			}
			trust += offHome
			d.delayed = legs > 0
		}
		if arch == Hub {
			trust += math.Max(0, legsEquity(acc, &p0))
		}
		s.ds = append(s.ds, d)
	}
	return locked, gross, trust, resized, resizedUSD, nil
}

// resize closes share f of domain d at the start prices p0 at no cost and
// returns the notional closed.
func resize(d *domain, f float64, p0 [NumAssets]float64) float64 {
	n := 0.0
	for a := range NumAssets {
		n += f * d.gross[a] * p0[a]
		d.cash += f * d.units[a] * p0[a]
		d.units[a] *= 1 - f
		d.gam[a] *= 1 - f
		d.gross[a] *= 1 - f
	}
	d.size = 1 - f
	return n
}

func buildIsolated(pop *Population) (ds []domain, locked, gross, trust float64) {
	p0 := pop.Start
	venueTotals := map[string]float64{}
	legs := 0
	for ai := range pop.Accounts {
		legs += len(pop.Accounts[ai].Legs)
	}
	ds = make([]domain, 0, legs)
	for ai := range pop.Accounts {
		acc := &pop.Accounts[ai]
		for li := range acc.Legs {
			l := &acc.Legs[li]
			ds = append(ds, legDomain(ai, l))
			locked += l.I0
			for a := range NumAssets {
				locked += l.IRate[a] * math.Abs(l.Units[a]) * p0[a]
			}
			gross += l.Gross
			venueTotals[l.Venue] += math.Max(0, legEquity(l, &p0))
		}
	}
	for _, v := range venueTotals { // one venue failing: the largest venue's equity
		trust = math.Max(trust, v)
	}
	return ds, locked, gross, trust
}

// legEquity is a leg's equity at the start prices p (gamma adds nothing there).
func legEquity(l *Leg, p *[NumAssets]float64) float64 {
	e := l.Cash
	for a := range NumAssets {
		e += l.Units[a] * p[a]
	}
	return e
}

func legsEquity(acc *Account, p *[NumAssets]float64) float64 {
	e := 0.0
	for li := range acc.Legs {
		e += legEquity(&acc.Legs[li], p)
	}
	return e
}
