// The liquidation half of a registry entry: every model says, for one venue
// resolved with its own parameters (built-in set and the book's overrides),
// how that venue liquidates: the mechanism and its numbers (close factor,
// penalty, partial-liquidation step, clip, auction or backstop, who bears a
// shortfall). internal/liquidation executes the mechanism with these numbers
// and internal/cascade reads them; neither keeps a constant or a per-model
// table of its own. A model with no rule cannot be registered (Model
// requires Liquidation); a rule that names no known mechanism is an error
// naming the model, never a default.
package venue

import (
	"fmt"
	"math"

	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Mechanism is how a venue liquidates.
type Mechanism string

// The mechanisms internal/liquidation executes.
const (
	// MechNone: the venue never liquidates (custody, fully funded vaults).
	MechNone Mechanism = "none"
	// MechCall: a third party repays debt up to the close factor and seizes
	// collateral worth the repayment × (1 + penalty) (Aave's
	// liquidationCall; the contract arithmetic is the model's).
	MechCall Mechanism = "liquidation-call"
	// MechAbsorb: the protocol takes all collateral, crediting it at
	// (1 − penalty) against the debt (Compound's absorb).
	MechAbsorb Mechanism = "absorb"
	// MechClose: positions close at the mark, in Order, each order closing
	// PartialFraction of a position above PartialAboveUSD of notional (all of
	// it otherwise), paying Penalty of the notional as a fee (never below zero
	// equity); StopWhenHealthy ends as soon as the venue is no longer
	// liquidatable; Backstop takes everything below its threshold.
	MechClose Mechanism = "close"
	// MechReduce: clips of Clip of a position's original size, each time the
	// one that lowers maintenance most, until equity ≥ maintenance (at most
	// MaxSteps clips).
	MechReduce Mechanism = "reduce"
	// MechAuction: a Dutch auction of a fraction of the whole portfolio
	// (Auction's figures).
	MechAuction Mechanism = "auction"
)

// Order is the order in which MechClose closes positions.
type Order string

// Close orders.
const (
	OrderLargestNotional Order = "largest-notional-first"
	OrderBook            Order = "book"
)

// Shortfall names who bears a venue's bad debt.
type Shortfall string

// Who bears bad debt.
const (
	ShortfallNone           Shortfall = ""                  // never liquidates
	ShortfallADL            Shortfall = "auto-deleveraging" // opposing traders
	ShortfallInsuranceFund  Shortfall = "insurance-fund"
	ShortfallLPPool         Shortfall = "lp-pool"
	ShortfallReserves       Shortfall = "reserves"
	ShortfallSecurityModule Shortfall = "security-module"
	ShortfallBooks          Shortfall = "books" // stays as bad debt on the venue's books (Aave v3.0.2)
)

// Backstop is a takeover of the whole venue below a share of maintenance.
type Backstop struct {
	// BelowMaintenance: equity < BelowMaintenance × maintenance hands every
	// position and the margin to the backstop (Hyperliquid: 2/3).
	BelowMaintenance float64 `json:"below_maintenance"`
	By               string  `json:"by"`
}

// Auction is a Dutch auction's figures at its start (Derive).
type Auction struct {
	StartDiscount    float64 `json:"start_discount"`    // the bid's discount to MTM when the auction opens
	BufferMargin     float64 `json:"buffer_margin"`     // BM = MM + BufferMargin·(MM − MTM)
	FeeRate          float64 `json:"fee_rate"`          // security-module fee: share of |MTM| × f(d=1)
	FractionDecimals int     `json:"fraction_decimals"` // the fraction is rounded up to this many decimals
}

// Liquidation is one venue's liquidation rule, resolved with its parameters.
type Liquidation struct {
	Model     string    `json:"model"`
	Mechanism Mechanism `json:"mechanism"`
	// CloseFactor is the share of the debt (MechCall) or of a position
	// (MechClose without a partial step: 1) one liquidation may close.
	CloseFactor float64 `json:"close_factor"`
	// FullCloseBelowHealth: at health ≤ it the close factor is 1 (Aave: 0.95).
	FullCloseBelowHealth float64 `json:"full_close_below_health,omitempty"`
	// Penalty is the liquidation penalty as a share of what is liquidated:
	// the bonus of the collateral a liquidator seizes (MechCall: the held
	// collateral with the highest bonus; MechAbsorb: see PenaltyByAsset), the
	// fee rate of MechClose.
	Penalty float64 `json:"penalty"`
	// PenaltyByAsset is a lending venue's penalty per held collateral asset.
	PenaltyByAsset map[string]float64 `json:"penalty_by_asset,omitempty"`
	// ProtocolFee is the share of the penalty kept by the protocol (Aave's
	// liquidationProtocolFee of the Penalty's reserve).
	ProtocolFee float64 `json:"protocol_fee,omitempty"`
	// PartialAboveUSD and PartialFraction: a position with notional above
	// PartialAboveUSD closes PartialFraction per order, then waits
	// CooldownSeconds (MechClose; PartialFraction 1 = whole).
	PartialAboveUSD float64 `json:"partial_above_usd,omitempty"`
	PartialFraction float64 `json:"partial_fraction"`
	CooldownSeconds float64 `json:"cooldown_seconds,omitempty"`
	// StopWhenHealthy: MechClose stops once the venue is not liquidatable.
	StopWhenHealthy bool  `json:"stop_when_healthy,omitempty"`
	Order           Order `json:"order,omitempty"`
	// Clip and MaxSteps: MechReduce's clip (share of the original size) and
	// its step bound.
	Clip      float64   `json:"clip,omitempty"`
	MaxSteps  int       `json:"max_steps,omitempty"`
	Backstop  *Backstop `json:"backstop,omitempty"`
	Auction   *Auction  `json:"auction,omitempty"`
	Shortfall Shortfall `json:"shortfall"`
	// Notes say in words what the mechanism does (the preview's notes).
	Note string `json:"note"`
	// Source says where the rule and its numbers come from.
	Source string `json:"source"`
}

// LiquidationOf resolves v's liquidation rule through the registry: v's
// model (an unknown model is an input error naming it) with v's params, so
// an override reaches liquidation exactly as it reaches margin.
func LiquidationOf(v *portfolio.Venue, m *market.Snapshot) (Liquidation, error) {
	model, err := ForVenue(v)
	if err != nil {
		return Liquidation{}, err
	}
	r, err := model.Liquidation(v, m)
	if err != nil {
		return Liquidation{}, err
	}
	r.Model = model.Name()
	if err := r.Check(); err != nil {
		return Liquidation{}, fmt.Errorf("venue %s: %w", v.ID, err)
	}
	return r, nil
}

// Check refuses a rule no executor can run: an unknown mechanism (named
// with its model) or figures outside their ranges. A failure is a model bug.
func (r *Liquidation) Check() error {
	bad := func(field string, x float64) error {
		return fmt.Errorf("model %s: liquidation %s %g is out of range", r.Model, field, x)
	}
	for _, f := range []struct {
		name   string
		x      float64
		lo, hi float64
	}{
		{"close_factor", r.CloseFactor, 0, 1}, {"penalty", r.Penalty, 0, 1}, {"protocol_fee", r.ProtocolFee, 0, 1},
		{"partial_fraction", r.PartialFraction, 0, 1}, {"clip", r.Clip, 0, 1},
		{"partial_above_usd", r.PartialAboveUSD, 0, math.MaxFloat64},
	} {
		if !(f.x >= f.lo && f.x <= f.hi) {
			return bad(f.name, f.x)
		}
	}
	switch r.Mechanism {
	case MechNone, MechCall, MechAbsorb:
	case MechClose:
		if r.PartialFraction <= 0 {
			return bad("partial_fraction", r.PartialFraction)
		}
		if r.Order != OrderLargestNotional && r.Order != OrderBook {
			return fmt.Errorf("model %s: liquidation order %q is not known", r.Model, r.Order)
		}
		if r.Backstop != nil && !(r.Backstop.BelowMaintenance >= 0 && r.Backstop.BelowMaintenance <= 1) {
			return bad("backstop.below_maintenance", r.Backstop.BelowMaintenance)
		}
	case MechReduce:
		if r.Clip <= 0 || r.MaxSteps <= 0 {
			return fmt.Errorf("model %s: reduction needs a clip in (0, 1] and max_steps > 0 (clip %g, max_steps %d)",
				r.Model, r.Clip, r.MaxSteps)
		}
	case MechAuction:
		if a := r.Auction; a == nil || !(a.StartDiscount > 0 && a.StartDiscount <= 1) || !(a.BufferMargin >= 0) ||
			!(a.FeeRate >= 0 && a.FeeRate <= 1) || a.FractionDecimals < 0 || a.FractionDecimals > 18 {
			return fmt.Errorf("model %s: an auction needs its figures (discount in (0, 1], buffer ≥ 0, fee in [0, 1], "+
				"0-18 fraction decimals): %+v", r.Model, r.Auction)
		}
	default:
		return fmt.Errorf("model %s: liquidation mechanism %q is not known (known: %s, %s, %s, %s, %s, %s)",
			r.Model, r.Mechanism, MechNone, MechCall, MechAbsorb, MechClose, MechReduce, MechAuction)
	}
	return nil
}

// NeverLiquidated is the rule of a model whose holdings are fully funded.
func NeverLiquidated(source string) Liquidation {
	return Liquidation{Mechanism: MechNone, Note: "never liquidated (fully funded holdings)", Source: source}
}

// Reduction is the incremental-reduction rule (Deribit, SPAN clearing):
// clips of clip of a position's original size.
func Reduction(clip float64, maxSteps int, source string) Liquidation {
	return Liquidation{Mechanism: MechReduce, CloseFactor: clip, PartialFraction: clip, Clip: clip, MaxSteps: maxSteps,
		Shortfall: ShortfallInsuranceFund, Source: source,
		Note: fmt.Sprintf("incremental reduction: %g%% clips of the position that lowers maintenance "+
			"most, until equity ≥ maintenance (clips summed per position)", 100*clip)}
}

// Start is the solvent auction's figures at its start for MTM ≥ 0 and
// MM < 0 (MM = equity − maintenance): with BM = MM + BufferMargin·(MM − MTM),
// the fraction a bidder may take is f = min(1, BM / (BM − MTM·d)) at the
// start discount d, its price MTM·d·f, and the fee FeeRate·|MTM|·f(d=1).
func (a *Auction) Start(mtm, mm float64) (fraction, price, fee float64) {
	bm := mm + a.BufferMargin*(mm-mtm)
	fraction = math.Min(1, bm/(bm-mtm*a.StartDiscount))
	f1 := math.Min(1, bm/(bm-mtm))
	return fraction, mtm * a.StartDiscount * fraction, f1 * math.Abs(mtm) * a.FeeRate
}
