// Books: the books file (reference books with their rationale) or a plain
// portfolio file, and how a book is re-established on each day.
package backtest

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/money"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// MaxBooks bounds a books file.
const MaxBooks = 100

// Book is one book to replay.
type Book struct {
	Name      string
	Hedged    bool   // delta-neutral by construction: the target is no exceedance
	Rationale string // why the book is in the set
	// Anchor is the day the book's option strikes and option and future
	// expiries are written for; zero for a plain portfolio file (then the
	// backtest's first day).
	Anchor    time.Time
	Portfolio *portfolio.Portfolio
}

// ParseBooks reads a books file, {"anchor": RFC 3339 day, "books": [{"name",
// "hedged", "rationale", "portfolio": portfolio.json}]}, or a plain
// portfolio document (one book named by its account, anchored on the first
// backtest day). Every error is an *input.Error naming the JSON path.
func ParseBooks(data []byte) ([]Book, error) {
	root, err := input.Decode(data)
	if err != nil {
		return nil, err
	}
	obj, err := root.Object()
	if err != nil {
		return nil, err
	}
	if obj.Has("venues") || obj.Has("account") {
		p, err := portfolio.ParseNode(root)
		if err != nil {
			return nil, err
		}
		return []Book{{Name: p.Account, Portfolio: p}}, nil
	}
	an, err := obj.Required("anchor")
	if err != nil {
		return nil, err
	}
	anchor, err := an.Time()
	if err != nil {
		return nil, err
	}
	if !anchor.Equal(anchor.Truncate(24 * time.Hour)) {
		return nil, input.Invalid(an.Path, an.Text(), "must be a day at 00:00:00Z")
	}
	bn, err := obj.Required("books")
	if err != nil {
		return nil, err
	}
	items, err := bn.Array()
	if err != nil {
		return nil, err
	}
	if len(items) == 0 || len(items) > MaxBooks {
		return nil, input.Errorf(bn.Path, "has %d books, want 1 to %d", len(items), MaxBooks)
	}
	var books []Book
	seen := map[string]bool{}
	for _, it := range items {
		b, err := parseBook(it)
		if err != nil {
			return nil, err
		}
		if seen[b.Name] {
			return nil, input.Invalid(input.Join(it.Path, "name"), b.Name, "is used by another book")
		}
		seen[b.Name] = true
		b.Anchor = anchor
		books = append(books, b)
	}
	return books, obj.Finish()
}

func parseBook(n input.Node) (Book, error) {
	var b Book
	obj, err := n.Object()
	if err != nil {
		return b, err
	}
	nn, err := obj.Required("name")
	if err != nil {
		return b, err
	}
	// the name names the book's plot file and a row of backtest.md
	if b.Name, err = portfolio.Identifier(nn); err != nil {
		return b, err
	}
	if hn, ok := obj.Optional("hedged"); ok {
		if b.Hedged, err = hn.Bool(); err != nil {
			return b, err
		}
	}
	if rn, ok := obj.Optional("rationale"); ok {
		if b.Rationale, err = rn.String(); err != nil {
			return b, err
		}
	}
	pn, err := obj.Required("portfolio")
	if err != nil {
		return b, err
	}
	if b.Portfolio, err = portfolio.ParseNode(pn); err != nil {
		return b, err
	}
	return b, obj.Finish()
}

// marketAssets names the assets a backtest market prices, for errors.
func marketAssets() string {
	names := make([]string, len(dayAssets))
	for i, a := range dayAssets {
		names[i] = a.sym
	}
	return strings.Join(names, ", ")
}

// checkOn checks the book against its anchor market m: every asset priced
// (else an input error naming the field and the assets the data covers),
// every dated position with a tenor beyond the longest horizon, and every
// venue margined by its model (an unknown model, a position kind or asset
// the model refuses: its error, naming the field), as each day will be.
func (b *Book) checkOn(m *market.Snapshot) error {
	if err := portfolio.Check(b.Portfolio, m); err != nil {
		var ie *input.Error
		if errors.As(err, &ie) && strings.Contains(ie.Reason, "missing from the market") {
			cp := *ie
			cp.Reason += " (the backtest's markets price " + marketAssets() +
				": the embedded data is ETH and BTC)"
			return &cp
		}
		return err
	}
	for vi := range b.Portfolio.Venues {
		v := &b.Portfolio.Venues[vi]
		for pi := range v.Positions {
			p := &v.Positions[pi]
			if p.Kind != portfolio.KindOption && p.Kind != portfolio.KindFuture {
				continue
			}
			if tenor := p.Expiry.Sub(m.AsOf); tenor <= time.Duration(LongHorizonDays)*24*time.Hour {
				path := input.Join(input.Index(input.Join(v.Path, "positions"), pi), "expiry")
				return input.Invalid(path, p.Expiry.Format(time.RFC3339),
					"is %.1f days after the book's anchor %s; the backtest holds the tenor and needs more than %d days (the longest horizon)",
					tenor.Hours()/24, m.AsOf.Format("2006-01-02"), LongHorizonDays)
			}
		}
	}
	for vi := range b.Portfolio.Venues {
		if _, err := venue.Margin(&b.Portfolio.Venues[vi], m); err != nil {
			return err
		}
	}
	return nil
}

// on returns the book re-established on day (whose market is m), from its
// anchor market a: the same units; perp and future entry prices at m's
// spot (the position is opened at the day's price, so it starts with no
// unrealised P&L) and accrued funding cleared; options and futures at the
// anchor's tenor; option strikes at the anchor's moneyness, to the cent.
func (b *Book) on(m, a *market.Snapshot) *portfolio.Portfolio {
	cp := &portfolio.Portfolio{Account: b.Portfolio.Account, Venues: make([]portfolio.Venue, len(b.Portfolio.Venues))}
	shift := m.AsOf.Sub(a.AsOf)
	for vi, v := range b.Portfolio.Venues {
		v.Positions = append([]portfolio.Position(nil), v.Positions...)
		for pi := range v.Positions {
			p := &v.Positions[pi]
			if !p.Kind.IsDerivative() {
				continue
			}
			spot := m.Spot(p.Underlying)
			switch p.Kind {
			case portfolio.KindOption:
				p.Strike, p.StrikeF = cents(p.StrikeF * spot / a.Spot(p.Underlying))
				p.Expiry = p.Expiry.Add(shift)
			case portfolio.KindFuture:
				p.Expiry = p.Expiry.Add(shift)
			}
			if p.Kind != portfolio.KindOption {
				p.EntryPrice, p.EntryF = cents(spot)
				p.HasEntry = true
				p.Funding, p.FundingF = money.Decimal{}, 0
			}
		}
		cp.Venues[vi] = v
	}
	return cp
}

// cents rounds a positive USD price to the cent, as a decimal and a float
// that agree.
func cents(x float64) (money.Decimal, float64) {
	x = math.Max(math.Round(x*100)/100, 0.01)
	s := strconv.FormatFloat(x, 'f', 2, 64)
	return money.MustDecimal(s), x
}
