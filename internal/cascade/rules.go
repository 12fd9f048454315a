// The isolated venues' liquidation rules, read from the venue registry
// (venue.LiquidationOf: each model's own rule with its built-in parameters
// on the cascade's embedded market), never restated here. A built-in model
// whose rule cannot be resolved is a programming error: the registry's own
// tests check every model's rule, so this panics at first use rather than
// simulating with a made-up number.
package cascade

import (
	"fmt"
	"sync"

	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// builtinRule is model's liquidation rule with its default parameters.
func builtinRule(model string) venue.Liquidation {
	m, err := embeddedMarket()
	if err != nil {
		panic(fmt.Sprintf("cascade: embedded market: %v", err))
	}
	r, err := venue.LiquidationOf(&portfolio.Venue{ID: model, Model: model}, m)
	if err != nil {
		panic(fmt.Sprintf("cascade: the registry's %s rule: %v", model, err))
	}
	return r
}

// ruleKey names a leg rule by its venue kind and the leg's own penalty and
// protocol fee (a built-in rule's penalty depends on the collateral held).
type ruleKey struct {
	kind         LegKind
	penalty, fee float64
}

var (
	rulesMu sync.Mutex
	rules   = map[ruleKey]*venue.Liquidation{}
)

// kindRule is the built-in rule of the model legs of kind are written as
// (book.go's legModels), with the leg's penalty and protocol fee; one
// shared value per key.
func kindRule(kind LegKind, penalty, fee float64) *venue.Liquidation {
	k := ruleKey{kind, penalty, fee}
	rulesMu.Lock()
	defer rulesMu.Unlock()
	if r, ok := rules[k]; ok {
		return r
	}
	r := builtinRule(legModels[kind])
	r.Penalty, r.ProtocolFee = penalty, fee
	if err := r.Check(); err != nil {
		panic(fmt.Sprintf("cascade: a %s leg's rule: %v", kind, err))
	}
	rules[k] = &r
	return &r
}

// liquidationRule is the rule leg l liquidates by: a population file's
// venue's own (its params included), else its kind's built-in rule with
// the leg's penalty and fee.
func (l *Leg) liquidationRule() *venue.Liquidation {
	if l.rule != nil {
		return l.rule
	}
	return kindRule(l.Kind, l.Bonus, l.ProtocolFee)
}
