// Governed parameters (internal/govern sets them; DESIGN.md "Governance"):
// the numbered version the rules run under, venue-parameter overrides that
// apply to every stored book, configuration keys (the version an account's
// existing positions keep until it takes a risk-increasing action, Aave v4's
// config keys) and a guardian's pause of new risk. An ungoverned store (no
// version recorded) leaves all of it zero and nothing here changes a figure.
package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/margin"
	"github.com/unimargin/unimargin/internal/portfolio"
	"github.com/unimargin/unimargin/internal/venue"
)

// ErrPaused refuses a risk-increasing move (withdraw, redeem, lien grant)
// of an account with positions or liens while a guardian pauses new risk.
var ErrPaused = errors.New("new risk is paused by the risk guardian")

// VenueOverrides are governed venue-parameter overrides: by model, each a
// flat object of the model's own parameter names (snake_case) to values.
type VenueOverrides map[string]map[string]json.RawMessage

// ParamSet is one governed parameter version as the margin rules use it.
type ParamSet struct {
	Version     int
	Hash        string
	RiskParams  *margin.RiskParams
	VenueParams VenueOverrides
}

// Governed is the governed part of Config. Version 0 is an ungoverned store.
type Governed struct {
	Version      int    // the current version's number
	Hash         string // its content hash
	VenueParams  VenueOverrides
	PauseNewRisk bool
	// Keyed holds the versions that accounts keep under a configuration
	// key, by number; an account whose key names a version missing here
	// runs under the current one (the stricter reading).
	Keyed map[int]ParamSet
}

// ParamsRef names the governed version an account's figures used; Keyed
// when it is the account's configuration key rather than the current one.
type ParamsRef struct {
	Version int    `json:"version"`
	Hash    string `json:"hash"`
	Keyed   bool   `json:"keyed"`
}

// forNewRisk is c for a risk-increasing move: every account is held to the
// current version, whatever key it keeps (a stricter version binds new
// risk at once).
func (c Config) forNewRisk() Config {
	c.Governed.Keyed = nil
	return c
}

// resolve returns the configuration the account's figures use (its key's
// version, or c) and the version it names (nil when ungoverned).
func (c Config) resolve(tx Tx, account string) (Config, *ParamsRef, error) {
	g := c.Governed
	if g.Version == 0 {
		return c, nil, nil
	}
	ref := &ParamsRef{Version: g.Version, Hash: g.Hash}
	if len(g.Keyed) == 0 {
		return c, ref, nil
	}
	k, ok, err := tx.ParamsKey(account)
	if err != nil || !ok {
		return c, ref, err
	}
	ps, known := g.Keyed[k]
	if !known || k == g.Version {
		return c, ref, nil
	}
	c.RiskParams, c.Governed.VenueParams = ps.RiskParams, ps.VenueParams
	return c, &ParamsRef{Version: ps.Version, Hash: ps.Hash, Keyed: true}, nil
}

// refreshKey drops the account's configuration key after a risk-increasing
// move that passed under the current version: its positions run under that
// version from now on.
func refreshKey(tx Tx, account string) error {
	if _, ok, err := tx.ParamsKey(account); err != nil || !ok {
		return err
	}
	return tx.DeleteParamsKey(account)
}

// ApplyVenueOverrides sets the governed overrides of each venue's model on
// the book's venues: over the book's own overrides (the governed value wins,
// whatever spelling the book used), or in place of a named parameter set
// (the model then takes its set by the market's date, with the overrides).
func ApplyVenueOverrides(book *portfolio.Portfolio, ov VenueOverrides) error {
	if len(ov) == 0 {
		return nil
	}
	for i := range book.Venues {
		v := &book.Venues[i]
		set := ov[v.Model]
		if len(set) == 0 {
			continue
		}
		merged := map[string]any{}
		if v.Params != nil {
			if raw, ok := v.Params.Raw().(map[string]any); ok {
				merged = raw
			}
		}
		for name, val := range set {
			x, err := decodeValue(val)
			if err != nil {
				return fmt.Errorf("governed venue parameter %s.%s: %w", v.Model, name, err)
			}
			merged = mergeParam(merged, name, x)
		}
		n := input.NewNode(input.Join(v.Path, "params"), merged)
		v.Params = &n
	}
	return nil
}

// mergeParam returns obj with name set to val, obj left unchanged: a key
// the book spells differently (maxLeverage for max_leverage) is replaced,
// and two objects (per-asset parameters) merge key by key.
func mergeParam(obj map[string]any, name string, val any) map[string]any {
	out := make(map[string]any, len(obj)+1)
	var prev any
	for k, x := range obj {
		if k == name || venue.SnakeCase(k) == venue.SnakeCase(name) {
			prev = x
			continue
		}
		out[k] = x
	}
	sub, isObj := val.(map[string]any)
	old, wasObj := prev.(map[string]any)
	if isObj && wasObj {
		for k, x := range sub {
			old = mergeParam(old, k, x)
		}
		val = old
	}
	out[name] = val
	return out
}

// decodeValue decodes a JSON value as input.Decode does (numbers as
// json.Number), so the venue models read it like a book's own.
func decodeValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// pausedFor refuses a risk-increasing move while new risk is paused, for an
// account whose collateral backs something (positions or liens); an account
// with nothing at risk may still take its collateral out.
func pausedFor(c Config, v *view) error {
	if !c.Governed.PauseNewRisk {
		return nil
	}
	if v.liens.IsZero() && (v.book == nil || len(v.book.Venues) == 0) {
		return nil
	}
	return ErrPaused
}
