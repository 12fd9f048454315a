// aave-user-reserves: the Aave v3 subgraph's userReserves → one aave-v3 venue.
package aave

import (
	"math/big"
	"strconv"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
)

type userReserves struct{}

func (userReserves) Source() string          { return "aave-user-reserves" }
func (userReserves) Produces() importer.Kind { return importer.KindPortfolio }
func (userReserves) Describe() string {
	return "Aave v3 subgraph userReserves query result ({\"data\": {\"userReserves\": [...]}}, " +
		"aave/protocol-subgraphs schemas/v3.schema.graphql UserReserve) → one aave-v3 venue"
}

// userReserveFields are UserReserve's scalar fields the importer accepts
// without using (schemas/v3.schema.graphql).
var userReserveIntegers = []string{"scaledATokenBalance", "scaledVariableDebt", "principalStableDebt",
	"currentTotalDebt", "stableBorrowRate", "oldStableBorrowRate", "liquidityRate",
	"stableBorrowLastUpdateTimestamp", "variableBorrowIndex", "lastUpdateTimestamp"}

// Import converts the query result. Per row: a positive currentATokenBalance
// is a collateral entry when usageAsCollateralEnabledOnUser, else a supply
// position; currentVariableDebt + currentStableDebt is one borrow position.
// Balances are the subgraph's (as of its last indexed event: interest since
// then is not included, as its README warns). The e-mode category is
// user.eModeCategoryId.id when a row gives it (all rows must agree).
func (userReserves) Import(data []byte, opts importer.Options) (any, error) {
	do, err := importer.GraphQLData(data)
	if err != nil {
		return nil, err
	}
	un, err := do.Required("userReserves")
	if err != nil {
		return nil, err
	}
	if err := do.Finish(); err != nil {
		return nil, err
	}
	rows, err := un.Array()
	if err != nil {
		return nil, err
	}
	v := importer.VenueDoc{ID: orDefault(opts.VenueID, "aave"), Model: "aave-v3", Chain: orDefault(opts.Chain, "ethereum"),
		Collateral: []importer.CollateralDoc{}, Positions: []importer.PositionDoc{}}
	emode := map[string]string{} // category → first path
	for _, r := range rows {
		if err := readUserReserve(r, &v, emode); err != nil {
			return nil, err
		}
	}
	if len(emode) > 1 {
		return nil, input.Errorf(un.Path, "rows disagree on the user's e-mode category")
	}
	for id := range emode {
		if n, _ := strconv.Atoi(id); n != 0 {
			v.EMode = &n
		}
	}
	return &importer.PortfolioDoc{Account: orDefault(opts.Account, "imported"), Venues: []importer.VenueDoc{v}}, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func readUserReserve(n input.Node, v *importer.VenueDoc, emode map[string]string) error {
	obj, err := n.Object()
	if err != nil {
		return err
	}
	sym, dec, err := readReserveRef(obj)
	if err != nil {
		return err
	}
	row, err := readUserRow(obj, "currentATokenBalance", "currentVariableDebt", "currentStableDebt")
	if err != nil {
		return err
	}
	for _, f := range userReserveIntegers {
		if fn, ok := obj.Optional(f); ok {
			if _, err := unsignedInt(fn); err != nil {
				return err
			}
		}
	}
	if idn, ok := obj.Optional("id"); ok {
		if _, err := idn.String(); err != nil {
			return err
		}
	}
	if err := readUser(obj, emode); err != nil {
		return err
	}
	if err := obj.Finish(); err != nil {
		return err
	}
	return addBalances(v, sym, dec, row.supply, new(big.Int).Add(row.debt, row.stable), row.asCollateral,
		row.supplyNode, row.debtNode)
}

// addBalances maps one reserve's current balances (base units) onto the
// venue, the one mapping of both Aave user importers: a positive supply is a
// collateral entry when the user enabled it as collateral, else a supply
// position; a positive debt is a borrow position. sn and dn name the fields
// an out-of-range amount is reported at.
func addBalances(v *importer.VenueDoc, sym string, dec uint8, supplied, debt *big.Int, asCollateral bool,
	sn, dn input.Node) error {
	if supplied.Sign() > 0 {
		units, err := scaled(sn, supplied, dec)
		if err != nil {
			return err
		}
		if asCollateral {
			v.Collateral = append(v.Collateral, importer.CollateralDoc{Asset: sym, Amount: units})
		} else {
			v.Positions = append(v.Positions, importer.PositionDoc{Kind: "supply", Asset: sym, Amount: units})
		}
	}
	if debt.Sign() > 0 {
		units, err := scaled(dn, debt, dec)
		if err != nil {
			return err
		}
		v.Positions = append(v.Positions, importer.PositionDoc{Kind: "borrow", Asset: sym, Amount: units})
	}
	return nil
}

// readReserveRef reads reserve { symbol decimals … }.
func readReserveRef(obj *input.Object) (string, uint8, error) {
	rn, err := obj.Required("reserve")
	if err != nil {
		return "", 0, err
	}
	ro, err := rn.Object()
	if err != nil {
		return "", 0, err
	}
	sn, err := ro.Required("symbol")
	if err != nil {
		return "", 0, err
	}
	sym, err := sn.String()
	if err != nil {
		return "", 0, err
	}
	if sym == "" {
		return "", 0, input.Invalid(sn.Path, sym, "must not be empty")
	}
	dn, err := ro.Required("decimals")
	if err != nil {
		return "", 0, err
	}
	dec, err := smallInt(dn, 0, 36)
	if err != nil {
		return "", 0, err
	}
	for _, f := range []string{"id", "underlyingAsset", "name"} {
		if fn, ok := ro.Optional(f); ok {
			if _, err := fn.String(); err != nil {
				return "", 0, err
			}
		}
	}
	return sym, uint8(dec), ro.Finish()
}

// readUser reads user { id eModeCategoryId { id } } and records the category.
func readUser(obj *input.Object, emode map[string]string) error {
	un, ok := obj.Optional("user")
	if !ok {
		return nil
	}
	uo, err := un.Object()
	if err != nil {
		return err
	}
	if idn, ok := uo.Optional("id"); ok {
		if _, err := idn.String(); err != nil {
			return err
		}
	}
	if en, ok := uo.Optional("eModeCategoryId"); ok {
		eo, err := en.Object()
		if err != nil {
			return err
		}
		idn, err := eo.Required("id")
		if err != nil {
			return err
		}
		id, err := idn.NumberText()
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(id)
		if err != nil || n < 0 || n > 255 || strconv.Itoa(n) != id {
			return input.Invalid(idn.Path, id, "is not an e-mode category id (0-255)")
		}
		if err := eo.Finish(); err != nil {
			return err
		}
		if _, seen := emode[id]; !seen {
			emode[id] = idn.Path
		}
	} else {
		emode["0"] = un.Path
	}
	return uo.Finish()
}

// userRow is the balances of one user-reserve row (base units, or scaled
// units for UiPoolDataProvider) and the user's collateral flag.
type userRow struct {
	supply, debt, stable *big.Int
	supplyNode, debtNode input.Node
	asCollateral         bool
}

// readUserRow reads a row's supply and debt fields (required), its stable
// debt field (optional, 0 when absent) and usageAsCollateralEnabledOnUser:
// the fields both Aave user importers read, under their own names.
func readUserRow(obj *input.Object, supplyField, debtField, stableField string) (userRow, error) {
	var r userRow
	var err error
	for _, f := range []struct {
		name string
		dst  **big.Int
		node *input.Node
	}{{supplyField, &r.supply, &r.supplyNode}, {debtField, &r.debt, &r.debtNode}} {
		if *f.node, err = obj.Required(f.name); err != nil {
			return r, err
		}
		if *f.dst, err = unsignedInt(*f.node); err != nil {
			return r, err
		}
	}
	r.stable = new(big.Int)
	if sn, ok := obj.Optional(stableField); ok {
		if r.stable, err = unsignedInt(sn); err != nil {
			return r, err
		}
	}
	cn, err := obj.Required("usageAsCollateralEnabledOnUser")
	if err != nil {
		return r, err
	}
	r.asCollateral, err = cn.Bool()
	return r, err
}
