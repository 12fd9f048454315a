// The book's types: Portfolio → Venue → Collateral and Position.
package portfolio

import (
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/pricing"
)

// Kind is what a position is.
type Kind string

// Position kinds of the contract.
const (
	KindSpot   Kind = "spot"
	KindSupply Kind = "supply"
	KindBorrow Kind = "borrow"
	KindPerp   Kind = "perp"
	KindFuture Kind = "future"
	KindOption Kind = "option"
)

// IsDerivative reports whether the kind has an underlying and a signed quantity.
func (k Kind) IsDerivative() bool { return k == KindPerp || k == KindFuture || k == KindOption }

// Limits of the contract.
const (
	MaxQuantity         = 1e15 // abs(quantity) in units of the underlying
	MaxAmount           = 1e30 // whole units
	MaxVenues           = 1_000
	MaxPositionsInVenue = 10_000
	// MaxExpiryYears bounds an expiry after the market's as_of: beyond it,
	// rates and vols within the market's limits carry forwards and option
	// values past float64 (at a 1000% rate, 77 years is infinite).
	MaxExpiryYears = 30
)

// Portfolio is one account's whole book.
type Portfolio struct {
	Account string
	Venues  []Venue
}

// Venue is one isolated margin domain and what the account holds there.
type Venue struct {
	Path       string // JSON path, e.g. venues[2], for error messages
	ID         string
	Model      string
	Chain      string
	Params     *input.Node // nil, a string (parameter-set name) or an object of overrides
	EMode      int         // Aave e-mode category; 0 = none
	HasEMode   bool
	Settlement string // "" = default (see DESIGN.md)
	Collateral []Collateral
	Positions  []Position
	Reported   *Reported // the venue's own figures; nil when none are given
}

// Collateral is an asset posted at a venue.
type Collateral struct {
	Asset   string
	Amount  money.Decimal // whole units, ≥ 0
	AmountF float64
	Bridge  string // the bridge it came over; "" for native
}

// Position is one signed exposure.
type Position struct {
	Kind Kind

	// spot, supply, borrow
	Asset   string
	Amount  money.Decimal // whole units, ≥ 0
	AmountF float64

	// perp, future, option
	Underlying string
	Quantity   money.Decimal // units of the underlying; negative = short
	QuantityF  float64
	EntryPrice money.Decimal // USD per unit; meaningful when HasEntry
	EntryF     float64
	HasEntry   bool

	// perp: funding accrued and not yet settled, in USD (positive = received)
	Funding  money.Decimal
	FundingF float64

	// future, option
	Expiry time.Time

	// option
	Right   pricing.Right
	Strike  money.Decimal
	StrikeF float64
}

// HoldingAsset returns the asset a lending or spot position holds, or the
// underlying of a derivative.
func (p *Position) HoldingAsset() string {
	if p.Kind.IsDerivative() {
		return p.Underlying
	}
	return p.Asset
}
