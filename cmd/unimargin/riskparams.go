// risk-params: the unified model's governed parameters.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
)

type riskParamsCmd struct {
	Defaults bool `help:"Print the built-in defaults (a valid --risk-params file)." required:""`
	JSON     bool `help:"Print JSON instead of a table."`
	formatFlag
}

func (c *riskParamsCmd) Run(e *env) error {
	data, err := margin.DefaultRiskParams().MarshalDefaults()
	if err != nil {
		return fmt.Errorf("%w: encoding the default risk parameters: %v", errInternal, err)
	}
	if c.JSON || c.Format == "json" {
		return writeRawJSON(e.out, data)
	}
	if done, err := c.machine(e, false, "risk_params", json.RawMessage(data)); done {
		return err
	}
	t := newTable([]string{"parameter", "default"}, left, left)
	if err := flattenDocument(data, t); err != nil {
		return fmt.Errorf("%w: decoding the default risk parameters: %v", errInternal, err)
	}
	t.write(e.out, "")
	return nil
}

// flattenDocument adds every leaf of a JSON document to t (flatten).
func flattenDocument(data []byte, t *table) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	flatten("", doc, t)
	return nil
}

// flatten lists every leaf of a JSON document as "a.b[2].c  value", keys sorted.
func flatten(path string, v any, t *table) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			t.add(path, "{}")
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flatten(input.Join(path, k), x[k], t)
		}
	case []any:
		if len(x) == 0 {
			t.add(path, "[]")
			return
		}
		allScalar := true
		for _, el := range x {
			switch el.(type) {
			case map[string]any, []any:
				allScalar = false
			}
		}
		if allScalar {
			parts := make([]string, len(x))
			for i, el := range x {
				parts[i] = scalarText(el)
			}
			t.add(path, strings.Join(parts, ", "))
			return
		}
		for i, el := range x {
			flatten(input.Index(path, i), el, t)
		}
	default:
		t.add(path, scalarText(v))
	}
}

func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case json.Number:
		return x.String()
	case string:
		return x
	}
	return fmt.Sprint(v)
}
