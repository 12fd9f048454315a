// Fast forms: each mechanism's liquidation on a compact float64 leg, for a
// simulator that runs it hundreds of thousands of times a path (the cascade,
// internal/cascade). They sit beside the exact executors of the same
// mechanism (aave.go, compound.go, perp.go, derive.go), read the same rule
// (venue.Liquidation: every close factor, threshold, fraction, fee and
// backstop is the rule's) and share every decision the two forms can share
// (backstopTakes, partialApplies, feeCapped, reduceChoice; the auction's
// venue.Auction.Start).
// What differs is the state: the exact executors edit a portfolio.Venue in
// the contracts' integer arithmetic and re-margin it with the venue's own
// model; a fast form reads and moves a FastLeg in float64. TestFastMatchesExact
// holds the two together on random books, mechanism by mechanism.
package liquidation

import (
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/venue"
)

// FastLeg is one venue's book in the compact float64 form a simulator keeps:
// assets by index, prices in USD per unit, values in USD. A fast form decides
// by the venue's rule what a liquidation takes and applies it through the
// leg's effects; the leg owns only its bookkeeping (where sold units go,
// who bears bad debt), never a liquidation decision.
type FastLeg interface {
	// Assets is the number of asset indices.
	Assets() int
	// Price is the venue's price of asset a (its oracle: an exchange-rate
	// adapter prices a wrapper by its rate).
	Price(a int) float64
	// Units is what the leg holds of asset a: collateral or a long (> 0),
	// a debt or a short (< 0); a derivative leg's delta.
	Units(a int) float64
	// Cash is the settlement stablecoin held (> 0) or owed (< 0).
	Cash() float64
	// Threshold is collateral a's liquidation threshold (lending legs:
	// health = Σ collateral·Threshold / debt).
	Threshold(a int) float64
	// Bonus is the liquidation bonus the venue's rule gives collateral a
	// (venue.Liquidation.PenaltyByAsset of the symbol the leg holds; the
	// rule's Penalty when the rule has none per asset).
	Bonus(a int) float64
	// Holds says whether a position in a is open.
	Holds(a int) bool
	// Notional is the USD notional of the position in a (at the market).
	Notional(a int) float64
	// Equity and Maintenance are the leg's at the venue's prices.
	Equity() float64
	Maintenance() float64
	// Share is the share of position a's original size still open.
	Share(a int) float64
	// MaintenanceAfter is the leg's maintenance at the venue's prices were
	// share f of position a closed (the leg does not change): what the
	// reduction's choice (reduceChoice) weighs.
	MaintenanceAfter(a int, f float64) float64
	// OrderAllowed says whether the venue may send this leg another
	// liquidation order now (the simulator's clock against the rule's
	// cooldown); it counts the order when it allows it.
	OrderAllowed() bool

	// Seize gives units of collateral a to the liquidator, feeUnits of them
	// to the protocol's treasury (not sold); it returns the USD notional.
	Seize(a int, units, feeUnits float64) float64
	// Repay lowers debt asset debt (−1: the cash debt) by usd, bought by the
	// liquidator with what it seized of asset seized.
	Repay(debt, seized int, usd float64)
	// Credit moves usd into (> 0) or out of (< 0) the leg's cash.
	Credit(usd float64)
	// Close closes share f of the position in a at the market (its value
	// settled in cash, equity unchanged); it returns the USD notional.
	Close(a int, f float64) float64
	// CloseAll closes share f of every position.
	CloseAll(f float64) float64
	// Settle ends the leg: what is open closes at the market, a debt nobody
	// repaid is owed in cash, negative equity left is bad debt. It returns
	// the USD notional closed.
	Settle() float64
}

// Fast runs rule's mechanism once on leg l, which the caller found below
// maintenance, and returns the USD notional liquidated and whether the
// venue acted (false: a cooldown defers the order). A mechanism without a
// fast form is an error naming it.
func Fast(l FastLeg, rule *venue.Liquidation) (float64, bool, error) {
	switch rule.Mechanism {
	case venue.MechNone:
		return 0, false, nil
	case venue.MechCall:
		return fastCall(l, rule), true, nil
	case venue.MechAbsorb:
		return fastAbsorb(l, rule), true, nil
	case venue.MechClose:
		n, acted := fastClose(l, rule)
		return n, acted, nil
	case venue.MechReduce:
		return fastReduce(l, rule), true, nil
	case venue.MechAuction:
		return fastAuction(l, rule), true, nil
	}
	return 0, false, fmt.Errorf("model %s: liquidation mechanism %q has no fast form", rule.Model, rule.Mechanism)
}

// OrdersWithin is how many liquidation orders rule lets a venue send one
// position within seconds: one per cooldown, at least one; unbounded
// (math.MaxInt) without a cooldown.
func OrdersWithin(rule *venue.Liquidation, seconds float64) int {
	if rule.CooldownSeconds <= 0 {
		return math.MaxInt
	}
	return max(1, int(seconds/rule.CooldownSeconds))
}

// backstopTakes says whether the backstop takes the whole account:
// equity below its share of maintenance.
func backstopTakes(rule *venue.Liquidation, equity, maintenance float64) bool {
	return rule.Backstop != nil && equity < rule.Backstop.BelowMaintenance*maintenance
}

// partialApplies says whether an order on a position of notional USD
// closes only the rule's partial fraction.
func partialApplies(rule *venue.Liquidation, notional float64) bool {
	return notional > rule.PartialAboveUSD
}

// feeCapped is a liquidation fee of at most fee, never taking equity
// below zero (the fill is no worse than bankruptcy).
func feeCapped(fee, equity float64) float64 { return math.Min(fee, math.Max(equity, 0)) }

// anyCollateral says whether the leg still holds collateral.
func anyCollateral(l FastLeg) bool {
	for a := range l.Assets() {
		if l.Units(a) > 0 {
			return true
		}
	}
	return false
}

// anyOpen says whether the leg still holds a position.
func anyOpen(l FastLeg) bool {
	for a := range l.Assets() {
		if l.Holds(a) {
			return true
		}
	}
	return false
}
