// The margin report's derived tables: every position and collateral entry
// with its share of unified initial margin, and the breakdowns by
// underlying and by venue. They need the book and the market beside the
// report, so they are rows added to the report's own (Flatten), never
// figures the JSON lacks under another name.
package export

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/market"
	"github.com/unimargin/unimargin/internal/portfolio"
)

// MarginRows returns the rows of sections position, collateral,
// by_underlying (gross notional Σ|q|·spot of derivatives, net delta from the
// report's Greeks, the positions' share of unified initial) and by_venue
// (fragmented initial and maintenance, the venue's share of unified initial,
// its carry total when the market gives rates).
func MarginRows(p *portfolio.Portfolio, m *market.Snapshot, rep *margin.Report) []Row {
	var rows []Row
	add := func(section, venue, key, field, value string) {
		rows = append(rows, Row{section, venue, key, field, value})
	}
	posInitial, colInitial := map[[2]int]float64{}, map[[2]int]float64{}
	venueIndex := map[string]int{}
	for i, v := range p.Venues {
		venueIndex[v.ID] = i
	}
	byVenue := map[string]float64{}
	for _, a := range rep.Attribution {
		vi := venueIndex[a.Venue]
		byVenue[a.Venue] += a.Initial
		if a.Position != nil {
			posInitial[[2]int{vi, *a.Position}] += a.Initial
		} else if a.Collateral != nil {
			colInitial[[2]int{vi, *a.Collateral}] += a.Initial
		}
	}
	type under struct{ gross, initial float64 }
	byUnder := map[string]*under{}
	for vi, v := range p.Venues {
		for ci, c := range v.Collateral {
			k := strconv.Itoa(ci)
			add("collateral", v.ID, k, "asset", c.Asset)
			add("collateral", v.ID, k, "amount", c.Amount.String())
			add("collateral", v.ID, k, "value_usd", Num(c.AmountF*m.Spot(c.Asset)))
			add("collateral", v.ID, k, "unified_initial", Num(colInitial[[2]int{vi, ci}]))
		}
		for pi := range v.Positions {
			pos := &v.Positions[pi]
			k := strconv.Itoa(pi)
			add("position", v.ID, k, "kind", string(pos.Kind))
			asset := pos.HoldingAsset()
			if pos.Kind.IsDerivative() {
				add("position", v.ID, k, "underlying", asset)
				add("position", v.ID, k, "quantity", pos.Quantity.String())
				if pos.Kind == portfolio.KindOption {
					add("position", v.ID, k, "right", pos.Right.String())
					add("position", v.ID, k, "strike", pos.Strike.String())
				}
				if !pos.Expiry.IsZero() {
					add("position", v.ID, k, "expiry", pos.Expiry.Format(time.RFC3339))
				}
				if pos.HasEntry {
					add("position", v.ID, k, "entry_price", pos.EntryPrice.String())
				}
			} else {
				add("position", v.ID, k, "asset", asset)
				add("position", v.ID, k, "amount", pos.Amount.String())
			}
			init := posInitial[[2]int{vi, pi}]
			add("position", v.ID, k, "unified_initial", Num(init))
			u := byUnder[asset]
			if u == nil {
				u = &under{}
				byUnder[asset] = u
			}
			if pos.Kind.IsDerivative() {
				u.gross += math.Abs(pos.QuantityF) * m.Spot(asset)
			}
			u.initial += init
		}
	}
	for _, a := range slices.Sorted(maps.Keys(byUnder)) {
		u := byUnder[a]
		add("by_underlying", "", a, "gross_notional", Num(u.gross))
		if g, ok := rep.Greeks[a]; ok {
			add("by_underlying", "", a, "delta_usd", Num(g.DeltaUSD))
		}
		add("by_underlying", "", a, "unified_initial", Num(u.initial))
	}
	for _, v := range rep.Venues {
		add("by_venue", v.ID, v.ID, "fragmented_initial", Num(v.Initial))
		add("by_venue", v.ID, v.ID, "fragmented_maintenance", Num(v.Maintenance))
		add("by_venue", v.ID, v.ID, "unified_initial", Num(byVenue[v.ID]))
		if v.Carry != nil {
			add("by_venue", v.ID, v.ID, "carry_per_year", Num(v.Carry.Total))
		}
	}
	return rows
}
