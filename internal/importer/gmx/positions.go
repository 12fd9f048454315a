// The gmx-v2-positions importer.
package gmx

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Source is the importer's name on the command line.
const Source = "gmx-v2-positions"

const (
	modelName      = "gmx-v2"
	defaultChain   = "arbitrum"
	defaultAccount = "imported"
	// usdDecimals is gmx-synthetics' USD precision (FLOAT_PRECISION 10^30).
	usdDecimals = 30
	// maxScale is the decimal places a portfolio figure may carry.
	maxScale = 18
)

var floatPrecision = new(big.Int).Exp(big.NewInt(10), big.NewInt(usdDecimals), nil)

type positionsImporter struct{}

func init() { importer.Register(positionsImporter{}) }

func (positionsImporter) Source() string          { return Source }
func (positionsImporter) Produces() importer.Kind { return importer.KindPortfolio }
func (positionsImporter) Describe() string {
	return "GMX v2 Reader.getAccountPositionInfoList (or getAccountPositions) output, decoded to JSON " +
		"with the ABI's field names → one gmx-v2 venue per position, with GMX's pnl and pending fees as reported equity"
}

// Import converts the array of positions. Errors are *input.Error values
// naming the JSON path.
func (positionsImporter) Import(data []byte, opts importer.Options) (any, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	items, err := root.Array()
	if err != nil {
		return nil, err
	}
	doc := importer.PortfolioDoc{Account: orDefault(opts.Account, defaultAccount), Venues: []importer.VenueDoc{}}
	for i, it := range items {
		v, err := readPosition(it)
		if err != nil {
			return nil, err
		}
		if v == nil { // a closed (zero-size) position
			continue
		}
		v.Chain = orDefault(opts.Chain, defaultChain)
		if opts.VenueID != "" {
			v.ID = opts.VenueID
			if len(items) > 1 {
				v.ID = opts.VenueID + "-" + strconv.Itoa(i+1)
			}
		}
		doc.Venues = append(doc.Venues, *v)
	}
	return doc, nil
}

// readPosition reads one PositionInfo, or one Position.Props when the
// element has the props' own addresses field (getAccountPositions).
func readPosition(n input.Node) (*importer.VenueDoc, error) {
	obj, err := n.Object()
	if err != nil {
		return nil, err
	}
	props, info := obj, (*input.Object)(nil)
	if !obj.Has("addresses") {
		pn, err := obj.Required("position")
		if err != nil {
			return nil, err
		}
		if props, err = pn.Object(); err != nil {
			return nil, err
		}
		info = obj
	}
	p, err := readProps(props)
	if err != nil || p == nil {
		return nil, err
	}
	v := &importer.VenueDoc{ID: p.venueID(), Model: modelName,
		Collateral: []importer.CollateralDoc{{Asset: p.collateral.symbol, Amount: p.collateralUnits}},
		Positions:  []importer.PositionDoc{p.perp}}
	if info != nil {
		if err := readInfo(info, p, v); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// props is what the importer reads of a Position.Props.
type props struct {
	market          market
	collateral      token
	long            bool
	sizeUSD         *big.Int // 30 decimals
	collateralRaw   *big.Int // collateral token base units
	collateralUnits string
	perp            importer.PositionDoc
}

func (p *props) venueID() string {
	side := "short"
	if p.long {
		side = "long"
	}
	return "gmx-" + strings.ToLower(p.market.underlying) + "-" + side + "-" + strings.ToLower(p.collateral.symbol)
}

func readProps(obj *input.Object) (*props, error) {
	p := &props{}
	ao, err := child(obj, "addresses")
	if err != nil {
		return nil, err
	}
	mAddr, mn, err := importer.Address(ao, "market")
	if err != nil {
		return nil, err
	}
	var ok bool
	if p.market, ok = markets[mAddr]; !ok {
		return nil, input.Invalid(mn.Path, mn.Text(), "is not a GMX v2 market unimargin models (%s)", marketNames)
	}
	cAddr, cn, err := importer.Address(ao, "collateralToken")
	if err != nil {
		return nil, err
	}
	if p.collateral, ok = p.market.collateral[cAddr]; !ok {
		return nil, input.Invalid(cn.Path, cn.Text(), "is not a collateral token of %s", p.market.name)
	}
	fo, err := child(obj, "flags")
	if err != nil {
		return nil, err
	}
	ln, err := fo.Required("isLong")
	if err != nil {
		return nil, err
	}
	if p.long, err = ln.Bool(); err != nil {
		return nil, err
	}
	no, err := child(obj, "numbers")
	if err != nil {
		return nil, err
	}
	sizeUSD, sn, err := uintField(no, "sizeInUsd")
	if err != nil {
		return nil, err
	}
	sizeTokens, tn, err := uintField(no, "sizeInTokens")
	if err != nil {
		return nil, err
	}
	p.collateralRaw, cn, err = uintField(no, "collateralAmount")
	if err != nil {
		return nil, err
	}
	switch {
	case sizeUSD.Sign() == 0 && sizeTokens.Sign() == 0:
		return nil, nil
	case sizeUSD.Sign() == 0:
		return nil, input.Invalid(sn.Path, sn.Text(), "is 0 while sizeInTokens is not")
	case sizeTokens.Sign() == 0:
		return nil, input.Invalid(tn.Path, tn.Text(), "is 0 while sizeInUsd is not")
	}
	p.sizeUSD = sizeUSD
	if p.perp, err = perp(p, sizeTokens, tn, sn); err != nil {
		return nil, err
	}
	if p.collateralUnits, err = importer.Units(cn, p.collateralRaw, p.collateral.decimals); err != nil {
		return nil, err
	}
	return p, nil
}

// perp builds the position: quantity ±sizeInTokens in whole index tokens,
// entry_price sizeInUsd / |quantity| to 18 places, rounded against the
// holder (a long's entry up, a short's down: the P&L is never overstated).
func perp(p *props, sizeTokens *big.Int, tn, sn input.Node) (importer.PositionDoc, error) {
	qty := new(big.Rat).SetFrac(sizeTokens, pow10(p.market.indexDecimals))
	q, err := money.DecimalFromRatFloor(qty, int(p.market.indexDecimals))
	if err != nil || !portfolio.QuantityInRange(q) {
		return importer.PositionDoc{}, input.Invalid(tn.Path, tn.Text(), "overflows: the quantity must be ≤ 1e15 tokens")
	}
	entry := new(big.Rat).SetFrac(p.sizeUSD, floatPrecision)
	entry.Quo(entry, qty)
	round := money.DecimalFromRatFloor
	if p.long {
		round = money.DecimalFromRatCeil
	}
	e, err := round(entry, maxScale)
	if err != nil || !portfolio.AmountInRange(e) || e.Sign() == 0 {
		return importer.PositionDoc{}, input.Invalid(sn.Path, sn.Text(),
			"gives an entry price (sizeInUsd / sizeInTokens) outside (0, 1e30]")
	}
	if !p.long {
		q = q.Neg()
	}
	return importer.PositionDoc{Kind: "perp", Underlying: p.market.underlying, Quantity: q.String(), EntryPrice: e.String()}, nil
}

// readInfo reads PositionInfo's fees and basePnlUsd: the pending fees become
// the perp's funding, and with basePnlUsd the venue's reported equity.
func readInfo(info *input.Object, p *props, v *importer.VenueDoc) error {
	fo, err := child(info, "fees")
	if err != nil {
		return err
	}
	bo, err := child(fo, "borrowing")
	if err != nil {
		return err
	}
	borrowUSD, _, err := uintField(bo, "borrowingFeeUsd")
	if err != nil {
		return err
	}
	uo, err := child(fo, "funding")
	if err != nil {
		return err
	}
	fundingAmount, _, err := uintField(uo, "fundingFeeAmount")
	if err != nil {
		return err
	}
	po, err := child(fo, "collateralTokenPrice")
	if err != nil {
		return err
	}
	price, pn, err := uintField(po, "min")
	if err != nil {
		return err
	}
	if price.Sign() == 0 {
		return input.Invalid(pn.Path, pn.Text(), "must be > 0 (a price)")
	}
	// cost = borrowingFeeUsd + fundingFeeAmount × price, 30-decimal USD.
	cost := new(big.Int).Mul(fundingAmount, price)
	cost.Add(cost, borrowUSD)
	if cost.Sign() > 0 {
		owed, err := usd(cost, money.DecimalFromRatCeil, input.Join(fo.Path, "borrowing"))
		if err != nil {
			return err
		}
		v.Positions[0].Funding = owed.Neg().String()
	}
	pnlNode, ok := info.Optional("basePnlUsd")
	if !ok {
		return nil
	}
	pnl, err := importer.Integer(pnlNode, true)
	if err != nil {
		return err
	}
	equity := new(big.Int).Mul(p.collateralRaw, price)
	equity.Add(equity, pnl).Sub(equity, cost)
	eq, err := usd(equity, money.DecimalFromRatFloor, pnlNode.Path)
	if err != nil {
		return err
	}
	v.Reported = &importer.ReportedDoc{Equity: eq.String(),
		Source: "gmx Reader.getAccountPositionInfoList: collateral at collateralTokenPrice.min + basePnlUsd − pending fees"}
	return nil
}

// usd converts a 30-decimal USD integer to a decimal of at most 18 places
// with the rounding given, in the portfolio's range.
func usd(x *big.Int, round func(*big.Rat, int) (money.Decimal, error), path string) (money.Decimal, error) {
	d, err := round(new(big.Rat).SetFrac(x, floatPrecision), maxScale)
	if err != nil || !portfolio.AmountInRange(d) {
		return money.Decimal{}, input.Invalid(path, x.String(), "overflows: a USD figure must be ≤ 1e30")
	}
	return d, nil
}

func child(obj *input.Object, name string) (*input.Object, error) {
	n, err := obj.Required(name)
	if err != nil {
		return nil, err
	}
	return n.Object()
}

func uintField(obj *input.Object, name string) (*big.Int, input.Node, error) {
	n, err := obj.Required(name)
	if err != nil {
		return nil, n, err
	}
	v, err := importer.Integer(n, false)
	return v, n, err
}

func pow10(d uint8) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
