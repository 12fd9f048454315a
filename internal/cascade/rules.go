// The isolated venues' liquidation numbers, read from the venue registry
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

// rules are the numbers the isolated mechanics below apply in float64.
type rules struct {
	aaveCloseFactor, aaveFullCloseBelowHealth                float64
	hyperliquidPartialAboveUSD, hyperliquidPartialFraction   float64
	hyperliquidCooldownSeconds, hyperliquidBackstopBelowMain float64
	dydxFee                                                  float64
	reductionClip                                            float64
}

var venueRuleNumbers = sync.OnceValue(func() rules {
	aave, hl, dydx, std := builtinRule("aave-v3"), builtinRule("hyperliquid"), builtinRule("dydx-v4"), builtinRule("deribit-standard")
	if hl.Backstop == nil {
		panic("cascade: the registry's hyperliquid rule has no backstop")
	}
	return rules{
		aaveCloseFactor: aave.CloseFactor, aaveFullCloseBelowHealth: aave.FullCloseBelowHealth,
		hyperliquidPartialAboveUSD: hl.PartialAboveUSD, hyperliquidPartialFraction: hl.PartialFraction,
		hyperliquidCooldownSeconds: hl.CooldownSeconds, hyperliquidBackstopBelowMain: hl.Backstop.BelowMaintenance,
		dydxFee:       dydx.Penalty,
		reductionClip: std.Clip,
	}
})
