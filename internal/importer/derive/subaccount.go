// The derive-subaccount importer.
package derive

import (
	"math/big"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// Source is the importer's name on the command line.
const Source = "derive-subaccount"

const (
	defaultVenueID = "derive"
	defaultChain   = "derive"
	defaultAccount = "imported"
	modelName      = "derive-pm"
	cash           = "USDC"
	// settlementHourUTC is Derive's option expiry time of day.
	settlementHourUTC = 8
)

type subaccountImporter struct{}

func init() { importer.Register(subaccountImporter{}) }

func (subaccountImporter) Source() string          { return Source }
func (subaccountImporter) Produces() importer.Kind { return importer.KindPortfolio }
func (subaccountImporter) Describe() string {
	return "Derive JSON-RPC private/get_subaccount result (docs.derive.xyz; also one element of " +
		"private/get_all_portfolios) → one derive-pm venue with the venue's reported margins"
}

// Import converts the response. Errors are *input.Error values naming the
// JSON path.
func (subaccountImporter) Import(data []byte, opts importer.Options) (any, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	sub, err := subaccountObject(root)
	if err != nil {
		return nil, err
	}
	if !sub.Has("margin_type") && sub.Has("positions") && !sub.Has("collaterals") {
		return nil, input.Errorf(sub.Path, "is a private/get_positions result (positions without margin_type "+
			"or collaterals): import the sub-account's private/get_subaccount, which carries its collateral, "+
			"margin type and margins")
	}
	mn, err := sub.Required("margin_type")
	if err != nil {
		return nil, err
	}
	marginType, err := mn.String()
	if err != nil {
		return nil, err
	}
	if marginType != "PM" && marginType != "PM2" && marginType != "SM" {
		return nil, input.Invalid(mn.Path, marginType, "must be PM, PM2 or SM")
	}
	v := importer.VenueDoc{ID: orDefault(opts.VenueID, defaultVenueID), Model: modelName,
		Chain: orDefault(opts.Chain, defaultChain), Collateral: []importer.CollateralDoc{}, Positions: []importer.PositionDoc{}}
	if err := readCollaterals(sub, &v); err != nil {
		return nil, err
	}
	held := len(v.Positions)
	if err := readPositions(sub, &v); err != nil {
		return nil, err
	}
	if marginType == "SM" && len(v.Positions) > held {
		return nil, input.Invalid(mn.Path, marginType, "is standard margin with open positions: "+
			"unimargin models Derive's portfolio margin (derive-pm) only")
	}
	if v.Reported, err = readReported(sub); err != nil {
		return nil, err
	}
	return importer.PortfolioDoc{Account: orDefault(opts.Account, defaultAccount), Venues: []importer.VenueDoc{v}}, nil
}

// subaccountObject unwraps a JSON-RPC envelope ({"result": …}) and a
// one-element get_all_portfolios array.
func subaccountObject(root input.Node) (*input.Object, error) {
	obj, err := root.Object()
	if err != nil {
		return nil, err
	}
	n, ok := obj.Optional("result")
	if !ok {
		return obj, nil
	}
	if items, isArr := n.Raw().([]any); isArr {
		arr, _ := n.Array()
		if len(items) != 1 {
			return nil, input.Errorf(n.Path, "holds %d sub-accounts: import one at a time (private/get_subaccount)", len(items))
		}
		n = arr[0]
	}
	return n.Object()
}

func decimalField(obj *input.Object, name string) (money.Decimal, input.Node, error) {
	n, err := obj.Required(name)
	if err != nil {
		return money.Decimal{}, n, err
	}
	d, err := n.Decimal()
	if err != nil {
		return money.Decimal{}, n, err
	}
	if !portfolio.AmountInRange(d) {
		return money.Decimal{}, n, input.Invalid(n.Path, n.Text(), "overflows: must be ≤ 1e30")
	}
	return d, n, nil
}

func symbol(obj *input.Object, name string) (string, error) {
	n, err := obj.Required(name)
	if err != nil {
		return "", err
	}
	s, err := n.String()
	if err != nil {
		return "", err
	}
	if s == "" || len(s) > 32 || strings.ContainsAny(s, " \t\n/\"") {
		return "", input.Invalid(n.Path, s, "is not a valid asset symbol")
	}
	return s, nil
}

func readCollaterals(sub *input.Object, v *importer.VenueDoc) error {
	n, err := sub.Required("collaterals")
	if err != nil {
		return err
	}
	items, err := n.Array()
	if err != nil {
		return err
	}
	for _, it := range items {
		co, err := it.Object()
		if err != nil {
			return err
		}
		asset, err := symbol(co, "asset_name")
		if err != nil {
			return err
		}
		amount, an, err := decimalField(co, "amount")
		if err != nil {
			return err
		}
		switch {
		case amount.Sign() < 0 && asset == cash:
			v.Positions = append(v.Positions, importer.PositionDoc{Kind: "borrow", Asset: cash, Amount: amount.Abs().String()})
		case amount.Sign() < 0:
			return input.Invalid(an.Path, an.Text(), "is negative: only USDC (Derive's cash) can be borrowed")
		case amount.Sign() > 0:
			v.Collateral = append(v.Collateral, importer.CollateralDoc{Asset: asset, Amount: amount.String()})
		}
	}
	return nil
}

func readPositions(sub *input.Object, v *importer.VenueDoc) error {
	n, err := sub.Required("positions")
	if err != nil {
		return err
	}
	items, err := n.Array()
	if err != nil {
		return err
	}
	for _, it := range items {
		po, err := it.Object()
		if err != nil {
			return err
		}
		nn, err := po.Required("instrument_name")
		if err != nil {
			return err
		}
		name, err := nn.String()
		if err != nil {
			return err
		}
		p, err := parseInstrument(nn.Path, name)
		if err != nil {
			return err
		}
		amount, an, err := decimalField(po, "amount")
		if err != nil {
			return err
		}
		if !portfolio.QuantityInRange(amount) {
			return input.Invalid(an.Path, an.Text(), "overflows: abs(amount) must be ≤ 1e15")
		}
		if amount.Sign() == 0 {
			continue
		}
		p.Quantity = amount.String()
		if p.Kind == "perp" {
			avg, avn, err := decimalField(po, "average_price")
			if err != nil {
				return err
			}
			if avg.Sign() <= 0 {
				return input.Invalid(avn.Path, avn.Text(), "must be > 0")
			}
			p.EntryPrice = avg.String()
		}
		v.Positions = append(v.Positions, p)
	}
	return nil
}

// parseInstrument reads "ETH-PERP" or "ETH-20240628-3000-C".
func parseInstrument(path, name string) (importer.PositionDoc, error) {
	bad := func(why string) (importer.PositionDoc, error) {
		return importer.PositionDoc{}, input.Invalid(path, name, "is not a Derive instrument name (%s)", why)
	}
	parts := strings.Split(name, "-")
	under := parts[0]
	if under == "" || len(under) > 16 || strings.ToUpper(under) != under || strings.ContainsAny(under, " \t\n/\"") {
		return bad("the currency must be upper case, as in ETH-PERP")
	}
	switch {
	case len(parts) == 2 && parts[1] == "PERP":
		return importer.PositionDoc{Kind: "perp", Underlying: under}, nil
	case len(parts) != 4:
		return bad("want CUR-PERP or CUR-YYYYMMDD-STRIKE-C|P")
	}
	day, err := time.Parse("20060102", parts[1])
	if err != nil {
		return bad("the expiry must be YYYYMMDD")
	}
	strike, err := money.ParseDecimal(parts[2])
	if err != nil || strike.Sign() <= 0 || !portfolio.AmountInRange(strike) {
		return bad("the strike must be a positive number")
	}
	right := map[string]string{"C": "call", "P": "put"}[parts[3]]
	if right == "" {
		return bad("the right must be C or P")
	}
	expiry := day.Add(settlementHourUTC * time.Hour).UTC().Format(time.RFC3339)
	return importer.PositionDoc{Kind: "option", Underlying: under, Right: right, Strike: strike.String(), Expiry: expiry}, nil
}

// figureField reads a reported figure. Derive renders these from binary
// floating point, exactly, to as many as 40 places (318.07603250000011030…);
// digits past the 18th decimal are float artefacts far below a cent and are
// cut (toward zero) before the exact parse.
func figureField(obj *input.Object, name string) (money.Decimal, error) {
	n, err := obj.Required(name)
	if err != nil {
		return money.Decimal{}, err
	}
	text, err := n.DecimalText()
	if err != nil {
		return money.Decimal{}, err
	}
	if whole, frac, ok := strings.Cut(text, "."); ok && len(frac) > 18 && !strings.ContainsAny(text, "eE") {
		text = whole + "." + frac[:18]
	}
	d, err := money.ParseDecimal(text)
	if err != nil {
		return money.Decimal{}, input.Invalid(n.Path, n.Text(), "%s", err.Error())
	}
	if !portfolio.AmountInRange(d) {
		return money.Decimal{}, input.Invalid(n.Path, n.Text(), "overflows: must be ≤ 1e30")
	}
	return d, nil
}

// readReported returns the venue's own figures in equity terms. Derive
// reports margins as headroom, value − requirement (PMRM_2: MM = MTM + cash
// + mm_factor × worst loss − contingencies), so the requirements are
// initial = subaccount_value − initial_margin and maintenance =
// subaccount_value − maintenance_margin: the derive-pm model's own
// translation (internal/venue/derive/model.go).
func readReported(sub *input.Object) (*importer.ReportedDoc, error) {
	rep := &importer.ReportedDoc{Source: "derive private/get_subaccount"}
	value, err := figureField(sub, "subaccount_value")
	if err != nil {
		return nil, err
	}
	rep.Equity = value.String()
	for _, f := range []struct {
		name string
		dst  *string
	}{{"initial_margin", &rep.Initial}, {"maintenance_margin", &rep.Maintenance}} {
		if _, ok := sub.Optional(f.name); !ok {
			continue
		}
		headroom, err := figureField(sub, f.name)
		if err != nil {
			return nil, err
		}
		need, err := money.DecimalFromRatFloor(new(big.Rat).Sub(value.Rat(), headroom.Rat()), 18)
		if err != nil {
			return nil, err
		}
		if need.Sign() < 0 { // headroom above value: nothing is required
			need = money.Decimal{}
		}
		if !portfolio.AmountInRange(need) {
			return nil, input.Invalid(input.Join(sub.Path, f.name), headroom.String(), "makes the requirement overflow 1e30")
		}
		*f.dst = need.String()
	}
	return rep, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
