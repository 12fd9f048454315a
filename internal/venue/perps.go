// Netting a perpetuals-only venue (dYdX v4, Hyperliquid): every position
// must be a perp; positions on one underlying are one position whose
// quantity, unrealised P&L from each entry and accrued funding are summed.
package venue

import (
	"sort"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// NetPerp is one underlying's perpetuals of a venue, netted.
type NetPerp struct {
	Underlying string
	First      int     // index of its first position in the venue (for error paths)
	Quantity   float64 // net, units of the underlying, negative = short
	PnL        float64 // Σ unrealised P&L from each position's entry, USD
	// EntryQuantity is the net quantity of the positions with an entry
	// price: PnL moves by EntryQuantity × the price move (a position
	// without an entry counts no P&L).
	EntryQuantity float64
	Funding       float64 // Σ accrued funding, USD
}

// NetPerps nets v's positions per underlying, sorted by underlying. A
// position of another kind is an input error at its kind ("is not traded
// on <model> (perpetuals only)").
func NetPerps(v *portfolio.Venue, m *market.Snapshot, model string) ([]NetPerp, error) {
	var book []NetPerp
	index := map[string]int{}
	for j := range v.Positions {
		p := &v.Positions[j]
		if p.Kind != portfolio.KindPerp {
			return nil, input.Invalid(input.Join(input.Index(input.Join(v.Path, "positions"), j), "kind"),
				string(p.Kind), "is not traded on %s (perpetuals only)", model)
		}
		i, ok := index[p.Underlying]
		if !ok {
			i = len(book)
			index[p.Underlying] = i
			book = append(book, NetPerp{Underlying: p.Underlying, First: j})
		}
		q := &book[i]
		q.Quantity += p.QuantityF
		q.Funding += p.FundingF
		if p.HasEntry {
			q.PnL += p.QuantityF * (m.VenueSpot(v.ID, p.Underlying) - p.EntryF)
			q.EntryQuantity += p.QuantityF
		}
	}
	sort.Slice(book, func(a, b int) bool { return book[a].Underlying < book[b].Underlying })
	return book, nil
}
