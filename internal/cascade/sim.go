// The simulation: margin domains per architecture, threshold heaps, rounds
// of liquidation and impact per step.
package cascade

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/venue"
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
	// PenaltyRate is the unified engine's penalty on the notional it sells
	// (to the insurance fund, only out of equity above the target, which is
	// the engine's: liquidation.UnifiedTarget with the risk parameters'
	// rebalance buffer);
	// ClipFraction its clip, a share of the original book.
	PenaltyRate, ClipFraction float64
	// HomeChain is where the UCT master vault lives; collateral elsewhere
	// takes BridgeHaircut and its liquidations settle SettlementDelayHours
	// later.
	HomeChain            string
	BridgeHaircut        float64
	SettlementDelayHours float64
	// FailureProb and FailureLoss model contract and custody risk the same
	// way for every trusted party: each isolated venue's contract, the hub
	// operator, the UCT master vault and its bridge fail independently in
	// the episode with FailureProb and lose FailureLoss of what they hold.
	// 0 (the default): no party's failure is modelled, none of them.
	FailureProb, FailureLoss float64
	// Liquidators caps what each step may liquidate per mechanism
	// (liquidators.go; nil: unlimited).
	Liquidators *Liquidators
	// ResizeAtStart cuts hub's and uct's books whose equity is below the
	// unified initial requirement to what it allows, sold in the first
	// step through the impact model; false (the default): every
	// architecture starts from the same books.
	ResizeAtStart bool
	// OraclePolicy is how every venue, and the unified model, values stETH:
	// OracleVenue (each venue its own: Aave v3 and Comet by the exchange
	// rate, the rest and the unified model at market), OracleMarket or
	// OracleRate for all.
	OraclePolicy OraclePolicy
	MaxRounds    int
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
// (Ethereum finality, two epochs, is about 13 minutes), no party's failure
// modelled (FailureLoss 50% when a probability is given), the liquidators
// of data/liquidators.json, equal starting books, each venue's own oracle.
//
// The settlement delay is read conservatively: a venue off the home chain
// acts on a UCT account's liquidation only once the lien draw has settled,
// so the account's positions stay open (and keep losing) meanwhile.
func DefaultConfig() Config {
	return Config{Impact: ImpactSqrt, ImpactScale: 1, Liquidity: DefaultLiquidity, ResiliencePerHour: 0.1,
		PenaltyRate: 0.01, ClipFraction: 0.1, HomeChain: "ethereum", BridgeHaircut: 0.02,
		SettlementDelayHours: 0.25, FailureLoss: 0.5, Liquidators: mustLiquidators(), MaxRounds: 100}
}

func mustLiquidators() *Liquidators {
	l, err := DefaultLiquidators()
	if err != nil {
		panic(fmt.Sprintf("cascade: embedded data/liquidators.json: %v", err)) // its test parses it
	}
	return l
}

// OraclePolicy is how stETH is valued (Config.OraclePolicy).
type OraclePolicy uint8

// Oracle policies.
const (
	OracleVenue  OraclePolicy = iota // each venue its own (Aave v3, Comet: exchange rate; others and unified: market)
	OracleMarket                     // everyone at the stETH market price
	OracleRate                       // everyone at WETH × the start exchange rate
)

// OraclePolicyNames are the policies' names, in OraclePolicy order.
var OraclePolicyNames = []string{"venue", "market", "rate"}

func (o OraclePolicy) String() string { return OraclePolicyNames[o] }

// ParseOraclePolicy parses a policy name.
func ParseOraclePolicy(s string) (OraclePolicy, error) {
	for i, n := range OraclePolicyNames {
		if n == s {
			return OraclePolicy(i), nil
		}
	}
	return 0, fmt.Errorf("unknown oracle policy %q (want venue, market, rate)", s)
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
	down, up [NumAssets]float64
	cash, m0 float64
	// m0a is the part of m0 each asset's position carries (a share of it
	// closes with a share of the position: closeAsset), shared out at the
	// start by the positions' notional; a leg with no position keeps m0
	// whole; share is the share of each asset's original position open.
	m0a, share [NumAssets]float64
	// rule is the leg's liquidation rule (its venue's registry entry;
	// Leg.liquidationRule), run by liquidation.Fast.
	rule       *venue.Liquidation
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

// legDomain is leg l of account acct as a domain, at start prices p0.
func legDomain(acct int, l *Leg, p0 *[NumAssets]float64) domain {
	d := domain{acct: int32(acct), kind: l.Kind, cash: l.Cash, m0: l.M0, rule: l.liquidationRule(),
		units: l.Units, gam: l.Gamma, mRate: l.MRate, extra: l.Extra, size: 1, rateOracle: l.RateOracle}
	notional := 0.0
	for a := range NumAssets {
		// an option's notional is its contracts × spot, as venues count it
		d.gross[a] = math.Max(math.Abs(l.Units[a]), math.Abs(l.Contracts[a]))
		d.curved = d.curved || l.Gamma[a] != 0
		notional += d.gross[a] * p0[a]
		if d.gross[a] != 0 || l.Gamma[a] != 0 {
			d.share[a] = 1
		}
	}
	if notional > 0 {
		for a := range NumAssets {
			d.m0a[a] = l.M0 * d.gross[a] * p0[a] / notional
		}
	}
	return d
}

// build makes the domains of pop under arch and the initial requirement
// the architecture imposes (collateral_locked_usd), gross notional and
// trust exposure at the start; hub and uct also get their simulation's
// kernel (s.k). Errors: the unified books' (unified.go).
func (s *sim) build(pop *Population, arch Arch) (locked, gross float64, below int, err error) {
	if arch == Isolated {
		s.ds, locked, gross, s.custodians = buildIsolated(pop)
		s.applyOraclePolicy()
		return locked, gross, 0, nil
	}
	kb, err := pop.kernel(arch, s.cfg)
	if err != nil {
		return 0, 0, 0, err
	}
	if s.k, err = newUnifiedKernel(kb, pop.Start); err != nil {
		return 0, 0, 0, err
	}
	s.shadow, s.legLo = newShadow(s, pop)
	total, offHomeAll := 0.0, 0.0
	s.resizeF = make([]float64, len(pop.Accounts))
	p0 := pop.Start
	s.ds = make([]domain, 0, len(pop.Accounts))
	for ai := range pop.Accounts {
		acc := &pop.Accounts[ai]
		d := unifiedDomain(ai, acc)
		d.down, d.up = kb.down[ai], kb.up[ai]
		u := *s.k.book(ai)
		if u.Initial > u.Equity && u.Initial > 0 {
			// the unified model would not have let the account open this
			// book; resized (when asked) in the first step, at a cost
			below++
			if s.cfg.ResizeAtStart {
				s.resizeF[ai] = 1 - math.Max(0, u.Equity)/u.Initial
			}
		}
		locked += u.Initial * (1 - s.resizeF[ai])
		for li := range acc.Legs {
			gross += acc.Legs[li].Gross * (1 - s.resizeF[ai])
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
			offHomeAll += offHome
			d.delayed = legs > 0
		}
		total += math.Max(0, legsEquity(acc, &p0))
		s.ds = append(s.ds, d)
	}
	// the trusted parties: the hub operator holds every account's
	// collateral; under uct the master vault's contract does, and the
	// bridge what sits off the home chain
	s.custodians = []float64{total}
	if arch == UCT {
		s.custodians = append(s.custodians, offHomeAll)
	}
	return locked, gross, below, nil
}

// applyOraclePolicy sets every isolated leg's stETH oracle to the
// configured policy (OracleVenue keeps each venue's own).
func (s *sim) applyOraclePolicy() {
	if s.cfg.OraclePolicy == OracleVenue {
		return
	}
	for i := range s.ds {
		s.ds[i].rateOracle = s.cfg.OraclePolicy == OracleRate
	}
}

// buildIsolated makes the legs' domains, the initial requirement, gross
// notional, and each venue's holdings (its contract is a trusted party).
func buildIsolated(pop *Population) (ds []domain, locked, gross float64, custodians []float64) {
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
			ds = append(ds, legDomain(ai, l, &p0))
			locked += l.I0
			for a := range NumAssets {
				locked += l.IRate[a] * math.Abs(l.Units[a]) * p0[a]
			}
			gross += l.Gross
			venueTotals[l.Venue] += math.Max(0, legEquity(l, &p0))
		}
	}
	names := make([]string, 0, len(venueTotals))
	for v := range venueTotals {
		names = append(names, v)
	}
	sort.Strings(names) // a fixed order for the failure draws
	for _, v := range names {
		custodians = append(custodians, venueTotals[v])
	}
	return ds, locked, gross, custodians
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
