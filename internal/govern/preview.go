// The impact preview, computed before the vote and attached to the
// proposal: every stored account re-margined under the base version and
// under the proposed one (through the caller's bulk re-margin — the
// compiled kernel in cluster.Local — never a margin path of its own), the
// accounts that become liquidatable, the change in total requirement, the
// largest movers, both transition rules (a ramp at its start and halfway;
// a configuration key now and after every account has refreshed), and the
// cascade simulator's liquidations and bad debt on the rules' standard
// shock under both versions.
package govern

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/cascade"
	"github.com/unimargin/unimargin/internal/vault"
)

// Remargin re-margins accounts under cfg and calls each once per account.
type Remargin func(ctx context.Context, cfg vault.Config, accounts []string, each func(Margin)) error

// Margin is one account's unified margin (USD) from a Remargin.
type Margin struct {
	Account      string
	Equity       float64
	Initial      float64
	Maintenance  float64
	Liquidatable bool
	Failed       bool // not computable; counted liquidatable (never reported safe)
}

// Preview is a proposal's impact preview.
type Preview struct {
	ComputedAt             time.Time         `json:"computed_at"`
	MarketAsOf             string            `json:"market_as_of"`
	Accounts               int               `json:"accounts"`
	Failed                 int               `json:"failed"`
	Before                 PreviewSide       `json:"before"`
	After                  PreviewSide       `json:"after"`
	DeltaEquity            float64           `json:"delta_equity"`
	DeltaInitial           float64           `json:"delta_initial"`
	DeltaMaintenance       float64           `json:"delta_maintenance"`
	NewlyLiquidatable      []string          `json:"newly_liquidatable"`
	NewlyLiquidatableCount int               `json:"newly_liquidatable_count"`
	Movers                 []Mover           `json:"movers"`
	Transition             TransitionPreview `json:"transition"`
	Cascade                *CascadePreview   `json:"cascade"`
	Notes                  []string          `json:"notes"`
}

// PreviewSide is the whole store under one version.
type PreviewSide struct {
	Version      int     `json:"version"` // 0: the proposed version (not numbered yet)
	Hash         string  `json:"hash"`
	Equity       float64 `json:"equity"` // collateral after haircuts and positions, summed over accounts
	Initial      float64 `json:"initial"`
	Maintenance  float64 `json:"maintenance"`
	Liquidatable int     `json:"liquidatable"`
}

// Mover is an account whose cushion (equity − maintenance, USD) moves
// most: a stricter requirement or a larger haircut shrinks it alike.
type Mover struct {
	Account            string  `json:"account"`
	CushionBefore      float64 `json:"cushion_before"`
	CushionAfter       float64 `json:"cushion_after"`
	Delta              float64 `json:"delta"`
	InitialBefore      float64 `json:"initial_before"`
	InitialAfter       float64 `json:"initial_after"`
	LiquidatableBefore bool    `json:"liquidatable_before"`
	LiquidatableAfter  bool    `json:"liquidatable_after"`
}

// TransitionPreview shows both transition rules, whichever the proposal chose.
type TransitionPreview struct {
	Kind    string      `json:"kind"`
	Seconds int64       `json:"seconds,omitempty"`
	Ramp    RampPreview `json:"ramp"`
	Key     KeyPreview  `json:"key"`
}

// RampPreview: the stricter values at their start (the looser ones already
// in force), halfway, and at the end (= After).
type RampPreview struct {
	LiquidatableAtStart int     `json:"liquidatable_at_start"`
	LiquidatableHalfway int     `json:"liquidatable_halfway"`
	LiquidatableAtEnd   int     `json:"liquidatable_at_end"`
	InitialAtStart      float64 `json:"initial_at_start"`
	InitialHalfway      float64 `json:"initial_halfway"`
}

// KeyPreview: under a configuration key every existing account keeps the
// base version (liquidatable now = Before) until its next risk-increasing
// action; once all have refreshed, After.
type KeyPreview struct {
	AccountsKeyed            int `json:"accounts_keyed"`
	LiquidatableNow          int `json:"liquidatable_now"`
	LiquidatableAfterRefresh int `json:"liquidatable_after_refresh"`
}

// CascadePreview is the cascade simulator (UCT architecture) on the
// stored books under both versions.
type CascadePreview struct {
	Path     string      `json:"path"`
	Accounts int         `json:"accounts"`
	Skipped  int         `json:"skipped"` // books the simulator does not model
	Before   CascadeSide `json:"before"`
	After    CascadeSide `json:"after"`
	Note     string      `json:"note,omitempty"`
}

// CascadeSide is one version's cascade outcome (USD).
type CascadeSide struct {
	LiquidatedUSD float64 `json:"liquidated_usd"`
	BadDebtUSD    float64 `json:"bad_debt_usd"`
}

// Limits of a preview's lists.
const (
	maxNewlyListed = 100
	maxMovers      = 10
	cascadeSteps   = 24
)

// PreviewJob is everything a preview needs, read in one transaction, so
// the re-margins run outside it.
type PreviewJob struct {
	proposal           *Proposal
	accounts           []string
	books              [][]byte
	marketAsOf         string
	base, next         *Loaded
	start, half        *Loaded // nil when no change needs a ramp
	baseNum            int
	baseHash, nextHash string
	shock              string
}

// PreparePreview reads what proposal id's preview needs at now. Refusals:
// an unknown proposal, one not voting, one whose base is no longer the
// effective version. Errors: ErrNotSetUp, vault.ErrNoMarket, store errors.
func PreparePreview(tx Tx, id string, now time.Time) (*PreviewJob, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	p, err := loadProposal(tx, id, "proposal")
	if err != nil {
		return nil, err
	}
	p.advance(r, now)
	if p.State != StateVoting {
		return nil, refuse(ErrProposalState, "proposal", p.ID, "is %s: a preview is computed before the vote", p.State)
	}
	h, err := loadHistory(tx)
	if err != nil {
		return nil, err
	}
	e := h.effective(now)
	if e.Number != p.BaseVersion || e.Hash != p.BaseHash {
		return nil, refuse(ErrStaleVersion, "proposal", p.ID, "was proposed against version %d; the effective version is %d", p.BaseVersion, e.Number)
	}
	m, err := storedMarket(tx)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("impact preview: %w", vault.ErrNoMarket)
	}
	job := &PreviewJob{proposal: p, marketAsOf: m.AsOf.UTC().Format(time.RFC3339), baseNum: e.Number,
		baseHash: e.Hash, shock: r.PreviewShock}
	next, err := applyChanges(e.doc, p.Changes, "changes")
	if err != nil {
		return nil, err
	}
	job.nextHash = next.Hash()
	if job.base, err = e.doc.Load(nil); err != nil {
		return nil, &corruptError{what: fmt.Sprintf("version %d", e.Number), err: err}
	}
	if job.next, err = next.Load(nil); err != nil {
		return nil, err
	}
	if strict := stricterLeaves(p.Leaves); len(strict) > 0 {
		if job.start, err = rampPoint(next, strict, 0); err != nil {
			return nil, err
		}
		if job.half, err = rampPoint(next, strict, 0.5); err != nil {
			return nil, err
		}
	}
	if job.accounts, err = tx.AccountIDs(); err != nil {
		return nil, err
	}
	for _, a := range job.accounts {
		doc, ok, err := tx.Portfolio(a)
		if err != nil {
			return nil, err
		}
		if ok {
			job.books = append(job.books, doc)
		}
	}
	return job, nil
}

// rampPoint is next with each stricter leaf at fraction f of its way from
// its old value (numbers; anything else stays old until the end).
func rampPoint(next Doc, strict []LeafChange, f float64) (*Loaded, error) {
	d := next.Clone()
	for _, c := range strict {
		var v any = c.From
		a, okA := c.From.(float64)
		b, okB := c.To.(float64)
		if okA && okB {
			v = a + (b-a)*f
		}
		segs, err := parsePath(c.Path)
		if err == nil {
			err = set(d, segs, v)
		}
		if err != nil {
			return nil, fmt.Errorf("ramp point %s: %w", c.Path, err)
		}
	}
	return d.Load(nil)
}

// totals is one re-margin of every account.
type totals struct {
	equity, initial, maintenance float64
	liquidatable                 int
	failed                       int
	by                           map[string]Margin
}

func runUnder(ctx context.Context, remargin Remargin, cfg vault.Config, accounts []string) (*totals, error) {
	t := &totals{by: make(map[string]Margin, len(accounts))}
	err := remargin(ctx, cfg, accounts, func(m Margin) {
		t.by[m.Account] = m
		t.equity += m.Equity
		t.initial += m.Initial
		t.maintenance += m.Maintenance
		if m.Liquidatable || m.Failed {
			t.liquidatable++
		}
		if m.Failed {
			t.failed++
		}
	})
	return t, err
}

// Run computes the preview through remargin (and the cascade simulator)
// at now. Errors: remargin's.
func (j *PreviewJob) Run(ctx context.Context, remargin Remargin, now time.Time) (*Preview, error) {
	before, err := runUnder(ctx, remargin, ConfigOf(j.baseNum, j.baseHash, j.base), j.accounts)
	if err != nil {
		return nil, err
	}
	after, err := runUnder(ctx, remargin, ConfigOf(0, j.nextHash, j.next), j.accounts)
	if err != nil {
		return nil, err
	}
	pv := &Preview{ComputedAt: now.UTC(), MarketAsOf: j.marketAsOf, Accounts: len(j.accounts),
		Failed: max(before.failed, after.failed), NewlyLiquidatable: []string{}, Movers: []Mover{},
		Before: PreviewSide{Version: j.baseNum, Hash: j.baseHash, Equity: before.equity, Initial: before.initial,
			Maintenance: before.maintenance, Liquidatable: before.liquidatable},
		After: PreviewSide{Hash: j.nextHash, Equity: after.equity, Initial: after.initial,
			Maintenance: after.maintenance, Liquidatable: after.liquidatable},
	}
	pv.DeltaEquity = after.equity - before.equity
	pv.DeltaInitial = after.initial - before.initial
	pv.DeltaMaintenance = after.maintenance - before.maintenance
	for _, a := range j.accounts {
		b, n := before.by[a], after.by[a]
		if (n.Liquidatable || n.Failed) && !(b.Liquidatable || b.Failed) {
			pv.NewlyLiquidatableCount++
			if len(pv.NewlyLiquidatable) < maxNewlyListed {
				pv.NewlyLiquidatable = append(pv.NewlyLiquidatable, a)
			}
		}
		cb, ca := b.Equity-b.Maintenance, n.Equity-n.Maintenance
		if d := ca - cb; d != 0 || n.Initial != b.Initial {
			pv.Movers = append(pv.Movers, Mover{Account: a, CushionBefore: cb, CushionAfter: ca, Delta: d,
				InitialBefore: b.Initial, InitialAfter: n.Initial,
				LiquidatableBefore: b.Liquidatable || b.Failed, LiquidatableAfter: n.Liquidatable || n.Failed})
		}
	}
	sort.Slice(pv.Movers, func(i, k int) bool {
		x, y := math.Abs(pv.Movers[i].Delta), math.Abs(pv.Movers[k].Delta)
		if x != y {
			return x > y
		}
		return pv.Movers[i].Account < pv.Movers[k].Account
	})
	pv.Movers = pv.Movers[:min(len(pv.Movers), maxMovers)]
	if err := j.transitions(ctx, remargin, pv, before, after); err != nil {
		return nil, err
	}
	if pv.Cascade, err = j.cascade(ctx); err != nil {
		return nil, err
	}
	pv.Notes = []string{}
	for _, l := range j.proposal.Leaves {
		if strings.HasPrefix(l.Path, keyVenue+".") {
			pv.Notes = append(pv.Notes, "venue parameter overrides change the venues' own (isolated) margins; "+
				"the figures above are unified margin, which they do not move")
			break
		}
	}
	return pv, nil
}

// transitions fills both transition rules' outcomes.
func (j *PreviewJob) transitions(ctx context.Context, remargin Remargin, pv *Preview, before, after *totals) error {
	t := &pv.Transition
	t.Kind, t.Seconds = j.proposal.Transition.Kind, j.proposal.Transition.Seconds
	t.Ramp = RampPreview{LiquidatableAtStart: after.liquidatable, LiquidatableHalfway: after.liquidatable,
		LiquidatableAtEnd: after.liquidatable, InitialAtStart: after.initial, InitialHalfway: after.initial}
	t.Key = KeyPreview{LiquidatableNow: after.liquidatable, LiquidatableAfterRefresh: after.liquidatable}
	if j.start == nil {
		return nil // nothing stricter: every change applies at once
	}
	start, err := runUnder(ctx, remargin, ConfigOf(0, j.nextHash, j.start), j.accounts)
	if err != nil {
		return err
	}
	half, err := runUnder(ctx, remargin, ConfigOf(0, j.nextHash, j.half), j.accounts)
	if err != nil {
		return err
	}
	t.Ramp.LiquidatableAtStart, t.Ramp.InitialAtStart = start.liquidatable, start.initial
	t.Ramp.LiquidatableHalfway, t.Ramp.InitialHalfway = half.liquidatable, half.initial
	t.Key = KeyPreview{AccountsKeyed: len(j.accounts), LiquidatableNow: before.liquidatable,
		LiquidatableAfterRefresh: after.liquidatable}
	return nil
}

// cascade runs the simulator (UCT) on the stored books under both
// versions on the standard shock. Books it does not model are skipped and
// counted; without any it reports why.
func (j *PreviewJob) cascade(ctx context.Context) (*CascadePreview, error) {
	cp := &CascadePreview{Path: j.shock}
	path, err := cascade.LoadPath(j.shock, cascadeSteps, 1, func(string) ([]byte, error) {
		return nil, fmt.Errorf("the standard shock is a named path or shock:ASSET:MOVE, not a file")
	})
	if err != nil {
		cp.Note = "standard shock: " + err.Error()
		return cp, nil
	}
	pop := &cascade.Population{Start: path.Prices[0]}
	for _, b := range j.books {
		doc := append(append([]byte(`{"accounts": [`), b...), ']', '}')
		one, err := cascade.ParsePopulation(doc, path.Prices[0])
		if err != nil {
			cp.Skipped++
			continue
		}
		pop.Accounts = append(pop.Accounts, one.Accounts...)
	}
	cp.Accounts = len(pop.Accounts)
	if cp.Accounts == 0 {
		cp.Note = "no stored book is one the simulator models (WETH, WBTC, stETH on its venues)"
		return cp, nil
	}
	for _, side := range []struct {
		l   *Loaded
		dst *CascadeSide
	}{{j.base, &cp.Before}, {j.next, &cp.After}} {
		cfg := cascade.DefaultConfig()
		cfg.RiskParams = side.l.RiskParams
		rep, err := cascade.Run(ctx, &cascade.Job{Population: pop, Path: path, Archs: []cascade.Arch{cascade.UCT},
			Config: cfg}, nil)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr // the deadline, not the simulation: checked once
			}
			cp.Note = "cascade: " + err.Error()
			return cp, nil
		}
		m := rep.Architectures[cascade.UCT.String()]
		side.dst.LiquidatedUSD, side.dst.BadDebtUSD = m.LiquidatedUSD, m.BadDebtUSD
	}
	return cp, nil
}

// AttachPreview stores pv on proposal id, if it is still voting on the
// same version, and logs it. Refusals as PreparePreview.
func AttachPreview(tx Tx, id string, pv *Preview, actor string, now time.Time) (*Proposal, error) {
	r, err := loadRules(tx)
	if err != nil {
		return nil, err
	}
	p, err := loadProposal(tx, id, "proposal")
	if err != nil {
		return nil, err
	}
	entries := p.advance(r, now)
	if p.State != StateVoting {
		return nil, refuse(ErrProposalState, "proposal", p.ID, "is %s: a preview is computed before the vote", p.State)
	}
	if pv.Before.Version != p.BaseVersion || pv.Before.Hash != p.BaseHash {
		return nil, refuse(ErrStaleVersion, "proposal", p.ID, "the preview was computed on another base version")
	}
	p.Preview = pv
	if err := persist(tx, p, now, entries); err != nil {
		return nil, err
	}
	sum, err := json.Marshal(pv)
	if err != nil {
		return nil, err
	}
	return p, appendLog(tx, now, LogPreview, actor, p.ID, map[string]any{
		"preview": hashOf(sum), "newly_liquidatable": pv.NewlyLiquidatableCount, "delta_initial": pv.DeltaInitial})
}
