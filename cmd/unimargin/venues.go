// venues: every registered isolated model, its parameters and their source.
package main

import (
	"encoding/json"
	"fmt"

	"github.com/unimargin/unimargin/internal/venue"
)

type venuesCmd struct {
	formatFlag
	JSON bool `help:"Print JSON instead of tables."`
}

// venueInfo is one element of the contract's `venues --json` array.
type venueInfo struct {
	Model  string         `json:"model"`
	Params map[string]any `json:"params"` // never nil: an empty object is {}
	Source string         `json:"source"`
}

func (c *venuesCmd) Run(e *env) error {
	models := venue.Models()
	infos := make([]venueInfo, 0, len(models))
	for _, m := range models {
		info := venueInfo{Model: m.Name(), Params: map[string]any{}, Source: m.Source()}
		for _, p := range m.Params() {
			info.Params[p.Name] = p.Default
		}
		infos = append(infos, info)
	}
	if c.JSON || c.Format != "table" {
		return c.render(e, c.JSON, "venues", infos, nil, nil)
	}
	for i, m := range models {
		if i > 0 {
			fmt.Fprintln(e.out)
		}
		fmt.Fprintf(e.out, "%s\n  source: %s\n", m.Name(), m.Source())
		params := m.Params()
		if len(params) == 0 {
			fmt.Fprintln(e.out, "  no parameters")
			continue
		}
		t := newTable([]string{"parameter", "default"}, left, left)
		for _, p := range params {
			t.add(p.Name, renderDefault(p.Default))
		}
		t.write(e.out, "  ")
	}
	return nil
}

// renderDefault shows a default as its JSON text (numbers, strings, tiers).
func renderDefault(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
