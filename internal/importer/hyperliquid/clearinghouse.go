// The hyperliquid-clearinghouse importer.
package hyperliquid

import (
	"math/big"
	"regexp"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	hlvenue "github.com/unimargin/unimargin/internal/venue/hyperliquid"
)

// usdcDecimals is USDC's scale: collateral amounts carry at most this many.
const usdcDecimals = 6

// Source is the importer's name on the command line.
const Source = "hyperliquid-clearinghouse"

const (
	defaultVenueID = "hyperliquid"
	defaultChain   = "hyperliquid"
	defaultAccount = "imported"
	usdc           = "USDC"
	maxVenueID     = 64 // portfolio.json identifiers
)

// coinPattern keeps coin names usable in venue ids (HIP-3 coins are dex:NAME).
var coinPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:@-]{0,39}$`)

type clearinghouseImporter struct{}

func init() { importer.Register(clearinghouseImporter{}) }

func (clearinghouseImporter) Source() string          { return Source }
func (clearinghouseImporter) Produces() importer.Kind { return importer.KindPortfolio }
func (clearinghouseImporter) Describe() string {
	return "Hyperliquid info {\"type\": \"clearinghouseState\"} (hyperliquid-docs for-developers/api/info-endpoint/" +
		"perpetuals) → one hyperliquid venue for the cross account and one per isolated position"
}

// position is one non-empty position of the response.
type position struct {
	coin        string
	szi, entry  money.Decimal
	isolated    bool
	rawUSD      money.Decimal // isolated: the position's raw USD
	leverage    int64
	maxLeverage int64 // 0 = not given
	path        string
}

// Import converts the response. Errors are *input.Error values naming the
// JSON path.
func (clearinghouseImporter) Import(data []byte, opts importer.Options) (any, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	crossRaw, reported, err := readSummaries(obj)
	if err != nil {
		return nil, err
	}
	positions, err := readPositions(obj)
	if err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	doc, err := document(opts, crossRaw, positions)
	if err == nil {
		doc.Venues[0].Reported = reported
	}
	return doc, err
}

var summaryFields = []string{"accountValue", "totalMarginUsed", "totalNtlPos", "totalRawUsd"}

// readSummaries checks the account-level fields and returns the cross
// account's raw USD and its reported figures: equity crossMarginSummary
// .accountValue, initial crossMarginSummary.totalMarginUsed, maintenance
// crossMaintenanceMarginUsed (Hyperliquid's info endpoint docs,
// clearinghouseState).
func readSummaries(obj *input.Object) (money.Decimal, *importer.ReportedDoc, error) {
	var crossRaw money.Decimal
	rep := &importer.ReportedDoc{Source: "hyperliquid clearinghouseState"}
	for _, name := range []string{"marginSummary", "crossMarginSummary"} {
		n, err := obj.Required(name)
		if err != nil {
			return crossRaw, nil, err
		}
		s, err := n.Object()
		if err != nil {
			return crossRaw, nil, err
		}
		for _, f := range summaryFields {
			fn, err := s.Required(f)
			if err != nil {
				return crossRaw, nil, err
			}
			d, err := fn.Decimal()
			if err != nil {
				return crossRaw, nil, err
			}
			if !portfolio.AmountInRange(d) {
				return crossRaw, nil, input.Invalid(fn.Path, fn.Text(), "overflows: must be ≤ 1e30")
			}
			if name == "crossMarginSummary" {
				switch f {
				case "totalRawUsd":
					crossRaw = d
				case "accountValue":
					rep.Equity = d.String()
				case "totalMarginUsed":
					rep.Initial = d.Abs().String()
				}
			}
		}
		if err := s.Finish(); err != nil {
			return crossRaw, nil, err
		}
	}
	for _, name := range []string{"crossMaintenanceMarginUsed", "withdrawable"} {
		if n, ok := obj.Optional(name); ok {
			d, err := n.Decimal()
			if err != nil {
				return crossRaw, nil, err
			}
			if !portfolio.AmountInRange(d) {
				return crossRaw, nil, input.Invalid(n.Path, n.Text(), "overflows: must be ≤ 1e30")
			}
			if name == "crossMaintenanceMarginUsed" {
				rep.Maintenance = d.Abs().String()
			}
		}
	}
	if n, ok := obj.Optional("time"); ok {
		if t, err := n.Int(); err != nil {
			return crossRaw, nil, err
		} else if t < 0 {
			return crossRaw, nil, input.Invalid(n.Path, n.Text(), "must be ≥ 0 (milliseconds since 1970)")
		}
	}
	return crossRaw, rep, nil
}

func readPositions(obj *input.Object) ([]position, error) {
	n, err := obj.Required("assetPositions")
	if err != nil {
		return nil, err
	}
	items, err := n.Array()
	if err != nil {
		return nil, err
	}
	var out []position
	seen := map[string]bool{}
	for _, it := range items {
		p, err := readAssetPosition(it)
		if err != nil {
			return nil, err
		}
		if seen[p.coin] {
			return nil, input.Invalid(input.Join(p.path, "coin"), p.coin, "appears twice (one position per asset)")
		}
		seen[p.coin] = true
		if p.szi.Sign() != 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

func readAssetPosition(n input.Node) (position, error) {
	obj, err := n.Object()
	if err != nil {
		return position{}, err
	}
	tn, err := obj.Required("type")
	if err != nil {
		return position{}, err
	}
	if t, err := tn.String(); err != nil {
		return position{}, err
	} else if t != "oneWay" {
		return position{}, input.Invalid(tn.Path, t, "is not supported (oneWay positions only)")
	}
	pn, err := obj.Required("position")
	if err != nil {
		return position{}, err
	}
	p, err := readPosition(pn)
	if err != nil {
		return position{}, err
	}
	return p, obj.Finish()
}

var positionDecimals = []string{"marginUsed", "positionValue", "returnOnEquity", "unrealizedPnl", "liquidationPx"}

func readPosition(n input.Node) (position, error) {
	obj, err := n.Object()
	if err != nil {
		return position{}, err
	}
	p := position{path: n.Path}
	cn, err := obj.Required("coin")
	if err != nil {
		return position{}, err
	}
	if p.coin, err = cn.String(); err != nil {
		return position{}, err
	}
	if !coinPattern.MatchString(p.coin) {
		return position{}, input.Invalid(cn.Path, p.coin, "is not a coin name (1-40 letters, digits and . _ : @ -)")
	}
	if p.szi, err = requiredDecimal(obj, "szi"); err != nil {
		return position{}, err
	}
	if !portfolio.QuantityInRange(p.szi) {
		return position{}, input.Invalid(input.Join(n.Path, "szi"), p.szi.String(), "overflows: abs(szi) must be ≤ 1e15")
	}
	if en, ok := obj.Optional("entryPx"); ok || p.szi.Sign() != 0 {
		if !ok {
			return position{}, input.Errorf(input.Join(n.Path, "entryPx"), "is required for a non-zero szi")
		}
		if p.entry, err = en.Decimal(); err != nil {
			return position{}, err
		}
		if p.entry.Sign() <= 0 || !portfolio.AmountInRange(p.entry) {
			return position{}, input.Invalid(en.Path, en.Text(), "must be > 0 and ≤ 1e30")
		}
	}
	if err := readLeverage(obj, &p); err != nil {
		return position{}, err
	}
	if mn, ok := obj.Optional("maxLeverage"); ok {
		if p.maxLeverage, err = mn.Int(); err != nil {
			return position{}, err
		}
		if p.maxLeverage < 1 || p.maxLeverage > 1000 {
			return position{}, input.Invalid(mn.Path, mn.Text(), "must be an integer in [1, 1000]")
		}
	}
	for _, name := range positionDecimals {
		if dn, ok := obj.Optional(name); ok {
			if _, err := dn.Decimal(); err != nil {
				return position{}, err
			}
		}
	}
	if err := readCumFunding(obj); err != nil {
		return position{}, err
	}
	return p, obj.Finish()
}

func requiredDecimal(obj *input.Object, name string) (money.Decimal, error) {
	n, err := obj.Required(name)
	if err != nil {
		return money.Decimal{}, err
	}
	return n.Decimal()
}

// readLeverage reads {"type": "cross" | "isolated", "value": n, "rawUsd": …}.
func readLeverage(obj *input.Object, p *position) error {
	ln, err := obj.Required("leverage")
	if err != nil {
		return err
	}
	lev, err := ln.Object()
	if err != nil {
		return err
	}
	tn, err := lev.Required("type")
	if err != nil {
		return err
	}
	kind, err := tn.String()
	if err != nil {
		return err
	}
	switch kind {
	case "cross":
	case "isolated":
		p.isolated = true
	default:
		return input.Invalid(tn.Path, kind, "must be cross or isolated")
	}
	vn, err := lev.Required("value")
	if err != nil {
		return err
	}
	if p.leverage, err = vn.Int(); err != nil {
		return err
	}
	if p.leverage < 1 || p.leverage > 1000 {
		return input.Invalid(vn.Path, vn.Text(), "must be an integer in [1, 1000]")
	}
	if rn, ok := lev.Optional("rawUsd"); ok {
		if p.rawUSD, err = rn.Decimal(); err != nil {
			return err
		}
		if !portfolio.AmountInRange(p.rawUSD) {
			return input.Invalid(rn.Path, rn.Text(), "overflows: must be ≤ 1e30")
		}
	} else if p.isolated {
		return input.Errorf(input.Join(ln.Path, "rawUsd"), "is required for an isolated position")
	}
	return lev.Finish()
}

func readCumFunding(obj *input.Object) error {
	fn, ok := obj.Optional("cumFunding")
	if !ok {
		return nil
	}
	f, err := fn.Object()
	if err != nil {
		return err
	}
	for _, name := range []string{"allTime", "sinceChange", "sinceOpen"} {
		if n, ok := f.Optional(name); ok {
			if _, err := n.Decimal(); err != nil {
				return err
			}
		}
	}
	return f.Finish()
}

// document builds one venue for the cross account and one per isolated
// position.
func document(opts importer.Options, crossRaw money.Decimal, positions []position) (importer.PortfolioDoc, error) {
	id := orDefault(opts.VenueID, defaultVenueID)
	chain := orDefault(opts.Chain, defaultChain)
	doc := importer.PortfolioDoc{Account: orDefault(opts.Account, defaultAccount)}
	cross := importer.VenueDoc{ID: id, Model: hlvenue.Name, Chain: chain, Positions: []importer.PositionDoc{}}
	crossParams := map[string]any{}
	crossBasis := crossRaw.Rat()
	var isolated []importer.VenueDoc
	for _, p := range positions {
		pd := importer.PositionDoc{Kind: "perp", Underlying: p.coin, Quantity: p.szi.String(), EntryPrice: p.entry.String()}
		notional := new(big.Rat).Mul(p.szi.Rat(), p.entry.Rat())
		asset := map[string]any{"leverage": p.leverage}
		if known, ok := hlvenue.MaxLeverage(p.coin); p.maxLeverage != 0 && (!ok || int64(known) != p.maxLeverage) {
			asset["max_leverage"] = p.maxLeverage
		}
		if !p.isolated {
			crossBasis.Add(crossBasis, notional)
			cross.Positions = append(cross.Positions, pd)
			crossParams[p.coin] = asset
			continue
		}
		if len(id)+1+len(p.coin) > maxVenueID {
			return doc, input.Invalid(input.Join(p.path, "coin"), p.coin, "makes the venue id %q longer than %d "+
				"characters: give a shorter venue id", id+"-"+p.coin, maxVenueID)
		}
		v := importer.VenueDoc{ID: id + "-" + p.coin, Model: hlvenue.Name, Chain: chain,
			Positions: []importer.PositionDoc{pd}}
		asset["leverage_type"] = "isolated"
		v.Params = asset
		var err error
		if v.Collateral, err = usdcCollateral(new(big.Rat).Add(p.rawUSD.Rat(), notional), v.Positions,
			input.Join(p.path, "leverage.rawUsd")); err != nil {
			return doc, err
		}
		isolated = append(isolated, v)
	}
	var err error
	if cross.Collateral, err = usdcCollateral(crossBasis, cross.Positions, "crossMarginSummary.totalRawUsd"); err != nil {
		return doc, err
	}
	if len(crossParams) > 0 {
		cross.Params = crossParams
	}
	doc.Venues = append([]importer.VenueDoc{cross}, isolated...)
	return doc, nil
}

// usdcCollateral renders basis as the venue's USDC collateral, floored to 6
// decimals; a negative basis becomes the first position's funding.
func usdcCollateral(basis *big.Rat, positions []importer.PositionDoc, path string) ([]importer.CollateralDoc, error) {
	// The float test only spares DecimalFromRatFloor a number beyond its
	// range (float64 rounding never lifts a value under the limit above
	// it); the exact test is on the decimal.
	overflow := input.Errorf(path, "raw USD + Σ szi × entryPx overflows the 1e30 limit of collateral amounts")
	if f, _ := new(big.Rat).Abs(basis).Float64(); f > portfolio.MaxAmount {
		return nil, overflow
	}
	floor, err := money.DecimalFromRatFloor(basis, usdcDecimals)
	if err != nil {
		return nil, err
	}
	if !portfolio.AmountInRange(floor) {
		return nil, overflow
	}
	amount := floor.String()
	if basis.Sign() < 0 {
		if len(positions) == 0 {
			return nil, input.Invalid(path, amount, "is a negative USD balance with no open position: a deficit "+
				"portfolio.json cannot hold")
		}
		positions[0].Funding, amount = amount, "0"
	}
	return []importer.CollateralDoc{{Asset: usdc, Amount: amount}}, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
