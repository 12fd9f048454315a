// Built-in parameter sets: Aave reserve and e-mode configurations embedded in
// the binary (params/README.md says where each comes from).
package aave

import (
	"embed"
	"encoding/json"
	"fmt"
	"math/bits"
	"sort"
	"strconv"

	"github.com/unimargin/unimargin/internal/venue"
)

// DefaultSet is the parameter set used when a venue names none.
const DefaultSet = "aave-v3-ethereum-2023-10-31"

//go:embed params/aave_v3_ethereum_20231031_after.json
var paramFiles embed.FS

// Reserve is one reserve's configuration, as the pool stores it.
type Reserve struct {
	Symbol               string
	Decimals             uint8
	LTV                  uint16 // bps; 0 = gives no borrowing power
	LiquidationThreshold uint16 // bps; 0 = cannot be collateral
	LiquidationBonus     uint16 // bps; 10500 = 5% bonus
	UsageAsCollateral    bool   // the report's usageAsCollateralEnabled (LT ≠ 0 on chain)
	BorrowingEnabled     bool
	Active               bool
	Frozen               bool
	// EModeCollateral and EModeBorrowable are the e-mode categories whose
	// collateralBitmap and borrowableBitmap hold the reserve (Aave v3.2 liquid
	// eModes: a reserve may be in several categories, as collateral, as a
	// borrowable asset or both). A v3.0–v3.1 reserve's single eModeCategory
	// k is bit k in both (Set.setLegacyEMode, the one conversion).
	EModeCollateral       categorySet
	EModeBorrowable       categorySet
	DebtCeiling           uint64 // USD with 2 decimals; > 0 marks an isolated asset
	BorrowableInIsolation bool
	Siloed                bool
	OracleE8              uint64 // the report's Chainlink answer, 8 decimals (tests and docs only)
}

// canBeCollateral reports whether the pool counts the reserve as collateral:
// GenericLogic skips reserves whose liquidation threshold is 0, and the
// governance report's usageAsCollateralEnabled flag says the same.
func (r *Reserve) canBeCollateral() bool {
	return r.UsageAsCollateral && r.LiquidationThreshold != 0
}

// categorySet is a set of e-mode category ids (1–255), one bit each: the
// transpose of the pool's per-category reserve bitmaps, so that the model
// tests a reserve's membership without a map.
type categorySet [4]uint64

func (c *categorySet) has(id uint8) bool { return c[id/64]&(1<<(id%64)) != 0 }

func (c *categorySet) put(id uint8, on bool) {
	if on {
		c[id/64] |= 1 << (id % 64)
	} else {
		c[id/64] &^= 1 << (id % 64)
	}
}

// lowest returns the smallest id in the set, or 0 when it is empty (id 0,
// "no e-mode", is never a member).
func (c *categorySet) lowest() uint8 {
	for i, w := range c {
		if w != 0 {
			return uint8(64*i + bits.TrailingZeros64(w))
		}
	}
	return 0
}

// without returns the ids of c that are not in o.
func (c *categorySet) without(o *categorySet) categorySet {
	var z categorySet
	for i := range c {
		z[i] = c[i] &^ o[i]
	}
	return z
}

// EMode is one efficiency-mode category.
type EMode struct {
	ID                   uint8
	Label                string
	LTV                  uint16 // bps
	LiquidationThreshold uint16 // bps
	LiquidationBonus     uint16 // bps
	PriceSource          string // zero address: reserves keep their own oracle prices
}

// Set is one complete parameter set: every reserve and e-mode category of a
// pool, and the arithmetic of the code it ran.
type Set struct {
	Name       string
	Source     string
	Arithmetic Arithmetic
	Reserves   map[string]*Reserve // by symbol
	EModes     map[uint8]*EMode
	// LiquidEModes is true when category membership was given per category
	// (collateral and borrowable lists, Aave v3.2+ bitmaps) rather than as
	// each reserve's single eModeCategory (v3.0–v3.1). The arithmetic is the
	// same; only the configurator's rules differ (validate.go).
	LiquidEModes bool
}

// setLegacyEMode is the one conversion of a v3.0–v3.1 reserve's single
// eModeCategory k into v3.2's bitmaps: the reserve is collateral and
// borrowable in category k and in no other (k = 0: in none). Under v3.0.2
// (aave-v3-core v1.19.0) the user's category applied to a collateral whose
// eModeCategory equalled it (GenericLogic.calculateUserAccountData,
// LiquidationLogic's bonus) and only such assets could be borrowed
// (ValidationLogic.validateBorrow, INCONSISTENT_EMODE_CATEGORY); v3.2 tests
// the collateral and borrowable bitmaps at the same points, so both bits
// reproduce v3.0.2 exactly.
func (r *Reserve) setLegacyEMode(k uint8) {
	r.EModeCollateral, r.EModeBorrowable = categorySet{}, categorySet{}
	if k != 0 {
		r.EModeCollateral.put(k, true)
		r.EModeBorrowable.put(k, true)
	}
}

// legacyEMode is the reserve's eModeCategory as v3.0–v3.1 would report it:
// the lowest category holding it as collateral, 0 for none. For a set
// without liquid eModes it is exactly the field read.
func (r *Reserve) legacyEMode() uint8 { return r.EModeCollateral.lowest() }

// members returns, in symbol order, the reserves of category id's
// collateral set (borrowable = false) or borrowable set.
func (s *Set) members(id uint8, borrowable bool) []string {
	var out []string
	for _, sym := range s.symbols() {
		r := s.Reserves[sym]
		if (borrowable && r.EModeBorrowable.has(id)) || (!borrowable && r.EModeCollateral.has(id)) {
			out = append(out, sym)
		}
	}
	return out
}

// sets holds the built-in parameter sets (venue.ParamSets, dated by the day
// they took effect); parsed once, never mutated.
var sets = venue.NewParamSets[Set](ModelName, DefaultSet)

func init() {
	s, err := parseSet(DefaultSet, "params/aave_v3_ethereum_20231031_after.json", ArithmeticV302,
		"bgd-labs/aave-proposals-v3 reports/AaveV3Ethereum_UpgradeAaveV3ETHPooolWETHParameters_20231031_after.json"+
			" @ ff6a99cdbf6e8f97f16dde051305b213e7890c0d (MIT), Aave v3 Ethereum 2023-10-31")
	if err != nil {
		panic("aave: embedded parameter set: " + err.Error())
	}
	sets.Add(s.Name, "2023-10-31", s)
}

// LookupSet returns a built-in parameter set. Callers must not mutate it.
func LookupSet(name string) (*Set, bool) { return sets.Lookup(name) }

// reportFile is the shape of a bgd-labs governance report (the fields used).
type reportFile struct {
	ChainID  int                      `json:"chainId"`
	EModes   map[string]reportEMode   `json:"eModes"`
	Reserves map[string]reportReserve `json:"reserves"`
}

type reportEMode struct {
	EModeCategory        uint8  `json:"eModeCategory"`
	Label                string `json:"label"`
	LTV                  uint16 `json:"ltv"`
	LiquidationThreshold uint16 `json:"liquidationThreshold"`
	LiquidationBonus     uint16 `json:"liquidationBonus"`
	PriceSource          string `json:"priceSource"`
}

type reportReserve struct {
	Symbol                   string `json:"symbol"`
	Decimals                 uint8  `json:"decimals"`
	LTV                      uint16 `json:"ltv"`
	LiquidationThreshold     uint16 `json:"liquidationThreshold"`
	LiquidationBonus         uint16 `json:"liquidationBonus"`
	UsageAsCollateralEnabled bool   `json:"usageAsCollateralEnabled"`
	BorrowingEnabled         bool   `json:"borrowingEnabled"`
	IsActive                 bool   `json:"isActive"`
	IsFrozen                 bool   `json:"isFrozen"`
	EModeCategory            uint8  `json:"eModeCategory"`
	DebtCeiling              uint64 `json:"debtCeiling"`
	IsBorrowableInIsolation  bool   `json:"isBorrowableInIsolation"`
	IsSiloed                 bool   `json:"isSiloed"`
	OracleDecimals           *int   `json:"oracleDecimals"` // absent for some reserves (rETH)
	OracleLatestAnswer       uint64 `json:"oracleLatestAnswer"`
}

const zeroAddress = "0x0000000000000000000000000000000000000000"

func parseSet(name, file string, arith Arithmetic, source string) (*Set, error) {
	data, err := paramFiles.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var rep reportFile
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	s := &Set{Name: name, Source: source, Arithmetic: arith,
		Reserves: map[string]*Reserve{}, EModes: map[uint8]*EMode{}}
	for key, e := range rep.EModes {
		if strconv.Itoa(int(e.EModeCategory)) != key || e.EModeCategory == 0 {
			return nil, fmt.Errorf("%s: eModes.%s: category id %d does not match its key", file, key, e.EModeCategory)
		}
		if e.PriceSource != zeroAddress {
			// A custom e-mode price source replaces the reserve prices of the
			// category's assets (GenericLogic); no built-in set has one yet.
			return nil, fmt.Errorf("%s: eModes.%s: a custom price source is not supported", file, key)
		}
		s.EModes[e.EModeCategory] = &EMode{ID: e.EModeCategory, Label: e.Label, LTV: e.LTV,
			LiquidationThreshold: e.LiquidationThreshold, LiquidationBonus: e.LiquidationBonus,
			PriceSource: e.PriceSource}
	}
	for addr, r := range rep.Reserves {
		if r.Symbol == "" || s.Reserves[r.Symbol] != nil {
			return nil, fmt.Errorf("%s: reserves.%s: empty or duplicate symbol %q", file, addr, r.Symbol)
		}
		if r.OracleDecimals != nil && *r.OracleDecimals != priceDecimals {
			return nil, fmt.Errorf("%s: reserves.%s: oracle has %d decimals, not 8", file, addr, *r.OracleDecimals)
		}
		s.Reserves[r.Symbol] = &Reserve{Symbol: r.Symbol, Decimals: r.Decimals, LTV: r.LTV,
			LiquidationThreshold: r.LiquidationThreshold, LiquidationBonus: r.LiquidationBonus,
			UsageAsCollateral: r.UsageAsCollateralEnabled, BorrowingEnabled: r.BorrowingEnabled,
			Active: r.IsActive, Frozen: r.IsFrozen,
			DebtCeiling: r.DebtCeiling, BorrowableInIsolation: r.IsBorrowableInIsolation,
			Siloed: r.IsSiloed, OracleE8: r.OracleLatestAnswer}
		s.Reserves[r.Symbol].setLegacyEMode(r.EModeCategory)
	}
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// clone returns a deep copy that overrides may change.
func (s *Set) clone() *Set {
	c := *s
	c.Reserves = make(map[string]*Reserve, len(s.Reserves))
	for k, r := range s.Reserves {
		cp := *r
		c.Reserves[k] = &cp
	}
	c.EModes = make(map[uint8]*EMode, len(s.EModes))
	for k, e := range s.EModes {
		cp := *e
		c.EModes[k] = &cp
	}
	return &c
}

// symbols returns the reserve symbols, sorted.
func (s *Set) symbols() []string {
	out := make([]string, 0, len(s.Reserves))
	for k := range s.Reserves {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// emodeIDs returns the e-mode category ids, sorted.
func (s *Set) emodeIDs() []uint8 {
	out := make([]uint8, 0, len(s.EModes))
	for k := range s.EModes {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
