// Asset quotes and classes: what the market says about one asset.
package market

import (
	"time"

	"github.com/unimargin/unimargin/internal/money"
)

// Class is an asset's risk class; it picks the default scenario range.
type Class string

// The asset classes of the contract.
const (
	ClassStable   Class = "stable"
	ClassMajor    Class = "major"
	ClassLongTail Class = "long_tail"
)

var builtinClass = map[string]Class{
	"USDC": ClassStable, "USDT": ClassStable, "DAI": ClassStable, "FDUSD": ClassStable, "PYUSD": ClassStable,
	"BTC": ClassMajor, "ETH": ClassMajor, "WETH": ClassMajor, "WBTC": ClassMajor,
	"stETH": ClassMajor, "wstETH": ClassMajor, "SOL": ClassMajor,
}

// DefaultClass returns the built-in class of a symbol (long_tail when unknown).
func DefaultClass(symbol string) Class {
	if c, ok := builtinClass[symbol]; ok {
		return c
	}
	return ClassLongTail
}

// Backing is one backing asset of a wrapper and how much of it one unit holds.
type Backing struct {
	Asset   string
	PerUnit float64
	Exact   money.Decimal
}

// Asset is the market's view of one asset.
type Asset struct {
	money.Asset
	Price         float64       // USD per whole unit, > 0
	PriceExact    money.Decimal // the same price, exact as given
	Vol           float64       // flat annual vol; meaningful when HasVol
	HasVol        bool
	Class         Class
	OracleTime    time.Time // zero: no staleness check
	DepthUSD      float64   // market depth for the liquidity add-on; meaningful when HasDepth
	HasDepth      bool
	SpreadBps     float64
	BackedBy      []Backing // sorted by asset; empty for a root asset
	DecimalsGiven bool
	// SupplyAPR and BorrowAPR are the market's lending rates for the asset,
	// simple annual fractions (0.031 = 3.1% a year); meaningful when
	// HasSupplyAPR / HasBorrowAPR (carry.go).
	SupplyAPR    float64
	HasSupplyAPR bool
	BorrowAPR    float64
	HasBorrowAPR bool

	// exactFloat is PriceExact read as float64, kept by Load (exactKnown)
	// so that OraclePriceFloor need not render and re-read it per call.
	exactFloat float64
	exactKnown bool
}

// IsRoot reports whether the asset has no backing (it is its own risk factor).
func (a *Asset) IsRoot() bool { return len(a.BackedBy) == 0 }
