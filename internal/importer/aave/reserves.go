// aave-reserves: a reserve-configuration report → a market document.
package aave

import (
	"time"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

type reserves struct{}

func init() {
	importer.Register(reserves{})
	importer.Register(userReserves{})
	importer.Register(uiPoolData{})
}

func (reserves) Source() string          { return "aave-reserves" }
func (reserves) Produces() importer.Kind { return importer.KindMarket }
func (reserves) Describe() string {
	return "Aave v3 reserve-configuration report (bgd-labs/aave-proposals-v3 reports/*.json) → market prices and decimals"
}

// reserveFields are the fields of a report's reserve entry (the union over
// bgd-labs reports; only symbol, decimals, oracleLatestAnswer and
// oracleDecimals are used, the others are checked for type).
var reserveStrings = []string{"aToken", "aTokenImpl", "aTokenName", "aTokenSymbol", "interestRateStrategy", "oracle",
	"oracleDescription", "oracleName", "stableDebtToken", "stableDebtTokenImpl", "stableDebtTokenName",
	"stableDebtTokenSymbol", "underlying", "variableDebtToken", "variableDebtTokenImpl", "variableDebtTokenName",
	"variableDebtTokenSymbol"}

var reserveBools = []string{"borrowingEnabled", "isActive", "isBorrowableInIsolation", "isFlashloanable", "isFrozen",
	"isPaused", "isSiloed", "stableBorrowRateEnabled", "usageAsCollateralEnabled"}

var reserveNumbers = []string{"borrowCap", "debtCeiling", "eModeCategory", "liquidationBonus",
	"liquidationProtocolFee", "liquidationThreshold", "ltv", "reserveFactor", "supplyCap"}

// Import converts the report. The report holds no time, so opts.AsOf is
// required.
func (reserves) Import(data []byte, opts importer.Options) (any, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"chainId", "eModes", "poolConfig", "strategies"} {
		obj.Optional(f) // pool-level data the market does not hold
	}
	rn, err := obj.Required("reserves")
	if err != nil {
		return nil, err
	}
	ro, err := rn.Object()
	if err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	if opts.AsOf == "" {
		return nil, input.Errorf("", "a reserve report carries no time: give the market's as_of")
	}
	asOf, err := input.ParseTime("as_of", opts.AsOf)
	if err != nil {
		return nil, err
	}
	doc := &importer.MarketDoc{AsOf: asOf.Format(time.RFC3339Nano), Assets: map[string]importer.AssetDoc{}}
	bySymbol := map[string]string{}
	for _, e := range ro.Entries() {
		sym, asset, err := readReserve(e.Node)
		if err != nil {
			return nil, err
		}
		if prev, dup := bySymbol[sym]; dup {
			return nil, input.Invalid(input.Join(e.Node.Path, "symbol"), sym, "is also the symbol of %s", prev)
		}
		bySymbol[sym] = e.Node.Path
		doc.Assets[sym] = asset
	}
	if len(doc.Assets) == 0 {
		return nil, input.Errorf(rn.Path, "has no reserves")
	}
	return doc, nil
}

func readReserve(n input.Node) (string, importer.AssetDoc, error) {
	obj, err := n.Object()
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	sn, err := obj.Required("symbol")
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	sym, err := sn.String()
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	if sym == "" {
		return "", importer.AssetDoc{}, input.Invalid(sn.Path, sym, "must not be empty")
	}
	dn, err := obj.Required("decimals")
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	dec, err := smallInt(dn, 0, 36)
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	oracleDecimals := int64(8)
	if on, ok := obj.Optional("oracleDecimals"); ok {
		if oracleDecimals, err = smallInt(on, 0, 36); err != nil {
			return "", importer.AssetDoc{}, err
		}
	}
	an, err := obj.Required("oracleLatestAnswer")
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	answer, err := unsignedInt(an)
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	if answer.Sign() == 0 {
		return "", importer.AssetDoc{}, input.Invalid(an.Path, an.Text(), "must be > 0 (a price)")
	}
	price, err := scaled(an, answer, uint8(oracleDecimals))
	if err != nil {
		return "", importer.AssetDoc{}, err
	}
	for _, f := range reserveStrings {
		if fn, ok := obj.Optional(f); ok {
			if _, err := fn.String(); err != nil {
				return "", importer.AssetDoc{}, err
			}
		}
	}
	for _, f := range reserveBools {
		if fn, ok := obj.Optional(f); ok {
			if _, err := fn.Bool(); err != nil {
				return "", importer.AssetDoc{}, err
			}
		}
	}
	for _, f := range reserveNumbers {
		if fn, ok := obj.Optional(f); ok {
			if _, err := unsignedInt(fn); err != nil {
				return "", importer.AssetDoc{}, err
			}
		}
	}
	d := int(dec)
	return sym, importer.AssetDoc{Price: price, Decimals: &d}, obj.Finish()
}
