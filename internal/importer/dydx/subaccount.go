// The dydx-subaccount importer.
package dydx

import (
	"math/big"
	"strings"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// usdcDecimals is USDC's scale: collateral amounts carry at most this many.
const usdcDecimals = 6

// Source is the importer's name on the command line.
const Source = "dydx-subaccount"

// Defaults of the output venue.
const (
	defaultVenueID = "dydx"
	defaultChain   = "dydx"
	defaultAccount = "imported"
	modelName      = "dydx-v4"
	usdc           = "USDC"
)

type subaccountImporter struct{}

func init() { importer.Register(subaccountImporter{}) }

func (subaccountImporter) Source() string          { return Source }
func (subaccountImporter) Produces() importer.Kind { return importer.KindPortfolio }
func (subaccountImporter) Describe() string {
	return "dYdX v4 indexer GET /v4/addresses/{address}/subaccountNumber/{n} (docs.dydx.exchange, Indexer API " +
		"GetSubaccount) → one dydx-v4 venue"
}

// perp is one open perpetual position of the response.
type perp struct {
	underlying string
	quantity   money.Decimal
	entry      money.Decimal
}

// Import converts the response. Errors are *input.Error values naming the
// JSON path.
func (subaccountImporter) Import(data []byte, opts importer.Options) (any, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	sub := obj
	if n, ok := obj.Optional("subaccount"); ok {
		if err := obj.Finish(); err != nil {
			return nil, err
		}
		if sub, err = n.Object(); err != nil {
			return nil, err
		}
	}
	reported, err := readHeader(sub)
	if err != nil {
		return nil, err
	}
	perps, err := readPerpetuals(sub)
	if err != nil {
		return nil, err
	}
	quote, others, err := readAssets(sub)
	if err != nil {
		return nil, err
	}
	if err := sub.Finish(); err != nil {
		return nil, err
	}
	doc, err := document(opts, perps, quote, others, input.Join(sub.Path, "assetPositions"))
	if err == nil {
		doc.Venues[0].Reported = reported
	}
	return doc, err
}

// readHeader checks the subaccount's own fields and returns the indexer's
// figures as the venue's reported ones (nil when it gives neither): equity,
// and initial = equity − freeCollateral (dYdX v4: free collateral is equity
// less the initial margin requirement; Indexer API, SubaccountResponseObject).
func readHeader(sub *input.Object) (*importer.ReportedDoc, error) {
	for _, name := range []string{"address", "updatedAtHeight", "latestProcessedBlockHeight"} {
		if n, ok := sub.Optional(name); ok {
			if _, err := n.String(); err != nil {
				return nil, err
			}
		}
	}
	figures := map[string]money.Decimal{}
	for _, name := range []string{"equity", "freeCollateral"} {
		if n, ok := sub.Optional(name); ok {
			d, err := n.Decimal()
			if err != nil {
				return nil, err
			}
			if !portfolio.AmountInRange(d) {
				return nil, input.Invalid(n.Path, n.Text(), "overflows: must be ≤ 1e30")
			}
			figures[name] = d
		}
	}
	if n, ok := sub.Optional("subaccountNumber"); ok {
		if x, err := n.Int(); err != nil {
			return nil, err
		} else if x < 0 {
			return nil, input.Invalid(n.Path, n.Text(), "must be ≥ 0")
		}
	}
	if n, ok := sub.Optional("marginEnabled"); ok {
		if _, err := n.Bool(); err != nil {
			return nil, err
		}
	}
	equity, hasEquity := figures["equity"]
	if !hasEquity {
		return nil, nil
	}
	rep := &importer.ReportedDoc{Equity: equity.String(), Source: "dydx indexer subaccount"}
	if free, ok := figures["freeCollateral"]; ok {
		initial := new(big.Rat).Sub(equity.Rat(), free.Rat())
		if initial.Sign() < 0 {
			initial.SetInt64(0) // free collateral above equity: nothing is required
		}
		d, err := money.DecimalFromRatFloor(initial, 18)
		if err != nil {
			return nil, err
		}
		if portfolio.AmountInRange(d) {
			rep.Initial = d.String()
		}
	}
	return rep, nil
}

func readPerpetuals(sub *input.Object) ([]perp, error) {
	n, err := sub.Required("openPerpetualPositions")
	if err != nil {
		return nil, err
	}
	positions, err := n.Object()
	if err != nil {
		return nil, err
	}
	var out []perp
	for _, e := range positions.Entries() {
		p, err := readPerpetual(e)
		if err != nil {
			return nil, err
		}
		if p.quantity.Sign() != 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

var perpDecimals = []string{"maxSize", "realizedPnl", "unrealizedPnl", "netFunding", "sumOpen", "sumClose"}

func readPerpetual(e input.Entry) (perp, error) {
	obj, err := e.Node.Object()
	if err != nil {
		return perp{}, err
	}
	mn, err := obj.Required("market")
	if err != nil {
		return perp{}, err
	}
	ticker, err := mn.String()
	if err != nil {
		return perp{}, err
	}
	if ticker != e.Key {
		return perp{}, input.Invalid(mn.Path, ticker, "differs from its key %q", e.Key)
	}
	base, ok := strings.CutSuffix(ticker, "-USD")
	if !ok || base == "" {
		return perp{}, input.Invalid(mn.Path, ticker, "is not a dYdX perpetual ticker (<BASE>-USD)")
	}
	p := perp{underlying: base}
	if err := requireString(obj, "status", "OPEN"); err != nil {
		return perp{}, err
	}
	if p.quantity, err = signedSize(obj); err != nil {
		return perp{}, err
	}
	if !portfolio.QuantityInRange(p.quantity) {
		return perp{}, input.Invalid(input.Join(e.Node.Path, "size"), p.quantity.String(),
			"overflows: abs(size) must be ≤ 1e15")
	}
	en, err := obj.Required("entryPrice")
	if err != nil {
		return perp{}, err
	}
	if p.entry, err = en.Decimal(); err != nil {
		return perp{}, err
	}
	if (p.entry.Sign() <= 0 && p.quantity.Sign() != 0) || !portfolio.AmountInRange(p.entry) {
		return perp{}, input.Invalid(en.Path, en.Text(), "must be > 0 and ≤ 1e30")
	}
	if err := optionalFields(obj, perpDecimals, []string{"createdAt", "createdAtHeight"}); err != nil {
		return perp{}, err
	}
	for _, name := range []string{"closedAt", "exitPrice"} { // null while the position is open
		if n, ok := obj.Optional(name); ok {
			if _, err := n.String(); err != nil {
				return perp{}, err
			}
		}
	}
	return p, obj.Finish()
}

// optionalFields checks optional decimal-string and string fields, and the
// subaccountNumber every position carries.
func optionalFields(obj *input.Object, decimals, strs []string) error {
	for _, name := range decimals {
		if n, ok := obj.Optional(name); ok {
			if _, err := n.Decimal(); err != nil {
				return err
			}
		}
	}
	for _, name := range strs {
		if n, ok := obj.Optional(name); ok {
			if _, err := n.String(); err != nil {
				return err
			}
		}
	}
	if n, ok := obj.Optional("subaccountNumber"); ok {
		if _, err := n.Int(); err != nil {
			return err
		}
	}
	return nil
}

func requireString(obj *input.Object, name, want string) error {
	n, err := obj.Required(name)
	if err != nil {
		return err
	}
	s, err := n.String()
	if err != nil {
		return err
	}
	if s != want {
		return input.Invalid(n.Path, s, "must be %s", want)
	}
	return nil
}

// signedSize reads side and size into a signed quantity.
func signedSize(obj *input.Object) (money.Decimal, error) {
	sn, err := obj.Required("side")
	if err != nil {
		return money.Decimal{}, err
	}
	side, err := sn.String()
	if err != nil {
		return money.Decimal{}, err
	}
	zn, err := obj.Required("size")
	if err != nil {
		return money.Decimal{}, err
	}
	size, err := zn.Decimal()
	if err != nil {
		return money.Decimal{}, err
	}
	switch side {
	case "LONG":
		if size.Sign() < 0 {
			return money.Decimal{}, input.Invalid(zn.Path, zn.Text(), "is negative but side is LONG")
		}
		return size, nil
	case "SHORT":
		return size.Abs().Neg(), nil
	}
	return money.Decimal{}, input.Invalid(sn.Path, side, "must be LONG or SHORT")
}

// readAssets returns the signed USDC balance and the other (long) assets.
func readAssets(sub *input.Object) (*big.Rat, []importer.CollateralDoc, error) {
	n, err := sub.Required("assetPositions")
	if err != nil {
		return nil, nil, err
	}
	assets, err := n.Object()
	if err != nil {
		return nil, nil, err
	}
	quote := new(big.Rat)
	var others []importer.CollateralDoc
	for _, e := range assets.Entries() {
		obj, err := e.Node.Object()
		if err != nil {
			return nil, nil, err
		}
		sn, err := obj.Required("symbol")
		if err != nil {
			return nil, nil, err
		}
		sym, err := sn.String()
		if err != nil {
			return nil, nil, err
		}
		if sym != e.Key {
			return nil, nil, input.Invalid(sn.Path, sym, "differs from its key %q", e.Key)
		}
		size, err := signedSize(obj)
		if err != nil {
			return nil, nil, err
		}
		if err := optionalFields(obj, nil, []string{"assetId"}); err != nil {
			return nil, nil, err
		}
		if err := obj.Finish(); err != nil {
			return nil, nil, err
		}
		if !portfolio.AmountInRange(size) {
			return nil, nil, input.Invalid(input.Join(e.Node.Path, "size"), size.String(), "overflows: must be ≤ 1e30")
		}
		switch {
		case sym == usdc:
			quote.Add(quote, size.Rat())
		case size.Sign() < 0:
			return nil, nil, input.Invalid(input.Join(e.Node.Path, "side"), "SHORT",
				"a short %s balance cannot be imported (dYdX v4 margins in USDC only)", sym)
		case size.Sign() > 0:
			others = append(others, importer.CollateralDoc{Asset: sym, Amount: size.String()})
		}
	}
	return quote, others, nil
}

// document builds the portfolio: collateral = USDC + Σ size × entry. A
// negative USDC balance without positions to carry it is an input error at
// assetsPath (the format holds no negative collateral).
func document(opts importer.Options, perps []perp, quote *big.Rat, others []importer.CollateralDoc,
	assetsPath string) (importer.PortfolioDoc, error) {
	basis := new(big.Rat).Set(quote)
	positions := make([]importer.PositionDoc, len(perps))
	for i, p := range perps {
		basis.Add(basis, new(big.Rat).Mul(p.quantity.Rat(), p.entry.Rat()))
		positions[i] = importer.PositionDoc{Kind: "perp", Underlying: p.underlying,
			Quantity: p.quantity.String(), EntryPrice: p.entry.String()}
	}
	if f, _ := new(big.Rat).Abs(basis).Float64(); f > portfolio.MaxAmount {
		return importer.PortfolioDoc{}, input.Errorf(assetsPath,
			"USDC balance + Σ size × entryPrice overflows the 1e30 limit of collateral amounts")
	}
	floor, err := money.DecimalFromRatFloor(basis, usdcDecimals)
	if err != nil {
		return importer.PortfolioDoc{}, err
	}
	amount := floor.String()
	if basis.Sign() < 0 {
		if len(positions) == 0 {
			return importer.PortfolioDoc{}, input.Invalid(input.Join(assetsPath, usdc), amount,
				"is a negative USDC balance with no open position: a deficit portfolio.json cannot hold")
		}
		positions[0].Funding, amount = amount, "0"
	}
	collateral := append([]importer.CollateralDoc{{Asset: usdc, Amount: amount}}, others...)
	return importer.PortfolioDoc{
		Account: orDefault(opts.Account, defaultAccount),
		Venues: []importer.VenueDoc{{
			ID: orDefault(opts.VenueID, defaultVenueID), Model: modelName, Chain: orDefault(opts.Chain, defaultChain),
			Collateral: collateral, Positions: positions,
		}},
	}, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
