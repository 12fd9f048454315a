// Canonical decimals in output documents: every decimal string an importer
// writes is the one money.Decimal renders (no "-0", no "+", no trailing
// zeros, no leading zeros), so two imports of equal figures are equal
// documents and a venue's "-0" (an API's spelling of zero) becomes "0".
package importer

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/unimargin/unimargin/internal/money"
)

// decimalKeys are the fields of the output documents (document.go) that
// hold a decimal string.
var decimalKeys = map[string]bool{
	"amount": true, "quantity": true, "strike": true, "entry_price": true, "funding": true,
	"equity": true, "initial": true, "maintenance": true, "health": true,
	"price": true, "depth_usd": true,
}

// decimalTrees are fields every string below which is a decimal: a smile's
// strikes, an asset's backing ratios, venue prices by venue and asset.
var decimalTrees = map[string]bool{"strikes": true, "backed_by": true, "venue_prices": true}

// CanonicalDecimal returns s as money.Decimal renders it ("-0" and "0.0"
// are "0", "1.250" is "1.25"); text that is not a plain decimal of at most
// money.MaxUnitScale places comes back unchanged, for the contract's parser
// to refuse with its own message.
func CanonicalDecimal(s string) string {
	d, err := money.ParseDecimalUnits(s, money.MaxUnitScale)
	if err != nil {
		return s
	}
	return d.String()
}

// checkCanonical refuses a document (JSON) with a decimal field that is not
// canonical, naming its path: an importer bug, since importers render
// decimals through money.Decimal or CanonicalDecimal.
func checkCanonical(doc []byte) error {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return err
	}
	return walkCanonical(v, "", false)
}

func walkCanonical(v any, path string, decimal bool) error {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := walkCanonical(x[k], path+"."+k, decimal || decimalKeys[k] || decimalTrees[k]); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := walkCanonical(e, fmt.Sprintf("%s[%d]", path, i), decimal); err != nil {
				return err
			}
		}
	case string:
		if decimal {
			if c := CanonicalDecimal(x); c != x {
				return fmt.Errorf("%s: %q is not a canonical decimal (%q)", path[1:], x, c)
			}
		}
	}
	return nil
}
