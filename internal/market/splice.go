// Splice: one market document with one group of another's risk factors,
// for the margin-change waterfall (margin.Explain). Works on the JSON
// document, not the Snapshot, so every value (decimal strings included)
// passes through byte for byte and the result loads as any document does.
//
// Groups: FactorPrice is the spot price of each asset present in both
// documents, the forward curves and the venue prices; FactorVol is the
// flat vol of each asset present in both and the vol surfaces. Everything
// else (as_of, oracle times, rates, depth, correlations, assets only in one
// of the two) stays the base's: it moves in the waterfall's time step,
// where the whole other document is taken.
package market

import (
	"encoding/json"
	"fmt"
)

// Factor names a group of risk factors Splice copies.
type Factor int

// The groups Splice copies.
const (
	FactorPrice Factor = iota // assets[*].price, forwards, venue_prices
	FactorVol                 // assets[*].vol, vol_surfaces
)

// Splice returns base with from's values of factor. Both documents must be
// JSON objects (they are checked again when the result is loaded). A key
// from lacks is removed from the result when the group owns it (a vol
// surface B dropped is dropped), so the final step of a waterfall lands
// exactly on from.
func Splice(base, from []byte, factor Factor) ([]byte, error) {
	var b, f map[string]json.RawMessage
	if err := json.Unmarshal(base, &b); err != nil {
		return nil, fmt.Errorf("market splice: base: %w", err)
	}
	if err := json.Unmarshal(from, &f); err != nil {
		return nil, fmt.Errorf("market splice: other: %w", err)
	}
	field, tops := "price", []string{"forwards", "venue_prices"}
	if factor == FactorVol {
		field, tops = "vol", []string{"vol_surfaces"}
	}
	for _, k := range tops {
		if v, ok := f[k]; ok {
			b[k] = v
		} else {
			delete(b, k)
		}
	}
	var ba, fa map[string]map[string]json.RawMessage
	if err := unmarshalIf(b["assets"], &ba); err != nil {
		return nil, fmt.Errorf("market splice: base assets: %w", err)
	}
	if err := unmarshalIf(f["assets"], &fa); err != nil {
		return nil, fmt.Errorf("market splice: other assets: %w", err)
	}
	for sym, asset := range ba {
		other, ok := fa[sym]
		if !ok || asset == nil || other == nil {
			continue
		}
		if v, ok := other[field]; ok {
			asset[field] = v
		} else {
			delete(asset, field)
		}
	}
	if ba != nil {
		raw, err := json.Marshal(ba)
		if err != nil {
			return nil, err
		}
		b["assets"] = raw
	}
	return json.Marshal(b)
}

func unmarshalIf(raw json.RawMessage, v any) error {
	if raw == nil {
		return nil
	}
	return json.Unmarshal(raw, v)
}
