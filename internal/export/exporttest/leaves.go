// Package exporttest holds the independent check of CSV reports for tests
// of the CLI, the server and export itself: a JSON document's leaves,
// collected by a walker that shares no code with export's flattening.
package exporttest

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
)

// Leaves lists every scalar of a JSON document as a CSV report prints it
// (numbers as written, a negative zero as 0, null as "", true/false),
// sorted.
func Leaves(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case nil:
			out = append(out, "")
		case bool:
			out = append(out, strconv.FormatBool(x))
		case json.Number:
			if f, err := x.Float64(); err == nil && f == 0 && math.Signbit(f) {
				out = append(out, "0") // a negative zero is printed 0
				break
			}
			out = append(out, x.String())
		case string:
			out = append(out, x)
		}
	}
	walk(doc)
	sort.Strings(out)
	return out, nil
}
