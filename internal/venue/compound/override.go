// Parameter overrides: a venue's `params` is a built-in set name, or an object
// of overrides applied on top of DefaultSet, keyed by Comet's own names.
//
// Accepted keys (snake_case canonical; Comet's camelCase and the deployment
// file's short names are aliases):
//
//	"store_front_price_factor" (storeFrontPriceFactor)   factor, ≤ 1
//	"target_reserves" (targetReserves)                   whole units of the base asset
//	"borrow_min" (borrowMin, baseBorrowMin)               whole units of the base asset
//	"<SYMBOL>": {"borrow_collateral_factor": 0.8, ...}    one collateral asset
//	"<SYMBOL>.<field>": 0.8                               the same, flat
//
// Asset fields: borrow_collateral_factor (borrowCF, borrowCollateralFactor),
// liquidate_collateral_factor (liquidateCF, liquidateCollateralFactor),
// liquidation_factor (liquidationFactor), supply_cap (supplyCap, whole units).
// Factors are numbers or decimal strings; Comet keeps 4 decimals of each asset
// factor, so further digits are dropped (with a warning), as the contract
// does. The result must pass the constructor's checks (paramset.go).
package compound

import (
	"math/big"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Canonical parameter names.
const (
	fieldBorrowCF          = "borrow_collateral_factor"
	fieldLiquidateCF       = "liquidate_collateral_factor"
	fieldLiquidationFactor = "liquidation_factor"
	fieldSupplyCap         = "supply_cap"
	fieldStoreFront        = "store_front_price_factor"
	fieldTargetReserves    = "target_reserves"
	fieldBorrowMin         = "borrow_min"
)

var assetFields = []string{fieldBorrowCF, fieldLiquidateCF, fieldLiquidationFactor, fieldSupplyCap}

// canonical maps every accepted spelling to its canonical name ("" if none).
func canonical(key string) string {
	switch strings.ToLower(strings.ReplaceAll(key, "_", "")) {
	case "borrowcf", "borrowcollateralfactor":
		return fieldBorrowCF
	case "liquidatecf", "liquidatecollateralfactor":
		return fieldLiquidateCF
	case "liquidationfactor":
		return fieldLiquidationFactor
	case "supplycap":
		return fieldSupplyCap
	case "storefrontpricefactor":
		return fieldStoreFront
	case "targetreserves":
		return fieldTargetReserves
	case "borrowmin", "baseborrowmin":
		return fieldBorrowMin
	}
	return ""
}

// resolved is a venue's parameter set after overrides and the built-in set
// it started from.
type resolved struct {
	set        *Set
	base       string
	overridden bool
	warnings   []string
}

// resolveSet returns the venue's parameter set: the one it names, else the
// set in force at asOf (venue.ParamSets) with overrides on top. Errors are
// *input.Error values naming the override (an unknown set or name, a bad
// value, or a result that breaks Comet's constructor checks).
func resolveSet(v *portfolio.Venue, asOf time.Time) (resolved, error) {
	p, overrides, err := sets.ResolveFlat(v, asOf)
	if err != nil {
		return resolved{}, err
	}
	if len(overrides) == 0 {
		return resolved{set: p.Set, base: p.Name, warnings: p.Warnings}, nil
	}
	base, warnings := p.Name, p.Warnings
	o := overrider{set: p.Set.clone(), seen: map[string]string{}, prefix: v.Params.Path + "."}
	for _, ov := range overrides {
		if err := o.apply(ov); err != nil {
			return resolved{}, err
		}
	}
	if err := o.set.validate(); err != nil {
		return resolved{}, input.Errorf(v.Params.Path, "breaks Comet's configuration checks: %s", err.Error())
	}
	return resolved{set: o.set, base: base, overridden: true, warnings: append(warnings, o.warnings...)}, nil
}

type overrider struct {
	prefix   string // the params object's path and a dot
	set      *Set
	seen     map[string]string // canonical parameter → path that set it
	warnings []string
}

// apply handles one top-level override. Asset symbols are matched as
// written (venue.ParamSource snake-cases keys, so "WETH" arrives as
// "_w_e_t_h"; the node path keeps the original key).
func (o *overrider) apply(ov venue.Override) error {
	key := strings.TrimPrefix(ov.Node.Path, o.prefix)
	if a := o.set.Assets[key]; a != nil {
		return venue.EachField(ov.Node, func(field string, v input.Node) error { return o.assetField(a, field, v) })
	}
	if sym, field, dotted := strings.Cut(key, "."); dotted {
		if a := o.set.Assets[sym]; a != nil {
			return o.assetField(a, field, ov.Node)
		}
		return input.Invalid(ov.Node.Path, key, "is not a parameter of compound-v3: %s is not a collateral "+
			"asset of the set (assets: %s)", sym, strings.Join(o.set.symbols(), ", "))
	}
	field := canonical(key)
	if err := o.mark(field, ov.Node.Path); err != nil {
		return err
	}
	switch field {
	case fieldStoreFront:
		f, err := factorNode(ov.Node)
		if err != nil {
			return err
		}
		o.set.StoreFrontPriceFactor = f
	case fieldTargetReserves:
		return o.baseAmount(ov.Node, &o.set.TargetReserves)
	case fieldBorrowMin:
		return o.baseAmount(ov.Node, &o.set.BorrowMin)
	default:
		return input.Invalid(ov.Node.Path, key, "is not a parameter of compound-v3 (store_front_price_factor, "+
			"target_reserves, borrow_min, <SYMBOL> or <SYMBOL>.<field> with fields %s)", strings.Join(assetFields, ", "))
	}
	return nil
}

func (o *overrider) mark(name, path string) error {
	if name == "" {
		return nil
	}
	if prev, dup := o.seen[name]; dup {
		return input.Errorf(path, "sets %s again (already set at %s)", name, prev)
	}
	o.seen[name] = path
	return nil
}

func (o *overrider) assetField(a *Asset, key string, n input.Node) error {
	field := canonical(key)
	if field == "" || field == fieldStoreFront || field == fieldTargetReserves || field == fieldBorrowMin {
		return input.Invalid(n.Path, key, "is not an asset parameter of compound-v3 (%s)", strings.Join(assetFields, ", "))
	}
	if err := o.mark(a.Symbol+"."+field, n.Path); err != nil {
		return err
	}
	if field == fieldSupplyCap {
		d, err := n.NumberText()
		if err != nil {
			return err
		}
		r, ok := exactRat(d)
		if !ok || r.Sign() < 0 || !r.IsInt() || !r.Num().IsUint64() {
			return input.Invalid(n.Path, d, "must be a whole number of units (Comet stores supply caps in whole units)")
		}
		a.SupplyCap = r.Num().Uint64()
		return nil
	}
	f, err := factorNode(n)
	if err != nil {
		return err
	}
	if kept := f / factorDescale * factorDescale; kept != f {
		o.warnings = append(o.warnings, "compound-v3: "+n.Path+" "+n.Text()+" keeps 4 decimals in Comet: "+factorText(kept))
		f = kept
	}
	switch field {
	case fieldBorrowCF:
		a.BorrowCF = f
	case fieldLiquidateCF:
		a.LiquidateCF = f
	case fieldLiquidationFactor:
		a.LiquidationFactor = f
	}
	return nil
}

// baseAmount reads whole units of the base asset into base units.
func (o *overrider) baseAmount(n input.Node, dst *uint256.Int) error {
	text, err := n.NumberText()
	if err != nil {
		return err
	}
	r, ok := exactRat(text)
	if !ok || r.Sign() < 0 {
		return input.Invalid(n.Path, text, "must be a non-negative amount of %s", o.set.Base)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(o.set.BaseDecimals)), nil)))
	if !r.IsInt() {
		return input.Invalid(n.Path, text, "has more decimal places than %s's %d", o.set.Base, o.set.BaseDecimals)
	}
	if dst.SetFromBig(r.Num()) {
		return input.Invalid(n.Path, text, "overflows 256 bits")
	}
	return nil
}
