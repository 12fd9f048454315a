// A trade for what-ifs and hedges: a venue id and one position as in
// portfolio.json, parsed and checked with the portfolio's own rules.
package margin

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// Trade is one position to add at one venue of the book.
type Trade struct {
	Venue    string
	Position portfolio.Position
}

// tradeVenuePath is the path the portfolio parser gives the wrapped position.
const tradeVenuePath = "venues[0].positions[0]"

// ParseTrade reads a trade file: {"venue": ID, "position": {…}}. The
// position follows portfolio.json's rules exactly (it is parsed by the
// portfolio parser), and its errors name paths under "position". Errors
// are *input.Error values without a file name.
func ParseTrade(data []byte) (*Trade, error) {
	obj, err := input.DecodeObject(data)
	if err != nil {
		return nil, err
	}
	vn, err := obj.Required("venue")
	if err != nil {
		return nil, err
	}
	t := &Trade{}
	if t.Venue, err = vn.String(); err != nil {
		return nil, err
	}
	pn, err := obj.Required("position")
	if err != nil {
		return nil, err
	}
	if err := obj.Finish(); err != nil {
		return nil, err
	}
	// Wrap the position in a one-venue document so that the portfolio
	// parser applies every rule of the contract, then move its paths.
	doc := map[string]any{"account": "trade", "venues": []any{map[string]any{
		"id": "trade", "model": "custody", "chain": "ethereum", "collateral": []any{},
		"positions": []any{pn.Raw()}}}}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	book, err := portfolio.Parse(raw)
	if err != nil {
		return nil, movePath(err, tradeVenuePath, "position")
	}
	t.Position = book.Venues[0].Positions[0]
	return t, nil
}

// movePath rewrites an *input.Error's path prefix from → to.
func movePath(err error, from, to string) error {
	var ie *input.Error
	if !errors.As(err, &ie) {
		return err
	}
	cp := *ie
	switch {
	case cp.Path == from:
		cp.Path = to
	case strings.HasPrefix(cp.Path, from+".") || strings.HasPrefix(cp.Path, from+"["):
		cp.Path = to + cp.Path[len(from):]
	}
	return &cp
}

func unknownVenue(id string, book *portfolio.Portfolio) error {
	ids := make([]string, len(book.Venues))
	for i := range book.Venues {
		ids[i] = book.Venues[i].ID
	}
	sort.Strings(ids)
	return input.Invalid("venue", id, "is not a venue of the portfolio (venues: %s)", strings.Join(ids, ", "))
}

// CheckTrade checks a trade against the session's book and market: the
// venue exists, the position passes portfolio.Check, and the venue's own
// model accepts it (venue.Margin on the venue with the trade). Errors are
// *input.Error values with paths "venue" or "position…".
func (s *Session) CheckTrade(t *Trade) error {
	vi, ok := s.venueIndex[t.Venue]
	if !ok {
		return unknownVenue(t.Venue, s.a.book)
	}
	return checkTradeAt(s.a.book, s.a.m, vi, &t.Position)
}

func checkTradeAt(book *portfolio.Portfolio, m *market.Snapshot, vi int, p *portfolio.Position) error {
	applied := withPosition(book, vi, p)
	v := &applied.Venues[vi]
	at := input.Index(input.Join(v.Path, "positions"), len(v.Positions)-1)
	one := &portfolio.Portfolio{Account: book.Account, Venues: []portfolio.Venue{*v}}
	if err := portfolio.Check(one, m); err != nil {
		return movePath(err, at, "position")
	}
	if _, err := venue.Margin(v, m); err != nil {
		return movePath(err, at, "position")
	}
	return nil
}
