// What the liquidation engine reads of an Aave account: per reserve the
// balances in base units, the oracle price, and the liquidation bonus and
// protocol fee that LiquidationLogic would apply (internal/liquidation runs
// the liquidation call itself).
package aave

import (
	"encoding/json"
	"sync"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// ReserveState is one reserve of a user's account as LiquidationLogic sees it.
type ReserveState struct {
	Symbol     string
	Decimals   uint8
	PriceE8    uint256.Int // oracle price, 8 decimals (floored, as Margin)
	Collateral uint256.Int // base units enabled as collateral (0 when the reserve cannot be collateral)
	Debt       uint256.Int // base units of variable debt
	// LiquidationBonus is the bonus in bps including 10000 (10500 = 5%): the
	// e-mode category's when the user is in e-mode and the reserve is in the
	// category's collateral set (account.collateralParams).
	LiquidationBonus uint16
	// LiquidationProtocolFee is the share of the bonus sent to the treasury,
	// bps (the parameter file's liquidationProtocolFee; 0 when it has none).
	LiquidationProtocolFee uint16
}

// LiquidationState is a venue's Aave account for a liquidation call.
type LiquidationState struct {
	Arithmetic Arithmetic
	Data       AccountData
	Reserves   []ReserveState // in order of first appearance in the venue
}

// ReserveParams returns the venue's account at the market's prices, with the
// liquidation parameters of each reserve. Errors are those of Margin.
func ReserveParams(v *portfolio.Venue, m *market.Snapshot) (*LiquidationState, error) {
	res, err := resolveSet(v, m.AsOf)
	if err != nil {
		return nil, err
	}
	b := builder{venue: v, market: m, set: res.set}
	acct, err := b.build()
	if err != nil {
		return nil, err
	}
	data, err := arithmetics[res.set.Arithmetic].compute(acct)
	if err != nil {
		return nil, input.Errorf(v.Path, "%s", err.Error())
	}
	fees := protocolFees()
	out := &LiquidationState{Arithmetic: res.set.Arithmetic, Data: data}
	for _, l := range acct.lines {
		r := l.reserve
		_, _, bonus := acct.collateralParams(r)
		s := ReserveState{Symbol: r.Symbol, Decimals: r.Decimals, PriceE8: l.priceE8, Debt: l.debt,
			LiquidationBonus: bonus, LiquidationProtocolFee: fees[r.Symbol]}
		if r.LiquidationThreshold != 0 {
			s.Collateral = l.collateral
		}
		out.Reserves = append(out.Reserves, s)
	}
	return out, nil
}

// protocolFees reads liquidationProtocolFee per symbol from the embedded
// governance report (the built-in set's only file); overrides cannot change it.
var protocolFees = sync.OnceValue(func() map[string]uint16 {
	data, err := paramFiles.ReadFile("params/aave_v3_ethereum_20231031_after.json")
	if err != nil {
		panic("aave: embedded parameter file: " + err.Error())
	}
	var rep struct {
		Reserves map[string]struct {
			Symbol                 string `json:"symbol"`
			LiquidationProtocolFee uint16 `json:"liquidationProtocolFee"`
		} `json:"reserves"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		panic("aave: embedded parameter file: " + err.Error())
	}
	out := make(map[string]uint16, len(rep.Reserves))
	for _, r := range rep.Reserves {
		out[r.Symbol] = r.LiquidationProtocolFee
	}
	return out
})
