// Named scenarios on a book: each scenario's shocks are applied to the
// market snapshot (scenario.Named.Shift, market.Snapshot.Shifted), a failed
// venue is taken out of the book and a failed bridge's haircut set to 1,
// and the book is margined on that state by the one margin path: each
// venue's own model (venue.Margin) and the unified kernel (Compile,
// Compiled.unified). There is no revaluation of its own here.
package margin

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
	"github.com/unimargin/unimargin/internal/venue"
)

// UnifiedAt is the unified account's figures on one market state (USD).
type UnifiedAt struct {
	Equity       float64 `json:"equity"`
	Initial      float64 `json:"initial"`
	Maintenance  float64 `json:"maintenance"`
	Excess       float64 `json:"excess"`
	Liquidatable bool    `json:"liquidatable"`
}

// VenueAt is one venue's own figures on one market state (USD). A failed
// venue (a venue-failure shock) has Failed set and all figures 0: its
// holdings are lost.
type VenueAt struct {
	ID           string   `json:"id"`
	Model        string   `json:"model"`
	Failed       bool     `json:"failed"`
	Equity       float64  `json:"equity"`
	Initial      float64  `json:"initial"`
	Maintenance  float64  `json:"maintenance"`
	Health       *float64 `json:"health"`
	Liquidatable bool     `json:"liquidatable"`
}

// FiguresAt is an account's margin on one market state.
type FiguresAt struct {
	Unified UnifiedAt `json:"unified"`
	Venues  []VenueAt `json:"venues"`
	// Liquidatable lists what is liquidatable: venue ids in book order,
	// then "unified" when the unified account is.
	Liquidatable []string `json:"liquidatable"`
}

// ScenarioResult is one named scenario's outcome on a book.
type ScenarioResult struct {
	Name   string           `json:"name"`
	Source string           `json:"source,omitempty"`
	Shocks []scenario.Shock `json:"shocks"`
	// PnL is the change of the account's unified equity (USD): what the
	// moves, depegs and failures take from (or add to) the account.
	PnL float64 `json:"pnl"`
	FiguresAt
}

// ScenarioRun is the named scenarios run on one book.
type ScenarioRun struct {
	Account   string           `json:"account"`
	AsOf      string           `json:"as_of"`
	Before    FiguresAt        `json:"before"`
	Scenarios []ScenarioResult `json:"scenarios"`
}

// UnifiedLabel names the unified account in FiguresAt.Liquidatable.
const UnifiedLabel = "unified"

// stateAt is one market state: the moved market, the risk parameters
// (failed bridges haircut 1) and the failed venues (by book index).
type stateAt struct {
	m      *market.Snapshot
	rp     *RiskParams
	failed map[int]bool
}

// LibraryScenarios returns the built-in historical scenarios on m's assets
// (scenario.Library with rp's scenario ranges).
func LibraryScenarios(m *market.Snapshot, rp *RiskParams) []scenario.Named {
	return scenario.Library(m, func(sym string) float64 { return rp.Range(m.Asset(sym)) })
}

// CheckFailures checks every venue and bridge failure of scs against the
// books: a venue shock names a venue id or a model of at least one book, a
// bridge shock a bridge that some collateral entry came over or that rp
// names (bridges, chains' canonical bridges). Errors: *input.Error at the
// shock's path, listing what is known.
func CheckFailures(scs []scenario.Named, books []*portfolio.Portfolio, rp *RiskParams) error {
	venues, bridges := map[string]bool{}, map[string]bool{}
	for b := range rp.Bridges {
		bridges[b] = true
	}
	for _, ch := range rp.Chains {
		if ch.CanonicalBridge != "" {
			bridges[ch.CanonicalBridge] = true
		}
	}
	for _, book := range books {
		for vi := range book.Venues {
			v := &book.Venues[vi]
			venues[v.ID], venues[v.Model] = true, true
			for _, c := range v.Collateral {
				if c.Bridge != "" {
					bridges[c.Bridge] = true
				}
			}
		}
	}
	for _, sc := range scs {
		for _, s := range sc.Shocks {
			switch {
			case s.Kind == scenario.ShockVenue && !venues[s.Venue]:
				return input.Invalid(input.Join(s.Path, "venue"), s.Venue,
					"is neither a venue id nor a model of the book (known: %s)", known(venues))
			case s.Kind == scenario.ShockBridge && !bridges[s.Bridge]:
				return input.Invalid(input.Join(s.Path, "bridge"), s.Bridge,
					"is not a bridge of the book's collateral or the risk parameters (known: %s)", known(bridges))
			}
		}
	}
	return nil
}

func known(set map[string]bool) string {
	if len(set) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// RunScenarios margins book before and under each scenario of scs. The
// book must have passed portfolio.Check against m; scs must have passed
// CheckFailures for it. Errors: a venue model's error on a moved market
// (an input error, or an internal one), with the scenario's name.
func RunScenarios(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams, scs []scenario.Named) (*ScenarioRun, error) {
	run := &ScenarioRun{Account: book.Account, AsOf: m.AsOf.Format(time.RFC3339),
		Scenarios: make([]ScenarioResult, 0, len(scs))}
	var err error
	if run.Before, err = figuresAt(book, stateAt{m: m, rp: rp}); err != nil {
		return nil, err
	}
	for i := range scs {
		sc := &scs[i]
		st := scenarioState(book, m, rp, sc)
		after, err := figuresAt(book, st)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
		shocks := sc.Shocks
		if shocks == nil {
			shocks = []scenario.Shock{}
		}
		run.Scenarios = append(run.Scenarios, ScenarioResult{Name: sc.Name, Source: sc.Source, Shocks: shocks,
			PnL: after.Unified.Equity - run.Before.Unified.Equity, FiguresAt: after})
	}
	return run, nil
}

// scenarioState is the market state of sc on book: m moved, rp with every
// failed bridge's haircut 1, the venues matched by id or model failed.
func scenarioState(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams, sc *scenario.Named) stateAt {
	st := stateAt{m: m.Shifted(sc.Shift(m)), rp: rp}
	venues, bridges := sc.Failures()
	if len(bridges) > 0 {
		cp := *rp
		cp.Bridges = maps.Clone(rp.Bridges)
		for _, b := range bridges {
			cp.Bridges[b] = HaircutParams{Haircut: 1}
		}
		st.rp = &cp
	}
	for _, name := range venues {
		for vi := range book.Venues {
			if v := &book.Venues[vi]; v.ID == name || v.Model == name {
				if st.failed == nil {
					st.failed = map[int]bool{}
				}
				st.failed[vi] = true
			}
		}
	}
	return st
}

// figuresAt margins book on st: each surviving venue by its own model, the
// unified account (without the failed venues) by the kernel on st's market
// compiled with st's parameters.
func figuresAt(book *portfolio.Portfolio, st stateAt) (FiguresAt, error) {
	out := FiguresAt{Venues: make([]VenueAt, 0, len(book.Venues)), Liquidatable: []string{}}
	survivors := book
	if len(st.failed) > 0 {
		cp := *book
		cp.Venues = nil
		for vi := range book.Venues {
			if !st.failed[vi] {
				cp.Venues = append(cp.Venues, book.Venues[vi])
			}
		}
		survivors = &cp
	}
	for vi := range book.Venues {
		v := &book.Venues[vi]
		at := VenueAt{ID: v.ID, Model: v.Model, Failed: st.failed[vi]}
		if !at.Failed {
			res, err := venue.Margin(v, st.m)
			if err != nil {
				return out, err
			}
			at.Equity, at.Initial, at.Maintenance = res.Equity, res.Initial, res.Maintenance
			at.Health, at.Liquidatable = res.Health, res.Liquidatable()
		}
		if at.Liquidatable {
			out.Liquidatable = append(out.Liquidatable, v.ID)
		}
		out.Venues = append(out.Venues, at)
	}
	c, err := Compile(st.m, st.rp)
	if err != nil {
		return out, err
	}
	a := newAccount(survivors, c)
	var s kernelScratch
	u := c.unified(a.items, a.mask, &s).u
	out.Unified = UnifiedAt{Equity: u.Equity, Initial: u.Initial, Maintenance: u.Maintenance,
		Excess: u.Excess, Liquidatable: u.Liquidatable}
	if u.Liquidatable {
		out.Liquidatable = append(out.Liquidatable, UnifiedLabel)
	}
	return out, nil
}
