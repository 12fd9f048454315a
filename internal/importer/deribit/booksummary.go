// deribit-book-summary: public/get_book_summary_by_currency (kind=option) →
// a market document.
package deribit

import (
	"math/big"
	"sort"
	"time"

	"github.com/unimargin/unimargin/internal/importer"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/money"
)

type bookSummary struct{}

func (bookSummary) Source() string          { return "deribit-book-summary" }
func (bookSummary) Produces() importer.Kind { return importer.KindMarket }
func (bookSummary) Describe() string {
	return "Deribit public/get_book_summary_by_currency response, kind=option " +
		"(docs.deribit.com/api-reference/market-data/public-get_book_summary_by_currency)"
}

// row is one option's summary.
type row struct {
	path       string
	inst       instrument
	underlying money.Decimal // underlying_price
	index      string        // underlying_index: a future name, SYN.…, or "index_price"
	delivery   *money.Decimal
	markIV     *float64 // fraction (mark_iv / 100)
	rate       *float64
	createdMs  int64
}

// Import converts the summary rows into a market document:
//
//   - as_of: opts.AsOf, else the latest creation_timestamp (milliseconds);
//   - the underlying's price: estimated_delivery_price of the latest row (the
//     index), else underlying_price of rows whose underlying_index is
//     "index_price" (priced on the index itself);
//   - forwards: per expiry, the underlying_price of rows priced on a future
//     or a synthetic future (underlying_index not "index_price");
//   - vol surface per expiry: strikes with mark_iv / 100 (Deribit quotes
//     mark_iv in percent), the mean where a call and a put of one strike
//     differ; rows without mark_iv and expired rows are left out;
//   - rates.USD: interest_rate of the latest row.
//
// Rows must be options of one underlying.
func (bookSummary) Import(data []byte, opts importer.Options) (any, error) {
	items, err := result(data)
	if err != nil {
		return nil, err
	}
	rows := make([]row, 0, len(items))
	for _, it := range items {
		r, err := readRow(it)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 && r.inst.underlying != rows[0].inst.underlying {
			return nil, input.Invalid(input.Join(r.path, "instrument_name"), r.inst.underlying,
				"is another underlying than %s's %s: import one currency at a time", rows[0].path, rows[0].inst.underlying)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, input.Errorf("result", "has no options")
	}
	latest := rows[0]
	for _, r := range rows[1:] {
		if r.createdMs > latest.createdMs {
			latest = r
		}
	}
	asOf := time.UnixMilli(latest.createdMs).UTC()
	if opts.AsOf != "" {
		if asOf, err = input.ParseTime("as_of", opts.AsOf); err != nil {
			return nil, err
		}
	}
	doc := &importer.MarketDoc{AsOf: asOf.Format(time.RFC3339Nano), Assets: map[string]importer.AssetDoc{}}
	u := latest.inst.underlying
	price, err := indexPrice(rows, latest)
	if err != nil {
		return nil, err
	}
	doc.Assets[u] = importer.AssetDoc{Price: price.String()}
	if latest.rate != nil {
		doc.Rates = map[string]float64{"USD": *latest.rate}
	}
	surface, forwards := curves(rows, asOf)
	if len(surface) > 0 {
		doc.VolSurfaces = map[string][]importer.SmileDoc{u: surface}
	}
	if len(forwards) > 0 {
		doc.Forwards = map[string][]importer.ForwardDoc{u: forwards}
	}
	return doc, nil
}

func readRow(n input.Node) (row, error) {
	r := row{path: n.Path}
	obj, err := n.Object()
	if err != nil {
		return r, err
	}
	nn, err := obj.Required("instrument_name")
	if err != nil {
		return r, err
	}
	name, err := nn.String()
	if err != nil {
		return r, err
	}
	if r.inst, err = parseInstrument(nn.Path, name); err != nil {
		return r, err
	}
	if r.inst.kind != "option" {
		return r, input.Invalid(nn.Path, name, "is not an option: request kind=option")
	}
	un, err := obj.Required("underlying_price")
	if err != nil {
		return r, err
	}
	if r.underlying, err = decimalOf(un); err != nil {
		return r, err
	}
	if r.underlying.Sign() <= 0 {
		return r, input.Invalid(un.Path, un.Text(), "must be > 0")
	}
	in, err := obj.Required("underlying_index")
	if err != nil {
		return r, err
	}
	if r.index, err = in.String(); err != nil {
		return r, err
	}
	cn, err := obj.Required("creation_timestamp")
	if err != nil {
		return r, err
	}
	if r.createdMs, err = cn.Int(); err != nil || r.createdMs <= 0 || r.createdMs > 1e14 {
		return r, input.Invalid(cn.Path, cn.Text(), "must be a time in milliseconds since 1970")
	}
	if dn, ok := obj.Optional("estimated_delivery_price"); ok {
		d, err := decimalOf(dn)
		if err != nil {
			return r, err
		}
		if d.Sign() <= 0 {
			return r, input.Invalid(dn.Path, dn.Text(), "must be > 0")
		}
		r.delivery = &d
	}
	if vn, ok := obj.Optional("mark_iv"); ok {
		v, err := vn.Float()
		if err != nil {
			return r, err
		}
		if v < 0 || v > 10000 {
			return r, input.Invalid(vn.Path, vn.Text(), "must be a volatility in percent between 0 and 10000")
		}
		v /= 100
		r.markIV = &v
	}
	if rn, ok := obj.Optional("interest_rate"); ok {
		v, err := rn.Float()
		if err != nil {
			return r, err
		}
		if v < -1 || v > 10 {
			return r, input.Invalid(rn.Path, rn.Text(), "must be a rate between -1 and 10")
		}
		r.rate = &v
	}
	if err := checkNumbers(obj, "volume", "volume_usd", "volume_notional", "price_change", "open_interest",
		"mid_price", "mark_price", "low", "high", "last", "bid_price", "ask_price", "bid_iv", "ask_iv",
		"delivery_price", "current_funding", "funding_8h"); err != nil {
		return r, err
	}
	if err := checkStrings(obj, "quote_currency", "base_currency"); err != nil {
		return r, err
	}
	return r, obj.Finish()
}

// indexPrice is the underlying's index price (see Import).
func indexPrice(rows []row, latest row) (money.Decimal, error) {
	if latest.delivery != nil {
		return *latest.delivery, nil
	}
	for _, r := range rows {
		if r.delivery != nil {
			return *r.delivery, nil
		}
	}
	for _, r := range rows {
		if r.index == "index_price" {
			return r.underlying, nil
		}
	}
	return money.Decimal{}, input.Errorf("result", "gives no index price (no estimated_delivery_price and no "+
		"row with underlying_index \"index_price\")")
}

// curves builds the vol surface and the forwards, by expiry.
func curves(rows []row, asOf time.Time) ([]importer.SmileDoc, []importer.ForwardDoc) {
	type point struct {
		sum float64
		n   int
	}
	smiles := map[time.Time]map[string]*point{}
	strikes := map[time.Time]map[string]*big.Rat{}
	fwd := map[time.Time]row{}
	for _, r := range rows {
		e := r.inst.expiry
		if !e.After(asOf) {
			continue
		}
		if r.index != "index_price" {
			if prev, ok := fwd[e]; !ok || r.createdMs > prev.createdMs {
				fwd[e] = r
			}
		}
		if r.markIV == nil {
			continue
		}
		if smiles[e] == nil {
			smiles[e], strikes[e] = map[string]*point{}, map[string]*big.Rat{}
		}
		k := r.inst.strike.String()
		p := smiles[e][k]
		if p == nil {
			p = &point{}
			smiles[e][k], strikes[e][k] = p, r.inst.strike.Rat()
		}
		p.sum += *r.markIV
		p.n++
	}
	var surface []importer.SmileDoc
	for _, e := range sortedTimes(smiles) {
		ks := make([]string, 0, len(smiles[e]))
		for k := range smiles[e] {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return strikes[e][ks[i]].Cmp(strikes[e][ks[j]]) < 0 })
		s := importer.SmileDoc{Expiry: e.Format(time.RFC3339)}
		for _, k := range ks {
			s.Strikes = append(s.Strikes, k)
			s.Vols = append(s.Vols, smiles[e][k].sum/float64(smiles[e][k].n))
		}
		surface = append(surface, s)
	}
	var forwards []importer.ForwardDoc
	for _, e := range sortedTimes(fwd) {
		forwards = append(forwards, importer.ForwardDoc{Expiry: e.Format(time.RFC3339), Price: fwd[e].underlying.String()})
	}
	return surface, forwards
}

func sortedTimes[V any](m map[time.Time]V) []time.Time {
	out := make([]time.Time, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}
