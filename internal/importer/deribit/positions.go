// deribit-positions: private/get_positions → one Deribit venue.
package deribit

import (
	"math/big"
	"time"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

// Models a positions import can produce.
const (
	ModelStandard = "deribit-standard"
	ModelPM       = "deribit-pm"
)

type positions struct{}

func init() {
	importer.Register(positions{})
	importer.Register(bookSummary{})
}

func (positions) Source() string          { return "deribit-positions" }
func (positions) Produces() importer.Kind { return importer.KindPortfolio }
func (positions) Describe() string {
	return "Deribit private/get_positions response (docs.deribit.com/api-reference/account-management/private-get_positions)"
}

// Import converts a get_positions response; the margin model comes from the
// response unless opts.Model names one (see ImportPositions).
func (positions) Import(data []byte, opts importer.Options) (any, error) {
	return ImportPositions(data, opts, opts.Model)
}

// ImportPositions converts a private/get_positions response into a portfolio
// with one venue of the given model (ModelStandard or ModelPM). With model
// "" the response decides: Deribit adds estimated_liquidation_price to
// futures positions "only for users with segregated_sm margin model", so
// futures with it are a standard-margin account, futures without it a
// portfolio-margin one; an options-only response is standard margin
// (Deribit's default for new accounts).
//
// Quantities are in units of the underlying: options' size is already in
// the base currency; linear (USDC) futures' too. Inverse futures and
// perpetuals carry a USD size N opened at average_price A: the position is
// quantity N/A with entry_price A (DESIGN.md), whose USD P&L (N/A)(m − A)
// is Deribit's N(1/A − 1/m) coins at mark m in every scenario, so the
// import reproduces total_profit_loss. (size_currency is N/m, the coin size
// at today's mark: taking it as the quantity understated the P&L by A/m.)
// N/A is exact, truncated at 18 decimals. Without an average price the
// position has no entry: size_currency (or N/mark_price) is its quantity.
// entry_price of futures and perpetuals is average_price. Collateral is not
// part of get_positions: the venue has none (add the account's equity from
// private/get_account_summary); its settlement is set explicitly.
func ImportPositions(data []byte, opts importer.Options, model string) (*importer.PortfolioDoc, error) {
	items, err := result(data)
	if err != nil {
		return nil, err
	}
	venue := importer.VenueDoc{ID: orDefault(opts.VenueID, "deribit"), Chain: orDefault(opts.Chain, "offchain"),
		Collateral: []importer.CollateralDoc{}, Positions: []importer.PositionDoc{}}
	var withELP, withoutELP int
	var firstPath string
	for _, it := range items {
		p, hasELP, delta1, inst, err := readPosition(it)
		if err != nil {
			return nil, err
		}
		if p == nil {
			continue // a flat position (size 0)
		}
		if venue.Settlement == "" {
			venue.Settlement, firstPath = inst.settlement, it.Path
		} else if inst.settlement != venue.Settlement {
			return nil, input.Invalid(input.Join(it.Path, "instrument_name"), inst.name,
				"settles in %s but %s settles in %s: import one currency per venue", inst.settlement, firstPath, venue.Settlement)
		}
		if delta1 {
			if hasELP {
				withELP++
			} else {
				withoutELP++
			}
		}
		venue.Positions = append(venue.Positions, *p)
	}
	switch {
	case model != "":
	case withELP > 0 && withoutELP > 0:
		return nil, input.Errorf("result", "some futures carry estimated_liquidation_price and some do not: "+
			"the margin model (segregated_sm or portfolio margin) is ambiguous")
	case withoutELP > 0:
		model = ModelPM
	default:
		model = ModelStandard
	}
	if model != ModelStandard && model != ModelPM {
		return nil, input.Invalid("", model, "is not a Deribit margin model (%s or %s)", ModelStandard, ModelPM)
	}
	venue.Model = model
	return &importer.PortfolioDoc{Account: orDefault(opts.Account, "imported"), Venues: []importer.VenueDoc{venue}}, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

type namedInstrument struct {
	instrument
	name string
}

// readPosition converts one result entry; nil for a flat position. delta1
// reports a future or perpetual; hasELP whether estimated_liquidation_price
// was present.
func readPosition(n input.Node) (*importer.PositionDoc, bool, bool, namedInstrument, error) {
	var inst namedInstrument
	obj, err := n.Object()
	if err != nil {
		return nil, false, false, inst, err
	}
	if kn, ok := obj.Optional("kind"); ok {
		if k, _ := kn.String(); k == "future_combo" || k == "option_combo" {
			return nil, false, false, inst, input.Invalid(kn.Path, k, "combos are not imported: import their legs")
		}
	}
	nameNode, err := obj.Required("instrument_name")
	if err != nil {
		return nil, false, false, inst, err
	}
	if inst.name, err = nameNode.String(); err != nil {
		return nil, false, false, inst, err
	}
	if inst.instrument, err = parseInstrument(nameNode.Path, inst.name); err != nil {
		return nil, false, false, inst, err
	}
	if err := checkKind(obj, inst.kind); err != nil {
		return nil, false, false, inst, err
	}
	sizeNode, err := obj.Required("size")
	if err != nil {
		return nil, false, false, inst, err
	}
	size, err := decimalOf(sizeNode)
	if err != nil {
		return nil, false, false, inst, err
	}
	if err := checkDirection(obj, size); err != nil {
		return nil, false, false, inst, err
	}
	_, hasELP := obj.Optional("estimated_liquidation_price")
	if err := checkNumbers(obj, "estimated_liquidation_price", "delta", "gamma", "vega", "theta", "floating_profit_loss",
		"floating_profit_loss_usd", "index_price", "initial_margin", "interest_value", "leverage", "maintenance_margin",
		"open_orders_margin", "realized_funding", "realized_profit_loss", "realized_profit_loss_session",
		"settlement_price", "total_profit_loss", "average_price_usd", "mark_price", "size_currency"); err != nil {
		return nil, false, false, inst, err
	}
	delta1 := inst.kind != "option"
	var entry money.Decimal
	if an, ok := obj.Optional("average_price"); ok && delta1 {
		if entry, err = decimalOf(an); err != nil {
			return nil, false, false, inst, err
		}
	}
	qty, err := quantity(obj, inst.instrument, size, entry, sizeNode.Path)
	if err != nil {
		return nil, false, false, inst, err
	}
	p := &importer.PositionDoc{Kind: inst.kind, Underlying: inst.underlying, Quantity: qty.String()}
	if inst.kind != "perp" {
		p.Expiry = inst.expiry.Format(time.RFC3339)
	}
	if inst.kind == "option" {
		p.Right, p.Strike = inst.right, inst.strike.String()
	}
	if entry.Sign() > 0 {
		p.EntryPrice = entry.String()
	}
	if err := obj.Finish(); err != nil {
		return nil, false, false, inst, err
	}
	if size.Sign() == 0 {
		return nil, false, false, inst, nil
	}
	return p, hasELP, delta1, inst, nil
}

func checkKind(obj *input.Object, kind string) error {
	kn, err := obj.Required("kind")
	if err != nil {
		return err
	}
	k, err := kn.String()
	if err != nil {
		return err
	}
	want := "future"
	if kind == "option" {
		want = "option"
	}
	if k != want {
		return input.Invalid(kn.Path, k, "does not match the instrument (a %s)", want)
	}
	return nil
}

func checkDirection(obj *input.Object, size money.Decimal) error {
	dn, ok := obj.Optional("direction")
	if !ok {
		return nil
	}
	d, err := dn.String()
	if err != nil {
		return err
	}
	want := map[int]string{1: "buy", -1: "sell", 0: "zero"}[size.Sign()]
	if d != want && !(size.Sign() == 0 && (d == "buy" || d == "sell")) {
		return input.Invalid(dn.Path, d, "disagrees with the size's sign (want %q)", want)
	}
	return nil
}

// quantity returns the signed position size in units of the underlying: an
// inverse USD size over its average price when there is one (> 0).
func quantity(obj *input.Object, in instrument, size, average money.Decimal, sizePath string) (money.Decimal, error) {
	if in.kind == "option" || in.settlement != in.underlying {
		return size, nil // options and linear futures: base currency already
	}
	if average.Sign() > 0 {
		return usdOver(size, average)
	}
	if sc, ok := obj.Optional("size_currency"); ok {
		d, err := decimalOf(sc)
		if err != nil {
			return money.Decimal{}, err
		}
		if d.Sign() != 0 && size.Sign() != 0 && d.Sign() != size.Sign() {
			d = d.Neg() // size_currency carries the size's sign
		}
		if d.Sign() == 0 && size.Sign() != 0 {
			return money.Decimal{}, input.Invalid(sc.Path, sc.Text(), "is 0 for a non-zero size")
		}
		return d, nil
	}
	mn, ok := obj.Optional("mark_price")
	if !ok {
		return money.Decimal{}, input.Errorf(sizePath, "is in USD for an inverse future: size_currency or mark_price is needed")
	}
	mark, err := decimalOf(mn)
	if err != nil {
		return money.Decimal{}, err
	}
	if mark.Sign() <= 0 {
		return money.Decimal{}, input.Invalid(mn.Path, mn.Text(), "must be > 0 to convert a USD size")
	}
	return usdOver(size, mark)
}

// usdOver is a USD size over a price, exactly, truncated at 18 decimals.
func usdOver(size, price money.Decimal) (money.Decimal, error) {
	q := new(big.Rat).Quo(size.Rat(), price.Rat())
	s, _ := plain(q, money.MaxScale)
	return money.ParseDecimal(s)
}
