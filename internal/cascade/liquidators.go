// Finite liquidators: what could really be executed per hour, per
// liquidation mechanism, read from the embedded data file
// data/liquidators.json (each figure with its source there, none in code).
// A step may start liquidations of a mechanism only while its capacity
// (per hour × the path's hours per step × Scale) is left; the unified engine
// (hub, uct) draws on the sum of the venues' capacities (the same
// liquidators and market makers). A cap of 0 liquidates nothing.
package cascade

import (
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// Liquidators are the capacities a simulation caps liquidations by.
type Liquidators struct {
	// PerHour is each mechanism's capacity in USD of notional per hour
	// (LegKind order); Unified is hub's and uct's (Σ PerHour).
	PerHour [len(kindNamesArr)]float64
	Unified float64
	// Sources name where each figure comes from (LegKind order).
	Sources [len(kindNamesArr)]string
}

// kindNamesArr fixes the number of leg kinds for array sizes.
var kindNamesArr = [...]string{"aave", "compound", "hyperliquid", "dydx", "reduce", "close", "custody"}

// Scaled returns l with every capacity times k (k ≥ 0; +Inf: unlimited).
func (l *Liquidators) Scaled(k float64) *Liquidators {
	c := *l
	for i := range c.PerHour {
		c.PerHour[i] = scaleCap(c.PerHour[i], k)
	}
	c.Unified = scaleCap(c.Unified, k)
	return &c
}

func scaleCap(x, k float64) float64 {
	if x == 0 || k == 0 {
		return 0
	}
	return x * k
}

// DefaultLiquidators is data/liquidators.json, parsed once.
var DefaultLiquidators = sync.OnceValues(func() (*Liquidators, error) {
	data, err := dataFS.ReadFile("data/liquidators.json")
	if err != nil {
		return nil, err
	}
	return parseLiquidators(data)
})

// parseLiquidators reads {"kinds": {kind: {"usd_per_hour", "source"}}}:
// every kind listed once, each capacity finite and ≥ 0 with a source.
func parseLiquidators(data []byte) (*Liquidators, error) {
	var doc struct {
		Kinds map[string]struct {
			USDPerHour *float64 `json:"usd_per_hour"`
			Source     string   `json:"source"`
		} `json:"kinds"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("liquidators: %w", err)
	}
	l := &Liquidators{}
	for i, name := range kindNamesArr {
		k, ok := doc.Kinds[name]
		switch {
		case !ok:
			return nil, fmt.Errorf("liquidators: kinds.%s is missing", name)
		case k.USDPerHour == nil || !(*k.USDPerHour >= 0) || math.IsInf(*k.USDPerHour, 0):
			return nil, fmt.Errorf("liquidators: kinds.%s.usd_per_hour must be a finite number ≥ 0", name)
		case k.Source == "":
			return nil, fmt.Errorf("liquidators: kinds.%s.source is empty", name)
		}
		l.PerHour[i], l.Sources[i] = *k.USDPerHour, k.Source
		l.Unified += *k.USDPerHour
	}
	if len(doc.Kinds) != len(kindNamesArr) {
		return nil, fmt.Errorf("liquidators: %d kinds listed, want %d (%v)", len(doc.Kinds), len(kindNamesArr), kindNamesArr)
	}
	return l, nil
}

// capacity is how much domain d's liquidators may still start this step
// (+Inf without a cap).
func (s *sim) capacity(d *domain) float64 {
	if s.cfg.Liquidators == nil {
		return math.Inf(1)
	}
	if d.unified {
		return s.budgetUnified
	}
	return s.budget[d.kind]
}

// spend takes usd from domain d's capacity this step.
func (s *sim) spend(d *domain, usd float64) {
	if d.unified {
		s.budgetUnified -= usd
	} else {
		s.budget[d.kind] -= usd
	}
}

// refill resets every capacity for a new step.
func (s *sim) refill() {
	l := s.cfg.Liquidators
	if l == nil {
		return
	}
	h := s.path.HoursPerStep
	for i := range s.budget {
		s.budget[i] = l.PerHour[i] * h
	}
	s.budgetUnified = l.Unified * h
}
