// Parse reads portfolio.json into a Portfolio, checking structure, signs and
// limits; every error is an *input.Error naming the JSON path.
package portfolio

import (
	"regexp"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/pricing"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$`)

// The limits as decimals: input is compared with them exactly, since float64
// rounds a value a hair above (1e30 + 1e-18) to the limit itself.
var (
	maxAmount   = money.MustDecimal("1" + strings.Repeat("0", 30)) // MaxAmount
	maxQuantity = money.MustDecimal("1" + strings.Repeat("0", 15)) // MaxQuantity
)

// AmountInRange reports whether abs(d) ≤ MaxAmount, compared exactly.
func AmountInRange(d money.Decimal) bool { return d.Abs().Cmp(maxAmount) <= 0 }

// QuantityInRange reports whether abs(d) ≤ MaxQuantity, compared exactly.
func QuantityInRange(d money.Decimal) bool { return d.Abs().Cmp(maxQuantity) <= 0 }

// Parse reads a portfolio document.
func Parse(data []byte) (*Portfolio, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	return ParseNode(root)
}

// ParseNode reads a portfolio document embedded in a larger one (a books
// file's books[i].portfolio): error paths start at root's path.
func ParseNode(root input.Node) (*Portfolio, error) {
	obj, err := root.Object()
	if err != nil {
		return nil, err
	}
	p := &Portfolio{}
	an, err := obj.Required("account")
	if err != nil {
		return nil, err
	}
	if p.Account, err = Identifier(an); err != nil {
		return nil, err
	}
	vn, err := obj.Required("venues")
	if err != nil {
		return nil, err
	}
	items, err := vn.Array()
	if err != nil {
		return nil, err
	}
	if len(items) > MaxVenues {
		return nil, input.Errorf(vn.Path, "has %d venues, more than the limit of %d", len(items), MaxVenues)
	}
	seen := map[string]bool{}
	for _, it := range items {
		v, err := parseVenue(it)
		if err != nil {
			return nil, err
		}
		if seen[v.ID] {
			return nil, input.Invalid(input.Join(it.Path, "id"), v.ID, "is used by another venue")
		}
		seen[v.ID] = true
		p.Venues = append(p.Venues, v)
	}
	return p, obj.Finish()
}

// Identifier reads an id (account, venue, chain, bridge; a backtest book's
// name): 1-64 letters, digits and . _ : @ -, starting with a letter or
// digit. So an id is safe as a file name part, in a table or CSV cell
// (never a formula) and on a terminal. Errors: an *input.Error.
func Identifier(n input.Node) (string, error) {
	s, err := n.String()
	if err != nil {
		return "", err
	}
	if !idPattern.MatchString(s) {
		return "", input.Invalid(n.Path, s, "must be 1-64 characters of letters, digits and . _ : @ - (starting with a letter or digit)")
	}
	return s, nil
}

func parseVenue(n input.Node) (Venue, error) {
	obj, err := n.Object()
	if err != nil {
		return Venue{}, err
	}
	v := Venue{Path: n.Path}
	fields := []struct {
		name string
		dst  *string
	}{{"id", &v.ID}, {"model", &v.Model}, {"chain", &v.Chain}}
	for _, f := range fields {
		name, dst := f.name, f.dst
		fn, err := obj.Required(name)
		if err != nil {
			return Venue{}, err
		}
		if *dst, err = Identifier(fn); err != nil {
			return Venue{}, err
		}
	}
	if err := parseVenueOptions(obj, &v); err != nil {
		return Venue{}, err
	}
	if v.Collateral, err = parseCollateral(obj); err != nil {
		return Venue{}, err
	}
	if v.Positions, err = parsePositions(obj); err != nil {
		return Venue{}, err
	}
	return v, obj.Finish()
}

func parseVenueOptions(obj *input.Object, v *Venue) error {
	if pn, ok := obj.Optional("params"); ok {
		if _, isObj := pn.Raw().(map[string]any); !isObj {
			if _, err := pn.String(); err != nil {
				return input.Invalid(pn.Path, pn.Text(), "must be a parameter-set name or an object of overrides")
			}
		}
		v.Params = &pn
	}
	if en, ok := obj.Optional("emode"); ok {
		e, err := en.Int()
		if err != nil {
			return err
		}
		if e < 0 || e > 255 {
			return input.Invalid(en.Path, en.Text(), "must be an e-mode category between 0 and 255")
		}
		v.EMode, v.HasEMode = int(e), true
	}
	if sn, ok := obj.Optional("settlement"); ok {
		s, err := sn.String()
		if err != nil {
			return err
		}
		v.Settlement = s
	}
	return parseReported(obj, v)
}

func parseCollateral(obj *input.Object) ([]Collateral, error) {
	cn, err := obj.Required("collateral")
	if err != nil {
		return nil, err
	}
	items, err := cn.Array()
	if err != nil {
		return nil, err
	}
	out := make([]Collateral, 0, len(items))
	for _, it := range items {
		co, err := it.Object()
		if err != nil {
			return nil, err
		}
		var c Collateral
		if c.Asset, err = requiredString(co, "asset"); err != nil {
			return nil, err
		}
		if c.Amount, c.AmountF, err = unsignedAmount(co, "amount"); err != nil {
			return nil, err
		}
		if bn, ok := co.Optional("bridge"); ok {
			if c.Bridge, err = Identifier(bn); err != nil {
				return nil, err
			}
		}
		if err := co.Finish(); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func parsePositions(obj *input.Object) ([]Position, error) {
	pn, err := obj.Required("positions")
	if err != nil {
		return nil, err
	}
	items, err := pn.Array()
	if err != nil {
		return nil, err
	}
	if len(items) > MaxPositionsInVenue {
		return nil, input.Errorf(pn.Path, "has %d positions, more than the limit of %d", len(items), MaxPositionsInVenue)
	}
	out := make([]Position, 0, len(items))
	for _, it := range items {
		p, err := parsePosition(it)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parsePosition(n input.Node) (Position, error) {
	obj, err := n.Object()
	if err != nil {
		return Position{}, err
	}
	kn, err := obj.Required("kind")
	if err != nil {
		return Position{}, err
	}
	k, err := kn.String()
	if err != nil {
		return Position{}, err
	}
	p := Position{Kind: Kind(k)}
	switch p.Kind {
	case KindSpot, KindSupply, KindBorrow:
		err = parseHolding(obj, &p)
	case KindPerp, KindFuture, KindOption:
		err = parseDerivative(obj, &p)
	default:
		return Position{}, input.Invalid(kn.Path, k, "is not a position kind (spot, supply, borrow, perp, future, option)")
	}
	if err != nil {
		return Position{}, err
	}
	return p, obj.Finish()
}

func parseHolding(obj *input.Object, p *Position) error {
	var err error
	if p.Asset, err = requiredString(obj, "asset"); err != nil {
		return err
	}
	p.Amount, p.AmountF, err = unsignedAmount(obj, "amount")
	return err
}

func parseDerivative(obj *input.Object, p *Position) error {
	var err error
	if p.Underlying, err = requiredString(obj, "underlying"); err != nil {
		return err
	}
	qn, err := obj.Required("quantity")
	if err != nil {
		return err
	}
	if p.Quantity, err = qn.Decimal(); err != nil {
		return err
	}
	if p.QuantityF = p.Quantity.Float64(); !QuantityInRange(p.Quantity) {
		return input.Invalid(qn.Path, qn.Text(), "overflows: abs(quantity) must be ≤ 1e15")
	}
	if en, ok := obj.Optional("entry_price"); ok {
		if p.EntryPrice, p.EntryF, err = positive(en); err != nil {
			return err
		}
		p.HasEntry = true
	}
	if p.Kind == KindPerp {
		if err := parseFunding(obj, p); err != nil {
			return err
		}
	}
	if p.Kind == KindFuture || p.Kind == KindOption {
		en, err := obj.Required("expiry")
		if err != nil {
			return err
		}
		if p.Expiry, err = en.Time(); err != nil {
			return err
		}
	}
	if p.Kind == KindOption {
		return parseOptionTerms(obj, p)
	}
	return nil
}

// parseFunding reads a perp's accrued funding (USD, signed). Other kinds never
// read the field, so Finish reports it there as unknown.
func parseFunding(obj *input.Object, p *Position) error {
	fn, ok := obj.Optional("funding")
	if !ok {
		return nil
	}
	var err error
	if p.Funding, err = fn.Decimal(); err != nil {
		return err
	}
	if p.FundingF = p.Funding.Float64(); !AmountInRange(p.Funding) {
		return input.Invalid(fn.Path, fn.Text(), "overflows: abs(funding) must be ≤ 1e30")
	}
	return nil
}

func parseOptionTerms(obj *input.Object, p *Position) error {
	rn, err := obj.Required("right")
	if err != nil {
		return err
	}
	rs, err := rn.String()
	if err != nil {
		return err
	}
	if p.Right, err = pricing.ParseRight(rs); err != nil {
		return input.Invalid(rn.Path, rs, "must be call or put")
	}
	sn, err := obj.Required("strike")
	if err != nil {
		return err
	}
	if p.Strike, p.StrikeF, err = positive(sn); err != nil {
		return err
	}
	if stn, ok := obj.Optional("style"); ok {
		st, err := stn.String()
		if err != nil {
			return err
		}
		if st != "european" {
			return input.Invalid(stn.Path, st, "is not supported (only european options are)")
		}
	}
	return nil
}

func requiredString(obj *input.Object, name string) (string, error) {
	n, err := obj.Required(name)
	if err != nil {
		return "", err
	}
	s, err := n.String()
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", input.Invalid(n.Path, s, "must not be empty")
	}
	return s, nil
}

func unsignedAmount(obj *input.Object, name string) (money.Decimal, float64, error) {
	n, err := obj.Required(name)
	if err != nil {
		return money.Decimal{}, 0, err
	}
	d, err := n.Decimal()
	if err != nil {
		return money.Decimal{}, 0, err
	}
	if d.Sign() < 0 {
		return money.Decimal{}, 0, input.Invalid(n.Path, n.Text(), "must be ≥ 0")
	}
	if !AmountInRange(d) {
		return money.Decimal{}, 0, input.Invalid(n.Path, n.Text(), "overflows: amounts must be ≤ 1e30 units")
	}
	return d, d.Float64(), nil
}

func positive(n input.Node) (money.Decimal, float64, error) {
	d, err := n.Decimal()
	if err != nil {
		return money.Decimal{}, 0, err
	}
	if d.Sign() <= 0 {
		return money.Decimal{}, 0, input.Invalid(n.Path, n.Text(), "must be > 0")
	}
	if !AmountInRange(d) {
		return money.Decimal{}, 0, input.Invalid(n.Path, n.Text(), "overflows: must be ≤ 1e30")
	}
	return d, d.Float64(), nil
}
