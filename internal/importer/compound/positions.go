// The compound-v3-positions importer.
package compound

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	compoundvenue "github.com/unimargin/unimargin/internal/venue/compound"
)

// Source is the importer's name on the command line.
const Source = "compound-v3-positions"

const (
	modelName      = "compound-v3"
	defaultChain   = "ethereum"
	defaultAccount = "imported"
)

// namedSets maps a chain and a Comet proxy on it to the compound-v3
// parameter set a venue of that market names (the proxies are comet's
// deployments/<network>/<market>/roots.json). cUSDCv3 on Ethereum
// (0xc3d688b6…) is absent: it is the model's default market, whose set the
// market's as_of chooses.
var namedSets = map[[2]string]string{
	{"ethereum", "0xa17581a9e3356d9a858b789d68b4d866e593ae94"}: compoundvenue.WETHSet,        // cWETHv3
	{"base", "0x46e6b214b524310239732d51387075e0e70970bf"}:     compoundvenue.BaseWETHSet,    // cWETHv3
	{"polygon", "0xf25212e676d1f7f89cd72ffee66158f541246445"}:  compoundvenue.PolygonUSDCSet, // cUSDCv3
}

// baseIndexScale is CometCore.BASE_INDEX_SCALE.
var baseIndexScale = big.NewInt(1e15)

type positionsImporter struct{}

func init() { importer.Register(positionsImporter{}) }

func (positionsImporter) Source() string          { return Source }
func (positionsImporter) Produces() importer.Kind { return importer.KindPortfolio }
func (positionsImporter) Describe() string {
	return "Compound v3 community subgraph positions query result (papercliplabs/compound-v3-subgraph " +
		"Position: basePrincipal/baseBalance, market indices, collateralBalances) → one compound-v3 venue per market"
}

// Import converts the query result. Errors are *input.Error values naming
// the JSON path.
func (positionsImporter) Import(data []byte, opts importer.Options) (any, error) {
	rows, err := positionRows(data)
	if err != nil {
		return nil, err
	}
	doc := importer.PortfolioDoc{Account: orDefault(opts.Account, defaultAccount), Venues: []importer.VenueDoc{}}
	ids := map[string]int{}
	for _, row := range rows {
		v, proxy, err := readPosition(row)
		if err != nil {
			return nil, err
		}
		if len(v.Collateral) == 0 && len(v.Positions) == 0 {
			continue // an emptied position
		}
		v.Chain = orDefault(opts.Chain, defaultChain)
		if set, ok := namedSets[[2]string{v.Chain, proxy}]; ok {
			v.Params = set
		}
		if opts.VenueID != "" && len(rows) == 1 {
			v.ID = opts.VenueID
		} else if opts.VenueID != "" {
			v.ID = opts.VenueID + strings.TrimPrefix(v.ID, "compound")
		}
		if n := ids[v.ID]; n > 0 { // a second market of the same base asset
			ids[v.ID]++
			v.ID += "-" + strconv.Itoa(n+1)
		} else {
			ids[v.ID] = 1
		}
		doc.Venues = append(doc.Venues, *v)
	}
	return doc, nil
}

// positionRows unwraps {"data": {"positions": […]}} or
// {"data": {"account": {"positions": […]}}}.
func positionRows(data []byte) ([]input.Node, error) {
	do, err := importer.GraphQLData(data)
	if err != nil {
		return nil, err
	}
	if an, ok := do.Optional("account"); ok {
		if do, err = an.Object(); err != nil {
			return nil, err
		}
	} else if hasKey(do, "account") {
		return nil, input.Errorf(input.Join(do.Path, "account"), "is null: the subgraph knows no such account")
	}
	pn, err := do.Required("positions")
	if err != nil {
		return nil, err
	}
	return pn.Array()
}

// readPosition returns the position's venue and its market's Comet proxy
// address (lower case; "" when the query did not select cometProxy).
func readPosition(n input.Node) (*importer.VenueDoc, string, error) {
	obj, err := n.Object()
	if err != nil {
		return nil, "", err
	}
	mo, err := child(obj, "market")
	if err != nil {
		return nil, "", err
	}
	proxy := ""
	if mo.Has("cometProxy") {
		if proxy, _, err = importer.Address(mo, "cometProxy"); err != nil {
			return nil, "", err
		}
	}
	bo, err := child(mo, "baseToken")
	if err != nil {
		return nil, "", err
	}
	base, baseDec, err := tokenOf(bo)
	if err != nil {
		return nil, "", err
	}
	v := &importer.VenueDoc{ID: "compound-" + strings.ToLower(base), Model: modelName,
		Collateral: []importer.CollateralDoc{}, Positions: []importer.PositionDoc{}}
	balance, bn, err := baseBalance(obj, mo)
	if err != nil {
		return nil, "", err
	}
	if balance.Sign() != 0 {
		kind := "supply"
		if balance.Sign() < 0 {
			kind = "borrow"
		}
		units, err := importer.Units(bn, new(big.Int).Abs(balance), baseDec)
		if err != nil {
			return nil, "", err
		}
		v.Positions = append(v.Positions, importer.PositionDoc{Kind: kind, Asset: base, Amount: units})
	}
	if err := readCollateral(obj, base, v); err != nil {
		return nil, "", err
	}
	return v, proxy, nil
}

// baseBalance returns the position's signed present value in base units:
// Comet's presentValue of basePrincipal at the market's indices when both
// are given, else the position's baseBalance. The indices sit on Market
// (schema d835e0f, October 2023) or in its accounting object
// (MarketAccounting, the schema from late 2023 on).
func baseBalance(pos, mkt *input.Object) (*big.Int, input.Node, error) {
	src := pos
	if an, ok := pos.Optional("accounting"); ok {
		ao, err := an.Object()
		if err != nil {
			return nil, an, err
		}
		src = ao
	}
	if an, ok := mkt.Optional("accounting"); ok && !mkt.Has("baseSupplyIndex") {
		ao, err := an.Object()
		if err != nil {
			return nil, an, err
		}
		mkt = ao // MarketAccounting, where later schemas keep the indices
	}
	pn, hasPrincipal := src.Optional("basePrincipal")
	if hasPrincipal && mkt.Has("baseSupplyIndex") && mkt.Has("baseBorrowIndex") {
		principal, err := importer.Integer(pn, true)
		if err != nil {
			return nil, pn, err
		}
		if principal.BitLen() > 103 { // int104 in UserBasic
			return nil, pn, input.Invalid(pn.Path, pn.Text(), "overflows Comet's int104 principal")
		}
		indexName := "baseSupplyIndex"
		if principal.Sign() < 0 {
			indexName = "baseBorrowIndex"
		}
		in, _ := mkt.Required(indexName)
		index, err := importer.Integer(in, false)
		if err != nil {
			return nil, in, err
		}
		if index.Cmp(baseIndexScale) < 0 || index.BitLen() > 64 { // uint64, starts at 1e15
			return nil, in, input.Invalid(in.Path, in.Text(), "must be a uint64 ≥ 1e15 (an index starts at BASE_INDEX_SCALE)")
		}
		// presentValue: |principal| × index / 1e15, floor, signed as the principal.
		pv := new(big.Int).Abs(principal)
		pv.Mul(pv, index).Quo(pv, baseIndexScale)
		if principal.Sign() < 0 {
			pv.Neg(pv)
		}
		return pv, pn, nil
	}
	bn, err := src.Required("baseBalance")
	if err != nil {
		return nil, bn, input.Errorf(input.Join(src.Path, "baseBalance"),
			"is required (or basePrincipal with the market's baseSupplyIndex and baseBorrowIndex)")
	}
	b, err := importer.Integer(bn, true)
	return b, bn, err
}

func readCollateral(pos *input.Object, base string, v *importer.VenueDoc) error {
	cn, ok := pos.Optional("collateralBalances")
	if !ok {
		return nil
	}
	items, err := cn.Array()
	if err != nil {
		return err
	}
	seen := map[string]string{base: "market.baseToken"}
	for _, it := range items {
		co, err := it.Object()
		if err != nil {
			return err
		}
		to, err := child(co, "collateralToken")
		if err != nil {
			return err
		}
		sym, dec, err := tokenOf(to)
		if err != nil {
			return err
		}
		bn, err := co.Required("balance")
		if err != nil {
			return err
		}
		bal, err := importer.Integer(bn, false)
		if err != nil {
			return err
		}
		if prev, dup := seen[sym]; dup {
			return input.Invalid(input.Join(to.Path, "token.symbol"), sym, "is also the token of %s", prev)
		}
		seen[sym] = co.Path
		if bal.Sign() == 0 {
			continue
		}
		units, err := importer.Units(bn, bal, dec)
		if err != nil {
			return err
		}
		v.Collateral = append(v.Collateral, importer.CollateralDoc{Asset: sym, Amount: units})
	}
	return nil
}

// tokenOf reads { token { symbol decimals } }.
func tokenOf(obj *input.Object) (string, uint8, error) {
	to, err := child(obj, "token")
	if err != nil {
		return "", 0, err
	}
	sn, err := to.Required("symbol")
	if err != nil {
		return "", 0, err
	}
	sym, err := sn.String()
	if err != nil {
		return "", 0, err
	}
	if sym == "" || len(sym) > 32 || strings.ContainsAny(sym, " \t\n/\"") {
		return "", 0, input.Invalid(sn.Path, sym, "is not a valid asset symbol")
	}
	dn, err := to.Required("decimals")
	if err != nil {
		return "", 0, err
	}
	dec, err := dn.Int()
	if err != nil {
		return "", 0, err
	}
	if dec < 0 || dec > 36 {
		return "", 0, input.Invalid(dn.Path, dn.Text(), "must be between 0 and 36")
	}
	return sym, uint8(dec), nil
}

func child(obj *input.Object, name string) (*input.Object, error) {
	n, err := obj.Required(name)
	if err != nil {
		return nil, err
	}
	return n.Object()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// hasKey reports whether obj has the key, even with a null value.
func hasKey(obj *input.Object, key string) bool {
	for _, k := range obj.Keys() {
		if k == key {
			return true
		}
	}
	return false
}
