// Listing the scenario set (`unimargin scenarios`).
package margin

import (
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/scenario"
)

// ScenarioInfo describes one scenario of the set.
type ScenarioInfo struct {
	Name string `json:"name"`
	// Kind is grid, joint, depeg, tail, tail_joint or historical.
	Kind string `json:"kind"`
	// Spot is the relative move of every asset the scenario moves (wrappers
	// included, by look-through).
	Spot map[string]float64 `json:"spot"`
	// Vol is the vol column of options on the moved assets: up, none or down.
	Vol string `json:"vol"`
	// Fraction is the share of the scenario's profit and loss counted.
	Fraction float64 `json:"fraction"`
	// InRequirement says whether the scenario enters the requirement
	// (historical episodes only when the risk params enable them).
	InRequirement bool `json:"in_requirement"`
	// Window and Source describe a historical episode: its UTC window and,
	// for documented (not measured) moves, where the figures come from.
	Window string `json:"window,omitempty"`
	Source string `json:"source,omitempty"`
}

// Scenarios lists the scenario set of the unified model for book (checked
// against m first), or over every market asset when book is nil, in set
// order. Errors are *input.Error values (portfolio.Check, set limits).
func Scenarios(book *portfolio.Portfolio, m *market.Snapshot, rp *RiskParams) ([]ScenarioInfo, error) {
	assets := m.Symbols()
	if book != nil {
		if err := portfolio.Check(book, m); err != nil {
			return nil, err
		}
		assets = bookAssets(book)
	}
	set, err := scenario.Build(m, assets, rp.scenarioParams(m))
	if err != nil {
		return nil, err
	}
	spots := set.Spots()
	episodes := scenario.Episodes()
	out := make([]ScenarioInfo, len(set.Scenarios))
	for s := range set.Scenarios {
		sc := &set.Scenarios[s]
		out[s] = ScenarioInfo{
			Name: set.Name(s), Kind: sc.Kind.String(), Spot: spots[s], Vol: sc.Vol.String(),
			Fraction: sc.Fraction, InRequirement: sc.InRequirement,
		}
		if sc.Kind == scenario.KindHistorical && sc.Episode >= 0 {
			out[s].Window, out[s].Source = episodes[sc.Episode].Window, episodes[sc.Episode].Source
		}
	}
	return out, nil
}
