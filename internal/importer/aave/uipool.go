// aave-ui-pool-data: UiPoolDataProviderV3's getReservesData and
// getUserReservesData → one aave-v3 venue, balances from scaled balances and
// the reserve indices exactly as the pool computes them.
package aave

import (
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

type uiPoolData struct{}

func (uiPoolData) Source() string          { return "aave-ui-pool-data" }
func (uiPoolData) Produces() importer.Kind { return importer.KindPortfolio }
func (uiPoolData) Describe() string {
	return "Aave v3 UiPoolDataProviderV3 getReservesData + getUserReservesData, as aave-utilities' " +
		"getReservesHumanized and getUserReservesHumanized return them, merged into one object " +
		"({reservesData, baseCurrencyData, userReserves, userEmodeCategoryId}; v3.2+: eModes from " +
		"getEModes) → one aave-v3 venue"
}

// Ray arithmetic of aave-v3-core (WadRayMath, MathUtils) at v1.19.0, the
// v3.0.2 release the aave-v3 model's arithmetic follows.
var (
	ray     = new(big.Int).Exp(big.NewInt(10), big.NewInt(27), nil)
	halfRay = new(big.Int).Rsh(ray, 1)
)

// secondsPerYear is MathUtils.SECONDS_PER_YEAR (365 days).
const secondsPerYear = 365 * 24 * 60 * 60

// rayMulHalfUp is WadRayMath.rayMul: (a·b + RAY/2) / RAY, half up. It is how
// AToken.balanceOf and VariableDebtToken.balanceOf turn a scaled balance into
// the current one (scaled.rayMul(normalized index)) in v3.0–v3.3. The
// arguments are unsigned 256-bit values from the document, so the product
// fits big.Int without the contract's overflow guard mattering.
func rayMulHalfUp(a, b *big.Int) *big.Int {
	z := new(big.Int).Mul(a, b)
	z.Add(z, halfRay)
	return z.Quo(z, ray)
}

// linearInterest is MathUtils.calculateLinearInterest: RAY + rate·dt / year
// (floor), the supply side's accrual since the reserve's last update.
func linearInterest(rate *big.Int, dt int64) *big.Int {
	z := new(big.Int).Mul(rate, big.NewInt(dt))
	z.Quo(z, big.NewInt(secondsPerYear))
	return z.Add(z, ray)
}

// compoundedInterest is MathUtils.calculateCompoundedInterest, the
// three-term binomial approximation of (1 + rate/year)^dt the debt side
// accrues with:
//
//	RAY + rate·dt/year + dt(dt−1)·b2/2 + dt(dt−1)(dt−2)·b3/6,
//	b2 = rayMul(rate, rate)/year², b3 = rayMul(b2, rate)/year,
//
// every division floor, as the contract's.
func compoundedInterest(rate *big.Int, dt int64) *big.Int {
	if dt == 0 {
		return new(big.Int).Set(ray)
	}
	year := big.NewInt(secondsPerYear)
	exp := big.NewInt(dt)
	expMinusOne := big.NewInt(dt - 1)
	expMinusTwo := big.NewInt(0)
	if dt > 2 {
		expMinusTwo.SetInt64(dt - 2)
	}
	b2 := rayMulHalfUp(rate, rate)
	b2.Quo(b2, new(big.Int).Mul(year, year))
	b3 := rayMulHalfUp(b2, rate)
	b3.Quo(b3, year)
	second := new(big.Int).Mul(exp, expMinusOne)
	second.Mul(second, b2).Quo(second, big.NewInt(2))
	third := new(big.Int).Mul(exp, expMinusOne)
	third.Mul(third, expMinusTwo).Mul(third, b3).Quo(third, big.NewInt(6))
	z := new(big.Int).Mul(rate, exp)
	z.Quo(z, year)
	return z.Add(z, ray).Add(z, second).Add(z, third)
}

// uiReserve is what the importer reads of one getReservesData entry.
type uiReserve struct {
	path                          string
	id                            int    // the reserve's id: originalId, else its index in reservesData
	emodePath                     string // where the entry gives v3.0–v3.1's eModeCategoryId; "" = not given
	symbol                        string
	decimals                      uint8
	liquidityIndex, variableIndex *big.Int
	liquidityRate, variableRate   *big.Int       // per year, ray; nil = not given
	lastUpdate                    int64          // unix seconds; −1 = not given
	config                        map[string]any // the reserve's own parameters, as aave-v3 overrides
	emode                         *uiEMode       // its e-mode category's values; nil = not given
}

// uiEMode is an e-mode category as a v3.0–v3.1 reserve entry repeats it
// (eModeCategoryId, eModeLtv, eModeLiquidationThreshold,
// eModeLiquidationBonus), as aave-v3 overrides.
type uiEMode struct {
	id     int64
	values map[string]any
}

// Import converts the merged document. Per user reserve: the supply is
// scaledATokenBalance.rayMul(normalized income), the debt
// scaledVariableDebt.rayMul(normalized debt) plus, for a pool that still has
// stable debt (before v3.2), principalStableDebt accrued at the user's
// stableBorrowRate. With opts.AsOf the indices are accrued from each
// reserve's lastUpdateTimestamp to as_of as ReserveLogic.getNormalizedIncome
// and getNormalizedDebt do (balanceOf at that time, to the base unit); without
// it the stored indices are used (the balances at each reserve's last
// update). Unused fields of the structs are ignored (UiPoolDataProviderV3
// adds and removes fields release by release); the envelope's are not.
func (uiPoolData) Import(data []byte, opts importer.Options) (any, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	asOf := int64(-1)
	if opts.AsOf != "" {
		t, err := input.ParseTime("as_of", opts.AsOf)
		if err != nil {
			return nil, err
		}
		asOf = t.Unix()
	}
	reserves, byID, err := readUIReserves(obj)
	if err != nil {
		return nil, err
	}
	cats, err := readUIEModes(obj, byID)
	if err != nil {
		return nil, err
	}
	obj.Optional("baseCurrencyData") // prices: the market document's business
	v := importer.VenueDoc{ID: orDefault(opts.VenueID, "aave"), Model: "aave-v3", Chain: orDefault(opts.Chain, "ethereum"),
		Collateral: []importer.CollateralDoc{}, Positions: []importer.PositionDoc{}}
	held, err := readUIUserReserves(obj, reserves, asOf, &v)
	if err != nil {
		return nil, err
	}
	en, err := obj.Required("userEmodeCategoryId")
	if err != nil {
		return nil, err
	}
	emode, err := smallInt(en, 0, 255)
	if err != nil {
		return nil, err
	}
	if emode != 0 {
		e := int(emode)
		v.EMode = &e
	}
	p := venueParams(held, reserves, emode)
	if cats != nil {
		if p, err = withEModes(p, cats, reserves, held, emode, en); err != nil {
			return nil, err
		}
	}
	if p != nil {
		v.Params = p
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	return &importer.PortfolioDoc{Account: orDefault(opts.Account, "imported"), Venues: []importer.VenueDoc{v}}, nil
}

// readUIReserves reads reservesData, keyed by lower-case underlyingAsset,
// and by reserve id: an entry's originalId (aave-utilities ≥ 1.30 adds it:
// the entry's index) or else its index, getReservesList order. That order
// is the reserve id (the bit of an e-mode bitmap) unless the pool dropped a
// reserve: Pool.getReservesList skips dropped slots, and so does
// aave-utilities' originalId.
func readUIReserves(obj *input.Object) (map[string]*uiReserve, map[int]*uiReserve, error) {
	rn, err := obj.Required("reservesData")
	if err != nil {
		return nil, nil, err
	}
	items, err := rn.Array()
	if err != nil {
		return nil, nil, err
	}
	out := make(map[string]*uiReserve, len(items))
	byID := make(map[int]*uiReserve, len(items))
	for i, it := range items {
		ro, err := it.Object()
		if err != nil {
			return nil, nil, err
		}
		addr, an, err := importer.Address(ro, "underlyingAsset")
		if err != nil {
			return nil, nil, err
		}
		if prev, dup := out[addr]; dup {
			return nil, nil, input.Invalid(an.Path, an.Text(), "is also the underlyingAsset of %s", prev.path)
		}
		r, err := readUIReserve(ro)
		if err != nil {
			return nil, nil, err
		}
		r.id = i
		if n, ok := ro.Optional("originalId"); ok {
			id, err := smallInt(n, 0, maxReserves-1)
			if err != nil {
				return nil, nil, err
			}
			r.id = int(id)
			if prev := byID[r.id]; prev != nil {
				return nil, nil, input.Invalid(n.Path, n.Text(), "is also the reserve id of %s", prev.path)
			}
		}
		out[addr], byID[r.id] = r, r
	}
	return out, byID, nil
}

// withEModes adds the user's getEModes category to the venue's overrides p
// (emodes.<id>: values and membership lists, Aave v3.2's form). A document
// with eModes is a v3.2+ one: a reserve entry that still carries v3.0–v3.1's
// eModeCategoryId contradicts it (UiPoolDataProviderV3 v3.2 no longer
// returns it) and is an input error.
func withEModes(p map[string]any, cats map[int64]*uiCategory, reserves map[string]*uiReserve,
	held []*uiReserve, userEMode int64, at input.Node) (map[string]any, error) {
	for _, addr := range slices.Sorted(maps.Keys(reserves)) {
		if r := reserves[addr]; r.emodePath != "" {
			return nil, input.Errorf(r.emodePath, "is v3.0–v3.1's per-reserve e-mode category; with eModes "+
				"(getEModes, v3.2+) categories come from the bitmaps: give one or the other")
		}
	}
	values, err := emodeParams(cats, userEMode, held, at)
	if err != nil || values == nil {
		return p, err
	}
	if p == nil {
		p = map[string]any{}
	}
	p["emodes"] = map[string]any{strconv.FormatInt(userEMode, 10): values}
	return p, nil
}

func readUIReserve(ro *input.Object) (*uiReserve, error) {
	r := &uiReserve{path: ro.Path, lastUpdate: -1}
	sn, err := ro.Required("symbol")
	if err != nil {
		return nil, err
	}
	if r.symbol, err = sn.String(); err != nil {
		return nil, err
	}
	if r.symbol == "" || len(r.symbol) > 32 || strings.ContainsAny(r.symbol, " \t\n/\"") {
		return nil, input.Invalid(sn.Path, r.symbol, "is not a valid asset symbol")
	}
	dn, err := ro.Required("decimals")
	if err != nil {
		return nil, err
	}
	dec, err := smallInt(dn, 0, 36)
	if err != nil {
		return nil, err
	}
	r.decimals = uint8(dec)
	for _, f := range []struct {
		name string
		dst  **big.Int
	}{{"liquidityIndex", &r.liquidityIndex}, {"variableBorrowIndex", &r.variableIndex}} {
		n, err := ro.Required(f.name)
		if err != nil {
			return nil, err
		}
		if *f.dst, err = unsignedInt(n); err != nil {
			return nil, err
		}
		if (*f.dst).Cmp(ray) < 0 { // indices start at RAY and only grow
			return nil, input.Invalid(n.Path, n.Text(), "must be ≥ 1e27 (an index starts at RAY)")
		}
	}
	for _, f := range []struct {
		name string
		dst  **big.Int
	}{{"liquidityRate", &r.liquidityRate}, {"variableBorrowRate", &r.variableRate}} {
		if n, ok := ro.Optional(f.name); ok {
			if *f.dst, err = unsignedInt(n); err != nil {
				return nil, err
			}
		}
	}
	if n, ok := ro.Optional("lastUpdateTimestamp"); ok {
		if r.lastUpdate, err = smallInt(n, 0, 1<<40-1); err != nil { // uint40 in ReserveData
			return nil, err
		}
	}
	if err := readUIConfig(ro, r); err != nil {
		return nil, err
	}
	return r, nil
}

// bpsSpec is a basis-point field of a getReservesData entry, the aave-v3
// override it becomes and its largest value.
type bpsSpec struct {
	name, param string
	max         int64
}

// Reserve configuration fields of a getReservesData entry and the aave-v3
// override each becomes, with its range (bps; the bonus is 16 bits in
// ReserveConfiguration).
var uiConfigFields = []bpsSpec{
	{"baseLTVasCollateral", "ltv", 10000},
	{"reserveLiquidationThreshold", "liquidation_threshold", 10000},
	{"reserveLiquidationBonus", "liquidation_bonus", 1<<16 - 1},
}

// uiEModeFields are the v3.0–v3.1 per-reserve copies of its category.
var uiEModeFields = []bpsSpec{
	{"eModeLtv", "ltv", 10000},
	{"eModeLiquidationThreshold", "liquidation_threshold", 10000},
	{"eModeLiquidationBonus", "liquidation_bonus", 1<<16 - 1},
}

// readUIConfig reads the reserve's own risk parameters, each optional:
// LTV, liquidation threshold and bonus, usageAsCollateralEnabled, and its
// e-mode category with the category's values when the entry repeats them.
func readUIConfig(ro *input.Object, r *uiReserve) error {
	r.config = map[string]any{}
	if err := readBps(ro, uiConfigFields, r.config); err != nil {
		return err
	}
	if n, ok := ro.Optional("usageAsCollateralEnabled"); ok {
		b, err := n.Bool()
		if err != nil {
			return err
		}
		r.config["usage_as_collateral_enabled"] = b
	}
	cn, ok := ro.Optional("eModeCategoryId")
	if !ok {
		return nil
	}
	r.emodePath = cn.Path
	id, err := smallInt(cn, 0, 255)
	if err != nil {
		return err
	}
	values := map[string]any{}
	if err := readBps(ro, uiEModeFields, values); err != nil {
		return err
	}
	switch {
	case id == 0:
		r.config["emode_category"] = 0
	case len(values) == len(uiEModeFields):
		r.config["emode_category"] = id
		r.emode = &uiEMode{id: id, values: values}
	}
	// A category id without its values stays the parameter set's: naming a
	// category the set may not have would make the venue unmarginable.
	return nil
}

// readBps reads the fields of specs that ro has into dst, by override name.
func readBps(ro *input.Object, specs []bpsSpec, dst map[string]any) error {
	for _, f := range specs {
		if n, ok := ro.Optional(f.name); ok {
			v, err := bpsField(n, f.max)
			if err != nil {
				return err
			}
			dst[f.param] = v
		}
	}
	return nil
}

// bpsField reads a basis-point integer (number or string) in [0, max].
func bpsField(n input.Node, max int64) (int64, error) {
	v, err := unsignedInt(n)
	if err != nil {
		return 0, err
	}
	if !v.IsInt64() || v.Int64() > max {
		return 0, input.Invalid(n.Path, n.Text(), "must be between 0 and %d (basis points)", max)
	}
	return v.Int64(), nil
}

// venueParams returns the aave-v3 overrides that make the venue margin with
// the document's own reserve parameters: each held reserve's configuration,
// and the e-mode categories they and the user's category use (when the
// document gives their values); nil when the document gives none. A
// category's values come from the first held reserve that repeats them, else
// from the first reserve by address: the same document gives the same params.
func venueParams(held []*uiReserve, reserves map[string]*uiReserve, userEMode int64) map[string]any {
	out := map[string]any{}
	emodes := map[string]any{}
	addEMode := func(e *uiEMode) {
		if key := strconv.FormatInt(e.id, 10); emodes[key] == nil {
			emodes[key] = e.values
		}
	}
	for _, r := range held {
		if _, dup := out[r.symbol]; !dup && len(r.config) > 0 {
			out[r.symbol] = r.config
		}
		if r.emode != nil {
			addEMode(r.emode)
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(reserves)) {
		if r := reserves[addr]; r.emode != nil && r.emode.id == userEMode {
			addEMode(r.emode)
		}
	}
	if len(emodes) > 0 {
		out["emodes"] = emodes
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// accrued returns the reserve's normalized income and debt at asOf (unix
// seconds; −1 = the stored indices), as ReserveLogic.getNormalizedIncome and
// getNormalizedDebt compute them.
func (r *uiReserve) accrued(asOf int64, at string) (income, debt *big.Int, err error) {
	if asOf < 0 || asOf == r.lastUpdate {
		return r.liquidityIndex, r.variableIndex, nil
	}
	switch {
	case r.lastUpdate < 0 || r.liquidityRate == nil || r.variableRate == nil:
		return nil, nil, input.Errorf(r.path, "lacks lastUpdateTimestamp, liquidityRate or variableBorrowRate, "+
			"needed to accrue the indices to as_of (import without --as-of to use the stored indices)")
	case asOf < r.lastUpdate:
		return nil, nil, input.Invalid(at, time.Unix(asOf, 0).UTC().Format(time.RFC3339),
			"is before the reserve's lastUpdateTimestamp %s", time.Unix(r.lastUpdate, 0).UTC().Format(time.RFC3339))
	}
	dt := asOf - r.lastUpdate
	return rayMulHalfUp(linearInterest(r.liquidityRate, dt), r.liquidityIndex),
		rayMulHalfUp(compoundedInterest(r.variableRate, dt), r.variableIndex), nil
}

// readUIUserReserves adds the user's balances to v and returns the
// reserves it holds (a balance in v), in document order.
func readUIUserReserves(obj *input.Object, reserves map[string]*uiReserve, asOf int64, v *importer.VenueDoc) ([]*uiReserve, error) {
	un, err := obj.Required("userReserves")
	if err != nil {
		return nil, err
	}
	rows, err := un.Array()
	if err != nil {
		return nil, err
	}
	var held []*uiReserve
	seen := map[string]string{}
	for _, row := range rows {
		ro, err := row.Object()
		if err != nil {
			return nil, err
		}
		addr, an, err := importer.Address(ro, "underlyingAsset")
		if err != nil {
			return nil, err
		}
		r, ok := reserves[addr]
		if !ok {
			return nil, input.Invalid(an.Path, an.Text(), "is not the underlyingAsset of any entry of reservesData")
		}
		if prev, dup := seen[addr]; dup {
			return nil, input.Invalid(an.Path, an.Text(), "is also the reserve of %s", prev)
		}
		seen[addr] = ro.Path
		lines := len(v.Collateral) + len(v.Positions)
		if err := readUIUserReserve(ro, r, asOf, v); err != nil {
			return nil, err
		}
		if len(v.Collateral)+len(v.Positions) > lines {
			held = append(held, r)
		}
	}
	return held, nil
}

func readUIUserReserve(ro *input.Object, r *uiReserve, asOf int64, v *importer.VenueDoc) error {
	row, err := readUserRow(ro, "scaledATokenBalance", "scaledVariableDebt", "principalStableDebt")
	if err != nil {
		return err
	}
	income, normDebt, err := r.accrued(asOf, "as_of")
	if err != nil {
		return err
	}
	supplied := rayMulHalfUp(row.supply, income)
	debt := rayMulHalfUp(row.debt, normDebt)
	if row.stable.Sign() > 0 {
		owed, err := stableDebt(ro, row.stable, asOf)
		if err != nil {
			return err
		}
		debt.Add(debt, owed)
	}
	return addBalances(v, r.symbol, r.decimals, supplied, debt, row.asCollateral, row.supplyNode, row.debtNode)
}

// stableDebt is StableDebtToken.balanceOf: principal.rayMul(compounded
// interest at the user's stableBorrowRate since stableBorrowLastUpdateTimestamp);
// without as_of, the principal.
func stableDebt(ro *input.Object, principal *big.Int, asOf int64) (*big.Int, error) {
	if asOf < 0 {
		return principal, nil
	}
	rn, err := ro.Required("stableBorrowRate")
	if err != nil {
		return nil, err
	}
	rate, err := unsignedInt(rn)
	if err != nil {
		return nil, err
	}
	tn, err := ro.Required("stableBorrowLastUpdateTimestamp")
	if err != nil {
		return nil, err
	}
	last, err := smallInt(tn, 0, 1<<40-1)
	if err != nil {
		return nil, err
	}
	if asOf < last {
		return nil, input.Invalid(tn.Path, tn.Text(), "is after as_of")
	}
	return rayMulHalfUp(principal, compoundedInterest(rate, asOf-last)), nil
}
